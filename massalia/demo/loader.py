"""Load Marseille's demo: organisation, people, a year of requests and the pulse (idempotent)."""

from __future__ import annotations

import logging
import random
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime

from django.db import connection, transaction
from django.test.utils import override_settings
from django.utils import timezone

from massalia.accounts.models import User
from massalia.connected import demo as water_demo
from massalia.demo import appointments, creches, eservices, organisation, procurement, texts
from massalia.demo.cameras import load as load_cameras
from massalia.demo.catalog import EMAIL_DOMAIN, attribute_value
from massalia.demo.citycard import load as load_citycard
from massalia.demo.inclusion import load_inclusion
from massalia.demo.news import load as load_news
from massalia.demo.opinions import load as load_opinions
from massalia.demo.organisation import RESIDENTS, Login
from massalia.demo.participation import load as load_budgets
from massalia.demo.plu import LOGINS as PLU_LOGINS
from massalia.demo.plu import load as load_plu
from massalia.demo.pulse import PulseResult, load_pulse
from massalia.demo.questions import LOGINS as QUESTIONS_LOGINS
from massalia.demo.questions import load as load_questions
from massalia.demo.requests import SOURCE, Plan, World, load_world, plan, write
from massalia.servicerequests import services
from massalia.servicerequests.models import Follow, HistoryEntry, ServiceRequest, Status
from massalia.transit import demo as transit_demo

SIZES = {"small": 300, "full": 5000}
# Water meters and days of hourly readings by size (loaded only for a size, not a bare count).
WATER = {"small": (100, 60), "full": (300, 120)}
SEED = 13
# The most recent requests go through the real submission service, to exercise that path.
SUBMITTED = 20


@dataclass(frozen=True)
class DemoResult:
    logins: list[Login]
    requests: int
    created: int
    seconds: float
    pulse: PulseResult | None = None
    water: water_demo.Loaded | None = None


def load_demo(
    *,
    count: int,
    seed: int = SEED,
    now: datetime | None = None,
    pulse: str | None = None,
    water: tuple[int, int] | None = None,
) -> DemoResult:
    """Upsert the demo organisation and people, and make sure exactly `count` demo requests exist.

    Running it again with the same count changes nothing; another count replaces the demo
    requests (the families and their enrolments, up to `count` of them, are made once). Needs a
    territory (quartiers) to place requests in. `pulse` ("small" or "full") also loads the
    pulse's six months of messages, built on those requests; `water` (meters, days) the
    water meters with their hourly readings and the suspicions found in them.
    """
    started = timezone.now()
    # Fixture requests must not e-mail anyone: the services' after-commit notifications go to a
    # backend that drops them. Bulk rows publish no event at all.
    with (
        override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"),
        _quiet("massalia.core.notifications"),
    ):
        logins, created = _load(count=count, seed=seed, now=now or timezone.now())
        families = min(count, eservices.FAMILIES)
        eservices.load(password=organisation.DEMO_PASSWORD, families=families)
        creches.load(password=organisation.DEMO_PASSWORD)
        meters = water_demo.load(meters=water[0], days=water[1], now=now) if water else None
    if families:
        logins = [*logins, *eservices.LOGINS, *creches.LOGINS]
    if created:
        _refresh_statistics()
    elapsed = (timezone.now() - started).total_seconds()
    total = ServiceRequest.objects.filter(source=SOURCE).count()
    loaded = load_pulse(size=pulse, now=now) if pulse else None
    procurement.load(count=min(2 * count, procurement.MOST))
    appointments.load()
    transit_demo.load()  # the bus network: stop pages with their tags and codes
    load_cameras()  # the video-protection register: cameras at real places, marked as demo
    load_opinions()  # an opinion map with a few hundred simulated participants
    load_budgets()  # a participatory budget voting now, and last year's with its results
    load_citycard()  # city cards with passes, purses and accesses, two days of taps
    load_plu()  # the PLUi modification of the centre, its zoning map and its register
    load_news()  # a few news items of the city and one newsletter already sent
    load_questions()  # questions to deputy mayors and sector town halls, many answered
    logins = [*logins, *PLU_LOGINS, *QUESTIONS_LOGINS]
    return DemoResult(
        logins, requests=total, created=created, seconds=elapsed, pulse=loaded, water=meters
    )


def _refresh_statistics() -> None:
    """After a bulk load the planner knows nothing of the new rows: let it look."""
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


@contextmanager
def _quiet(logger: str) -> Iterator[None]:
    target = logging.getLogger(logger)
    level = target.level
    target.setLevel(logging.WARNING)
    try:
        yield
    finally:
        target.setLevel(level)


@transaction.atomic
def _load(*, count: int, seed: int, now: datetime) -> tuple[list[Login], int]:
    departments = organisation.load_departments()
    organisation.load_coverage(departments)
    organisation.load_answers(departments)
    types = organisation.load_types(departments)
    logins, users = organisation.load_people(departments)
    load_inclusion(now=now)
    existing = ServiceRequest.objects.filter(source=SOURCE)
    if existing.count() == count:
        return logins, 0
    _clear()
    residents = [users["citoyenne"], *(users[organisation.resident_username(n)] for n in RESIDENTS)]
    world = load_world(types, residents)
    if not world.quartiers or count <= 0:
        return logins, 0
    pick = random.Random(seed)
    plans = plan(world, count=count, now=now, pick=pick)
    bulk, recent = plans[: -SUBMITTED or None], plans[len(plans) - min(SUBMITTED, len(plans)) :]
    created = write(world, bulk, now=now, pick=pick)
    created += _submit(world, recent, pick)
    return logins, created


def _clear() -> None:
    rows = ServiceRequest.objects.filter(source=SOURCE)
    # Children first, as single DELETEs: the collector would otherwise walk 100,000 rows.
    HistoryEntry.objects.filter(request__in=rows).delete()
    Follow.objects.filter(request__in=rows).delete()
    rows.delete()


def _submit(world: World, plans: list[Plan], pick: random.Random) -> int:
    """The newest requests, filed and handled through the real services."""
    for index, p in enumerate(plans):
        request_type = world.types[p.spec.code]
        requester: User | None = pick.choice(world.residents) if index % 3 else None
        case = services.submit_request(
            request_type=request_type,
            description=texts.description(pick, pick.choice(p.spec.problems), None),
            latitude=round(p.point[0], 6),
            longitude=round(p.point[1], 6),
            attributes={a.code: attribute_value(a, pick) for a in p.spec.attributes if a.required},
            requester=requester,
            email="" if requester else f"visiteur{index}@{EMAIL_DOMAIN}",
            name="" if requester else "Visiteur de la démo",
            source=SOURCE,
            created_at=p.created_at,
        )
        if requester is None:
            services.confirm_request(token=case.confirmation_token)
        agents = world.agents.get(case.department_id)
        if agents and index % 2:
            services.change_status(
                case=case,
                actor=agents[0],
                status=Status.ACKNOWLEDGED,
                public_note=f"Demande prise en compte par le service {case.department.name}.",
            )
    return len(plans)
