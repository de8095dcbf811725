"""Alerts for the officials: unusual rises of a topic, emerging topics, and the email digest.

`detect(day)` reads the daily counts (DailySignal) of the last weeks in one grouped query,
builds one series per topic × arrondissement and per topic for the whole city, and runs the
seasonal spike test (massalia.pulse.detector) on `day` and the CATCH_UP_DAYS days before it,
so a run that was missed is caught up by the next. It then looks for emerging topics
(massalia.pulse.emerging). Alerts are created once: running it again the same day changes
the figures of an alert already raised, never adds a second one.

Officials who subscribe receive the alerts through the notification module's digests
(massalia.core.notifications): `queue_digest` hands it each new alert once per official, and
acknowledging an alert takes it out of the digests still waiting.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable
from typing import Any

import numpy as np
from django.conf import settings
from django.db import transaction
from django.db.models import Min, Sum
from django.utils import timezone
from django.utils.formats import number_format

from massalia.core.notifications import Frequency
from massalia.core.notifications import digests as notification_digests
from massalia.core.notifications.models import Subscription
from massalia.core.notifications.services import (
    preference,
    send,
    set_preference,
    subscribers,
    withdraw,
)
from massalia.pulse import detector, emerging, titles
from massalia.pulse.models import Alert, DailySignal, Message, Topic
from massalia.pulse.notifications import ALERTS_DIGEST, is_subscribed
from massalia.territory.models import Arrondissement

CATCH_UP_DAYS = 3  # days before `day` judged again, in case a run was missed
GATHER_DAYS = 8  # alerts older than this are on the dashboard, no longer news for a digest
CITY = None  # the arrondissement key of a city-wide series

SeriesKey = tuple[int, int | None]


def detect(day: dt.date) -> list[Alert]:
    """Raise the spike and emerging-topic alerts of `day` (and the days just before it)."""
    created = _spikes(day)
    created += _emerging(day)
    _close_quiet_episodes(day)
    return created


# Spikes ---------------------------------------------------------------------------------------


def _spikes(day: dt.date) -> list[Alert]:
    first_judged = day - dt.timedelta(days=CATCH_UP_DAYS)
    start = first_judged - dt.timedelta(days=detector.BASELINE_DAYS)
    known_since = DailySignal.objects.aggregate(first=Min("day"))["first"]
    if known_since is None:
        return []
    start = max(start, known_since)  # before the first count, nothing is known (not zero)
    series = _series(start, day)
    judged_from = max((first_judged - start).days, 0)
    found: list[tuple[dt.date, SeriesKey, detector.Judgement]] = []
    for key, counts in series.items():
        if counts[judged_from:].max(initial=0) < settings.PULSE_SPIKE_MIN_MESSAGES:
            continue  # cannot be a spike: spare the computation
        for judgement in detector.judge_series(
            counts,
            probability=settings.PULSE_SPIKE_PROBABILITY,
            min_messages=settings.PULSE_SPIKE_MIN_MESSAGES,
            start=judged_from,
        ):
            if judgement.is_spike:
                found.append((start + dt.timedelta(days=judgement.index), key, judgement))
    kept, folded = _fold_city_echoes(_without_echoes(found), series, start)
    return _record_spikes(kept, first_judged, day, folded)


def _without_echoes(
    found: list[tuple[dt.date, SeriesKey, detector.Judgement]],
) -> list[tuple[dt.date, SeriesKey, detector.Judgement]]:
    """Drop a city-wide spike that is mostly the echo of arrondissement spikes the same day:
    the officials are told where it happens, once."""
    local_excess: dict[tuple[dt.date, int], float] = defaultdict(float)
    for day, (topic_id, place_id), judgement in found:
        if place_id != CITY:
            local_excess[(day, topic_id)] += judgement.observed - judgement.expected
    return [
        (day, key, judgement)
        for day, key, judgement in found
        if key[1] != CITY
        or local_excess[(day, key[0])] * 2 < judgement.observed - judgement.expected
    ]


def _fold_city_echoes(
    found: list[tuple[dt.date, SeriesKey, detector.Judgement]],
    series: dict[SeriesKey, np.ndarray],
    start: dt.date,
) -> tuple[list[tuple[dt.date, SeriesKey, detector.Judgement]], list[tuple[dt.date, SeriesKey]]]:
    """A city-wide spike a few days from an arrondissement's spike of the same topic, and
    mostly made of that arrondissement's messages, is the same incident starting or ending:
    its day is added to the arrondissement's episode instead of raising a city-wide alert."""
    quiet = dt.timedelta(days=quiet_days())
    local = [(day, key) for day, key, _ in found if key[1] != CITY]
    kept, folded = [], []
    for day, key, judgement in found:
        near = {k for d, k in local if k[0] == key[0] and abs(d - day) <= quiet}
        index = (day - start).days
        place = max(near, key=lambda k: series[k][index], default=None)
        excess = judgement.observed - judgement.expected
        if key[1] == CITY and place is not None and series[place][index] * 2 >= excess:
            folded.append((day, place))
        else:
            kept.append((day, key, judgement))
    return kept, folded


def _series(start: dt.date, end: dt.date) -> dict[SeriesKey, np.ndarray]:
    """Daily counts from `start` to `end` per topic × arrondissement and per topic city-wide."""
    length = (end - start).days + 1
    series: dict[SeriesKey, np.ndarray] = defaultdict(lambda: np.zeros(length))
    rows = (
        DailySignal.objects.filter(day__gte=start, day__lte=end, topic__isnull=False)
        .values_list("topic_id", "arrondissement_id", "day")
        .annotate(total=Sum("messages"))
        .order_by()
    )
    for topic_id, arrondissement_id, day, total in rows:
        index = (day - start).days
        if arrondissement_id is not None:
            series[(topic_id, arrondissement_id)][index] += total
        series[(topic_id, CITY)][index] += total
    return dict(series)


def quiet_days() -> int:
    """Days without a spike that end an episode: a rise, this many quiet days and a new rise
    are two alerts; a shorter pause keeps one."""
    return int(settings.PULSE_ALERT_QUIET_DAYS)


@transaction.atomic
def _record_spikes(
    found: list[tuple[dt.date, SeriesKey, detector.Judgement]],
    first: dt.date,
    last: dt.date,
    folded: Iterable[tuple[dt.date, SeriesKey]] = (),
) -> list[Alert]:
    """Grow the episode each spike day belongs to, or open a new one; add the days of the
    city-wide echoes folded into an arrondissement's episode."""
    quiet = quiet_days()
    by_key: dict[SeriesKey, list[tuple[dt.date, detector.Judgement]]] = defaultdict(list)
    for day, key, judgement in sorted(found, key=lambda item: item[0]):
        by_key[key].append((day, judgement))
    episodes: dict[SeriesKey, list[Alert]] = defaultdict(list)
    nearby = Alert.objects.filter(
        kind=Alert.Kind.SPIKE,
        last_day__gte=first - dt.timedelta(days=quiet),
        first_day__lte=last + dt.timedelta(days=quiet),
    )
    for alert in nearby.exclude(topic__isnull=True).select_related("topic").order_by("first_day"):
        episodes[(alert.topic_id or 0, alert.arrondissement_id)].append(alert)
    topics = Topic.objects.in_bulk({key[0] for key in by_key})
    places = Arrondissement.objects.in_bulk({key[1] for key in by_key if key[1]})
    created: list[Alert] = []
    changed: dict[int, Alert] = {}
    for key, days in by_key.items():
        topic, place = topics[key[0]], places.get(key[1]) if key[1] else None
        for day, judgement in days:
            known = _episode_of(episodes[key], day, quiet)
            if known is None and key[1] == CITY and _covered(episodes, key[0], day):
                continue  # already folded into an arrondissement's episode
            if known is None:
                alert = Alert(kind=Alert.Kind.SPIKE, topic=topic, arrondissement=place)
                alert.first_day = alert.last_day = day
                _set_peak(alert, day, judgement, topic, place)
                episodes[key].append(alert)
                created.append(alert)
            else:
                alert = known
                alert.first_day = min(alert.first_day, day)
                alert.last_day = max(alert.last_day, day)
                if day == alert.day or judgement.observed > alert.observed:
                    _set_peak(alert, day, judgement, topic, place)
            changed[id(alert)] = alert
    for day, key in folded:
        grown = _episode_of(episodes[key], day, quiet)
        if grown is not None:
            grown.first_day, grown.last_day = min(grown.first_day, day), max(grown.last_day, day)
            changed[id(grown)] = grown
    for alert in changed.values():
        if alert.arrondissement_id is not None:
            _absorb_city_alerts(alert)
        alert.total = episode_total(alert)
        alert.state = Alert.State.RISING
        alert.save()
    return created


def _covered(episodes: dict[SeriesKey, list[Alert]], topic_id: int, day: dt.date) -> bool:
    """Does an arrondissement's episode of the topic already cover `day`?"""
    return any(
        alert.first_day <= day <= alert.last_day
        for (topic, place), alerts in episodes.items()
        if topic == topic_id and place != CITY
        for alert in alerts
    )


def _absorb_city_alerts(alert: Alert) -> None:
    """City-wide alerts raised before they were known to be this episode's echo: merged into
    it (an acknowledgement or an email they had is kept)."""
    echoes = Alert.objects.filter(
        kind=Alert.Kind.SPIKE,
        topic=alert.topic,
        arrondissement__isnull=True,
        first_day__gte=alert.first_day,
        last_day__lte=alert.last_day,
    )
    for echo in echoes:
        if alert.acknowledged_at is None and echo.acknowledged_at is not None:
            alert.acknowledged_at, alert.acknowledged_by = (
                echo.acknowledged_at,
                echo.acknowledged_by,
            )
        alert.emailed_at = alert.emailed_at or echo.emailed_at
        alert.created_at = min(alert.created_at, echo.created_at)
        echo.delete()


def _episode_of(episodes: list[Alert], day: dt.date, quiet: int) -> Alert | None:
    """The episode `day` continues: fewer than `quiet` days without a spike between them."""
    for alert in episodes:
        if (
            alert.first_day - dt.timedelta(days=quiet)
            <= day
            <= alert.last_day + dt.timedelta(days=quiet)
        ):
            return alert
    return None


def _set_peak(
    alert: Alert,
    day: dt.date,
    judgement: detector.Judgement,
    topic: Topic,
    place: Arrondissement | None,
) -> None:
    alert.day = day
    alert.observed = judgement.observed
    alert.expected = judgement.expected
    alert.score = judgement.probability
    alert.title = spike_title(topic, place, judgement)


def episode_total(alert: Alert) -> int:
    """The messages a spike alert counts: its topic and place on each of its days."""
    rows = DailySignal.objects.filter(
        topic=alert.topic, day__gte=alert.first_day, day__lte=alert.last_day
    )
    if alert.arrondissement_id is not None:
        rows = rows.filter(arrondissement_id=alert.arrondissement_id)
    return int(rows.aggregate(n=Sum("messages"))["n"] or 0)


def _close_quiet_episodes(day: dt.date) -> None:
    """An episode with no new day for `quiet_days()` days is over."""
    Alert.objects.filter(
        state=Alert.State.RISING, last_day__lte=day - dt.timedelta(days=quiet_days())
    ).update(state=Alert.State.OVER)


def spike_title(topic: Topic, place: Arrondissement | None, judgement: detector.Judgement) -> str:
    """« Propreté · 3e arrondissement : 27 messages (≈ 6 attendus) »."""
    where = place.name if place else "toute la ville"
    observed = judgement.observed
    expected = judgement.expected
    shown = number_format(round(expected, 1 if expected < 10 else None), use_l10n=True)
    messages = "message" if observed < 2 else "messages"
    awaited = "attendu" if round(expected, 1) < 2 else "attendus"
    return f"{topic.name} · {where} : {observed} {messages} (≈ {shown} {awaited})"


# Emerging topics ------------------------------------------------------------------------------

# Shorter words ("eau", "rue", "bus") are too common to say two groups tell the same thing.
MIN_TELLING_LETTERS = 5


@transaction.atomic
def _emerging(day: dt.date) -> list[Alert]:
    """Open or grow an emerging-topic episode for each group found, unless the group is a
    known topic rising in the same place these days: then it is folded into that alert."""
    recent = list(
        Alert.objects.filter(
            kind=Alert.Kind.EMERGING,
            last_day__gt=day - dt.timedelta(days=emerging.WINDOW_DAYS),
            first_day__lte=day,
        )
    )
    rising = list(
        Alert.objects.filter(
            kind=Alert.Kind.SPIKE,
            last_day__gt=day - dt.timedelta(days=emerging.WINDOW_DAYS),
            first_day__lte=day,
        )
    )
    created = []
    for group in emerging.find(day):
        spike = _rising_topic_of(group, rising)
        if spike is not None:
            _fold(group, spike)
            continue
        alert = next((a for a in recent if _same_subject(group.terms, a.terms)), None)
        if alert is None:
            alert = Alert(kind=Alert.Kind.EMERGING, first_day=day, last_day=day)
            recent.append(alert)
            created.append(alert)
        _grow_emerging(alert, group, day)
    return created


def _rising_topic_of(group: emerging.Emerging, rising: list[Alert]) -> Alert | None:
    """The spike alert of the topic most of the group's messages were weakly given, in the
    same place (or city-wide), if there is one over these days."""
    topic = _main_topic(group)
    if topic is None:
        return None
    for alert in rising:
        same_place = alert.arrondissement_id in (CITY, group.arrondissement_id)
        if alert.topic_id == topic and (same_place or group.arrondissement_id is None):
            return alert
    return None


def _fold(group: emerging.Emerging, spike: Alert) -> None:
    """The group's words say what the rise is about: kept on the spike alert."""
    terms = [*spike.terms, *(t for t in group.terms if t not in spike.terms)]
    if terms != spike.terms:
        spike.terms = terms[: emerging.TERMS * 2]
        spike.save(update_fields=["terms"])


def _grow_emerging(alert: Alert, group: emerging.Emerging, day: dt.date) -> None:
    """A new episode, or one seen again: its messages are all its groups' messages; its peak
    is the day its group was largest."""
    alert.last_day = max(alert.last_day, day)
    alert.message_ids = sorted({*alert.message_ids, *group.message_ids})
    alert.total = len(alert.message_ids)
    alert.state = Alert.State.RISING
    if alert.pk is None or group.size >= alert.observed:
        alert.day = day
        alert.arrondissement_id = group.arrondissement_id
        alert.observed = group.size
        alert.expected = group.previous * emerging.WINDOW_DAYS / emerging.PREVIOUS_DAYS
        alert.score = group.cohesion
        alert.terms = group.terms
        alert.examples = group.examples
        alert.title = emerging_title(group)
    alert.save()


def _main_topic(group: emerging.Emerging) -> int | None:
    """The topic most of the group's messages were (weakly) given, if most share one."""
    topics = Counter(
        Message.objects.filter(pk__in=group.message_ids).values_list("topic_id", flat=True)
    )
    topic, count = topics.most_common(1)[0] if topics else (None, 0)
    return topic if count * 2 > group.size else None


def _same_subject(terms: list[str], other: Iterable[str]) -> bool:
    """Top terms sharing a telling word ("sangliers défoncé" and "sanglier"): one subject
    said in other words is one alert."""
    return bool(_telling_words(terms) & _telling_words(other))


def _telling_words(terms: Iterable[str]) -> set[str]:
    words = {word for term in terms for word in term.lower().split()}
    return {word.rstrip("sx") for word in words if len(word) >= MIN_TELLING_LETTERS}


def emerging_title(group: emerging.Emerging) -> str:
    """« Sujet émergent : « La piscine Vallier est fermée » (12 messages, 7 personnes) »: a
    phrase of its most representative message, or its top two-word terms."""
    people = "personne" if group.authors < 2 else "personnes"
    said = f"« {group.phrase} »" if group.phrase else titles.top_bigrams(group.terms)
    counts = f" ({group.size} messages, {group.authors} {people})"
    return f"Sujet émergent : {said[: 200 - 17 - len(counts)]}{counts}"


# Officials' actions and the digest ------------------------------------------------------------


def subscribe(user: Any) -> Subscription:
    """Send the alert digest to `user` from now on (idempotent): daily, unless they chose
    another frequency in their notification choices."""
    current = preference(kind=ALERTS_DIGEST, to=user)
    frequency = Frequency.DAILY if current == Frequency.NEVER else current
    return set_preference(kind=ALERTS_DIGEST, to=user, frequency=frequency)


def unsubscribe(user: Any) -> bool:
    """Stop the digest for `user`; False if they were not receiving it."""
    was_subscribed = is_subscribed(user)
    set_preference(kind=ALERTS_DIGEST, to=user, frequency=Frequency.NEVER)
    return was_subscribed


def acknowledge(alert: Alert, user: Any) -> Alert:
    """Mark `alert` as seen by `user` (the first acknowledgement is kept)."""
    if alert.acknowledged_at is None:
        alert.acknowledged_by = user
        alert.acknowledged_at = timezone.now()
        alert.save(update_fields=["acknowledged_by", "acknowledged_at"])
        # Seen on the dashboard: no digest needs to tell it any more.
        withdraw(kind=ALERTS_DIGEST, key=_key(alert))
    return alert


def send_digests(now: dt.datetime | None = None) -> int:
    """Send the digests that are due, the officials' alerts among them (the notification job,
    massalia.core.notifications); returns how many digests went out."""
    return notification_digests.send_digests(now=now)


def queue_digest(now: dt.datetime) -> None:
    """Give each subscribed official the unacknowledged alerts raised since they subscribed
    (and in the last GATHER_DAYS days); an alert already given to them is not given again."""
    earliest = now - dt.timedelta(days=GATHER_DAYS)
    for subscription in subscribers(kind=ALERTS_DIGEST).filter(user__isnull=False):
        alerts = (
            Alert.objects.filter(
                acknowledged_at__isnull=True,
                created_at__gt=max(subscription.since, earliest),
                created_at__lte=now,
            )
            .select_related("topic", "arrondissement")
            .order_by("day", "kind", "title")
        )
        for alert in alerts:
            send(
                kind=ALERTS_DIGEST,
                to=subscription.user,
                key=_key(alert),
                template="pulse_alert",
                context={"alert": alert},
            )


def mark_emailed(keys: list[str], now: dt.datetime) -> None:
    """Record when an alert first reached an official by email."""
    ids = [int(key.removeprefix("alert:")) for key in keys if key.startswith("alert:")]
    Alert.objects.filter(pk__in=ids, emailed_at__isnull=True).update(emailed_at=now)


def _key(alert: Alert) -> str:
    return f"alert:{alert.pk}"
