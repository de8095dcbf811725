"""The agents' list of school enrolments: filters, seats per school, decisions in bulk."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from massalia.core.permissions import can, require
from massalia.eservices import selectors, services
from massalia.eservices.forms import BulkDecisionForm, EnrolmentFilterForm
from massalia.eservices.models import Enrolment

PAGE = 100


def _filters(request: HttpRequest) -> tuple[EnrolmentFilterForm, dict[str, object]]:
    form = EnrolmentFilterForm(request.GET or None)
    return form, (form.cleaned_data if form.is_valid() else {})


@require_GET
@login_required
def enrolments(request: HttpRequest) -> HttpResponse:
    require(request.user, "eservices.enrolments", None)
    return _page(request, BulkDecisionForm(choices=[]), status=200)


def _page(request: HttpRequest, decision: BulkDecisionForm, *, status: int) -> HttpResponse:
    form, filters = _filters(request)
    rows = selectors.enrolments_for(request.user, filters)
    page = Paginator(rows, PAGE).get_page(request.GET.get("page"))
    shown = list(page.object_list)
    seats = selectors.seats_of(shown)
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "page": page,
        "rows": [
            (
                e,
                services.waiting_position(e),
                seats[(e.requested_school_id, e.level, e.school_year)],
            )
            for e in shown
        ],
        "decision": decision,
        "query": query.urlencode(),
    }
    return render(request, "eservices/agents/enrolments.html", context, status=status)


@require_POST
@login_required
def decide_many(request: HttpRequest) -> HttpResponse:
    require(request.user, "eservices.enrolments", None)
    _, filters = _filters(request)
    allowed = selectors.enrolments_for(request.user, filters)
    form = BulkDecisionForm(request.POST, choices=list(allowed.values_list("case_id", flat=True)))
    if not form.is_valid():
        messages.error(request, "Aucune décision prise : corrigez le formulaire.")
        return _page(request, form, status=400)
    chosen = [
        e
        for e in allowed.filter(case_id__in=form.cleaned_data["enrolments"])
        if can(request.user, "eservices.decide", e)
    ]
    done = services.decide_many(
        enrolments=chosen,
        actor=request.user,  # type: ignore[arg-type]
        public_note=form.cleaned_data["public_note"],
    )
    _report(request, done)
    query = request.GET.urlencode()
    return redirect(reverse("eservices:enrolments") + (f"?{query}" if query else ""))


def _report(request: HttpRequest, done: services.Decisions) -> None:
    if done.accepted:
        messages.success(
            request,
            f"{len(done.accepted)} inscription(s) acceptée(s) : les familles sont prévenues.",
        )
    if done.waiting:
        messages.warning(
            request, f"{len(done.waiting)} demande(s) sur liste d'attente (école complète)."
        )
    for enrolment, reason in done.refused:
        messages.error(request, f"{_name(enrolment)} : pas de décision, {reason}.")


def _name(enrolment: Enrolment) -> str:
    return (
        f"{enrolment.child.first_name} {enrolment.child.last_name} (demande n° {enrolment.case_id})"
    )
