"""Opening hours in the OpenStreetMap format: is it open now, and the week as people read it.

Evaluated by opening-hours-py; a value it cannot parse is "unknown", never an error. Times are
the city's local wall-clock time (TIME_ZONE).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

import opening_hours
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django.utils.functional import _StrOrPromise as StrOrPromise

DAYS = [
    _("lundi"),
    _("mardi"),
    _("mercredi"),
    _("jeudi"),
    _("vendredi"),
    _("samedi"),
    _("dimanche"),
]


@lru_cache(maxsize=4096)
def parse(expression: str) -> opening_hours.OpeningHours | None:
    if not expression.strip():
        return None
    try:
        return opening_hours.OpeningHours(expression)
    except (opening_hours.ParserError, ValueError):  # type: ignore[attr-defined]  # no stub
        return None


def valid(expression: str) -> bool:
    return parse(expression) is not None


def local(now: datetime.datetime | None = None) -> datetime.datetime:
    """The naive local time the evaluator expects (a naive time is taken as local already)."""
    moment = now or timezone.now()
    if timezone.is_aware(moment):
        moment = timezone.localtime(moment).replace(tzinfo=None)
    return moment.replace(second=0, microsecond=0)


def is_open(expression: str, now: datetime.datetime | None = None) -> bool | None:
    """True or False, or None when the hours are missing or unreadable."""
    parsed = parse(expression)
    if parsed is None:
        return None
    return bool(parsed.is_open(local(now)))


@dataclass(frozen=True)
class Day:
    name: StrOrPromise
    ranges: list[str]
    today: bool


def week(expression: str, now: datetime.datetime | None = None) -> list[Day]:
    """The seven days from this Monday, each with its opening ranges ("9 h 00 – 12 h 00")."""
    parsed = parse(expression)
    if parsed is None:
        return []
    moment = local(now)
    monday = datetime.datetime.combine(
        moment.date() - datetime.timedelta(days=moment.weekday()), datetime.time()
    )
    days = []
    for offset in range(7):
        start = monday + datetime.timedelta(days=offset)
        end = start + datetime.timedelta(days=1)
        ranges = [
            f"{_clock(a)} – {_clock(b, start)}"
            for a, b, state, _ in parsed.intervals(start, end)
            if state == opening_hours.State.OPEN
        ]
        days.append(Day(DAYS[offset], ranges, start.date() == moment.date()))
    return days


def next_change(expression: str, now: datetime.datetime | None = None) -> datetime.datetime | None:
    parsed = parse(expression)
    if parsed is None:
        return None
    try:
        return parsed.next_change(local(now))
    except (ValueError, OverflowError):
        return None


def _clock(moment: datetime.datetime, day: datetime.datetime | None = None) -> str:
    if day is not None and moment.date() > day.date() and moment.time() == datetime.time():
        hour, minute = 24, 0
    else:
        hour, minute = moment.hour, moment.minute
    return gettext("%(hour)d h %(minute)02d") % {"hour": hour, "minute": minute}
