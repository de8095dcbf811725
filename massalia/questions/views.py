"""The public pages: the questions (filtered by recipient and answer), a question with its
answer, asking one, and each recipient's page with its answer times. Plain forms: every page
works without JavaScript. The back-office pages are in `agents_views`."""

from __future__ import annotations

import re
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from massalia.core.forms import add_service_errors
from massalia.core.permissions import can
from massalia.questions import selectors, services
from massalia.questions.forms import AskForm, FilterForm
from massalia.questions.models import ANSWER_WITHIN_DAYS, Question, Recipient

PER_PAGE = 20
SLUG = re.compile(r"[-a-zA-Z0-9_]{1,80}")


@require_GET
def questions(request: HttpRequest) -> HttpResponse:
    form = FilterForm(request.GET)
    if not form.is_valid():
        page = Paginator(Question.objects.none(), PER_PAGE).get_page(1)
        context = {"form": form, "page": page, "query": ""}
        return render(request, "questions/list.html", context, status=400)
    rows = selectors.public_questions(
        recipient=form.cleaned_data["destinataire"], answered=form.answered()
    )
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    chosen = form.cleaned_data["destinataire"]
    kept = {"destinataire": chosen.slug if chosen else "", "etat": form.cleaned_data["etat"]}
    query = urlencode({k: v for k, v in kept.items() if v})
    context = {
        "form": form,
        "page": page,
        "query": query,
        "can_ask": can(request.user, "questions.ask"),
    }
    return render(request, "questions/list.html", context)


@require_GET
def question(request: HttpRequest, pk: int) -> HttpResponse:
    found = get_object_or_404(Question.objects.select_related("recipient", "author"), pk=pk)
    if not can(request.user, "questions.view", found):
        raise Http404
    context = {
        "question": found,
        "mine": found.author_id == request.user.pk,
        "can_answer": can(request.user, "questions.answer", found),
    }
    return render(request, "questions/question.html", context)


def _ask_page(request: HttpRequest, form: AskForm, status: int = 200) -> HttpResponse:
    context = {"form": form, "mine": selectors.asked_by(request.user)[:10]}
    return render(request, "questions/ask.html", context, status=status)


@require_http_methods(["GET", "POST"])
@login_required
def ask(request: HttpRequest) -> HttpResponse:
    if not can(request.user, "questions.ask"):
        problem = _("Confirmez votre adresse email pour poser une question : le lien est dans le "
                    "courriel reçu à l'inscription.")  # fmt: skip
        return render(request, "questions/ask.html", {"problem": problem}, status=403)
    if request.method == "GET":
        # A hand-made ?a= (a NUL byte, any text) preselects nothing rather than reach the query.
        slug = request.GET.get("a", "")
        chosen = (
            Recipient.objects.filter(slug=slug, is_active=True) if SLUG.fullmatch(slug) else None
        )
        return _ask_page(
            request, AskForm(initial={"recipient": chosen.first() if chosen else None})
        )
    form = AskForm(request.POST)
    if form.is_valid():
        try:
            asked = services.ask_question(
                recipient=form.cleaned_data["recipient"], author=request.user,
                subject=form.cleaned_data["subject"], text=form.cleaned_data["text"],
                pseudonym=form.cleaned_data["pseudonym"],
            )  # fmt: skip
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("Votre question est transmise : elle sera publiée après relecture, et vous "
                  "recevrez la réponse par courriel."),
            )  # fmt: skip
            return redirect("questions:question", asked.pk)
    return _ask_page(request, form, status=400)


@require_GET
def recipient(request: HttpRequest, slug: str) -> HttpResponse:
    found = get_object_or_404(Recipient.objects.select_related("sector"), slug=slug)
    rows = selectors.public_questions(recipient=found)
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    context: dict[str, Any] = {
        "recipient": found,
        "figures": selectors.figures([found.pk]).get(found.pk, selectors.Figures()),
        "page": page,
        "within_days": ANSWER_WITHIN_DAYS,
        "can_ask": found.is_active,
    }
    return render(request, "questions/recipient.html", context)


@require_GET
def delays(request: HttpRequest) -> HttpResponse:
    found = list(selectors.recipients())
    figures = selectors.figures([r.pk for r in found])
    rows = [(r, figures.get(r.pk, selectors.Figures())) for r in found]
    context = {"rows": rows, "within_days": ANSWER_WITHIN_DAYS}
    return render(request, "questions/delays.html", context)
