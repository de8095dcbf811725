"""The agents' page of a participatory budget (French only): verifying a resident who shows
an identity document, with their consent, and importing the census file."""

from __future__ import annotations

import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from massalia.accounts.models import User
from massalia.core.imports import summary
from massalia.core.permissions import require
from massalia.participation import ballots
from massalia.participation.budget_views import _budget_process
from massalia.participation.forms import AgentVerificationForm, CensusForm
from massalia.participation.models import Budget, Process, Verification


def _desk(
    request: HttpRequest,
    process: Process,
    held: Budget,
    *,
    verify_form: AgentVerificationForm | None = None,
    census_form: CensusForm | None = None,
    status: int = 200,
) -> HttpResponse:
    methods = dict(
        Verification.objects.filter(process=process)
        .values_list("method")
        .annotate(n=Count("pk"))
        .values_list("method", "n")
    )
    context = {
        "process": process,
        "budget": held,
        "verify_form": verify_form or AgentVerificationForm(),
        "census_form": census_form or CensusForm(),
        "census_count": process.census.count(),
        "by_census": methods.get("census", 0),
        "by_agent": methods.get("agent", 0),
        "ballots": process.ballots.count(),
        "recent": Verification.objects.filter(process=process, method="agent")[:20],
    }
    return render(request, "participation/agents/budget.html", context, status=status)


@require_GET
@login_required
def desk(request: HttpRequest, slug: str) -> HttpResponse:
    process, held = _budget_process(slug)
    require(request.user, "participation.verify", process)
    return _desk(request, process, held)


@require_POST
@login_required
def verify(request: HttpRequest, slug: str) -> HttpResponse:
    process, held = _budget_process(slug)
    require(request.user, "participation.verify", process)
    form = AgentVerificationForm(request.POST)
    if form.is_valid():
        data = dict(form.cleaned_data)
        person = User.objects.filter(email__iexact=data.pop("email"), is_active=True).first()
        if person is None:
            form.add_error("email", "Aucun compte actif n'a cette adresse.")
        else:
            try:
                ballots.verify_by_agent(process=process, agent=request.user, person=person, **data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, "La personne est vérifiée : elle peut voter.")
                return redirect("participation:budget_desk", slug=process.slug)
    return _desk(request, process, held, verify_form=form, status=400)


@require_POST
@login_required
def census(request: HttpRequest, slug: str) -> HttpResponse:
    process, held = _budget_process(slug)
    require(request.user, "participation.verify", process)
    form = CensusForm(request.POST, request.FILES)
    if form.is_valid():
        uploaded = form.cleaned_data["file"]
        try:
            text = io.TextIOWrapper(uploaded.file, encoding="utf-8-sig", newline="")
            run = ballots.import_census(
                process=process, agent=request.user, stream=text, source=uploaded.name[:200]
            )
        except ValidationError as error:
            form.add_error("file", " ".join(error.messages))
        else:
            messages.success(request, summary(run))
            return redirect("participation:budget_desk", slug=process.slug)
    return _desk(request, process, held, census_form=form, status=400)
