"""Delays from a GTFS-Realtime TripUpdates feed (`TRANSIT_REALTIME_URL`), when one is set.

The feed is fetched at most once every `TRANSIT_REALTIME_CACHE_SECONDS` and read with the
protocol's own bindings. A trip's delay at a stop is the one given for that stop, else the
last one given upstream of it (GTFS-Realtime propagates a delay down the trip), else the
trip's own; a cancelled trip is marked so. When the feed cannot be had, the timetable stands
alone and the page says realtime is unavailable: a stop page never fails for it.
"""

from __future__ import annotations

import logging
import urllib.request
from dataclasses import dataclass, field, replace
from datetime import date, datetime

from django.conf import settings
from django.core.cache import cache
from google.protobuf.message import DecodeError
from google.transit import gtfs_realtime_pb2

from massalia.transit.departures import Departure

log = logging.getLogger(__name__)
TIMEOUT_SECONDS = 5
MAX_BYTES = 20 * 1024 * 1024
CANCELED = gtfs_realtime_pb2.TripDescriptor.ScheduleRelationship.Value("CANCELED")


class Unavailable(Exception):
    """The realtime feed could not be fetched or read."""


@dataclass
class TripDelay:
    start_date: date | None = None
    delay: int | None = None
    cancelled: bool = False
    # (stop_sequence or None, stop_id, delay in seconds)
    stops: list[tuple[int | None, str, int]] = field(default_factory=list)

    def at(self, sequence: int, stop_id: str) -> int | None:
        for seq, stop, delay in self.stops:
            if (seq is not None and seq == sequence) or (seq is None and stop == stop_id):
                return delay
        upstream = [
            (seq, delay) for seq, _, delay in self.stops if seq is not None and seq < sequence
        ]
        if upstream:
            return max(upstream)[1]
        return self.delay


def parse(payload: bytes) -> dict[str, list[TripDelay]]:
    """The feed's trip updates by trip id (a trip may run on several days)."""
    message = gtfs_realtime_pb2.FeedMessage()
    try:
        message.ParseFromString(payload)
    except DecodeError as exc:
        raise Unavailable(f"flux temps réel illisible ({exc})") from None
    found: dict[str, list[TripDelay]] = {}
    for entity in message.entity:
        if not entity.HasField("trip_update"):
            continue
        update = entity.trip_update
        trip = update.trip
        one = TripDelay(
            start_date=_date(trip.start_date),
            delay=update.delay if update.HasField("delay") else None,
            cancelled=trip.schedule_relationship == CANCELED,
        )
        for call in update.stop_time_update:
            event = call.departure if call.HasField("departure") else call.arrival
            if not event.HasField("delay"):
                continue
            sequence = call.stop_sequence if call.HasField("stop_sequence") else None
            one.stops.append((sequence, call.stop_id, event.delay))
        found.setdefault(trip.trip_id, []).append(one)
    return found


def _date(text: str) -> date | None:
    try:
        return datetime.strptime(text, "%Y%m%d").date() if text else None
    except ValueError:
        return None


def fetch(url: str) -> bytes:
    if not url.startswith(("http://", "https://")):
        raise Unavailable("TRANSIT_REALTIME_URL doit être une adresse http(s)")
    key = f"transit:realtime:{url}"
    payload = cache.get(key)
    if payload == b"":
        # Failed a moment ago: pages do not each wait for the timeout again.
        raise Unavailable("flux temps réel injoignable (dernier essai récent)")
    if payload is None:
        try:
            payload = _download(url)
        except Unavailable:
            cache.set(key, b"", settings.TRANSIT_REALTIME_CACHE_SECONDS)
            raise
        cache.set(key, payload, settings.TRANSIT_REALTIME_CACHE_SECONDS)
    return payload


def _download(url: str) -> bytes:
    try:
        with urllib.request.urlopen(url, timeout=TIMEOUT_SECONDS) as response:
            payload = response.read(MAX_BYTES + 1)
    except (OSError, ValueError) as exc:
        raise Unavailable(f"flux temps réel injoignable ({exc})") from None
    if len(payload) > MAX_BYTES:
        raise Unavailable("flux temps réel trop volumineux")
    return bytes(payload)


def apply(departures: list[Departure], updates: dict[str, list[TripDelay]], stop_id: str):
    """The departures with their delays (and cancellations) at `stop_id`."""
    result = []
    for departure in departures:
        found = _matching(updates.get(departure.trip_id, []), departure.service_day)
        if found is None:
            result.append(departure)
            continue
        delay = found.at(departure.sequence, stop_id)
        result.append(replace(departure, delay=delay, cancelled=found.cancelled))
    return result


def _matching(candidates: list[TripDelay], day: date) -> TripDelay | None:
    for candidate in candidates:
        if candidate.start_date in (None, day):
            return candidate
    return None


def with_delays(departures: list[Departure], stop_id: str) -> tuple[list[Departure], bool]:
    """The departures with the configured feed's delays, and whether it was read; no feed
    configured reads as read (nothing to say)."""
    url = settings.TRANSIT_REALTIME_URL
    if not url:
        return departures, True
    try:
        updates = parse(fetch(url))
    except Unavailable as exc:
        log.warning("transit realtime: %s", exc)
        return departures, False
    return apply(departures, updates, stop_id), True
