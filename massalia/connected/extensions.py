"""What the connected city adds to the site: the link to the subscriber's page, and the water
department's section of the agents' inbox (its open suspicions by kind).

A link, not a menu entry: whether someone has a meter costs a query, and a menu entry's test
would run it on every page; "my account" shows the link instead."""

from __future__ import annotations

from typing import Any

from django.db.models import Count
from django.urls import reverse

from massalia.connected import watch
from massalia.connected.models import Suspicion
from massalia.core.extensions import Counter, InboxSection, inbox_sections, provide, url_for
from massalia.core.permissions import can
from massalia.territory.models import Department

# Always shown to the water department's agents, even at zero; the other kinds when some are open.
MAIN_KINDS = (Suspicion.Kind.LEAK, Suspicion.Kind.ABNORMAL_CONSUMPTION)
NAMES = {  # one, several
    Suspicion.Kind.LEAK: ("fuite probable", "fuites probables"),
    Suspicion.Kind.NIGHT_FLOW: (
        "consommation nocturne anormale",
        "consommations nocturnes anormales",
    ),
    Suspicion.Kind.BACKFLOW: ("retour d'eau", "retours d'eau"),
    Suspicion.Kind.ABNORMAL_CONSUMPTION: ("consommation anormale", "consommations anormales"),
    Suspicion.Kind.ALARM: ("alarme de compteur", "alarmes de compteur"),
}


def water_departments(user: Any) -> list[Department]:
    """The departments handling the suspicions' cases that `user` works in (all of them for an
    administrator): the water type's department, and any other an open suspicion's case was
    routed to."""
    if not can(user, "servicerequests.inbox", None):
        return []
    ids = set(
        Suspicion.objects.filter(closed_at__isnull=True, case__department__isnull=False)
        .values_list("case__department_id", flat=True)
        .distinct()
    )
    request_type = watch.water_type()
    if request_type is not None and request_type.department_id is not None:
        ids.add(request_type.department_id)
    if not user.is_superuser:
        ids &= set(user.department_ids())
    return list(Department.objects.filter(pk__in=ids).order_by("name"))


def _inbox(department: Department) -> str | None:
    return url_for(
        "servicerequests.department_inbox", department.code, status="open", type=watch.WATER_TYPE
    )


def suspicion_counters(user: Any) -> list[Counter]:
    """Open suspicions of the person's water department(s), by kind, leading to the
    department's open water cases."""
    departments = water_departments(user)
    if not departments:
        return []
    rows = (
        Suspicion.objects.filter(closed_at__isnull=True, case__department__in=departments)
        .values("case__department_id", "kind")
        .annotate(n=Count("id"))
        .order_by()
    )
    found = {(row["case__department_id"], row["kind"]): row["n"] for row in rows}
    several = len(departments) > 1
    counters = []
    for department in departments:
        for kind in Suspicion.Kind:
            n = found.get((department.pk, kind.value), 0)
            if n or kind in MAIN_KINDS:
                one, many = NAMES[kind]
                label = (one if n <= 1 else many) + (f" · {department.name}" if several else "")
                counters.append(
                    Counter(
                        label, n, _inbox(department), urgent=kind == Suspicion.Kind.LEAK and n > 0
                    )
                )
    return counters


def suspicion_links(user: Any) -> list[tuple[str, str]]:
    links = []
    for department in water_departments(user):
        url = _inbox(department)
        if url is not None:
            links.append((f"Demandes de fuite ou consommation anormale : {department.name}", url))
    return links


def register() -> None:
    provide("connected.my_water", lambda: reverse("connected:my_water"))
    inbox_sections.register(
        InboxSection(
            key="connected.water_suspicions",
            title="Compteurs d'eau : suspicions en cours",
            counters=suspicion_counters,
            links=suspicion_links,
            order=30,
        )
    )
