"""Pages of crèche billing: the family's invoices ("Mes factures") with their figures and the
online payment, and the agents' billing screen, contracts and absences. Get the row, check,
call a service."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, QuerySet, Sum
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy
from django.views.decorators.http import require_GET, require_POST

from massalia.core import exports
from massalia.core.forms import GET_POST
from massalia.core.payments.models import Payment
from massalia.core.permissions import can, require
from massalia.eservices import billing, contracts, psu
from massalia.eservices.billing_exports import MONTH_INVOICES
from massalia.eservices.billing_forms import (
    AbsenceForm,
    BillingFilterForm,
    ContractForm,
    CreditForm,
    ExtraHoursForm,
    IssueMonthForm,
)
from massalia.eservices.models import Creche, CrecheContract, Invoice
from massalia.eservices.views import acting_household, may_act

# The invoice's states a family reads, written out here for translation.
STATUS_LABELS = (
    pgettext_lazy("invoice status", "émise"),
    pgettext_lazy("invoice status", "payée"),
    pgettext_lazy("invoice status", "en retard"),
    pgettext_lazy("invoice status", "annulée par avoir"),
)
PAGE = 100  # invoices per page of the billing screen: within the page budget


def _refused(request: HttpRequest, texts: list[str]) -> HttpResponse:
    return render(request, "eservices/refused.html", {"errors": texts}, status=400)


def _errors(form: Any) -> list[str]:
    return [f"{form[name].label} : {e}" for name, texts in form.errors.items() for e in texts]


# The family ---------------------------------------------------------------------------------


@require_GET
@login_required
def my_invoices(request: HttpRequest) -> HttpResponse:
    household = acting_household(request)
    rows: Any = []
    if household is not None and may_act(request, "eservices.household", household):
        rows = household.invoices.select_related("creche_contract__creche").order_by(
            "-month", "-number"
        )
    return render(request, "eservices/invoices.html", {"household": household, "invoices": rows})


def _invoice(request: HttpRequest, pk: int) -> Invoice:
    found = (
        Invoice.objects.select_related("scale", "creche_contract__creche", "household")
        .filter(pk=pk)
        .first()
    )
    # Another family's invoice (its resources are sensitive): not found, so not even told.
    if found is None or not may_act(request, "eservices.invoice", found):
        raise Http404(_("Facture introuvable."))
    return found


def rate_explanation(invoice: Invoice) -> dict[str, Any]:
    """How the hourly rate was read from the barème, for the family to redo it."""
    scale = invoice.scale.to_scale()
    counted = psu.counted_children(invoice.dependent_children, invoice.disabled_children)
    return {
        "floor_cents": scale.floor_cents,
        "ceiling_cents": scale.ceiling_cents,
        "clamped_cents": psu.clamp(scale, invoice.monthly_resources_cents),
        "children": counted,
        "effort_rate": scale.rate_for(counted),
    }


@require_GET
@login_required
def invoice(request: HttpRequest, pk: int) -> HttpResponse:
    found = _invoice(request, pk)
    paid = (
        Payment.objects.for_object(contracts.PURPOSE, str(found.pk))
        .filter(status=Payment.Status.PAID)
        .order_by("-paid_at")
        .first()
    )
    context = {
        "invoice": found,
        "lines": found.lines.all(),
        "rate": rate_explanation(found),
        "payment": paid,
        # The receipt is its payer's (and the treasury's): another adult reads the date only.
        "receipt": paid is not None and can(request.user, "core.view_payment", paid),
        "credit_note": getattr(found, "credit_note", None),
        "replacement": getattr(found, "replaced_by", None),
    }
    return render(request, "eservices/invoice.html", context)


# Agents -------------------------------------------------------------------------------------


def billed_creches(user: Any) -> list[Creche]:
    """The crèches whose billing an agent handles: their departments' (all for admins)."""
    found = Creche.objects.order_by("name")
    if not user.is_superuser:
        found = found.filter(department_id__in=user.department_ids())
    return list(found)


def _month(form: BillingFilterForm) -> datetime.date:
    chosen = form.cleaned_data.get("month") if form.is_valid() else None
    return chosen or timezone.localdate().replace(day=1)


def _listed(form: BillingFilterForm, creches: list[Creche]) -> QuerySet[Invoice]:
    rows = Invoice.objects.filter(
        creche_contract__creche__in=creches, month=_month(form)
    ).select_related("creche_contract__creche")
    data = form.cleaned_data if form.is_valid() else {}
    if data.get("status"):
        rows = rows.filter(status=data["status"])
    if data.get("creche"):
        rows = rows.filter(creche_contract__creche__code=data["creche"])
    return rows.order_by("creche_contract__creche__name", "number")


@require_GET
@login_required
def billing_screen(request: HttpRequest) -> HttpResponse:
    require(request.user, "eservices.creche_billing", None)
    creches = billed_creches(request.user)
    form = BillingFilterForm(request.GET or None, creches=creches)
    month = _month(form)
    rows = _listed(form, creches)
    page = Paginator(rows, PAGE).get_page(request.GET.get("page"))
    totals = rows.values("status").annotate(n=Count("id"), cents=Sum("total_cents"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "month": month,
        "page": page,
        "invoices": page.object_list,
        "totals": [
            (Invoice.Status(row["status"]).label, row["n"], row["cents"])
            for row in totals.order_by("status")
        ],
        "contracts": contracts.covering(month).filter(creche__in=creches).count(),
        "to_bill": _to_bill(month, creches)[:PAGE],
        "issue_form": IssueMonthForm(initial={"month": f"{month:%Y-%m}"}),
        "query": query.urlencode(),
    }
    status = 400 if request.GET and not form.is_valid() else 200
    return render(request, "eservices/agents/creche_billing.html", context, status=status)


def _to_bill(month: datetime.date, creches: list[Creche]) -> QuerySet[CrecheContract]:
    """The month's contracts with no invoice yet: what "issue the month" would bill."""
    billed = Invoice.objects.filter(month=month).exclude(status=Invoice.Status.CANCELLED)
    return (
        contracts.covering(month)
        .filter(creche__in=creches)
        .exclude(pk__in=billed.values("creche_contract"))
        .select_related("creche", "child")
    )


def _back(request: HttpRequest) -> HttpResponse:
    query = request.GET.urlencode()
    return redirect(reverse("eservices:creche_billing") + (f"?{query}" if query else ""))


@require_POST
@login_required
def issue_month(request: HttpRequest) -> HttpResponse:
    require(request.user, "eservices.creche_billing", None)
    form = IssueMonthForm(request.POST)
    if not form.is_valid():
        return _refused(request, _errors(form))
    run = contracts.invoice_month(
        month=form.cleaned_data["month"], creches=billed_creches(request.user)
    )
    messages.success(
        request,
        f"Mois {run.month:%m/%Y} : {len(run.issued)} facture(s) émise(s), "
        f"{run.already} contrat(s) déjà facturé(s).",
    )
    for contract, reason in run.refused:
        messages.error(request, f"Contrat {contract.pk} ({contract.child}) non facturé : {reason}")
    return redirect(reverse("eservices:creche_billing") + f"?month={run.month:%Y-%m}")


@require_POST
@login_required
def send_reminders(request: HttpRequest) -> HttpResponse:
    require(request.user, "eservices.creche_billing", None)
    sent = contracts.remind_overdue(creches=billed_creches(request.user))
    messages.success(request, f"{sent} relance(s) envoyée(s) pour des factures en retard.")
    return _back(request)


@require_POST
@login_required
def credit(request: HttpRequest, pk: int) -> HttpResponse:
    found = Invoice.objects.select_related("creche_contract__creche").filter(pk=pk).first()
    if found is None or found.creche_contract is None:
        raise Http404("Facture introuvable.")
    require(request.user, "eservices.creche_billing", found.creche_contract.creche)
    form = CreditForm(request.POST)
    if not form.is_valid():
        return _refused(request, _errors(form))
    try:
        replacement = contracts.credit_and_reissue(
            invoice=found,
            reason=form.cleaned_data["reason"],
            by=request.user,  # type: ignore[arg-type]
        )
    except billing.BillingError as error:
        return _refused(request, [str(error)])
    messages.success(
        request,
        f"Facture {found.number} annulée par un avoir ; facture {replacement.number} émise.",
    )
    return _back(request)


@require_GET
@login_required
def billing_export(request: HttpRequest) -> HttpResponseBase:
    """The month's invoices for the treasury (the payments received: `payments:export`)."""
    require(request.user, "eservices.creche_billing", None)
    creches = billed_creches(request.user)
    form = BillingFilterForm(request.GET or None, creches=creches)
    if request.GET and not form.is_valid():
        return _refused(request, _errors(form))
    rows = _listed(form, creches).select_related("credit_note")
    return exports.response(MONTH_INVOICES, rows, fmt="csv")


def _contract(request: HttpRequest, pk: int) -> CrecheContract:
    found = (
        CrecheContract.objects.select_related("creche", "child", "household").filter(pk=pk).first()
    )
    if found is None or not can(request.user, "eservices.creche_billing", found.creche):
        raise Http404("Contrat introuvable.")
    return found


def _contract_page(
    request: HttpRequest, found: CrecheContract, *, form: ContractForm | None = None,
    absence: AbsenceForm | None = None, extra: ExtraHoursForm | None = None, status: int = 200,
) -> HttpResponse:  # fmt: skip
    context = {
        "contract": found,
        "form": form or ContractForm(initial=_initial(found)),
        "absence_form": absence or AbsenceForm(),
        "extra_form": extra or ExtraHoursForm(),
        "absences": found.absences.all(),
        "extra_hours": found.extra_hours.all(),
        "invoices": found.invoices.order_by("-month", "-number"),
    }
    return render(request, "eservices/agents/creche_contract.html", context, status=status)


def _initial(found: CrecheContract) -> dict[str, Any]:
    return {name: getattr(found, name) for name in contracts.CONTRACT_FIGURES}


@GET_POST
@login_required
def contract(request: HttpRequest, pk: int) -> HttpResponse:
    found = _contract(request, pk)
    form = ContractForm(request.POST or None, initial=_initial(found))
    if request.method == "POST":
        if form.is_valid():
            try:
                contracts.adjust_contract(
                    contract=found,
                    by=request.user,  # type: ignore[arg-type]
                    **form.cleaned_data,
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(
                    request, "Contrat modifié : les prochains mois en tiennent compte."
                )
                return redirect("eservices:creche_contract", found.pk)
        return _contract_page(request, found, form=form, status=400)
    return _contract_page(request, found, form=form)


@require_POST
@login_required
def absence(request: HttpRequest, pk: int) -> HttpResponse:
    found = _contract(request, pk)
    form = AbsenceForm(request.POST)
    if form.is_valid():
        try:
            contracts.record_absence(
                contract=found,
                by=request.user,  # type: ignore[arg-type]
                **form.cleaned_data,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                "Absence enregistrée : déduite des mois à facturer ; pour un mois déjà "
                "facturé, émettez un avoir depuis l'écran de facturation.",
            )
            return redirect("eservices:creche_contract", found.pk)
    return _contract_page(request, found, absence=form, status=400)


@require_POST
@login_required
def extra_hours(request: HttpRequest, pk: int) -> HttpResponse:
    found = _contract(request, pk)
    form = ExtraHoursForm(request.POST)
    if form.is_valid():
        try:
            contracts.record_extra_hours(
                contract=found,
                by=request.user,  # type: ignore[arg-type]
                **form.cleaned_data,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                "Heures enregistrées : facturées avec leur mois au tarif du contrat ; pour un "
                "mois déjà facturé, émettez un avoir depuis l'écran de facturation.",
            )
            return redirect("eservices:creche_contract", found.pk)
    return _contract_page(request, found, extra=form, status=400)
