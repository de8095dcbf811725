"""The moderation pages of participation: the queue of reported and hidden comments with the
latest decisions (the audit trail), and the decision on one comment."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from massalia.core.forms import GET_POST, add_service_errors, posted
from massalia.core.permissions import require
from massalia.participation import comments, selectors, spam
from massalia.participation.forms import ModerationForm
from massalia.participation.models import Comment

PER_PAGE = 30
# The queue is scored and sorted whole: past this many comments, the oldest wait a page.
QUEUE_MAX = 1000
TRAIL = 20


@require_GET
@login_required
def queue(request: HttpRequest) -> HttpResponse:
    require(request.user, "participation.review")
    rows = selectors.moderation_queue(request.user).prefetch_related("reports")[:QUEUE_MAX]
    page = Paginator(spam.pre_sorted(rows), PER_PAGE).get_page(request.GET.get("page"))
    trail = selectors.decisions_of(request.user)[:TRAIL]
    context = {"page": page, "trail": trail, "threshold": comments.reports_to_hide()}
    return render(request, "participation/agents/moderation.html", context)


def _moderated(request: HttpRequest, pk: int) -> Comment:
    found = selectors.moderated_by(request.user).filter(pk=pk).first()
    if found is None:
        # Not a comment of the person's consultations: the same answer as an unknown id.
        raise Http404("Commentaire introuvable")
    return found


@GET_POST
@login_required
def decide(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, "participation.review")
    item = _moderated(request, pk)
    require(request.user, "participation.moderate", item)
    form = ModerationForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            comments.moderate(
                comment=item,
                moderator=request.user,
                action=form.cleaned_data["action"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "La décision est enregistrée dans l'historique.")
            return redirect("participation:moderation")
    context = {
        "comment": item,
        "form": form,
        "reports": item.reports.select_related("user"),
        "decisions": item.decisions.all(),
    }
    status = 400 if form.is_bound else 200
    return render(request, "participation/agents/moderate.html", context, status=status)
