"""The agents' pages of participation: proposals to examine, and answering one."""

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
from massalia.participation import selectors, services
from massalia.participation.forms import AnswerForm
from massalia.participation.models import Proposal, ProposalStatus

PER_PAGE = 30
SHOWN = {"in_review": ProposalStatus.IN_REVIEW, "answered": ProposalStatus.ANSWERED}
SHOWN |= {"published": ProposalStatus.PUBLISHED}


@require_GET
@login_required
def review(request: HttpRequest) -> HttpResponse:
    require(request.user, "participation.review")
    shown = request.GET.get("etat", "in_review")
    if shown not in SHOWN:
        shown = "in_review"
    rows = selectors.examined_by(request.user).filter(status=SHOWN[shown])
    rows = rows.order_by("-in_review_at", "-supports_count", "-pk")
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    context = {"page": page, "shown": shown, "query": f"etat={shown}"}
    return render(request, "participation/agents/review.html", context)


def _examined(request: HttpRequest, pk: int) -> Proposal:
    found = selectors.examined_by(request.user).filter(pk=pk).first()
    if found is None:
        # Not one of the person's consultations: the same answer as an unknown id.
        raise Http404("Proposition introuvable")
    return found


@GET_POST
@login_required
def answer(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, "participation.review")
    item = _examined(request, pk)
    require(request.user, "participation.answer", item)
    form = AnswerForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.answer(
                proposal=item,
                official=request.user,
                verdict=form.cleaned_data["verdict"],
                text=form.cleaned_data["text"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "La réponse est publiée sous la proposition.")
            return redirect("participation:review")
    context = {"proposal": item, "form": form, "answers": item.answers.all()}
    status = 400 if form.is_bound else 200
    return render(request, "participation/agents/answer.html", context, status=status)
