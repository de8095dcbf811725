"""The opinion map's public pages: the list, a map's page (its question, a statement to vote
on, a statement to submit, the map and its words), voting and submitting. Plain forms: every
page works without JavaScript. The moderators' pages are in `agents_views`."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from massalia.consultations import mapping, selectors, services
from massalia.consultations.forms import StatementForm
from massalia.consultations.models import Conversation
from massalia.core.forms import add_service_errors
from massalia.core.permissions import can

VOTES = {"1": 1, "0": 0, "-1": -1}


@require_GET
def conversations(request: HttpRequest) -> HttpResponse:
    rows = selectors.conversations()
    return render(request, "consultations/conversations.html", {"rows": rows})


def _page(
    request: HttpRequest,
    conversation: Conversation,
    *,
    form: StatementForm | None = None,
    problem: str = "",
    status: int = 200,
) -> HttpResponse:
    user = request.user
    signed_in = bool(user.is_authenticated)
    computation = conversation.latest_groups()
    context: dict[str, Any] = {
        "conversation": conversation,
        "is_open": conversation.is_open(),
        "form": form or StatementForm(),
        "can_submit": can(user, "consultations.submit_statement", conversation),
        "problem": problem,
        "map": mapping.opinion_map(computation, user.pk if signed_in else None)
        if computation
        else None,
    }
    if signed_in:
        context["statement"] = selectors.next_statement(conversation, user)
        context["voted"], context["published"] = selectors.progress(conversation, user)
        context["mine"] = selectors.submitted_by(conversation, user)[:10]
    return render(request, "consultations/conversation.html", context, status=status)


@require_GET
def conversation(request: HttpRequest, slug: str) -> HttpResponse:
    return _page(request, selectors.conversation(slug))


@require_POST
@login_required
def vote(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    found = selectors.conversation(slug)
    statement = selectors.published_statement(found, pk)
    value = VOTES.get(request.POST.get("vote", ""))
    if value is None:
        problem = _("Choisissez : d'accord, pas d'accord ou je passe.")
        return _page(request, found, problem=problem, status=400)
    try:
        services.vote(statement=statement, participant=request.user, value=value)
    except PermissionDenied as error:
        return _page(request, found, problem=str(error), status=403)
    messages.success(request, _("Votre vote est enregistré."))
    return redirect(f"{found_url(found)}#voter")


@require_POST
@login_required
def submit(request: HttpRequest, slug: str) -> HttpResponse:
    found = selectors.conversation(slug)
    form = StatementForm(request.POST)
    if form.is_valid():
        try:
            services.submit_statement(
                conversation=found, author=request.user, text=form.cleaned_data["text"]
            )
        except PermissionDenied as error:
            return _page(request, found, form=form, problem=str(error), status=403)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("Merci ! Votre proposition est transmise aux modérateurs ; elle sera "
                  "proposée au vote une fois acceptée."),
            )  # fmt: skip
            return redirect(f"{found_url(found)}#proposer")
    return _page(request, found, form=form, status=400)


def found_url(conversation: Conversation) -> str:
    return reverse("consultations:conversation", args=[conversation.slug])
