"""The one way readings come in, whatever the channel (HTTP bulk, MQTT, a file).

`receive(items, channel=…, sender=…)` validates each reading on its own, stores the valid ones
once per (device, time) — a batch sent twice, or a row repeated, is stored once, and a late or
out-of-order row simply takes its place in the series — and keeps every refused one as a
`RejectedReading` with its reason. It never raises for a bad reading: the caller reports the
`Outcome`. Devices that received readings are marked for the next review of suspicions
(`watch.review_pending`, a scheduled job), so ingestion stays a few inserts per batch.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from massalia.connected import water
from massalia.connected.models import Device, RejectedReading

FUTURE = timedelta(minutes=10)  # clocks of devices drift; further ahead is an error
PAYLOAD_CHARS = 2000
EXTRA_CHARS = 2000
CHUNK = 1000  # rows per INSERT (5 parameters each: under every backend's limit)
KNOWN = {"device", "meter", "time", "value", "index_litres", "battery"}


@dataclass(frozen=True)
class Incoming:
    """One reading as it was sent: fields not yet checked, and its raw text to keep."""

    position: int
    device: object
    time: object
    value: object
    battery: object = None
    extra: Mapping[str, Any] = field(default_factory=dict)
    payload: str = ""
    fault: str = ""  # what the reader already found wrong with it (French)
    # The JSON object it came from: its text is written only if the reading is refused.
    source: Mapping[str, Any] | None = field(default=None, compare=False, repr=False)

    def text(self) -> str:
        """The reading as it was sent, to keep when it is refused."""
        if self.payload or self.source is None:
            return self.payload
        return dump(self.source)

    @classmethod
    def from_mapping(cls, position: int, data: Mapping[str, Any], payload: str = "") -> Incoming:
        """From a JSON object: device (or meter), time, value (or index_litres), battery; the
        other members are kept as the reading's other values."""
        return cls(
            position,
            data.get("device", data.get("meter")),
            data.get("time"),
            data.get("value", data.get("index_litres")),
            data.get("battery"),
            {k: v for k, v in data.items() if k not in KNOWN},
            payload,
            source=data,
        )


@dataclass(frozen=True)
class Rejection:
    position: int
    device: str
    reason: str


@dataclass
class Outcome:
    received: int = 0
    stored: int = 0
    duplicates: int = 0
    rejected: list[Rejection] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "received": self.received,
            "stored": self.stored,
            "duplicates": self.duplicates,
            "rejected": [
                {"position": r.position, "device": r.device, "reason": r.reason}
                for r in self.rejected
            ],
        }


@dataclass(frozen=True)
class _Valid:
    device: Device
    time: datetime
    value: float
    battery: int | None
    extra: str


def receive(
    items: Sequence[Incoming],
    *,
    channel: str,
    sender: Device | None = None,
    now: datetime | None = None,
) -> Outcome:
    """Store the valid readings of `items`, keep the others with their reasons.

    `sender`: the device whose own key authenticated the batch (it may send only its own
    readings); None for a gateway key or the broker, which may send for any device.
    """
    now = now or timezone.now()
    outcome = Outcome(received=len(items))
    names = [_name(item) for item in items]
    usable = {name for name in set(names) if _usable(name)}  # a batch names few devices
    devices = _devices(usable)
    valid: dict[tuple[int, datetime], _Valid] = {}
    refused: list[tuple[Incoming, Device | None, str]] = []
    oldest = now - timedelta(days=settings.CONNECTED_READINGS_RETENTION_DAYS)
    for item, name in zip(items, names, strict=True):
        device = devices.get(name)
        try:
            row = _check(item, name, device, sender, now, oldest, name in usable)
        except water.RowError as exc:
            refused.append((item, device, str(exc)))
            continue
        valid[(row.device.pk, row.time)] = row  # the later of two rows at one instant wins
    with transaction.atomic():
        stored = _insert(list(valid.values()), now)
        outcome.stored = stored
        outcome.duplicates = len(items) - len(refused) - stored
        _note_devices(list(valid.values()))
        RejectedReading.objects.bulk_create(
            [
                RejectedReading(
                    received_at=now,
                    channel=channel,
                    device=device,
                    device_identifier=storable(str(item.device or ""))[:100],
                    position=item.position,
                    payload=storable(item.text())[:PAYLOAD_CHARS],
                    reason=storable(reason)[:300],
                )
                for item, device, reason in refused
            ]
        )
    outcome.rejected = [
        Rejection(item.position, str(item.device or "")[:100], reason)
        for item, _, reason in refused
    ]
    return outcome


def _name(item: Incoming) -> str:
    return str(item.device).strip() if item.device not in (None, "") else ""


_CONTROL = re.compile(r"[\x00-\x1f]")


def _usable(name: str) -> bool:
    """A name that can be looked up: 100 characters at most, no control character."""
    return 0 < len(name) <= 100 and _CONTROL.search(name) is None


def storable(text: str) -> str:
    """Text PostgreSQL can store (it refuses NUL characters), for what is kept as refused."""
    return text.replace("\x00", "\ufffd")


def _devices(names: Iterable[str]) -> dict[str, Device]:
    wanted = sorted(set(names))
    found: dict[str, Device] = {}
    for start in range(0, len(wanted), 500):
        for device in Device.objects.filter(identifier__in=wanted[start : start + 500]).only(
            "pk", "identifier", "kind", "state", "last_seen_at"
        ):
            found[device.identifier] = device
    return found


def _check(
    item: Incoming,
    name: str,
    device: Device | None,
    sender: Device | None,
    now: datetime,
    oldest: datetime,
    usable: bool,
) -> _Valid:
    if item.fault:
        raise water.RowError(item.fault)
    if not name:
        raise water.RowError("objet (device) manquant")
    if sender is not None and name != sender.identifier:
        raise water.RowError(f"cette clé est celle de l'objet « {sender.identifier} »")
    if not usable:
        raise water.RowError("identifiant d'objet invalide (100 caractères, sans contrôle)")
    if device is None:
        raise water.RowError(f"objet inconnu « {name[:100]} »")
    if not device.accepts_readings:
        raise water.RowError(f"objet {device.get_state_display()}")
    if not isinstance(item.time, str):
        raise water.RowError("heure manquante" if item.time is None else "heure illisible")
    when = water.parse_time(item.time)
    if when > now + FUTURE:
        raise water.RowError(f"heure dans le futur « {item.time[:40]} »")
    if when < oldest:
        raise water.RowError(
            "relevé plus ancien que la durée de conservation "
            f"({settings.CONNECTED_READINGS_RETENTION_DAYS} jours)"
        )
    if device.kind == Device.Kind.WATER_METER:
        value = water.parse_index(item.value)
    else:
        value = _number(item.value)
    _check_alarms(item.extra.get("alarms"))
    extra = dump(dict(item.extra)) if item.extra else "{}"
    if "\\u0000" in extra:
        raise water.RowError("caractère nul interdit dans les autres valeurs")
    if len(extra) > EXTRA_CHARS:
        raise water.RowError(f"autres valeurs trop longues ({EXTRA_CHARS} caractères au plus)")
    return _Valid(device, when, value, _battery(item.battery), extra)


def _check_alarms(value: object) -> None:
    """A device's own flags: a list of at most 10 codes of 40 characters (or nothing)."""
    if value is None:
        return
    if (
        not isinstance(value, list)
        or len(value) > 10
        or not all(isinstance(c, str) and 0 < len(c) <= 40 for c in value)
    ):
        raise water.RowError("alarms : une liste de 10 codes au plus (40 caractères chacun)")


def _number(value: object) -> float:
    if value is None or (isinstance(value, str) and not value.strip()):
        raise water.RowError("valeur manquante")
    if isinstance(value, str):
        value = value.strip().replace(",", ".")
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise water.RowError("valeur non numérique")
    try:
        number = float(value)
    except ValueError:
        raise water.RowError(f"valeur non numérique « {str(value)[:40]} »") from None
    if not math.isfinite(number):
        raise water.RowError("valeur non numérique")
    return number


def _battery(value: object) -> int | None:
    if value is None or value == "":
        return None
    try:
        number = float(value) if isinstance(value, int | float | str) else math.nan
    except ValueError:
        number = math.nan
    if isinstance(value, bool) or not 0 <= number <= 100:
        raise water.RowError(f"batterie hors de 0 à 100 « {str(value)[:20]} »")
    return round(number)


def dump(data: object) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"), default=str)


def _insert(rows: list[_Valid], now: datetime) -> int:
    """Insert the rows, skipping those already stored; how many were new."""
    if not rows:
        return 0
    if connection.vendor == "postgresql":
        return _copy(rows, now)
    ops = connection.ops
    received = ops.adapt_datetimefield_value(now)
    stored = 0
    with connection.cursor() as cursor:
        for start in range(0, len(rows), CHUNK):
            chunk = rows[start : start + CHUNK]
            params: list[Any] = []
            for row in chunk:
                params += [
                    row.device.pk,
                    ops.adapt_datetimefield_value(row.time),
                    row.value,
                    row.extra,
                    received,
                ]
            values = ",".join(["(%s,%s,%s,%s,%s)"] * len(chunk))
            cursor.execute(
                "INSERT INTO connected_reading (device_id, time, value, extra, received_at) "
                f"VALUES {values} ON CONFLICT DO NOTHING",
                params,
            )
            stored += max(cursor.rowcount, 0)
    return stored


STAGING = "connected_incoming"


def _copy(rows: list[_Valid], now: datetime) -> int:
    """PostgreSQL: COPY into a temporary table (emptied at commit), then one INSERT … SELECT
    … ON CONFLICT DO NOTHING — a fraction of the cost of binding every value in SQL text."""
    columns = "device_id, time, value, extra, received_at"
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TEMPORARY TABLE IF NOT EXISTS {STAGING} "
            "(LIKE connected_reading) ON COMMIT DELETE ROWS"
        )
        with cursor.cursor.copy(f"COPY {STAGING} ({columns}) FROM STDIN") as copy:
            copy.write(_copy_text(rows, now))
        cursor.execute(
            f"INSERT INTO connected_reading ({columns}) SELECT {columns} FROM {STAGING} "
            "ON CONFLICT DO NOTHING"
        )
        stored = max(cursor.rowcount, 0)
        cursor.execute(f"TRUNCATE {STAGING}")
    return stored


# COPY's text format: a backslash, tab, newline or carriage return in a value is escaped.
_COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def _copy_text(rows: list[_Valid], now: datetime) -> str:
    """The rows as COPY text, written in one piece (psycopg's `write_row` adapts each value
    in turn, a tenth of the batch's time). The values are checked already: an id, an aware
    time, a finite float, and JSON text without NUL."""
    received = now.isoformat()
    lines = [
        f"{row.device.pk}\t{row.time.isoformat()}\t{row.value!r}\t"
        f"{row.extra.translate(_COPY_ESCAPES)}\t{received}\n"
        for row in rows
    ]
    return "".join(lines)


def _note_devices(rows: list[_Valid]) -> None:
    """Last seen (never moved back), battery (from the latest reading) and a review pending
    from the earliest reading of the batch on (the review's incremental window), for every
    device of the batch in one UPDATE … FROM unnest(…) on PostgreSQL, … FROM (VALUES …) on
    SQLite (3.33+)."""
    latest: dict[int, _Valid] = {}
    earliest: dict[int, datetime] = {}
    for row in rows:
        pk = row.device.pk
        if pk not in latest or row.time > latest[pk].time:
            latest[pk] = row
        if pk not in earliest or row.time < earliest[pk]:
            earliest[pk] = row.time
    if not latest:
        return
    newer = "(d.last_seen_at IS NULL OR d.last_seen_at < v.t)"
    update = (
        "UPDATE connected_device AS d SET "
        f"last_seen_at = CASE WHEN {newer} THEN v.t ELSE d.last_seen_at END, "
        f"battery_percent = CASE WHEN v.b IS NOT NULL AND {newer} THEN v.b "
        "ELSE d.battery_percent END, "
        "review_from = CASE WHEN d.review_from IS NULL OR d.review_from > v.f THEN v.f "
        "ELSE d.review_from END, "
    )
    items = list(latest.values())
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Three arrays rather than three parameters a device: the statement stays small
            # (half the time of a VALUES list for 500 devices).
            cursor.execute(
                update + "review_pending = true FROM unnest(%s::bigint[], %s::timestamptz[], "
                "%s::smallint[], %s::timestamptz[]) AS v (id, t, b, f) WHERE d.id = v.id",
                [
                    [row.device.pk for row in items],
                    [row.time for row in items],
                    [row.battery for row in items],
                    [earliest[row.device.pk] for row in items],
                ],
            )
            return
        ops = connection.ops
        for start in range(0, len(items), CHUNK):
            chunk = items[start : start + CHUNK]
            params: list[Any] = []
            for row in chunk:
                params += [
                    row.device.pk,
                    ops.adapt_datetimefield_value(row.time),
                    row.battery,
                    ops.adapt_datetimefield_value(earliest[row.device.pk]),
                ]
            values = ",".join(["(%s, %s, %s, %s)"] * len(chunk))
            cursor.execute(
                update + "review_pending = 1 FROM (SELECT column1 AS id, column2 AS t, "
                f"column3 AS b, column4 AS f FROM (VALUES {values})) AS v WHERE d.id = v.id",
                params,
            )
