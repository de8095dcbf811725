"""What the case engine offers the other apps: its pages as links, its navigation entries, the
public requests as an open dataset, and what it adds to the agents' inbox and case page.

The agents' inbox page gets the person's department inboxes (open, overdue and assigned cases
of each, leading to the department's list), the answers of requesters no agent read yet, the
open administrative procedures by step (whatever domain opens them) and, for officials,
managers and administrators, the city-wide figures by department. A procedure's case page
gets a panel with the steps of its workflow.
"""

from __future__ import annotations

from typing import Any, cast
from urllib.parse import urlencode

from django.db.models import Count, Max, Min
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy

from massalia.core import datasets
from massalia.core.extensions import (
    CasePanel,
    Counter,
    InboxSection,
    MenuEntry,
    case_panels,
    inbox_sections,
    menu,
    provide,
)
from massalia.core.moderation import State
from massalia.core.permissions import can
from massalia.servicerequests import agents_selectors, contributions
from massalia.servicerequests.models import ServiceRequest
from massalia.servicerequests.workflows import PROCEDURE, Workflow


def _(french: str) -> str:
    """A menu label in the reader's language, looked up at each page (the menu is declared
    once, at start-up). Typed `str`, as `MenuEntry.label` is: it renders as one."""
    return cast(str, gettext_lazy(french))


def _department_inbox(code: str, **filters: Any) -> str:
    path = reverse("cases:department_inbox", args=[code])
    return f"{path}?{urlencode(filters)}" if filters else path


def _plural(n: int, one: str, many: str) -> str:
    return one if n == 1 else many


def _departments(user: Any) -> set[int] | None:
    """The departments whose cases `user` handles; None for all (an administrator)."""
    if not getattr(user, "is_authenticated", False):
        return set()
    return None if user.is_superuser else set(user.department_ids())


def procedure_counters(user: Any) -> list[Counter]:
    """Open procedures of the person's departments, one counter per department and step."""
    departments = _departments(user)
    rows = ServiceRequest.objects.confirmed().open().filter(request_type__workflow=PROCEDURE.code)
    if departments is not None:
        rows = rows.for_departments(departments)
    grouped = rows.values("department__code", "department__name", "status").annotate(n=Count("id"))
    counters = []
    for row in grouped.order_by("department__name", "status"):
        state = PROCEDURE.state(row["status"])
        inbox = _department_inbox(row["department__code"], status=state.code)
        counters.append(
            Counter(
                label=f"{state.label} · {row['department__name']}",
                value=row["n"],
                url=inbox,
                urgent=state.code == "new",
            )
        )
    return counters


def answer_counters(user: Any) -> list[Counter]:
    """Open cases of the person's departments with a requester's answer no agent read yet."""
    departments = _departments(user)
    rows = ServiceRequest.objects.confirmed().open().with_unread_answer()
    if departments is not None:
        rows = rows.for_departments(departments)
    grouped = rows.values("department__code", "department__name").annotate(n=Count("id"))
    return [
        Counter(
            label=row["department__name"],
            value=row["n"],
            url=_department_inbox(row["department__code"], unread="on"),
            urgent=True,
        )
        for row in grouped.order_by("department__name")
    ]


def inbox_counters(user: Any) -> list[Counter]:
    """The person's department inboxes: open, overdue and assigned-to-them cases of each."""
    if not can(user, "servicerequests.inbox"):
        return []
    counters = []
    for s in agents_selectors.inbox_summaries(user):
        code, name = s.department.code, s.department.name
        counters += [
            Counter(
                f"{_plural(s.open, 'ouverte', 'ouvertes')} · {name}",
                s.open,
                _department_inbox(code, status="open"),
            ),
            Counter(
                f"en retard · {name}",
                s.overdue,
                _department_inbox(code, status="open", overdue="on"),
                urgent=True,
            ),
            Counter(
                f"{_plural(s.mine, 'attribuée', 'attribuées')} à moi · {name}",
                s.mine,
                _department_inbox(code, status="open", assignee="me"),
            ),
        ]
    return counters


def inbox_links(user: Any) -> list[tuple[str, str]]:
    """Each of the person's department inboxes, unfiltered."""
    if not can(user, "servicerequests.inbox"):
        return []
    departments = agents_selectors.visible_departments(user)
    return [(f"Boîte de réception : {d.name}", _department_inbox(d.code)) for d in departments]


def overview_counters(user: Any) -> list[Counter]:
    """City-wide figures by department (confirmed cases), for those who may read them: open,
    overdue, resolved in the last 30 days and their median time from filing to resolution.
    A department whose inbox the person opens leads there."""
    if not can(user, "servicerequests.overview"):
        return []
    opened = {d.pk for d in agents_selectors.visible_departments(user)}
    counters = []
    for f in agents_selectors.overview():
        code, name = f.department.code, f.department.name
        mine = f.department.pk in opened
        median = (
            f", en {number_format(f.median_days)} j (médiane, du dépôt à la résolution)"
            if f.median_days is not None
            else ""
        )
        counters += [
            Counter(
                f"{_plural(f.open, 'ouverte', 'ouvertes')} · {name}",
                f.open,
                _department_inbox(code, status="open") if mine else None,
            ),
            Counter(
                f"en retard · {name}",
                f.overdue,
                _department_inbox(code, status="open", overdue="on") if mine else None,
                urgent=True,
            ),
            Counter(
                f"{_plural(f.resolved_30d, 'résolue', 'résolues')} en 30 jours · {name}{median}",
                f.resolved_30d,
            ),
        ]
    return counters


def steps(case: ServiceRequest, user: Any) -> dict[str, Any]:
    """The steps of the case's workflow, the current one marked."""
    flow: Workflow = case.flow
    return {"flow": flow, "current": case.state, "states": flow.states}


def _signed_in(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False))


def _pages() -> None:
    """The pages, as links for the other apps; the public ones as entries of the navigation."""
    provide("servicerequests.report", lambda: reverse("servicerequests:report"))
    provide("servicerequests.mine", lambda: reverse("servicerequests:my_requests"))
    provide(
        "servicerequests.public_page",
        lambda pk: reverse("servicerequests:request_detail", args=[pk]),
    )
    provide(
        "servicerequests.attachment", lambda pk: reverse("servicerequests:attachment", args=[pk])
    )
    provide(
        "servicerequests.reply_link", lambda t: reverse("servicerequests:reply_by_link", args=[t])
    )
    provide(
        "servicerequests.reply_document",
        lambda token, pk: reverse("servicerequests:reply_document", args=[token, pk]),
    )
    provide(
        "servicerequests.confirmation",
        lambda token: reverse("servicerequests:confirm_request", args=[token]),
    )
    provide("servicerequests.department_inbox", _department_inbox)
    provide("servicerequests.case", lambda pk: reverse("cases:request", args=[pk]))
    for entry in (
        MenuEntry(
            "servicerequests.report", _("Signaler"), lambda: reverse("servicerequests:report"), 10
        ),
        MenuEntry(
            "servicerequests.requests",
            _("Demandes"),
            lambda: reverse("servicerequests:requests"),
            20,
        ),
        MenuEntry("servicerequests.map", _("Carte"), lambda: reverse("servicerequests:map"), 30),
        MenuEntry(
            "servicerequests.mine",
            _("Mes demandes"),
            lambda: reverse("servicerequests:my_requests"),
            order=40,
            visible=_signed_in,
        ),
    ):
        menu.register(entry)


def _public_requests() -> datasets.Dataset:
    """The public requests as an open dataset: public types, confirmed, public fields only."""
    from massalia.servicerequests import exports

    def published() -> Any:
        return ServiceRequest.objects.published()

    def period() -> datasets.Period:
        span = published().aggregate(start=Min("created_at"), end=Max("created_at"))
        return (span["start"] and span["start"].date(), span["end"] and span["end"].date())

    return datasets.Dataset(
        key="demandes",
        title="Demandes et signalements des habitants",
        description=(
            "Les demandes publiques déposées par les habitants (voirie, propreté, éclairage…) :"
            " leur type, leur état, leur lieu et leurs dates, avec le texte publié, d'où les"
            " données personnelles sont retirées. Les demandes de types privés n'y figurent"
            " jamais."
        ),
        table=exports.for_spreadsheets,
        rows=lambda: exports.spreadsheet_rows(published()),
        frequency=datasets.CONTINUOUS,
        meanings={
            "id": "numéro de la demande, celui de sa page publique",
            "type": "type de demande (nid-de-poule, dépôt sauvage…)",
            "theme": "thème du type de demande",
            "status_label": "état de la demande",
            "description": "texte publié, sans données personnelles",
            "address": "adresse indiquée",
            "quartier": "quartier où se trouve le point",
            "arrondissement": "arrondissement où se trouve le point",
            "latitude": "latitude du point (WGS 84)",
            "longitude": "longitude du point (WGS 84)",
            "created_at": "date et heure du dépôt",
            "updated_at": "date et heure de la dernière mise à jour",
            "closed_at": "date et heure de la clôture, vide si la demande est ouverte",
            "url": "adresse de la page publique de la demande",
        },
        keywords=("signalements", "demandes", "services publics", "voirie", "propreté"),
        themes=(datasets.GOVERNMENT, datasets.REGIONS),
        temporal=period,
        modified=lambda: published().aggregate(last=Max("updated_at"))["last"],
        order=10,
    )


def moderation_counters(user: Any) -> list[Counter]:
    """Held updates and photos of the person's departments' cases (`contributions`)."""
    if not can(user, "servicerequests.moderate"):
        return []
    waiting = (
        contributions.pending_updates(user).count() + contributions.pending_photos(user).count()
    )
    return [
        Counter(
            label="Compléments et photos à modérer",
            value=waiting,
            url=reverse("cases:moderation"),
            urgent=waiting > 0,
        )
    ]


def contributions_panel(case: ServiceRequest, user: Any) -> dict[str, Any]:
    """How many updates and photos the case has, held ones apart, and its moderation page."""
    photos = case.attachments.photos()
    updates = case.contributions.exclude(text="")
    return {
        "may_moderate": can(user, "servicerequests.moderate", case),
        "updates": updates.count(),
        "photos": photos.count(),
        "held": updates.filter(moderation=State.PENDING).count()
        + photos.filter(moderation=State.PENDING).count(),
        "url": reverse("cases:moderate_case", args=[case.pk]),
    }


def register() -> None:
    _pages()
    datasets.register(_public_requests())
    inbox_sections.register(
        InboxSection(
            key="servicerequests.inboxes",
            title="Vos boîtes de réception",
            counters=inbox_counters,
            links=inbox_links,
            order=0,
        )
    )
    inbox_sections.register(
        InboxSection(
            key="servicerequests.overview",
            title="Vue d'ensemble de la ville",
            counters=overview_counters,
            order=90,
        )
    )
    inbox_sections.register(
        InboxSection(
            key="servicerequests.procedures",
            title="Démarches administratives",
            counters=procedure_counters,
            order=10,
        )
    )
    inbox_sections.register(
        InboxSection(
            key="servicerequests.answers",
            title="Réponses de demandeurs à lire",
            counters=answer_counters,
            order=5,
        )
    )
    inbox_sections.register(
        InboxSection(
            key="servicerequests.moderation",
            title="Modération des compléments des demandes",
            counters=moderation_counters,
            order=6,
        )
    )
    case_panels.register(
        CasePanel(
            key="servicerequests.contributions",
            applies=lambda case: True,
            template="servicerequests/agents/_contributions_panel.html",
            context=contributions_panel,
            order=50,
        )
    )
    case_panels.register(
        CasePanel(
            key="servicerequests.procedure_steps",
            applies=lambda case: case.request_type.workflow == PROCEDURE.code,
            template="servicerequests/procedure_steps.html",
            context=steps,
        )
    )
