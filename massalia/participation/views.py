"""The public consultation pages: the list, a consultation, its proposals, proposing,
editing and supporting. The agents' pages are in `agents_views`."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from massalia.core.forms import GET_POST, add_service_errors, posted
from massalia.core.permissions import can, require
from massalia.participation import budget_views, selectors, services
from massalia.participation.comments import COMMENT_MAX
from massalia.participation.forms import CommentForm, ProposalForm
from massalia.participation.models import Budget, Process, Proposal, Support

PER_PAGE = 20


@require_GET
def processes(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    rows = [(p, p.phase_on(today)) for p in selectors.processes()]
    return render(request, "participation/processes.html", {"rows": rows, "today": today})


@require_GET
def process(request: HttpRequest, slug: str) -> HttpResponse:
    return process_page(request, selectors.process(slug))


def process_page(
    request: HttpRequest,
    found: Process,
    *,
    problem: str = "",
    status: int = 200,
    comment_form: CommentForm | None = None,
) -> HttpResponse:
    page = Paginator(selectors.proposals(found), PER_PAGE).get_page(request.GET.get("page"))
    today = timezone.localdate()
    context: dict[str, Any] = {
        "process": found,
        "phase": found.phase_on(today),
        "phases": [(p, p.state_on(today)) for p in found.ordered_phases()],
        "page": page,
        "can_propose": can(request.user, "participation.propose", found),
        "contributions_open": found.allows("propose"),
        "problem": problem,
    }
    held = Budget.objects.filter(process=found).first()
    if held is not None:
        held.process = found  # its phases are prefetched already
        context |= {
            "budget": held,
            "budget_rule": budget_views.rule_text(held),
            "budget_verification": budget_views.verification_text(held),
        }
    context |= _comments_context(request, found, comment_form)
    return render(request, "participation/process.html", context, status=status)


def _comments_context(
    request: HttpRequest, target: Process | Proposal, form: CommentForm | None
) -> dict[str, Any]:
    """What the comments section of a page needs: the threads, the person's votes, the form."""
    shown = selectors.thread(target)
    votes = selectors.votes_of(request.user, shown)
    return {
        "comments": shown,
        "my_agree": {k for k, v in votes.items() if v > 0},
        "my_disagree": {k for k, v in votes.items() if v < 0},
        "comment_max": COMMENT_MAX,
        "can_comment": can(request.user, "participation.comment", target),
        "comment_form": form or CommentForm(),
    }


def _supports(proposal: Proposal, user: Any) -> bool:
    return Support.objects.filter(proposal=proposal, user=user).exists()


def _proposal_page(
    request: HttpRequest,
    process: Process,
    proposal: Proposal,
    *,
    problem: str = "",
    status: int = 200,
    comment_form: CommentForm | None = None,
) -> HttpResponse:
    user = request.user
    signed_in = bool(user.is_authenticated)
    context = {
        "process": process,
        "proposal": proposal,
        "answers": proposal.answers.all(),
        "supported": signed_in and _supports(proposal, user),
        "can_support": can(user, "participation.support", proposal),
        "support_open": process.allows("support"),
        "can_edit": can(user, "participation.edit", proposal),
        "can_answer": can(user, "participation.answer", proposal),
        "problem": problem,
    }
    context |= _comments_context(request, proposal, comment_form)
    return render(request, "participation/proposal.html", context, status=status)


@require_GET
def proposal(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    found = selectors.process(slug)
    return _proposal_page(request, found, selectors.proposal(found, pk))


@GET_POST
@login_required
def propose(request: HttpRequest, slug: str) -> HttpResponse:
    found = selectors.process(slug)
    require(request.user, "participation.propose", found)
    form = ProposalForm(posted(request), process=found)
    if request.method == "POST" and form.is_valid():
        try:
            made = services.propose(
                process=found,
                author=request.user,
                title=form.cleaned_data["title"],
                text=form.cleaned_data["text"],
                place=form.place(),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Votre proposition est publiée."))
            return redirect("participation:proposal", slug=found.slug, pk=made.pk)
    status = 400 if form.is_bound else 200
    context = {"process": found, "form": form, "editing": None}
    return render(request, "participation/proposal_form.html", context, status=status)


@GET_POST
@login_required
def edit_proposal(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    found = selectors.process(slug)
    item = selectors.proposal(found, pk)
    require(request.user, "participation.edit", item)
    initial: dict[str, Any] = {"title": item.title, "text": item.text, "address": item.address}
    initial["quartier"] = item.quartier_id
    form = ProposalForm(posted(request), process=found, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.edit_proposal(
                proposal=item,
                user=request.user,
                title=form.cleaned_data["title"],
                text=form.cleaned_data["text"],
                place=form.place(),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Votre proposition est modifiée."))
            return redirect("participation:proposal", slug=found.slug, pk=item.pk)
    status = 400 if form.is_bound else 200
    context = {"process": found, "form": form, "editing": item}
    return render(request, "participation/proposal_form.html", context, status=status)


@require_POST
@login_required
def support(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    found = selectors.process(slug)
    item = selectors.proposal(found, pk)
    try:
        services.support(proposal=item, user=request.user)
    except ValidationError as error:
        return _proposal_page(request, found, item, problem=" ".join(error.messages), status=409)
    except PermissionDenied as error:
        return _proposal_page(request, found, item, problem=str(error), status=403)
    messages.success(request, _("Votre soutien est enregistré. Merci !"))
    return redirect("participation:proposal", slug=found.slug, pk=item.pk)
