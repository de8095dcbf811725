"""Water meters: consumption and suspicions from index readings, as pure functions.

Nothing here needs Django or a database: `consumption(readings)` and `detect(readings)` take a
meter's index readings (litres on the register, aware times, in any order, with duplicates,
gaps, late rows, resets and rollovers) and answer with hourly and daily figures and the
suspicions, each an episode with a start and an end. `massalia water detect FILE.csv` and the
ingestion service both call them.

How the index becomes consumption:

- Readings are sorted by time; two readings at the same instant keep the one given last (a
  late correction replaces the first value).
- Between two readings the forward volume is spread evenly over the time between them. An
  hour is *measured* when every interval overlapping it is at most `Rules.max_gap` long;
  hours inside a longer gap still receive their share (so daily totals keep the volume) but
  are *estimated*, and the detections that need hour-by-hour evidence skip them.
- An index going down is one of three things. A **rollover**: the register passed its maximum
  (`Rules.register_litres`) and started again, so the volume is what was left to the maximum
  plus the new index. A **reset** (meter replaced or reset to zero): the new index is less than
  what was lost, i.e. the register lost more than half its value, which no backflow does; the
  volume is the new index, counted from zero. Otherwise a **backflow**: water went back
  through the meter; the volume that came back is reported as a backflow suspicion and the
  interval counts no consumption (consumption counts water going forward only).

The suspicions (`Kind`):

- `leak`: at least `Rules.leak_hours` (24) consecutive measured hours none of which was quiet
  (below `Rules.quiet_litres`): water never stopped running for a day.
- `night_flow`: a night whose every hour in the night window (local time, `Rules.night_start`
  to `Rules.night_end`) is measured and carries at least `Rules.night_litres` — the minimum
  night flow a household does not have; consecutive nights are one episode. Nights inside a
  leak's episode are the leak's: no night flow is reported over them.
- `backflow`: the index went back by at least `Rules.backflow_litres`, not explained by a reset
  or a rollover; adjacent backward intervals are one episode.
- `alarm`: a flag the meter raised itself (`Reading.alarms`: "leak", "backflow", "tamper", …),
  from the first reading carrying it to the last of an unbroken run.
- `abnormal_consumption`, as the loi Warsmann defines it (CGCT L2224-12-4, III bis): the volume
  of a month (local calendar month; the month in progress once it has
  `Rules.abnormal_min_days` of data) more than twice the meter's average over the same days of
  the three previous years that it covers; without such a year, more than twice the local
  reference (`Rules.local_litres_per_day` × days) when the commune set one. Consecutive
  abnormal months are one episode.
"""

from __future__ import annotations

import enum
import math
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.utils.translation import gettext_lazy as _

HOUR = 3600


class Kind(enum.StrEnum):
    LEAK = "leak"
    NIGHT_FLOW = "night_flow"
    BACKFLOW = "backflow"
    ABNORMAL_CONSUMPTION = "abnormal_consumption"
    ALARM = "alarm"  # the meter's own alarm flag (its code in Episode.detail)


LABELS = {
    Kind.LEAK: _("Fuite probable (écoulement continu)"),
    Kind.NIGHT_FLOW: _("Consommation nocturne anormale"),
    Kind.BACKFLOW: _("Retour d'eau"),
    Kind.ABNORMAL_CONSUMPTION: _("Consommation anormale (plus du double de l'habitude)"),
    Kind.ALARM: _("Alarme signalée par le compteur"),
}


@dataclass(frozen=True)
class Rules:
    """The thresholds of the detection; the defaults suit a household meter read hourly."""

    zone: ZoneInfo = field(default_factory=lambda: ZoneInfo("Europe/Paris"))
    max_gap: timedelta = timedelta(hours=3)
    quiet_litres: float = 1.0  # an hour under this is quiet (a register counts whole litres)
    leak_hours: int = 24
    night_start: int = 1  # local hour the night window starts
    night_end: int = 5  # local hour it ends (exclusive)
    night_litres: float = 6.0  # per hour, every hour of the window
    backflow_litres: float = 1.0
    register_litres: float = 99_999_999.0  # a 99,999 m³ register with litres
    rollover_margin: float = 0.1  # a rollover starts in the top tenth and ends in the bottom one
    abnormal_factor: float = 2.0
    abnormal_min_days: int = 7
    history_years: int = 3
    history_coverage: float = 0.9  # share of a past period the meter must cover to count
    max_span_days: int = 4 * 366  # a meter's readings over longer than this are refused
    local_litres_per_day: float | None = None  # the local reference when there is no history


@dataclass(frozen=True)
class Reading:
    meter: str
    time: datetime  # aware
    index_litres: float
    alarms: tuple[str, ...] = ()  # the meter's own flags ("leak", "backflow", "tamper", …)


@dataclass(frozen=True)
class Episode:
    meter: str
    kind: Kind
    start: datetime
    end: datetime
    litres: float = 0.0  # the volume behind the suspicion (flow, backflow, period's volume)
    reference_litres: float | None = None  # what it is compared with, for abnormal consumption
    ongoing: bool = False  # the evidence runs to the last reading: not over yet
    detail: str = ""  # an alarm's code


@dataclass
class Hour:
    start: datetime  # UTC, on the hour
    litres: float
    measured: bool


@dataclass(frozen=True)
class Day:
    """One local day of a meter: what a daily aggregate keeps once raw readings expire."""

    day: date  # local date
    litres: float
    hours: int  # hours of the day with a share of volume (measured or estimated)
    estimated_hours: int
    opens_measured: bool = True  # its first hour measured: the index at its start is known
    closes_measured: bool = True  # and its last hour


@dataclass
class Series:
    """One meter's figures: hours (UTC, contiguous from the first to the last reading) and
    backward moves (start, end, litres)."""

    meter: str
    hours: list[Hour]
    backflows: list[tuple[datetime, datetime, float]]
    resets: list[datetime]
    last: datetime | None

    def days(self, zone: ZoneInfo) -> list[Day]:
        """Consumption per local day."""
        grouped: dict[date, list[Hour]] = {}
        for hour in self.hours:
            grouped.setdefault(hour.start.astimezone(zone).date(), []).append(hour)
        found = []
        for day, hours in sorted(grouped.items()):
            opening = datetime.combine(day, time(0), zone)
            closing = datetime.combine(day + timedelta(days=1), time(0), zone)
            found.append(
                Day(
                    day,
                    round(sum(h.litres for h in hours), 3),
                    len(hours),
                    sum(1 for h in hours if not h.measured),
                    hours[0].measured and hours[0].start == opening,
                    hours[-1].measured and hours[-1].start + timedelta(hours=1) == closing,
                )
            )
        return found

    def months(self, zone: ZoneInfo) -> list[tuple[date, float]]:
        """Consumption per local month, as (first day, litres)."""
        totals: dict[date, float] = {}
        for day in self.days(zone):
            key = day.day.replace(day=1)
            totals[key] = totals.get(key, 0.0) + day.litres
        return [(k, round(v, 3)) for k, v in sorted(totals.items())]


def by_meter(readings: Iterable[Reading]) -> dict[str, list[Reading]]:
    meters: dict[str, list[Reading]] = {}
    for reading in readings:
        meters.setdefault(reading.meter, []).append(reading)
    return meters


def _ordered(readings: Iterable[Reading]) -> list[Reading]:
    """By time; at one instant, the reading given last wins."""
    latest: dict[datetime, Reading] = {}
    for reading in readings:
        if reading.time.tzinfo is None:
            raise ValueError("reading times must be aware")
        latest[reading.time] = reading
    return [latest[t] for t in sorted(latest)]


def consumption(readings: Iterable[Reading], rules: Rules | None = None) -> Series:
    """One meter's hourly figures from its index readings (see the module's docstring)."""
    rules = rules or Rules()
    ordered = _ordered(readings)
    meter = ordered[0].meter if ordered else ""
    series = Series(meter, [], [], [], ordered[-1].time if ordered else None)
    if len(ordered) < 2:
        return series
    # Whole seconds: of several readings within one second, the latest stands for them.
    by_second = {math.floor(r.time.timestamp()): r for r in ordered}
    ordered = [by_second[second] for second in sorted(by_second)]
    if len(ordered) < 2:
        return series
    epoch = sorted(by_second)
    if epoch[-1] - epoch[0] > rules.max_span_days * 86400:
        raise SpanTooLong(
            f"compteur {meter} : relevés sur plus de {rules.max_span_days} jours, non analysés"
        )
    first_hour = epoch[0] // HOUR
    count = (epoch[-1] - 1) // HOUR - first_hour + 1
    litres = [0.0] * count
    measured_seconds = [0] * count
    gap = rules.max_gap.total_seconds()
    for i in range(1, len(ordered)):
        before, after = ordered[i - 1], ordered[i]
        t0, t1 = epoch[i - 1], epoch[i]
        volume = _forward(before, after, rules, series)
        measured = t1 - t0 <= gap
        hour = t0 // HOUR
        while hour * HOUR < t1:
            lo, hi = max(t0, hour * HOUR), min(t1, (hour + 1) * HOUR)
            slot = hour - first_hour
            litres[slot] += volume * (hi - lo) / (t1 - t0)
            if measured:
                measured_seconds[slot] += hi - lo
            hour += 1
    series.hours = [
        Hour(
            datetime.fromtimestamp((first_hour + slot) * HOUR, UTC),
            litres[slot],
            measured_seconds[slot] >= HOUR,
        )
        for slot in range(count)
    ]
    return series


def _forward(before: Reading, after: Reading, rules: Rules, series: Series) -> float:
    """The volume that went forward between two readings; records backflows and resets."""
    delta = after.index_litres - before.index_litres
    if delta >= 0:
        return delta
    top = rules.register_litres
    if (
        before.index_litres >= top * (1 - rules.rollover_margin)
        and after.index_litres <= top * rules.rollover_margin
    ):
        series.resets.append(after.time)
        return top - before.index_litres + after.index_litres
    if after.index_litres < -delta:
        series.resets.append(after.time)
        return after.index_litres
    if -delta >= rules.backflow_litres:
        series.backflows.append((before.time, after.time, -delta))
    return 0.0


def detect(
    readings: Iterable[Reading],
    rules: Rules | None = None,
    *,
    history: Iterable[Reading] = (),
    past_days: Mapping[str, Iterable[Day]] | None = None,
    since: datetime | None = None,
    judged_from: date | None = None,
) -> list[Episode]:
    """The suspicions of every meter in `readings`, ordered by meter, start and kind.

    Older figures count for the abnormal consumption's averages but raise no suspicion of
    their own: `history` as readings, `past_days` as daily aggregates per meter (what is kept
    once raw readings expire); a day the readings cover wins over a past day.

    A review reading a window passes `since` (a local midnight: the readings describe the days
    from its date on, an earlier reading is only there to begin the first hours; the days
    before come from `past_days`) and `judged_from` (months are judged from this day rather
    than from the first reading's day), so that the result does not depend on where the
    window starts.
    """
    rules = rules or Rules()
    past = by_meter(history)
    episodes: list[Episode] = []
    for meter, rows in sorted(by_meter(readings).items()):
        recent = consumption(rows, rules)
        found_leaks = leaks(recent, rules)
        episodes += found_leaks
        # Water running day and night: its nights are the leak's own, not a second suspicion.
        episodes += night_flows(recent, rules, leaks=found_leaks)
        episodes += backflows(recent)
        episodes += alarms(meter, rows)
        if not recent.hours or recent.last is None:
            continue
        days = {d.day: d for d in (past_days or {}).get(meter, ())}
        if meter in past:
            days.update((d.day, d) for d in consumption(past[meter], rules).days(rules.zone))
        opening = since.astimezone(rules.zone).date() if since is not None else None
        days.update(
            (d.day, d) for d in recent.days(rules.zone) if opening is None or d.day >= opening
        )
        first = judged_from or recent.hours[0].start.astimezone(rules.zone).date()
        # The last reading's day is partial, unless the reading is at its midnight, in which
        # case that day has no data at all: either way, the day before is the last complete.
        complete_until = recent.last.astimezone(rules.zone).date() - timedelta(days=1)
        episodes += abnormal_consumption(meter, days, rules, since=first, until=complete_until)
    return sorted(episodes, key=lambda e: (e.meter, e.start, e.kind.value))


def leaks(series: Series, rules: Rules) -> list[Episode]:
    """Runs of at least `leak_hours` measured hours none of which was quiet."""
    found: list[Episode] = []
    for run in _runs(series.hours, lambda h: h.measured and h.litres >= rules.quiet_litres):
        if len(run) >= rules.leak_hours:
            found.append(
                Episode(
                    series.meter,
                    Kind.LEAK,
                    run[0].start,
                    run[-1].start + timedelta(hours=1),
                    round(sum(h.litres for h in run), 3),
                    ongoing=run[-1] is series.hours[-1],
                )
            )
    return found


def _runs(hours: list[Hour], keep: Callable[[Hour], bool]) -> Iterator[list[Hour]]:
    run: list[Hour] = []
    for hour in hours:
        if keep(hour):
            run.append(hour)
        elif run:
            yield run
            run = []
    if run:
        yield run


def night_flows(series: Series, rules: Rules, *, leaks: Iterable[Episode] = ()) -> list[Episode]:
    """Nights whose every hour of the window is measured and at least `night_litres`, but for
    the nights inside one of `leaks`."""
    spans = [(leak.start, leak.end) for leak in leaks]
    nights: dict[date, list[Hour]] = {}
    for hour in series.hours:
        local = hour.start.astimezone(rules.zone)
        if rules.night_start <= local.hour < rules.night_end:
            nights.setdefault(local.date(), []).append(hour)
    window = rules.night_end - rules.night_start
    flagged: list[tuple[date, list[Hour]]] = []
    for night, hours in sorted(nights.items()):
        full = len(hours) >= window and all(h.measured for h in hours)
        inside = any(lo <= hours[0].start and hours[-1].start < hi for lo, hi in spans)
        if full and not inside and min(h.litres for h in hours) >= rules.night_litres:
            flagged.append((night, hours))
    found: list[Episode] = []
    last_hour = series.hours[-1] if series.hours else None
    for group in _consecutive(flagged):
        hours = [h for _, nightly in group for h in nightly]
        found.append(
            Episode(
                series.meter,
                Kind.NIGHT_FLOW,
                hours[0].start,
                hours[-1].start + timedelta(hours=1),
                round(sum(h.litres for h in hours), 3),
                ongoing=last_hour is not None
                and last_hour.start - hours[-1].start < timedelta(days=1),
            )
        )
    return found


def _consecutive(
    nights: list[tuple[date, list[Hour]]],
) -> Iterator[list[tuple[date, list[Hour]]]]:
    group: list[tuple[date, list[Hour]]] = []
    for item in nights:
        if group and item[0] - group[-1][0] != timedelta(days=1):
            yield group
            group = []
        group.append(item)
    if group:
        yield group


def backflows(series: Series) -> list[Episode]:
    """Backward moves of the index; adjacent ones are one episode."""
    found: list[Episode] = []
    for start, end, litres in series.backflows:
        if found and found[-1].end == start:
            previous = found.pop()
            start, litres = previous.start, previous.litres + litres
        found.append(Episode(series.meter, Kind.BACKFLOW, start, end, round(litres, 3)))
    return found


def alarms(meter: str, readings: Iterable[Reading]) -> list[Episode]:
    """Each alarm code the meter raised, from the first reading carrying it to the last of an
    unbroken run (a reading without it ends the run); ongoing while the last reading has it."""
    ordered = _ordered(readings)
    found: list[Episode] = []
    open_runs: dict[str, tuple[datetime, datetime]] = {}
    for reading in ordered:
        for code in set(open_runs) - set(reading.alarms):
            start, end = open_runs.pop(code)
            found.append(Episode(meter, Kind.ALARM, start, end, detail=code))
        for code in reading.alarms:
            start = open_runs.get(code, (reading.time, reading.time))[0]
            open_runs[code] = (start, reading.time)
    for code, (start, end) in open_runs.items():
        found.append(Episode(meter, Kind.ALARM, start, end, ongoing=True, detail=code))
    return sorted(found, key=lambda e: (e.start, e.detail))


def abnormal_consumption(
    meter: str, days: Mapping[date, Day], rules: Rules, *, since: date, until: date
) -> list[Episode]:
    """The months of since..until (local days) whose volume is more than `abnormal_factor`
    times the average over the same days of previous years (from `days`), or the local
    reference without history; a month is judged once it has `abnormal_min_days`."""
    flagged: list[Episode] = []
    month = since.replace(day=1)
    while month <= until:
        next_month = _add_months(month, 1)
        lo, hi = max(month, since), min(next_month - timedelta(days=1), until)
        if (hi - lo).days + 1 >= rules.abnormal_min_days:
            episode = _judge_period(meter, days, lo, hi, rules)
            if episode is not None:
                flagged.append(episode)
        month = next_month
    return _merge_months(flagged, ongoing_after=until)


def _judge_period(
    meter: str, days: Mapping[date, Day], lo: date, hi: date, rules: Rules
) -> Episode | None:
    span = (hi - lo).days + 1

    def covered(lo: date, hi: date) -> bool:
        return _covered(days, lo, hi, rules)

    if not covered(lo, hi):
        return None
    volume = sum(days[d].litres for d in _dates(lo, hi) if d in days)
    past: list[float] = []
    for years in range(1, rules.history_years + 1):
        p_lo, p_hi = _years_back(lo, years), _years_back(hi, years)
        if covered(p_lo, p_hi):
            past.append(sum(days[d].litres for d in _dates(p_lo, p_hi) if d in days))
    if past:
        reference = sum(past) / len(past)
    elif rules.local_litres_per_day is not None:
        reference = rules.local_litres_per_day * span
    else:
        return None
    if volume <= rules.abnormal_factor * reference:
        return None
    start = datetime.combine(lo, time(0), rules.zone)
    end = datetime.combine(hi + timedelta(days=1), time(0), rules.zone)
    return Episode(
        meter, Kind.ABNORMAL_CONSUMPTION, start, end, round(volume, 3), round(reference, 3)
    )


def _merge_months(flagged: list[Episode], *, ongoing_after: date) -> list[Episode]:
    merged: list[Episode] = []
    for episode in flagged:
        if merged and merged[-1].end == episode.start:
            previous = merged.pop()
            episode = Episode(
                episode.meter,
                episode.kind,
                previous.start,
                episode.end,
                round(previous.litres + episode.litres, 3),
                round((previous.reference_litres or 0) + (episode.reference_litres or 0), 3),
            )
        merged.append(episode)
    if merged:
        last = merged[-1]
        if last.end.date() > ongoing_after:
            merged[-1] = Episode(
                last.meter, last.kind, last.start, last.end, last.litres,
                last.reference_litres, ongoing=True,
            )  # fmt: skip
    return merged


def _covered(days: Mapping[date, Day], lo: date, hi: date, rules: Rules) -> bool:
    """Whether the meter's volume over the local days lo..hi is known: the hours at both ends
    measured (a gap inside only spreads a known volume; one across an end splits it by guess)
    and `history_coverage` of the hours inside the readings."""
    if lo not in days or hi not in days:
        return False
    if not (days[lo].opens_measured and days[hi].closes_measured):
        return False
    first = int(datetime.combine(lo, time(0), rules.zone).timestamp()) // HOUR
    after = int(datetime.combine(hi + timedelta(days=1), time(0), rules.zone).timestamp()) // HOUR
    held = sum(days[d].hours for d in _dates(lo, hi) if d in days)
    return held >= rules.history_coverage * (after - first)


def _dates(lo: date, hi: date) -> Iterator[date]:
    day = lo
    while day <= hi:
        yield day
        day += timedelta(days=1)


def _years_back(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def _add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


# -- reading rows from text -------------------------------------------------------------


class SpanTooLong(ValueError):
    """A meter's readings span more than `Rules.max_span_days` (its hours would not fit)."""


class RowError(ValueError):
    """A row that cannot be a reading; the message is French, for people."""


def parse_time(text: str) -> datetime:
    """An ISO 8601 time with its offset (or Z), else RowError."""
    value = text.strip()
    if not value:
        raise RowError("heure manquante")
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise RowError(f"heure illisible « {value[:40]} » (ISO 8601 attendu)") from None
    if parsed.tzinfo is None:
        raise RowError(f"heure sans décalage horaire « {value[:40]} » (par exemple +01:00)")
    return parsed


def parse_index(text: object) -> float:
    """A register index in litres: a finite number, zero or more, else RowError."""
    if text is None or (isinstance(text, str) and not text.strip()):
        raise RowError("index manquant")
    if isinstance(text, str):
        text = text.strip().replace(",", ".")
    if isinstance(text, bool) or not isinstance(text, str | int | float):
        raise RowError("index non numérique")
    try:
        value = float(text)
    except ValueError:
        raise RowError(f"index non numérique « {str(text)[:40]} »") from None
    if not math.isfinite(value):
        raise RowError("index non numérique")
    if value < 0:
        raise RowError(f"index négatif ({value:g})")
    return value


@dataclass(frozen=True)
class BadRow:
    line: int
    reason: str


COLUMNS = ("meter", "time", "index_litres")


def read_csv(lines: Iterable[str]) -> tuple[list[Reading], list[BadRow]]:
    """Readings from CSV text with the columns meter,time,index_litres (in any order, `,` or
    `;` separated), and the rows refused with their line numbers. Raises RowError when the
    header lacks a column."""
    import csv

    iterator = iter(lines)
    header_line = next(iterator, "")
    delimiter = ";" if header_line.count(";") > header_line.count(",") else ","
    header = [
        name.strip().lstrip("\ufeff").lower() for name in header_line.strip().split(delimiter)
    ]
    missing = [name for name in COLUMNS if name not in header]
    if missing:
        raise RowError(
            f"colonne(s) manquante(s) : {', '.join(missing)} (attendu : meter,time,index_litres)"
        )
    where = {name: header.index(name) for name in COLUMNS}
    readings: list[Reading] = []
    bad: list[BadRow] = []
    reader = csv.reader(iterator, delimiter=delimiter)
    for row in reader:
        line = reader.line_num + 1
        if not any(cell.strip() for cell in row):
            continue
        try:
            readings.append(_row(row, where))
        except RowError as exc:
            bad.append(BadRow(line, str(exc)))
    return readings, bad


def _row(row: list[str], where: dict[str, int]) -> Reading:
    if len(row) <= max(where.values()):
        raise RowError(f"{len(row)} colonne(s) au lieu de {max(where.values()) + 1}")
    meter = row[where["meter"]].strip()
    if not meter:
        raise RowError("compteur manquant")
    if len(meter) > 100:
        raise RowError("identifiant de compteur trop long (100 caractères au plus)")
    return Reading(meter, parse_time(row[where["time"]]), parse_index(row[where["index_litres"]]))
