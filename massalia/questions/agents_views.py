"""The back-office pages (French only): the questions waiting for an answer from this
person (the official, their staff, an administrator), answering one, and the moderators'
queue."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from massalia.core.forms import add_service_errors
from massalia.core.permissions import require
from massalia.questions import selectors, services
from massalia.questions.forms import AnswerForm, ModerationForm
from massalia.questions.models import Question

PER_PAGE = 30


@require_GET
@login_required
def desk(request: HttpRequest) -> HttpResponse:
    require(request.user, "questions.answer")
    page = Paginator(selectors.to_answer(request.user), PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "questions/agents/desk.html", {"page": page})


def _answer_page(
    request: HttpRequest, question: Question, form: AnswerForm, status: int = 200
) -> HttpResponse:
    context = {"question": question, "form": form}
    return render(request, "questions/agents/answer.html", context, status=status)


@require_http_methods(["GET", "POST"])
@login_required
def answer(request: HttpRequest, pk: int) -> HttpResponse:
    found = get_object_or_404(
        Question.objects.published().unanswered().select_related("recipient"), pk=pk
    )
    require(request.user, "questions.answer", found)
    if request.method == "GET":
        return _answer_page(request, found, AnswerForm())
    form = AnswerForm(request.POST)
    if form.is_valid():
        try:
            services.answer_question(
                question=found, by=request.user, text=form.cleaned_data["text"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, "La réponse est publiée ; la personne est prévenue par courriel."
            )
            return redirect("questions:question", found.pk)
    return _answer_page(request, found, form, status=400)


def _queue_page(
    request: HttpRequest, forms: dict[int, ModerationForm] | None = None, status: int = 200
) -> HttpResponse:
    page = Paginator(selectors.to_moderate(), PER_PAGE).get_page(request.GET.get("page"))
    forms = forms or {}
    rows = [(item, forms.get(item.pk) or ModerationForm(prefix=f"q{item.pk}")) for item in page]
    return render(
        request, "questions/agents/queue.html", {"page": page, "rows": rows}, status=status
    )


@require_GET
@login_required
def moderation(request: HttpRequest) -> HttpResponse:
    require(request.user, "questions.moderate")
    return _queue_page(request)


@require_POST
@login_required
def moderate(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, "questions.moderate")
    item = get_object_or_404(selectors.to_moderate(), pk=pk)
    form = ModerationForm(request.POST, prefix=f"q{pk}")
    if form.is_valid():
        publish_it = form.cleaned_data["decision"] == "publish"
        try:
            services.moderate_question(
                question=item, moderator=request.user, publish_it=publish_it,
                reason=form.cleaned_data["reason"],
            )  # fmt: skip
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            done = "publiée" if publish_it else "refusée"
            messages.success(request, f"La question « {item.subject[:60]} » est {done}.")
            return redirect("questions_agents:moderation")
    return _queue_page(request, {pk: form}, status=400)
