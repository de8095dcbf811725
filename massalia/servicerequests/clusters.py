"""Requests grouped on a grid, in SQL, so a map shows any number of them in a few KB.

A map asks for the box it shows and a grid step (from its zoom); the database groups the
requests inside by cell (the coordinates divided by the step, rounded down) and by status,
and answers one row per cell × status: counts and a mean position. The grid is anchored at
(0, 0), not at the box, so a cell keeps its requests while the map pans. Plain arithmetic
and GROUP BY: the same query on SQLite and PostgreSQL, no GIS extension.

Statuses are read by kind for the legend (`KINDS`): the workflows' states, whatever the
type, fall into new, in progress, resolved and closed without a favourable outcome.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Avg, Count, F, Min, QuerySet
from django.db.models.functions import Floor

from massalia.servicerequests.models import ServiceRequest
from massalia.servicerequests.workflows import State, workflows
from massalia.territory.geo import Box


@dataclass(frozen=True)
class Kind:
    code: str
    label: str  # French, as the legend reads


KINDS = (
    Kind("new", "Nouvelle"),
    Kind("in_progress", "En cours de traitement"),
    Kind("resolved", "Résolue"),
    Kind("closed", "Close sans suite"),
)


def kind_of_state(state: State, *, initial: bool) -> str:
    """The legend's kind of a workflow state (`initial`: the state a new request takes)."""
    if state.is_open:
        return "new" if initial else "in_progress"
    return "resolved" if state.resolves else "closed"


def kind_of(code: str) -> str:
    """The kind of a status code, over every workflow (an unknown code reads as new)."""
    return _kinds().get(code, "new")


def _kinds() -> dict[str, str]:
    found: dict[str, str] = {}
    for flow in workflows.all():
        for state in flow.states:
            kind = kind_of_state(state, initial=state.code == flow.initial)
            # A code that starts one workflow is "new" wherever it appears.
            if found.get(state.code) != "new":
                found[state.code] = kind
    return found


def state_labels() -> dict[str, list[str]]:
    """Per kind, the French labels of the states it gathers (for the legend)."""
    labels: dict[str, list[str]] = {k.code: [] for k in KINDS}
    for flow in workflows.all():
        for state in flow.states:
            kind = kind_of(state.code)
            if state.label not in labels[kind]:
                labels[kind].append(state.label)
    return labels


def count_by_kind(rows: QuerySet[ServiceRequest]) -> dict[str, int]:
    """How many of `rows` are of each kind (every kind present, zeros included)."""
    counts = dict.fromkeys((k.code for k in KINDS), 0)
    for status, n in rows.order_by().values_list("status").annotate(n=Count("id")):
        counts[kind_of(status)] += n
    return counts


@dataclass
class Cell:
    """The requests of one grid cell: how many, of which kinds, where on average; `only` is
    the id of its single request when it holds one."""

    count: int = 0
    kinds: Counter[str] = field(default_factory=Counter)
    latitude: float = 0.0
    longitude: float = 0.0
    only: int | None = None


def grid(
    rows: QuerySet[ServiceRequest], box: Box, *, lat_step: float, lon_step: float
) -> list[Cell]:
    """The located `rows` inside `box`, grouped by cells of `lat_step` × `lon_step` degrees,
    largest first. The counts add up to the number of rows in the box."""
    grouped = (
        rows.filter(**box.lookups())
        .order_by()
        .annotate(gy=Floor(F("latitude") / lat_step), gx=Floor(F("longitude") / lon_step))
        .values("gy", "gx", "status")
        .annotate(n=Count("id"), lat=Avg("latitude"), lon=Avg("longitude"), first=Min("id"))
    )
    cells: dict[tuple[int, int], Cell] = {}
    for row in grouped:
        cell = cells.setdefault((row["gy"], row["gx"]), Cell())
        n = row["n"]
        # The cell's position is the mean of its requests': weigh each status's mean.
        cell.latitude += (row["lat"] - cell.latitude) * n / (cell.count + n)
        cell.longitude += (row["lon"] - cell.longitude) * n / (cell.count + n)
        cell.count += n
        cell.kinds[kind_of(row["status"])] += n
        cell.only = row["first"] if cell.count == 1 else None
    return sorted(cells.values(), key=lambda c: -c.count)
