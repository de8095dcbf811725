"""Thousands of realistic demo requests, written in bulk.

Demo loading is a data fixture, not a citizen's action: rows go in with bulk_create in batches
(no per-row query, no domain event, so no e-mail), with the same audit trail the services
write. A seeded random.Random makes the data reproducible.
"""

from __future__ import annotations

import math
import random
import secrets
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

import shapely
from shapely.geometry import shape

from massalia.accounts.models import Membership, User
from massalia.demo import texts
from massalia.demo.catalog import EMAIL_DOMAIN, TYPES, TypeSpec, attribute_value
from massalia.servicerequests.models import (
    Follow,
    HistoryEntry,
    RequestType,
    ServiceRequest,
    Status,
)
from massalia.territory import geo
from massalia.territory.models import Coverage, Department, Quartier, Street

SOURCE = "demo"
BATCH = 5000
# Relative density of reports by arrondissement: the centre reports more than the hills.
DENSITY = {1: 3.0, 2: 1.6, 3: 2.0, 4: 1.6, 5: 2.0, 6: 2.2, 7: 1.4, 8: 1.3, 9: 1.0}
DENSITY |= {10: 1.1, 11: 0.9, 12: 0.9, 13: 1.1, 14: 1.3, 15: 1.3, 16: 0.7}
Kind = HistoryEntry.Kind


@dataclass
class QuartierInfo:
    id: int
    arrondissement_id: int
    number: int
    postcode: str
    geometry: Any
    streets: list[str] = field(default_factory=list)


@dataclass
class World:
    """Everything the generator reads, loaded once (no query per request)."""

    quartiers: list[QuartierInfo]
    types: dict[str, RequestType]
    departments: dict[int, Department]
    coverage: dict[tuple[str, int | None], int]
    agents: dict[int, list[User]]
    residents: list[User]

    def department_id(self, code: str, arrondissement_id: int) -> int:
        """The same answer as servicerequests.services.route, from memory."""
        found = self.coverage.get((code, arrondissement_id)) or self.coverage.get((code, None))
        return found or self.types[code].department_id


@dataclass
class Plan:
    created_at: datetime
    spec: TypeSpec
    quartier: QuartierInfo
    point: tuple[float, float] = (0.0, 0.0)


def load_world(types: dict[str, RequestType], residents: list[User]) -> World:
    """Read quartiers, streets, coverage and department agents once."""
    streets: dict[int, list[str]] = defaultdict(list)
    for quartier_id, name in Street.objects.exclude(quartier=None).values_list(
        "quartier_id", "name"
    ):
        streets[quartier_id].append(name)
    quartiers = [
        QuartierInfo(q.id, q.arrondissement_id, q.arrondissement.number,
                     q.arrondissement.postcode, shape(q.geometry), streets.get(q.id, []))
        for q in Quartier.objects.select_related("arrondissement").order_by("id")
    ]  # fmt: skip
    coverage = {(c.category, c.arrondissement_id): c.department_id for c in Coverage.objects.all()}
    agents: dict[int, list[User]] = defaultdict(list)
    memberships = Membership.objects.filter(role=Membership.Role.AGENT).select_related("user")
    for membership in memberships.order_by("id"):
        agents[membership.department_id].append(membership.user)
    return World(
        quartiers=quartiers,
        types=types,
        departments={d.id: d for d in Department.objects.all()},
        coverage=coverage,
        agents=dict(agents),
        residents=residents,
    )


def plan(world: World, *, count: int, now: datetime, pick: random.Random) -> list[Plan]:
    """When, what and where for `count` requests over the last 12 months, oldest first."""
    start = now - timedelta(days=365)
    seconds = int((now - start).total_seconds())
    plans = []
    for _ in range(count):
        created = start + timedelta(seconds=pick.randrange(seconds))
        spec = _pick_type(pick, created.month)
        plans.append(Plan(created, spec, _pick_quartier(world, spec, pick)))
    plans.sort(key=lambda p: p.created_at)
    _place_points(plans, pick)
    _relocate(plans, world)
    return plans


def _pick_type(pick: random.Random, month: int) -> TypeSpec:
    summer = 6 <= month <= 9
    weights = [
        t.weight * (t.summer_factor if summer else 1 / math.sqrt(t.summer_factor)) for t in TYPES
    ]
    return pick.choices(TYPES, weights=weights)[0]  # fmt: skip


def _pick_quartier(world: World, spec: TypeSpec, pick: random.Random) -> QuartierInfo:
    pool = [
        q for q in world.quartiers if not spec.arrondissements or q.number in spec.arrondissements
    ]
    pool = pool or world.quartiers
    return pick.choices(pool, weights=[DENSITY.get(q.number, 1.0) for q in pool])[0]  # fmt: skip


def _place_points(plans: list[Plan], pick: random.Random) -> None:
    """Random points inside each quartier: sample its bounding box, keep what it contains."""
    by_quartier: dict[int, list[Plan]] = defaultdict(list)
    for p in plans:
        by_quartier[p.quartier.id].append(p)
    for group in by_quartier.values():
        geometry = group[0].quartier.geometry
        points = _points_inside(geometry, len(group), pick)
        for p, point in zip(group, points, strict=True):
            p.point = point


def _points_inside(geometry: Any, count: int, pick: random.Random) -> list[tuple[float, float]]:
    west, south, east, north = geometry.bounds
    box_area = (east - west) * (north - south) or 1e-12
    ratio = max(geometry.area / box_area, 0.05)
    found: list[tuple[float, float]] = []
    while len(found) < count:
        size = int((count - len(found)) / ratio * 1.3) + 8
        xs = [pick.uniform(west, east) for _ in range(size)]
        ys = [pick.uniform(south, north) for _ in range(size)]
        inside = shapely.contains_xy(geometry, xs, ys)
        found += [(y, x) for x, y, ok in zip(xs, ys, inside, strict=True) if ok]
    return found[:count]


def _relocate(plans: list[Plan], world: World) -> None:
    """Trust the platform's own locator (overlapping edges resolve the way it resolves them)."""
    by_id = {q.id: q for q in world.quartiers}
    for start in range(0, len(plans), 20_000):
        chunk = plans[start : start + 20_000]
        for p, place in zip(chunk, geo.locate_many([p.point for p in chunk]), strict=True):
            if place is not None and place.quartier_id in by_id:
                p.quartier = by_id[place.quartier_id]


def write(world: World, plans: Sequence[Plan], *, now: datetime, pick: random.Random) -> int:
    """Bulk-create the requests with their audit trail and followers; return how many."""
    written = 0
    for start in range(0, len(plans), BATCH):
        builders = [_Builder(world, p, now, pick) for p in plans[start : start + BATCH]]
        rows = ServiceRequest.objects.bulk_create([b.case for b in builders])
        events: list[HistoryEntry] = []
        follows: list[Follow] = []
        for builder, row in zip(builders, rows, strict=True):
            events += builder.events(row)
            follows += builder.follows(row)
        HistoryEntry.objects.bulk_create(events, batch_size=BATCH)
        Follow.objects.bulk_create(follows, batch_size=BATCH)
        written += len(rows)
    return written


class _Builder:
    """One request's row, then its events and follows once it has a primary key."""

    def __init__(self, world: World, p: Plan, now: datetime, pick: random.Random) -> None:
        self.pick = pick
        self.spec = p.spec
        request_type = world.types[p.spec.code]
        department_id = world.department_id(p.spec.code, p.quartier.arrondissement_id)
        self.department = world.departments[department_id]
        self.agents = world.agents.get(department_id, [])
        self.residents = world.residents
        street = pick.choice(p.quartier.streets) if p.quartier.streets else None
        self.case = ServiceRequest(
            request_type=request_type,
            attributes=self._attributes(p.created_at),
            latitude=round(p.point[0], 6),
            longitude=round(p.point[1], 6),
            address=f"{street}, {p.quartier.postcode} Marseille" if street else "",
            quartier_id=p.quartier.id,
            arrondissement_id=p.quartier.arrondissement_id,
            department_id=department_id,
            source=SOURCE,
            created_at=p.created_at,
            updated_at=p.created_at,
        )
        self.case.set_description(texts.description(pick, pick.choice(p.spec.problems), street))
        self.case.request_type = request_type
        self.case.compute_expected_at()
        self._requester(now)
        self.trail = self._workflow(now) if self.case.confirmed_at else []

    def _attributes(self, created: datetime) -> dict[str, Any]:
        values = {}
        for spec in self.spec.attributes:
            if not spec.required and self.pick.random() < 0.35:
                continue
            if spec.datatype == "datetime":
                seen = created - timedelta(minutes=self.pick.randint(10, 36 * 60))
                values[spec.code] = seen.replace(microsecond=0).isoformat()
            else:
                values[spec.code] = attribute_value(spec, self.pick)
        return values

    def _requester(self, now: datetime) -> None:
        roll = self.pick.random()
        case = self.case
        if roll < 0.55 and self.residents:
            case.requester = self.pick.choice(self.residents)
            case.requester_email = case.requester.email
            case.confirmed_at = case.created_at
            return
        first = self.pick.choice(("Amel", "Bruno", "Céline", "David", "Élodie", "Farid", "Gaëlle"))
        last = self.pick.choice(("Roux", "Blanc", "Fabre", "Mercier", "Ait", "Costa", "Nicolas"))
        case.requester_name = f"{first} {last}"
        case.requester_email = f"{first}.{last}{self.pick.randint(1, 99)}@{EMAIL_DOMAIN}"
        case.requester_email = case.requester_email.lower().replace("ë", "e")
        case.requester_email = case.requester_email.replace("é", "e").replace("è", "e")
        case.confirmation_token = secrets.token_urlsafe(32)
        # Most anonymous citizens click the confirmation link; the others' requests are recent
        # (unconfirmed requests do not linger for months in a real inbox).
        if roll < 0.96 or now - case.created_at > timedelta(days=21):
            case.confirmed_at = case.created_at + timedelta(minutes=self.pick.randint(2, 180))

    def _workflow(self, now: datetime) -> list[tuple[datetime, str, str, str]]:
        """(when, from, to, public note) of each status change, following the workflow."""
        case, pick = self.case, self.pick
        # Log-normal handling time around the type's expected delay; a few cases drag on.
        days = self.spec.expected_days * pick.lognormvariate(-0.45, 0.7)
        if pick.random() < 0.1:
            days *= 4
        done = case.created_at + timedelta(days=max(days, 0.05))
        acknowledged = case.created_at + timedelta(hours=pick.uniform(1, 48))
        name = self.department.name
        trail: list[tuple[datetime, str, str, str]] = []
        if done <= now:
            if acknowledged < done and pick.random() < 0.8:
                trail.append((acknowledged, Status.NEW, Status.ACKNOWLEDGED,
                              texts.note(pick, texts.ACKNOWLEDGED, name)))  # fmt: skip
            final = Status.REJECTED if pick.random() < 0.07 else Status.RESOLVED
            choices = texts.REJECTED if final == Status.REJECTED else texts.RESOLVED
            previous = trail[-1][2] if trail else Status.NEW
            trail.append((done, previous, final, texts.note(pick, choices, name)))
            case.closed_at = done
        elif acknowledged < now:
            trail.append((acknowledged, Status.NEW, Status.ACKNOWLEDGED,
                          texts.note(pick, texts.ACKNOWLEDGED, name)))  # fmt: skip
            started = acknowledged + (done - acknowledged) * pick.uniform(0.2, 0.6)
            if started < now:
                trail.append((started, Status.ACKNOWLEDGED, Status.IN_PROGRESS,
                              texts.note(pick, texts.IN_PROGRESS, name)))  # fmt: skip
        if trail:
            case.status = trail[-1][2]
            case.updated_at = trail[-1][0]
            if self.agents:
                case.assignee = self.agents[0]
        return trail

    def events(self, row: ServiceRequest) -> Iterator[HistoryEntry]:
        yield HistoryEntry(request=row, kind=Kind.CREATED, actor=row.requester,
                           to_status=Status.NEW, created_at=row.created_at)  # fmt: skip
        if row.confirmed_at and not row.requester_id:
            yield HistoryEntry(request=row, kind=Kind.CONFIRMED, is_public=False,
                               created_at=row.confirmed_at)  # fmt: skip
        actor = self.agents[0] if self.agents else None
        for when, before, after, note in self.trail:
            yield HistoryEntry(request=row, kind=Kind.STATUS, actor=actor, from_status=before,
                               to_status=after, public_note=note, created_at=when)  # fmt: skip

    def follows(self, row: ServiceRequest) -> Iterator[Follow]:
        if row.requester_id:
            yield Follow(request=row, user_id=row.requester_id)
        elif row.confirmed_at:
            yield Follow(request=row, email=row.requester_email)
        if row.confirmed_at and self.residents and self.pick.random() < 0.06:
            neighbour = self.pick.choice(self.residents)
            if neighbour.pk != row.requester_id:
                yield Follow(request=row, user=neighbour)
