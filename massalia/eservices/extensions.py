"""What enrolments add to the site: links, the menu entry, the agents' inbox and case panel."""

from __future__ import annotations

from typing import Any, cast

from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from massalia.core.extensions import (
    CasePanel,
    Counter,
    InboxSection,
    MenuEntry,
    StatusGuard,
    case_panels,
    inbox_sections,
    menu,
    provide,
    status_guards,
)
from massalia.core.payments import purposes
from massalia.core.permissions import can
from massalia.eservices import contracts, creche_views, creches, selectors, services
from massalia.eservices.forms import CheckForm, DecisionForm
from massalia.eservices.models import (
    Appointment,
    CrecheApplication,
    Enrolment,
    Invoice,
    Offer,
    Site,
)
from massalia.servicerequests.models import ServiceRequest


def _signed_in(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False))


def waiting_counters(user: Any) -> list[Counter]:
    """Open enrolments on a waiting list, per school, for the person's departments."""
    if not _signed_in(user):
        return []
    rows = selectors.enrolments_for(user, {"stage": "waiting"}).order_by()
    grouped = rows.values("requested_school", "requested_school__name").annotate(n=Count("id"))
    return [
        Counter(
            label=f"Liste d'attente · {row['requested_school__name']}",
            value=row["n"],
            url=reverse("eservices:enrolments")
            + f"?stage=waiting&school={row['requested_school']}",
        )
        for row in grouped.order_by("requested_school__name")
    ]


def enrolment_counters(user: Any) -> list[Counter]:
    """Enrolments to decide, for the agents who decide them."""
    if not can(user, "eservices.enrolments", None):
        return []
    rows = selectors.enrolments_for(user, {"stage": "to_decide"})
    return [
        Counter(
            label="Inscriptions à décider",
            value=rows.count(),
            url=reverse("eservices:enrolments") + "?stage=to_decide",
        )
    ]


def enrolment_links(user: Any) -> list[tuple[str, str]]:
    if not can(user, "eservices.enrolments", None):
        return []
    return [("Suivi des inscriptions scolaires", reverse("eservices:enrolments"))]


def creche_counters(user: Any) -> list[Counter]:
    """For the commission: applications still waiting for a place, places proposed and not
    answered yet (the rounds' page shows both)."""
    if not can(user, "eservices.creche_commission", None):
        return []
    applications = CrecheApplication.objects.open()
    offers = Offer.objects.filter(status=Offer.Status.OFFERED)
    if not user.is_superuser:
        applications = applications.filter(case__department_id__in=user.department_ids())
        offers = offers.filter(round__department_id__in=user.department_ids())
    url = reverse("eservices:creche_rounds")
    return [
        Counter(label="Demandes de place en cours", value=applications.count(), url=url),
        Counter(label="Places proposées sans réponse", value=offers.count(), url=url),
    ]


def billing_counters(user: Any) -> list[Counter]:
    """For the crèches' billing: the invoices past their due date, not paid."""
    if not can(user, "eservices.creche_billing", None):
        return []
    late = Invoice.objects.past_due(timezone.localdate())
    if not user.is_superuser:
        late = late.filter(creche_contract__creche__department_id__in=user.department_ids())
    url = reverse("eservices:creche_billing") + "?status=overdue"
    return [Counter(label="Factures de crèche impayées à échéance", value=late.count(), url=url)]


def creche_links(user: Any) -> list[tuple[str, str]]:
    links = []
    if can(user, "eservices.creche_commission", None):
        links += [
            ("Commissions d'attribution des places en crèche", reverse("eservices:creche_rounds")),
            ("Règles et critères publiés", reverse("eservices:creche_criteria")),
        ]
    if can(user, "eservices.creche_billing", None):
        links.append(("Facturation des crèches", reverse("eservices:creche_billing")))
    return links


def _invoice_page(object_id: str) -> str | None:
    return reverse("eservices:invoice", args=[object_id]) if object_id.isdigit() else None


def _is_creche_application(case: ServiceRequest) -> bool:
    return bool(case.request_type.code == creches.APPLICATION_TYPE)


def _counter_sites(user: Any) -> Any:
    if not _signed_in(user):
        return Site.objects.none()
    sites = Site.objects.filter(active=True)
    return sites if user.is_superuser else sites.filter(department_id__in=user.department_ids())


def appointment_counters(user: Any) -> list[Counter]:
    """Today's appointments still booked at each site the person's departments receive at
    that has some; one counter of none when no site has any."""
    sites = list(_counter_sites(user))
    if not sites:
        return []
    today = Appointment.objects.filter(
        slot__site__in=sites,
        slot__starts_at__date=timezone.localdate(),
        status=Appointment.Status.BOOKED,
    )
    counts = dict(
        today.values_list("slot__site").annotate(n=Count("id")).values_list("slot__site", "n")
    )
    counters = [
        Counter(
            label=f"Rendez-vous du jour · {site.name}",
            value=counts[site.pk],
            url=reverse("eservices:appointment_day", args=[site.slug]),
        )
        for site in sites
        if counts.get(site.pk)
    ]
    return counters or [Counter(label="Rendez-vous du jour", value=0)]


def appointment_links(user: Any) -> list[tuple[str, str]]:
    """Each site's day list (the counter's page)."""
    return [
        (f"Accueil · {site.name}", reverse("eservices:appointment_day", args=[site.slug]))
        for site in _counter_sites(user)
    ]


def _is_enrolment(case: ServiceRequest) -> bool:
    return bool(case.request_type.code == services.ENROLMENT_TYPE)


def panel(case: ServiceRequest, user: Any) -> dict[str, Any]:
    enrolment = (
        Enrolment.objects.select_related("child", "household", "sector_school", "requested_school")
        .filter(case=case)
        .first()
    )
    if enrolment is None:
        return {"enrolment": None}
    taken, seats = services.seats(
        enrolment.requested_school, enrolment.level, enrolment.school_year
    )
    return {
        "enrolment": enrolment,
        "taken": taken,
        "seats": seats,
        "position": services.waiting_position(enrolment),
        "documents": enrolment.household.documents.select_related("checked_by"),
        "decision_form": DecisionForm(),
        "check_form": CheckForm(),
    }


def register() -> None:
    purposes.register(
        purposes.Purpose(
            key=contracts.PURPOSE,
            label="Facture de crèche",
            due=contracts.invoice_due,
            back=_invoice_page,
        )
    )
    provide("eservices.invoices", lambda: reverse("eservices:invoices"))
    provide("eservices.my_procedures", lambda: reverse("eservices:my_procedures"))
    provide("eservices.household", lambda: reverse("eservices:household"))
    provide("eservices.appointments", lambda: reverse("eservices:appointment_sites"))
    provide("eservices.appointment", lambda token: reverse("eservices:appointment", args=[token]))
    inbox_sections.register(
        InboxSection(
            key="eservices.appointments",
            title="Rendez-vous titres d'identité",
            counters=appointment_counters,
            links=appointment_links,
            order=25,
        )
    )
    menu.register(
        MenuEntry(
            "eservices.my_procedures",
            cast(str, _("Mes démarches")),  # translated when the menu is drawn
            lambda: reverse("eservices:my_procedures"),
            order=60,
            visible=_signed_in,
        )
    )
    inbox_sections.register(
        InboxSection(
            key="eservices.enrolments",
            title="Inscriptions scolaires",
            counters=lambda user: enrolment_counters(user) + waiting_counters(user),
            links=enrolment_links,
            order=20,
        )
    )
    status_guards.register(
        StatusGuard(
            key="eservices.enrolment_seats",
            applies=_is_enrolment,
            check=services.guard_acceptance,
        )
    )
    inbox_sections.register(
        InboxSection(
            key="eservices.creches",
            title="Places en crèche",
            counters=lambda user: creche_counters(user) + billing_counters(user),
            links=creche_links,
            order=22,
        )
    )
    case_panels.register(
        CasePanel(
            key="eservices.creche_application",
            applies=_is_creche_application,
            template="eservices/agents/creche_panel.html",
            context=creche_views.case_panel,
            order=21,
        )
    )
    provide("eservices.creche_criteria", lambda: reverse("eservices:creche_criteria"))
    case_panels.register(
        CasePanel(
            key="eservices.enrolment",
            applies=_is_enrolment,
            template="eservices/panel.html",
            context=panel,
            order=20,
        )
    )
