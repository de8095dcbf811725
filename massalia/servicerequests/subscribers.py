"""What happens after a request changes: the emails to citizens and agents.

The acknowledgement and the confirmation link are sent to the requester whatever their
choices; status changes are a kind of notification followers choose about (immediately, in a
digest, never), sent once per follower and change (massalia.core.notifications). A message
of the correspondence reaches the requester (who may have it in a digest, not turn it off),
and a requester's answer the agent the case is assigned to.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings

from massalia.accounts.events import EmailVerified
from massalia.core.events import subscriber
from massalia.core.extensions import url_for
from massalia.core.notifications import Frequency, Topic, declare, notify
from massalia.core.notifications.services import send
from massalia.servicerequests import correspondence, services
from massalia.servicerequests.events import (
    CaseMessageSent,
    ContributionPublished,
    RequestConfirmed,
    RequestStatusChanged,
    RequestSubmitted,
)
from massalia.servicerequests.models import (
    CaseMessage,
    Contribution,
    HistoryEntry,
    ServiceRequest,
)

STATUS_CHANGED = declare(
    Topic(
        name="servicerequests.status_changed",
        label="Les demandes que vous suivez : changements de statut",
        default=Frequency.IMMEDIATELY,
    )
).name


def _context(case: ServiceRequest) -> dict[str, object]:
    # The case's public page: its requester may open it even when its type is private.
    return {"request": case, "url": url_for("servicerequests.public_page", case.pk) or ""}


@subscriber(RequestSubmitted)
def acknowledge(event: RequestSubmitted) -> None:
    """A signed-in requester gets the acknowledgement; an anonymous one the confirmation link."""
    case = ServiceRequest.objects.select_related("request_type", "requester").get(
        pk=event.request_id
    )
    context = _context(case)
    if event.confirmed:
        notify(to=case.contact_email, template="request_acknowledged", context=context)
    else:
        context["confirm_url"] = (
            url_for("servicerequests.confirmation", case.confirmation_token) or ""
        )
        notify(to=case.requester_email, template="request_confirm", context=context)


@subscriber(RequestConfirmed)
def acknowledge_confirmed(event: RequestConfirmed) -> None:
    case = ServiceRequest.objects.select_related("request_type").get(pk=event.request_id)
    notify(to=case.requester_email, template="request_acknowledged", context=_context(case))


@subscriber(RequestStatusChanged)
def tell_followers(event: RequestStatusChanged) -> None:
    """Every public status change reaches the requester and everyone following the request,
    as each chose; a retried delivery sends nothing again to whom it reached (the key is the
    audit row), and a failing address is retried by the notification job on its own."""
    case = ServiceRequest.objects.select_related("request_type", "requester").get(
        pk=event.request_id
    )
    change = HistoryEntry.objects.get(pk=event.audit_id)
    context = {**_context(case), "change": change}
    reopening = _reopen_link(case) if case.flow.after_reopening(change.to_status) else None
    for person in _recipients(case):
        mine = reopening is not None and _is_requester(case, person)
        send(
            kind=STATUS_CHANGED,
            to=person,
            key=f"audit:{change.pk}",
            template="request_status_changed",
            context={
                **context,
                "reopen_url": reopening if mine else None,
                "reopen_days": settings.REOPEN_DAYS,
            },
        )


def _reopen_link(case: ServiceRequest) -> str | None:
    """Where the requester says "still a problem": the case's page once signed in, or the
    reply link for a requester without an account."""
    if case.requester_id is not None:
        return url_for("servicerequests.public_page", case.pk)
    return url_for("servicerequests.reply_link", correspondence.reply_link(case))


def _is_requester(case: ServiceRequest, person: Any) -> bool:
    if isinstance(person, str):
        return case.requester_id is None and person.lower() == case.requester_email.lower()
    return bool(case.requester_id) and person.pk == case.requester_id


def _recipients(case: ServiceRequest) -> list[Any]:
    """The requester and followers, once per address: as their account if they have one,
    else as a bare address (anonymous followers are recorded once their address is confirmed)."""
    people: dict[str, Any] = {}
    if case.requester_id and case.requester and case.requester.email:
        people[case.requester.email.lower()] = case.requester
    elif case.requester_email:
        people[case.requester_email.lower()] = case.requester_email
    for follow in case.follows.select_related("user"):
        if follow.user_id and follow.user and follow.user.email:
            people.setdefault(follow.user.email.lower(), follow.user)
        elif follow.email:
            people.setdefault(follow.email.lower(), follow.email)
    return [people[address] for address in sorted(people)]


CONTRIBUTION_PUBLISHED = declare(
    Topic(
        name="servicerequests.contribution_published",
        label="Les demandes que vous suivez : compléments publiés",
        default=Frequency.IMMEDIATELY,
    )
).name


@subscriber(ContributionPublished)
def tell_followers_of_update(event: ContributionPublished) -> None:
    """A published update reaches the requester and the followers as each chose (its public
    copy, never the text as written), not its own author; once per person and update."""
    contribution = Contribution.objects.select_related(
        "request__request_type", "request__requester"
    ).get(pk=event.contribution_id)
    case = contribution.request
    context = {**_context(case), "contribution": contribution}
    for person in _recipients(case):
        if not isinstance(person, str) and person.pk == contribution.author_id:
            continue
        send(
            kind=CONTRIBUTION_PUBLISHED,
            to=person,
            key=f"contribution:{contribution.pk}",
            template="contribution_published",
            context=context,
        )


CASE_MESSAGE = declare(
    Topic(
        name="servicerequests.case_message",
        label="Vos demandes : les messages du service qui les traite",
        default=Frequency.IMMEDIATELY,
        optional=False,
    )
).name
REQUESTER_MESSAGE = declare(
    Topic(
        name="servicerequests.requester_message",
        label="Les demandes qui vous sont attribuées : les réponses des demandeurs",
        default=Frequency.IMMEDIATELY,
        audience=lambda user: user.is_superuser or bool(user.department_ids()),
    )
).name


@subscriber(CaseMessageSent)
def deliver_message(event: CaseMessageSent) -> None:
    """The department's message to the requester; the requester's answer to the assignee.
    Sent once per message, whatever the retries (the key is the message)."""
    message = CaseMessage.objects.select_related(
        "request__request_type", "request__requester", "request__assignee"
    ).get(pk=event.message_id)
    case = message.request
    context = {"request": case, "message": message, "documents": message.documents.count()}
    if message.from_requester:
        _tell_assignee(case, message, context)
    else:
        _tell_requester(case, message, context)


def _tell_requester(case: ServiceRequest, message: CaseMessage, context: dict[str, Any]) -> None:
    account = case.requester
    to: Any = account if account is not None and account.email else case.requester_email
    if not to:
        return
    # A signed-in requester answers on the case's page; one without an account through a
    # signed link (the page of a private case would be closed to them).
    if account is not None:
        url = url_for("servicerequests.public_page", case.pk)
    else:
        url = url_for("servicerequests.reply_link", correspondence.reply_link(case))
    send(
        kind=CASE_MESSAGE,
        to=to,
        key=f"message:{message.pk}",
        template="case_message",
        context={**context, "url": url or "", "link_days": correspondence.REPLY_LINK_DAYS},
    )


def _tell_assignee(case: ServiceRequest, message: CaseMessage, context: dict[str, Any]) -> None:
    if case.assignee is None or not case.assignee.email:
        return  # the department's inbox counts the unread answers
    send(
        kind=REQUESTER_MESSAGE,
        to=case.assignee,
        key=f"message:{message.pk}",
        template="requester_message",
        context={**context, "url": url_for("servicerequests.case", case.pk) or ""},
    )


@subscriber(EmailVerified)
def confirm_account_reports(event: EmailVerified) -> None:
    """The account proved its address: the reports it filed meanwhile are confirmed (as each
    one's own link would), so they reach their inbox without another click."""
    waiting = ServiceRequest.objects.filter(requester_id=event.user_id, confirmed_at__isnull=True)
    for token in waiting.exclude(confirmation_token="").values_list(
        "confirmation_token", flat=True
    ):
        services.confirm_request(token=token)
