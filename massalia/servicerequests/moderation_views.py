"""The agents' moderation of contributions: the queue of held updates and photos of their
departments' cases, and one case's contributions with the decisions taken on each (the audit
trail); a decision publishes or hides one update or one photo, with a reason."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from massalia.core.forms import GET_POST, add_service_errors
from massalia.core.permissions import require
from massalia.servicerequests import contributions
from massalia.servicerequests.contribution_forms import DecisionForm
from massalia.servicerequests.models import (
    Attachment,
    Contribution,
    ContributionDecision,
    ServiceRequest,
)

QUEUE_MAX = 200
TRAIL = 20
_DECISIONS = Prefetch("decisions", queryset=ContributionDecision.objects.order_by("decided_at"))


@require_GET
@login_required
def queue(request: HttpRequest) -> HttpResponse:
    require(request.user, "servicerequests.moderate")
    context = {
        "updates": contributions.pending_updates(request.user).prefetch_related(_DECISIONS)[
            :QUEUE_MAX
        ],
        "photos": contributions.pending_photos(request.user).prefetch_related(_DECISIONS)[
            :QUEUE_MAX
        ],
        "trail": contributions.decisions_of(request.user)[:TRAIL],
        "form": DecisionForm(),
        "rule": contributions.hold_rule(),
    }
    return render(request, "servicerequests/agents/moderation_queue.html", context)


def _case(request: HttpRequest, pk: int) -> ServiceRequest:
    found = (
        ServiceRequest.objects.select_related("request_type", "department").filter(pk=pk).first()
    )
    if found is None:
        raise Http404("Demande introuvable")
    require(request.user, "servicerequests.moderate", found)
    return found


def _item(case: ServiceRequest, posted: Any) -> dict[str, Any]:
    """The update or photo a decision names (`update-<id>`, `photo-<id>`), of this case only."""
    kind, _, number = str(posted.get("item", "")).partition("-")
    if not number.isdigit():
        raise ValidationError("Choisissez un complément ou une photo de cette demande.")
    if kind == "update":
        update = case.contributions.exclude(text="").filter(pk=int(number)).first()
        if update is not None:
            return {"contribution": update}
    elif kind == "photo":
        photo = case.attachments.photos().filter(pk=int(number)).first()
        if photo is not None:
            return {"photo": photo}
    raise ValidationError("Choisissez un complément ou une photo de cette demande.")


@GET_POST
@login_required
def moderate_case(request: HttpRequest, pk: int) -> HttpResponse:
    """A case's updates and photos, each with its state, its decisions and the decision form;
    a POST decides on one of them and comes back here (or to the queue, `depuis=file`)."""
    case = _case(request, pk)
    form = DecisionForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                contributions.moderate(
                    moderator=request.user,
                    action=form.cleaned_data["action"],
                    reason=form.cleaned_data["reason"],
                    **_item(case, request.POST),
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, "La décision est enregistrée dans l'historique.")
                if request.POST.get("depuis") == "file":
                    return redirect("cases:moderation")
                return redirect("cases:moderate_case", pk=case.pk)
    context = {
        "sr": case,
        "form": form,
        "updates": Contribution.objects.filter(request=case)
        .exclude(text="")
        .select_related("author")
        .prefetch_related(_DECISIONS),
        "photos": Attachment.objects.photos()
        .filter(request=case)
        .select_related("author", "upload")
        .prefetch_related(_DECISIONS),
    }
    return render(request, "servicerequests/agents/moderate_case.html", context, status=status)
