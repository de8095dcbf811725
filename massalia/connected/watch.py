"""Reviewing a water meter: its days kept, its suspicions opened, followed and closed.

`review(device)` reads the meter's recent readings (`WINDOW`), rebuilds their daily
aggregates, runs the detection (`water.detect`, with the older aggregates as the
abnormal-consumption history) and reconciles the episodes found with the meter's
`Suspicion` rows: an episode that overlaps an open suspicion of its kind is the same episode
(its end moves, nothing is sent again); a new one opens a private case for the water
department (`servicerequests.services.submit_request`, type `WATER_TYPE`) and warns the
subscriber (`core.notifications`, kind `connected.water_suspicion`); an episode that is over
(the flow stopped before the last reading) closes its suspicion and resolves its case.
"""

from __future__ import annotations

import logging
from datetime import datetime, time, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Case, F, Q, Value, When
from django.urls import reverse
from django.utils import timezone

from massalia.connected import water
from massalia.connected.models import DailyAggregate, Device, Reading, Suspicion
from massalia.core.notifications import registry
from massalia.core.notifications import services as notifications
from massalia.servicerequests import services as cases
from massalia.servicerequests.models import RequestType, ServiceRequest

log = logging.getLogger(__name__)

WINDOW = timedelta(days=40)  # a month and its margins: enough for every kind of suspicion
# Read again before the earliest new reading: a leak's 24 hours, the night before, margins.
CONTEXT = timedelta(days=2)
LEASE = timedelta(minutes=15)  # a claim older than this is a dead worker's: taken over
BATCH = 200  # meters per task
PENDING_LIMIT = 50_000  # meters sent to the workers per run (the next run takes the rest)
WATER_TYPE = "fuite-compteur-eau"  # the private type the city (or the demo) creates
TOPIC = "connected.water_suspicion"
SLACK = timedelta(hours=1)  # episodes this close are one

registry.declare(
    registry.Topic(
        name=TOPIC,
        label="Fuite ou consommation anormale relevée par mon compteur d'eau",
        # The law (CGCT L2224-12-4) obliges the service to tell the subscriber.
        optional=False,
    )
)


def rules() -> water.Rules:
    local = settings.CONNECTED_WATER_LOCAL_LITRES_PER_DAY
    return water.Rules(local_litres_per_day=local or None)


def water_type() -> RequestType | None:
    return RequestType.objects.filter(code=WATER_TYPE, is_active=True, is_public=False).first()


def pending(*, limit: int = PENDING_LIMIT) -> list[int]:
    """The water meters to review: new readings and no claim, or a claim that expired."""
    now = timezone.now()
    claimable = Q(review_pending=True, claimed_until__isnull=True) | Q(claimed_until__lt=now)
    return list(
        Device.objects.filter(claimable, kind=Device.Kind.WATER_METER)
        .order_by("pk")
        .values_list("pk", flat=True)[:limit]
    )


def review_pending(*, limit: int = PENDING_LIMIT) -> int:
    """Review the water meters that received readings since their last review, here and now
    (the scheduled job spreads them over the workers instead: `tasks.review_meters`)."""
    meters = pending(limit=limit)
    for start in range(0, len(meters), BATCH):
        review_batch(meters[start : start + BATCH])
    return len(meters)


# What a claim takes over: the readings to review since the earliest one received (NULL, a
# whole window: the meter's first review, or a claim that was itself a whole window).
_CLAIM = """
UPDATE connected_device SET
    claimed_from = CASE
        WHEN claimed_until IS NOT NULL AND claimed_from IS NULL THEN NULL
        WHEN review_pending AND review_from IS NULL THEN NULL
        WHEN claimed_until IS NULL THEN review_from
        WHEN review_from IS NULL OR claimed_from < review_from THEN claimed_from
        ELSE review_from END,
    review_from = NULL,
    review_pending = %s,
    claimed_until = %s
WHERE id IN ({ids}) AND kind = %s
    AND ((review_pending AND claimed_until IS NULL) OR claimed_until < %s)
RETURNING id
"""


def claim(meters: list[int], *, now: datetime) -> tuple[list[Device], datetime]:
    """Take the review of those of `meters` nobody else is reviewing; them and the claim's end.

    One conditional UPDATE: on PostgreSQL a second worker's UPDATE of a row being claimed
    waits for the first and re-checks the condition, which no longer holds; SQLite runs one
    write at a time. A claim expires after LEASE, so a meter whose worker died is taken over
    (with the readings the dead claim held). New readings during a review mark the meter
    pending again, for the next round.
    """
    until = now + LEASE
    if not meters:
        return [], until
    ops = connection.ops
    sql = _CLAIM.format(ids=", ".join(["%s"] * len(meters)))
    params = [
        False,
        ops.adapt_datetimefield_value(until),
        *meters,
        Device.Kind.WATER_METER.value,
        ops.adapt_datetimefield_value(now),
    ]
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params)
        claimed = [row[0] for row in cursor.fetchall()]
    return list(Device.objects.filter(pk__in=claimed).order_by("pk")), until


def review_batch(meters: list[int], *, now: datetime | None = None) -> int:
    """Claim and review a batch of meters (the task `connected.tasks.review_batch`); the
    meters reviewed. Each reads only what can change its verdict (`review`'s `since`)."""
    now = now or timezone.now()
    devices, until = claim(meters, now=now)
    for device in devices:
        mine = Device.objects.filter(pk=device.pk, claimed_until=until)
        try:
            review(device, now=now, since=device.claimed_from, mark=False)
        except Exception:
            # One meter's failure must not stop the others; it is reviewed again next time,
            # from the readings its claim held.
            log.exception("review of %s failed", device.identifier)
            mine.update(
                review_pending=True,
                review_from=Case(
                    When(claimed_from__isnull=True, then=Value(None)),
                    When(
                        Q(review_from__isnull=True) | Q(claimed_from__lt=F("review_from")),
                        then=F("claimed_from"),
                    ),
                    default=F("review_from"),
                ),
                claimed_from=None,
                claimed_until=None,
            )
            continue
        mine.update(claimed_from=None, claimed_until=None, reviewed_at=now)
    return len(devices)


def review(
    device: Device,
    *,
    now: datetime | None = None,
    since: datetime | None = None,
    mark: bool = True,
) -> list[Suspicion]:
    """Aggregate the meter's recent days and reconcile its suspicions; the open ones.

    Without `since`, or at the meter's first review, it reads the whole window (WINDOW, from
    a local midnight). With `since`, the earliest reading received since the last review, it
    reads from `window_start` on: the result is the same (see `window_start`). `mark`: note
    the review's time on the meter (a batch notes it when it releases its claim instead).
    """
    now = now or timezone.now()
    chosen = rules()
    whole = _midnight(now - WINDOW, chosen)
    known = list(Suspicion.objects.filter(device=device, end__gte=now - 2 * WINDOW))
    start = whole
    if since is not None and device.reviewed_at is not None:
        start = max(whole, window_start(device, since, known, chosen))
    readings = _read(device, start)
    if mark:
        Device.objects.filter(pk=device.pk).update(reviewed_at=now)
    if len(readings) < 2:
        return []
    opening = start.date()
    kept = list(DailyAggregate.objects.filter(device=device, day__lt=opening))
    month = whole.date() if whole.day == 1 else water._add_months(whole.date(), 1)
    if any(whole.date() <= a.day <= month and a.readings for a in kept):
        judged_from = month  # a reading on a kept day by then: the first is no later
    else:
        first = _first_time(device, whole, readings, start)
        judged_from = max(month, first.astimezone(chosen.zone).date())
    series = water.consumption(readings, chosen)
    days = [d for d in series.days(chosen.zone) if d.day >= opening]
    counts = _counts(readings, chosen)
    # One statement for the days read (an upsert), rather than two queries a day.
    DailyAggregate.objects.bulk_create(
        [
            DailyAggregate(
                device=device,
                day=day.day,
                litres=day.litres,
                hours=day.hours,
                estimated_hours=day.estimated_hours,
                opens_measured=day.opens_measured,
                closes_measured=day.closes_measured,
                readings=counts.get(day.day, 0),
            )
            for day in days
        ],
        update_conflicts=True,
        unique_fields=["device", "day"],
        update_fields=[
            "litres", "hours", "estimated_hours", "opens_measured", "closes_measured", "readings"
        ],
    )  # fmt: skip
    past = [
        water.Day(a.day, a.litres, a.hours, a.estimated_hours, a.opens_measured, a.closes_measured)
        for a in kept
    ]
    episodes = water.detect(
        readings,
        chosen,
        past_days={device.identifier: past},
        since=start,
        judged_from=judged_from,
    )
    return _reconcile(device, episodes, now, known)


def window_start(
    device: Device, since: datetime, known: list[Suspicion], chosen: water.Rules
) -> datetime:
    """Where a review must start reading for its verdict to be that of the whole window,
    given `since`, the earliest reading received since the last review (a local midnight).

    Readings before `since` are those the last review read, so the hours before the reading
    preceding it (`before`) are unchanged. What can change is read again with the context
    the rules need: CONTEXT before `before` (a leak's 24 hours, the night before, and their
    margins), the whole of every suspicion still open or ending in what is read (repeatedly:
    a leak read whole brings its nights with it), and the daily aggregates for the months
    judged (`review`: the days before the window come from them).
    """
    before = (
        Reading.objects.filter(device=device, time__lt=since)
        .order_by("-time")
        .values_list("time", flat=True)
        .first()
    )
    bound = (before or since) - CONTEXT
    moved = True
    while moved:
        moved = False
        for suspicion in known:
            touches = suspicion.closed_at is None or suspicion.end >= bound - SLACK
            if touches and suspicion.start < bound:
                bound, moved = suspicion.start, True
    return _midnight(bound, chosen)


def _midnight(moment: datetime, chosen: water.Rules) -> datetime:
    local = moment.astimezone(chosen.zone)
    return datetime.combine(local.date(), time(0), chosen.zone)


def _read(device: Device, start: datetime) -> list[water.Reading]:
    """The readings from `start` on, and the one before it (the first hours begin there)."""
    rows = Reading.objects.filter(device=device)
    found = list(
        rows.filter(time__gte=start).order_by("time").values_list("time", "value", "extra")
    )
    before = rows.filter(time__lt=start).order_by("-time").values_list("time", "value", "extra")
    found[:0] = before[:1]
    return [water.Reading(device.identifier, t, v, _alarms(extra)) for t, v, extra in found]


def _first_time(
    device: Device, whole: datetime, readings: list[water.Reading], start: datetime
) -> datetime:
    """The time of the meter's first reading in the whole window (months are judged from
    its day at the earliest, as a whole-window review would)."""
    if start == whole:
        return next((r.time for r in readings if r.time >= whole), readings[0].time)
    first = (
        Reading.objects.filter(device=device, time__gte=whole)
        .order_by("time")
        .values_list("time", flat=True)
        .first()
    )
    return first or readings[0].time


def _alarms(extra: object) -> tuple[str, ...]:
    codes = extra.get("alarms") if isinstance(extra, dict) else None
    return tuple(str(c) for c in codes) if isinstance(codes, list) else ()


def _counts(readings: list[water.Reading], chosen: water.Rules) -> dict[object, int]:
    counts: dict[object, int] = {}
    for reading in readings:
        day = reading.time.astimezone(chosen.zone).date()
        counts[day] = counts.get(day, 0) + 1
    return counts


def _overlap(suspicion: Suspicion, episode: water.Episode) -> bool:
    return episode.start <= suspicion.end + SLACK and suspicion.start <= episode.end + SLACK


def _reconcile(
    device: Device, episodes: list[water.Episode], now: datetime, known: list[Suspicion]
) -> list[Suspicion]:
    seen: set[int] = set()
    for episode in episodes:
        same = next(
            (
                s
                for s in known
                if s.kind == episode.kind.value
                and s.detail == episode.detail
                and _overlap(s, episode)
            ),
            None,
        )
        if same is not None and same.closed_at is not None:
            continue  # an episode already over and closed
        if same is None:
            if not episode.ongoing and episode.end < now - WINDOW / 2:
                continue  # long over: history, not news
            same = _open(device, episode, now)
            known.append(same)
        else:
            _follow(same, episode)
        seen.add(same.pk)
        if not episode.ongoing:
            _close(same, episode.end, now)
    for suspicion in known:
        # No longer found (e.g. a night flow that turned out to be a leak's nights): over.
        if suspicion.closed_at is None and suspicion.pk not in seen:
            _close(suspicion, suspicion.end, now)
    return [s for s in known if s.closed_at is None]


@transaction.atomic
def _open(device: Device, episode: water.Episode, now: datetime) -> Suspicion:
    suspicion = Suspicion.objects.create(
        device=device,
        kind=episode.kind.value,
        detail=episode.detail[:40],
        start=episode.start,
        end=episode.end,
        ongoing=episode.ongoing,
        litres=episode.litres,
        reference_litres=episode.reference_litres,
        detected_at=now,
    )
    suspicion.case = _file_case(device, suspicion)
    if suspicion.case is not None:
        suspicion.save(update_fields=["case"])
    if device.subscriber is not None:
        notifications.send(
            kind=TOPIC,
            to=device.subscriber,
            key=f"suspicion:{suspicion.pk}",
            template="connected/water_suspicion",
            context={
                "device": device,
                "suspicion": suspicion,
                "label": str(water.LABELS[episode.kind])
                + (f" « {episode.detail} »" if episode.detail else ""),
                "city_name": settings.CITY.name,
                "page_url": settings.SITE_URL.rstrip("/") + reverse("connected:my_water"),
            },
        )
    return suspicion


def _file_case(device: Device, suspicion: Suspicion) -> ServiceRequest | None:
    request_type = water_type()
    if request_type is None:
        log.warning("no active private type %r: suspicion %s has no case", WATER_TYPE, suspicion)
        return None
    label = str(water.LABELS[water.Kind(suspicion.kind)])
    if suspicion.detail:
        label += f" « {suspicion.detail} »"
    zone = rules().zone
    lines = [
        f"{label} sur le compteur {device.identifier}"
        + (f" ({device.address})" if device.address else "")
        + f", depuis le {suspicion.start.astimezone(zone):%d/%m/%Y %H:%M}.",
        f"Volume concerné : {suspicion.litres:.0f} litres.",
    ]
    if suspicion.reference_litres is not None:
        lines.append(f"Volume habituel sur la même période : {suspicion.reference_litres:.0f} L.")
    try:
        return cases.submit_request(
            request_type=request_type,
            description="\n".join(lines),
            latitude=device.latitude,
            longitude=device.longitude,
            quartier_id=device.quartier_id,
            address=device.address,
            source="telemetry",
            confirmed=True,
        )
    except ValidationError as exc:  # a meter without a place: the suspicion stays on its own
        log.warning("suspicion %s: no case (%s)", suspicion.pk, exc)
        return None


def _follow(suspicion: Suspicion, episode: water.Episode) -> None:
    suspicion.start = min(suspicion.start, episode.start)
    suspicion.end = max(suspicion.end, episode.end)
    suspicion.ongoing = episode.ongoing
    suspicion.litres = max(suspicion.litres, episode.litres)
    suspicion.save(update_fields=["start", "end", "ongoing", "litres"])


@transaction.atomic
def _close(suspicion: Suspicion, ended: datetime, now: datetime) -> None:
    suspicion.ongoing = False
    suspicion.closed_at = now
    suspicion.save(update_fields=["ongoing", "closed_at"])
    case = suspicion.case
    if case is None or not case.can_move_to("resolved"):
        return
    zone = rules().zone
    cases.change_status(
        case=case,
        actor=None,
        status="resolved",
        public_note=(
            "Le compteur ne montre plus cette anomalie depuis le "
            f"{ended.astimezone(zone):%d/%m/%Y à %H:%M}."
        ),
    )
