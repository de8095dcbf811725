"""Reads for the pulse dashboard, its weekly report and its export.

Every figure about what people say is summed from `DailySignal` (one row per day × topic ×
quartier × channel, kept after the messages are purged), never counted over `Message`: the
dashboard must stay fast with millions of messages. `Message` is read only for what the
aggregates cannot give: distinct voices (within retention) and a few verbatim examples.
Service performance comes from the service requests themselves.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from functools import cached_property
from typing import Any

from django.conf import settings
from django.db.models import Count, Q, QuerySet, Sum
from django.utils import timezone

from massalia.citycard.selectors import Figures as CardFigures
from massalia.citycard.selectors import figures as card_figures
from massalia.core import exports
from massalia.eservices.selectors import CrecheFigure, creche_figures
from massalia.pulse.models import Alert, DailySignal, Message, MessageQuerySet, Topic
from massalia.servicerequests.models import ServiceRequest, ServiceRequestQuerySet
from massalia.territory.models import Arrondissement, Quartier

# Periods longer than this are drawn week by week.
DAILY_UP_TO = 92
VERBATIMS = 8
TOP = 5
SUMS = {
    "total": Sum("messages"),
    "neg": Sum("negative"),
    "neu": Sum("neutral"),
    "pos": Sum("positive"),
    "score": Sum("sentiment_sum"),
}


@dataclass(frozen=True)
class Filters:
    """What the dashboard looks at: a span of days (both ends included) and optional cuts."""

    start: date
    end: date
    arrondissement_id: int | None = None
    quartier_id: int | None = None
    channel: str = ""
    topic_id: int | None = None

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @cached_property
    def cells(self) -> list[Cell]:
        """This span's aggregates, scanned once for the life of these filters (one page)."""
        return _scan(self)

    @cached_property
    def before(self) -> Filters:
        """The same cuts over the span of the same length just before (kept, so its
        aggregates are scanned once per page)."""
        return self.previous()

    def previous(self) -> Filters:
        """The same cuts over the span of the same length just before."""
        return replace(
            self, start=self.start - timedelta(days=self.days), end=self.start - timedelta(days=1)
        )

    def since(self) -> datetime:
        return timezone.make_aware(datetime.combine(self.start, time.min))

    def until(self) -> datetime:
        """The first instant after the span."""
        return timezone.make_aware(datetime.combine(self.end + timedelta(days=1), time.min))

    def place_q(self, prefix: str = "") -> Q:
        if self.quartier_id:
            return Q(**{f"{prefix}quartier_id": self.quartier_id})
        if self.arrondissement_id:
            return Q(**{f"{prefix}arrondissement_id": self.arrondissement_id})
        return Q()

    def signal_q(self) -> Q:
        query = Q(day__gte=self.start, day__lte=self.end) & self.place_q()
        if self.channel:
            query &= Q(channel=self.channel)
        if self.topic_id:
            query &= Q(topic_id=self.topic_id)
        return query

    def message_q(self) -> Q:
        query = Q(published_at__gte=self.since(), published_at__lt=self.until()) & self.place_q()
        if self.channel:
            query &= Q(channel=self.channel)
        if self.topic_id:
            query &= Q(topic_id=self.topic_id)
        return query


def signals(filters: Filters) -> QuerySet[DailySignal]:
    return DailySignal.objects.filter(filters.signal_q())


@dataclass(frozen=True)
class Cell:
    """The sums of one topic × quartier over the filters' span."""

    topic_id: int | None
    arrondissement_id: int | None
    quartier_id: int | None
    total: int
    neg: int
    neu: int
    pos: int
    score: float


def _scan(filters: Filters) -> list[Cell]:
    """The span's sums per topic × quartier: one scan of the aggregates, from which the key
    figures, the maps and the heat map are all derived."""
    rows = (
        signals(filters)
        .values_list("topic_id", "arrondissement_id", "quartier_id")
        .annotate(*SUMS.values())
        .order_by()
    )
    return [Cell(*row[:3], *(value or 0 for value in row[3:])) for row in rows]


def _sum(rows: Iterable[Cell], key: Callable[[Cell], Any]) -> dict[Any, Cell]:
    out: dict[Any, list[Any]] = {}
    for cell in rows:
        acc = out.setdefault(key(cell), [0, 0, 0, 0, 0.0])
        acc[0] += cell.total
        acc[1] += cell.neg
        acc[2] += cell.neu
        acc[3] += cell.pos
        acc[4] += cell.score
    return {k: Cell(None, None, None, *v) for k, v in out.items()}


# Key figures -------------------------------------------------------------------------------


@dataclass(frozen=True)
class KeyFigures:
    messages: int
    previous: int
    negative_share: float | None  # 0 … 100
    mean_sentiment: float | None  # -1 … 1
    voices: int
    voices_partial: bool  # the span reaches before the retention limit
    open_alerts: int
    overdue_requests: int

    @property
    def change(self) -> float | None:
        """Change against the previous span, in percent (None when it had nothing)."""
        if not self.previous:
            return None
        return round(100 * (self.messages - self.previous) / self.previous, 1)


def _totals(filters: Filters) -> Cell:
    return _sum(filters.cells, lambda cell: None).get(None, Cell(None, None, None, 0, 0, 0, 0, 0.0))


def retention_start() -> date:
    return timezone.localdate() - timedelta(days=settings.PULSE_RETENTION_DAYS)


def distinct_voices(filters: Filters) -> int:
    """How many distinct author pseudonyms spoke (only messages still kept count)."""
    kept = replace(filters, start=max(filters.start, retention_start()))
    if kept.start > kept.end:
        return 0
    rows = Message.objects.filter(kept.message_q()).exclude(author="")
    return rows.values("author").distinct().count()


def key_figures(filters: Filters) -> KeyFigures:
    now = _totals(filters)
    total = now.total
    return KeyFigures(
        messages=total,
        previous=_totals(filters.before).total,
        negative_share=round(100 * now.neg / total, 1) if total else None,
        mean_sentiment=round(now.score / total, 2) if total else None,
        voices=distinct_voices(filters),
        voices_partial=filters.start < retention_start(),
        open_alerts=alerts(filters).filter(acknowledged_at__isnull=True).count(),
        overdue_requests=requests(filters, created=False).overdue().count(),
    )


# Over time ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Bucket:
    """One day, or one week (starting on `day`) for long spans."""

    day: date
    messages: int = 0
    negative: int = 0
    neutral: int = 0
    positive: int = 0

    @property
    def label(self) -> str:
        return self.day.strftime("%d/%m")


def weekly(filters: Filters) -> bool:
    return filters.days > DAILY_UP_TO


def series(filters: Filters) -> list[Bucket]:
    """Messages and their sentiment per day (or per week for long spans), gaps as zeros."""
    rows = signals(filters).values("day").annotate(**SUMS).order_by("day")
    by_week = weekly(filters)
    step = 7 if by_week else 1

    def key(day: date) -> date:
        return day - timedelta(days=day.weekday()) if by_week else day

    found: dict[date, list[int]] = {}
    for row in rows:
        cell = found.setdefault(key(row["day"]), [0, 0, 0, 0])
        for i, name in enumerate(("total", "neg", "neu", "pos")):
            cell[i] += row[name] or 0
    buckets = []
    day = key(filters.start)
    while day <= filters.end:
        values = found.get(day, [0, 0, 0, 0])
        buckets.append(Bucket(day, *values))
        day += timedelta(days=step)
    return buckets


# Places --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PlaceFigure:
    id: int
    name: str
    messages: int
    negative: int

    @property
    def negative_share(self) -> float | None:
        return round(100 * self.negative / self.messages, 1) if self.messages else None


def by_arrondissement(filters: Filters) -> list[PlaceFigure]:
    """Every arrondissement with its messages (zero included), in the city's order."""
    counts = _sum(filters.cells, lambda cell: cell.arrondissement_id)
    return [
        PlaceFigure(a.pk, a.name, *_pair(counts.get(a.pk)))
        for a in Arrondissement.objects.order_by("number")
    ]


def by_quartier(filters: Filters) -> list[PlaceFigure]:
    """Every quartier (of the chosen arrondissement, if any) with its messages."""
    counts = _sum(filters.cells, lambda cell: cell.quartier_id)
    quartiers = Quartier.objects.order_by("name")
    if filters.arrondissement_id:
        quartiers = quartiers.filter(arrondissement_id=filters.arrondissement_id)
    return [PlaceFigure(q.pk, q.display_name, *_pair(counts.get(q.pk))) for q in quartiers]


def _pair(cell: Cell | None) -> tuple[int, int]:
    return (cell.total, cell.neg) if cell else (0, 0)


def top_places(filters: Filters, *, limit: int = TOP) -> list[PlaceFigure]:
    return sorted(
        (p for p in by_quartier(filters) if p.messages), key=lambda p: (-p.messages, p.name)
    )[:limit]


# Topics --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TopicFigure:
    topic: Topic | None
    messages: int
    previous: int
    negative: int

    @property
    def name(self) -> str:
        return self.topic.name if self.topic else "Sans thème"

    @property
    def change(self) -> float | None:
        if not self.previous:
            return None
        return round(100 * (self.messages - self.previous) / self.previous, 1)


def top_topics(filters: Filters, *, limit: int = TOP) -> list[TopicFigure]:
    """The most talked-about topics, with their count over the previous span."""
    now = _sum(filters.cells, lambda cell: cell.topic_id)
    before = _sum(filters.before.cells, lambda cell: cell.topic_id)
    topics = Topic.objects.in_bulk([pk for pk in now if pk])
    figures = [
        TopicFigure(
            topics.get(pk) if pk else None,
            cell.total,
            before[pk].total if pk in before else 0,
            cell.neg,
        )
        for pk, cell in now.items()
        if cell.total
    ]
    figures.sort(key=lambda f: (-f.messages, f.name))
    return figures[:limit]


@dataclass
class HeatRow:
    topic: Topic
    cells: list[tuple[int, int]]  # (messages, level 0–4) per arrondissement
    total: int


@dataclass
class HeatMap:
    arrondissements: list[Arrondissement]
    rows: list[HeatRow] = field(default_factory=list)


def heat_map(filters: Filters) -> HeatMap:
    """Messages per topic × arrondissement, with a colour level per cell (0 = none)."""
    arrondissements = list(Arrondissement.objects.order_by("number"))
    if filters.arrondissement_id or filters.quartier_id:
        wanted = filters.arrondissement_id or _arrondissement_of(filters.quartier_id)
        arrondissements = [a for a in arrondissements if a.pk == wanted]
    counts = {
        key: cell.total
        for key, cell in _sum(
            filters.cells, lambda cell: (cell.topic_id, cell.arrondissement_id)
        ).items()
        if None not in key
    }
    highest = max(counts.values(), default=0)
    heat = HeatMap(arrondissements)
    topic_ids = {t for t, _ in counts}
    for topic in Topic.objects.filter(pk__in=topic_ids).order_by("name"):
        values = [counts.get((topic.pk, a.pk), 0) for a in arrondissements]
        cells = [(n, level(n, highest)) for n in values]
        heat.rows.append(HeatRow(topic, cells, sum(values)))
    heat.rows.sort(key=lambda r: (-r.total, r.topic.name))
    return heat


def level(value: int, highest: int, levels: int = 4) -> int:
    """0 for nothing, then 1 … `levels` by share of the highest value."""
    if value <= 0 or highest <= 0:
        return 0
    return max(1, min(levels, -(-value * levels // highest)))


def _arrondissement_of(quartier_id: int | None) -> int | None:
    if quartier_id is None:
        return None
    return (
        Quartier.objects.filter(pk=quartier_id).values_list("arrondissement_id", flat=True).first()
    )


# Alerts and verbatims ------------------------------------------------------------------------


def alerts(filters: Filters) -> QuerySet[Alert]:
    """Alert episodes that overlap the span, about the chosen topic and place."""
    rows = Alert.objects.filter(last_day__gte=filters.start, first_day__lte=filters.end)
    if filters.topic_id:
        rows = rows.filter(topic_id=filters.topic_id)
    wanted = filters.arrondissement_id or (
        _arrondissement_of(filters.quartier_id) if filters.quartier_id else None
    )
    if wanted:
        rows = rows.filter(Q(arrondissement_id=wanted) | Q(arrondissement__isnull=True))
    return rows.select_related("topic", "arrondissement", "acknowledged_by")


def alert_list(filters: Filters, *, limit: int = 20) -> list[Alert]:
    """Alerts not yet seen first, then the most recent."""
    rows = alerts(filters).order_by("acknowledged_at", "-last_day", "-score")
    ordered = sorted(
        rows[: limit * 2],
        key=lambda a: (a.acknowledged_at is not None, -a.last_day.toordinal()),
    )
    return ordered[:limit]


ALERT_MESSAGES_SHOWN = 500  # an alert's page lists at most this many of its messages


@dataclass(frozen=True)
class AlertMessages:
    """The messages an alert counts: those shown (newest first, at most ALERT_MESSAGES_SHOWN)
    and how many more it counts that cannot be shown (private demands, or erased after the
    retention period; their counts remain)."""

    alert: Alert
    shown: list[Message]
    kept: int  # messages still stored among those counted
    private: int

    @property
    def hidden_by_limit(self) -> int:
        return max(self.kept - self.private - len(self.shown), 0)

    @property
    def erased(self) -> int:
        return max(self.alert.total - self.kept, 0)

    @property
    def dashboard_query(self) -> str:
        """The dashboard's filters on the alert's topic, place and days."""
        alert = self.alert
        query = f"periode=dates&du={alert.first_day:%Y-%m-%d}&au={alert.last_day:%Y-%m-%d}"
        if alert.topic is not None:
            query += f"&theme={alert.topic.slug}"
        if alert.arrondissement_id:
            query += f"&lieu=a-{alert.arrondissement_id}"
        return query


def counted_messages(alert: Alert) -> MessageQuerySet:
    """Exactly the messages an alert counts. A spike counts its topic and place on its days
    (as the daily counts do: enriched messages, by local day of publication); an emerging
    topic counts the messages of its groups."""
    if alert.kind == Alert.Kind.EMERGING:
        return Message.objects.enriched().filter(pk__in=alert.message_ids or alert.examples)
    span = Filters(
        start=alert.first_day,
        end=alert.last_day,
        arrondissement_id=alert.arrondissement_id,
        topic_id=alert.topic_id,
    )
    return Message.objects.enriched().filter(span.message_q())


def alert_messages(alert: Alert, *, limit: int = ALERT_MESSAGES_SHOWN) -> AlertMessages:
    counted = counted_messages(alert)
    figures = counted.aggregate(kept=Count("id"), private=Count("id", filter=Q(is_private=True)))
    shown = (
        counted.shown()
        .select_related("topic", "quartier", "arrondissement")
        .order_by("-published_at", "-id")[:limit]
    )
    return AlertMessages(alert, list(shown), figures["kept"], figures["private"])


@dataclass(frozen=True)
class Verbatim:
    message: Message
    reasons: list[str]

    @property
    def reasons_text(self) -> str:
        return ", ".join(self.reasons)


def verbatims(filters: Filters, *, limit: int = VERBATIMS) -> list[Verbatim]:
    """A few recent enriched messages (never their author, never a private demand), first of
    their duplicates only."""
    # Walk the span newest first and keep the first fitting ones: a filter on enrichment or
    # duplicates would make the database sort the whole span instead of reading its index.
    rows = (
        Message.objects.shown()
        .filter(filters.message_q())
        .select_related("topic", "quartier", "arrondissement")
        .only(
            "id",
            "text",
            "enriched_at",
            "duplicate_of",
            "channel",
            "published_at",
            "topic",
            "topic_reasons",
            "topic_corrected",
            "sentiment",
            "quartier",
            "arrondissement",
            "topic__name",
            "quartier__name",
            "arrondissement__name",
        )
        .order_by("-published_at", "-id")
    )
    chosen: list[Verbatim] = []
    for message in rows.iterator(chunk_size=4 * limit):
        if message.enriched_at and not message.duplicate_of_id:
            chosen.append(Verbatim(message, _reason_words(message.topic_reasons)))
            if len(chosen) == limit:
                break
    return chosen


def _reason_words(reasons: Any, limit: int = 5) -> list[str]:
    words = []
    for item in reasons or []:
        if isinstance(item, (list, tuple)) and item:
            words.append(str(item[0]))
        elif isinstance(item, str):
            words.append(item)
    return words[:limit]


# Service performance -------------------------------------------------------------------------


def requests(filters: Filters, *, created: bool = True) -> ServiceRequestQuerySet:
    """Confirmed service requests in the chosen place (and topic, through its request types).

    With `created`, only those filed during the span. The channel filter does not apply.
    """
    rows = ServiceRequest.objects.confirmed()
    if created:
        rows = rows.filter(created_at__gte=filters.since(), created_at__lt=filters.until())
    if filters.quartier_id:
        rows = rows.filter(quartier_id=filters.quartier_id)
    elif filters.arrondissement_id:
        rows = rows.in_arrondissement(filters.arrondissement_id)
    if filters.topic_id:
        rows = rows.filter(_topic_requests_q(filters.topic_id))
    return rows


def _topic_requests_q(topic_id: int) -> Q:
    topic = Topic.objects.filter(pk=topic_id).first()
    if topic is None:
        return Q(pk__in=[])
    codes = topic.request_type_codes()
    if codes:
        return Q(request_type__code__in=codes)
    if topic.department_id:
        return Q(department_id=topic.department_id)
    return Q(pk__in=[])


@dataclass(frozen=True)
class Performance:
    name: str
    filed: int
    resolved: int
    median_days: float | None
    overdue: int


def performance(filters: Filters) -> dict[str, list[Performance]]:
    """Per department and per quartier: requests filed in the span, resolved in the span (with
    the median days from filing to resolution) and overdue now (expected date passed, open)."""
    return {
        "departments": _performance(filters, "department_id", "department__name"),
        "quartiers": _performance(filters, "quartier_id", "quartier__name"),
    }


def _performance(filters: Filters, key: str, label: str) -> list[Performance]:
    everywhere = requests(filters, created=False)
    filed = _count_by(requests(filters), key, label)
    overdue = _count_by(everywhere.overdue(), key, label)
    answered = everywhere.resolved(filters.since(), filters.until())
    resolved = _count_by(answered, key, label)
    medians = answered.median_days_by(key)
    names = {k: v for k, (v, _) in {**filed, **overdue, **resolved}.items()}
    figures = [
        Performance(
            name=_place_name(names[g]) if key == "quartier_id" else str(names[g] or "—"),
            filed=filed.get(g, (None, 0))[1],
            resolved=resolved.get(g, (None, 0))[1],
            median_days=medians.get(g),
            overdue=overdue.get(g, (None, 0))[1],
        )
        for g in names
    ]
    figures.sort(key=lambda p: (-p.overdue, -p.filed, p.name))
    return figures


def _count_by(rows: QuerySet[ServiceRequest], key: str, label: str) -> dict[Any, tuple[Any, int]]:
    return {r[key]: (r[label], r["n"]) for r in rows.values(key, label).annotate(n=Count("id"))}


def _place_name(name: str | None) -> str:
    return Quartier(name=name).display_name if name else "Sans quartier"


def creches(filters: Filters) -> list[CrecheFigure]:
    """Crèche applications filed in the span and places, by arrondissement (the e-services'
    own counts: the applications are administrative demands, not voices, so they are not
    messages). A quartier chosen narrows to its arrondissement."""
    place = filters.arrondissement_id or _arrondissement_of(filters.quartier_id)
    return creche_figures(since=filters.since(), until=filters.until(), arrondissement_id=place)


def city_card(filters: Filters) -> CardFigures:
    """Taps of the city card in the span by line and stop and by facility (the card's own
    anonymous counts: no card is named)."""
    return card_figures(since=filters.since(), until=filters.until())


# Export --------------------------------------------------------------------------------------

_CHANNELS = dict(DailySignal._meta.get_field("channel").choices or [])


@functools.lru_cache(maxsize=1024)
def _export_place(name: str | None) -> str:
    # A million lines name a few hundred quartiers: each label is built once.
    return _place_name(name) if name else ""


def _mean_sentiment(row: dict[str, Any]) -> float | None:
    return row["sentiment_sum"] / row["messages"] if row["messages"] else None


SIGNALS_EXPORT = exports.Dataset(
    name="barometre",
    columns=[
        exports.Column("jour", "jour", lambda r: r["day"]),
        exports.Column("theme", "thème", lambda r: r["topic__name"]),
        exports.Column("arrondissement", "arrondissement", lambda r: r["arrondissement__name"]),
        exports.Column("quartier", "quartier", lambda r: _export_place(r["quartier__name"])),
        exports.Column("canal", "canal", lambda r: _CHANNELS.get(r["channel"], r["channel"])),
        exports.Column("messages", "messages"),
        exports.Column("negatifs", "négatifs", lambda r: r["negative"]),
        exports.Column("neutres", "neutres", lambda r: r["neutral"]),
        exports.Column("positifs", "positifs", lambda r: r["positive"]),
        exports.Column("sentiment_moyen", "sentiment moyen", _mean_sentiment, decimals=3),
    ],
)


def export_rows(filters: Filters) -> QuerySet[DailySignal, Any]:
    """The aggregates for the filters, one row per day × topic × place × channel, in the
    order of SIGNALS_EXPORT's lines (read lazily by `core.exports`)."""
    return (
        signals(filters)
        .order_by("day", "topic__name", "arrondissement__number", "quartier__name", "channel")
        .values(
            "day",
            "topic__name",
            "arrondissement__name",
            "quartier__name",
            "channel",
            "messages",
            "negative",
            "neutral",
            "positive",
            "sentiment_sum",
        )
    )
