"""The registers' agents' pages (French only): the documents, and for each one the
observations waiting for moderation and the published ones waiting for an answer."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST

from massalia.consultations import register as service
from massalia.consultations.document_forms import AnswerForm, ModerationForm
from massalia.consultations.models import Observation, ObservationStatus, Regulation
from massalia.core.forms import add_service_errors
from massalia.core.permissions import can, require


@require_GET
@login_required
def registers(request: HttpRequest) -> HttpResponse:
    rows = [
        (r, service.to_moderate(r).count(), service.to_answer(r).count())
        for r in Regulation.objects.all()
        if can(request.user, "consultations.moderate_observations", r)
    ]
    if not rows:
        require(request.user, "consultations.moderate_observations")
    return render(request, "consultations/agents/registers.html", {"rows": rows})


def _page(
    request: HttpRequest,
    regulation: Regulation,
    *,
    forms: dict[str, object] | None = None,
    status: int = 200,
) -> HttpResponse:
    forms = forms or {}
    pending = [
        (o, forms.get(f"m{o.number}") or ModerationForm(prefix=f"m{o.number}"))
        for o in service.to_moderate(regulation)
    ]
    published = [
        (
            o,
            forms.get(f"r{o.number}")
            or AnswerForm(prefix=f"r{o.number}", initial={"text": o.answer}),
        )
        for o in service.published(regulation)
    ]
    # Moderators who do not answer (staff with the moderation permission only) read the
    # published observations without the answer forms.
    may_answer = bool(published) and can(
        request.user, "consultations.answer_observation", published[0][0]
    )
    context = {
        "regulation": regulation, "pending": pending, "published": published,
        "may_answer": may_answer,
    }  # fmt: skip
    return render(request, "consultations/agents/register.html", context, status=status)


def _regulation(request: HttpRequest, slug: str) -> Regulation:
    regulation = get_object_or_404(Regulation, slug=slug)
    require(request.user, "consultations.moderate_observations", regulation)
    return regulation


@require_GET
@login_required
def register(request: HttpRequest, slug: str) -> HttpResponse:
    return _page(request, _regulation(request, slug))


@require_POST
@login_required
def moderate(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    regulation = _regulation(request, slug)
    observation = get_object_or_404(
        Observation, regulation=regulation, number=number, status=ObservationStatus.PENDING
    )
    form = ModerationForm(request.POST, prefix=f"m{number}")
    if form.is_valid():
        publish_it = form.cleaned_data["decision"] == "publish"
        try:
            service.moderate(
                observation=observation, moderator=request.user, publish_it=publish_it,
                reason=form.cleaned_data["reason"],
            )  # fmt: skip
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            done = "publiée au registre" if publish_it else "refusée"
            messages.success(request, f"L'observation n° {number} est {done}.")
            return redirect("consultations_agents:register", slug)
    return _page(request, regulation, forms={f"m{number}": form}, status=400)


@require_POST
@login_required
def answer(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    regulation = get_object_or_404(Regulation, slug=slug)
    observation = get_object_or_404(
        Observation, regulation=regulation, number=number, status=ObservationStatus.PUBLISHED
    )
    require(request.user, "consultations.answer_observation", observation)
    form = AnswerForm(request.POST, prefix=f"r{number}")
    if form.is_valid():
        try:
            service.answer(observation=observation, by=request.user, text=form.cleaned_data["text"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"La réponse à l'observation n° {number} est publiée.")
            return redirect("consultations_agents:register", slug)
    return _page(request, regulation, forms={f"r{number}": form}, status=400)
