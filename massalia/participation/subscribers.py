"""What follows a proposal's move to review: its department's agents are told, each once
(the notification module keeps one row per kind × proposal × person, so a retried delivery
sends nothing twice)."""

from __future__ import annotations

from massalia.accounts.models import User
from massalia.core.events import subscriber
from massalia.core.extensions import url_for
from massalia.core.notifications import Frequency, Topic, declare
from massalia.core.notifications.services import send
from massalia.participation.events import ProposalSentToReview
from massalia.participation.models import Proposal

IN_REVIEW = declare(
    Topic(
        name="participation.proposal_in_review",
        label="Consultations : les propositions qui atteignent leur seuil de soutiens",
        default=Frequency.IMMEDIATELY,
        audience=lambda user: user.is_superuser or bool(user.department_ids()),
    )
).name


@subscriber(ProposalSentToReview)
def tell_the_department(event: ProposalSentToReview) -> None:
    proposal = Proposal.objects.select_related("process").get(pk=event.proposal_id)
    context = {
        "proposal": proposal,
        "process": proposal.process,
        "url": url_for("participation.answer", proposal.pk) or "",
    }
    agents = User.objects.filter(
        memberships__department_id=event.department_id, is_active=True
    ).distinct()
    for agent in agents.order_by("pk"):
        send(
            kind=IN_REVIEW,
            to=agent,
            key=f"proposal:{proposal.pk}",
            template="participation/proposal_in_review",
            context=context,
        )
