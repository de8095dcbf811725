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
from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
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


def review_pending(*, limit: int = 500) -> int:
    """Review the water meters that received readings since their last review."""
    pending = list(
        Device.objects.filter(review_pending=True, kind=Device.Kind.WATER_METER).order_by("pk")[
            :limit
        ]
    )
    for device in pending:
        Device.objects.filter(pk=device.pk).update(review_pending=False)
        try:
            review(device)
        except Exception:
            # One meter's failure must not stop the others; it is reviewed again next time.
            log.exception("review of %s failed", device.identifier)
            Device.objects.filter(pk=device.pk).update(review_pending=True)
    return len(pending)


def review(device: Device, *, now: datetime | None = None) -> list[Suspicion]:
    """Aggregate the meter's recent days and reconcile its suspicions; the open ones."""
    now = now or timezone.now()
    chosen = rules()
    rows = Reading.objects.filter(device=device, time__gte=now - WINDOW).order_by("time")
    readings = [
        water.Reading(device.identifier, t, v, _alarms(extra))
        for t, v, extra in rows.values_list("time", "value", "extra")
    ]
    if len(readings) < 2:
        return []
    series = water.consumption(readings, chosen)
    days = series.days(chosen.zone)
    counts = _counts(readings, chosen)
    first_day = days[0].day
    with transaction.atomic():
        for day in days[1:]:  # the first may be cut by the window: its aggregate stays
            DailyAggregate.objects.update_or_create(
                device=device,
                day=day.day,
                defaults={
                    "litres": day.litres,
                    "hours": day.hours,
                    "estimated_hours": day.estimated_hours,
                    "opens_measured": day.opens_measured,
                    "closes_measured": day.closes_measured,
                    "readings": counts.get(day.day, 0),
                },
            )
    past = [
        water.Day(a.day, a.litres, a.hours, a.estimated_hours, a.opens_measured, a.closes_measured)
        for a in DailyAggregate.objects.filter(device=device, day__lt=first_day)
    ]
    episodes = water.detect(readings, chosen, past_days={device.identifier: past})
    return _reconcile(device, episodes, now)


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


def _reconcile(device: Device, episodes: list[water.Episode], now: datetime) -> list[Suspicion]:
    since = now - 2 * WINDOW
    known = list(Suspicion.objects.filter(device=device, end__gte=since))
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
                "label": water.LABELS[episode.kind]
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
    label = water.LABELS[water.Kind(suspicion.kind)]
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
