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
from massalia.pulse import detector, emerging
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
    return _record_spikes(_without_echoes(found), first_judged, day)


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


@transaction.atomic
def _record_spikes(
    found: list[tuple[dt.date, SeriesKey, detector.Judgement]], first: dt.date, last: dt.date
) -> list[Alert]:
    existing = {
        (a.day, a.topic_id, a.arrondissement_id): a
        for a in Alert.objects.filter(kind=Alert.Kind.SPIKE, day__gte=first, day__lte=last)
    }
    topics = Topic.objects.in_bulk({key[0] for _, key, _ in found})
    places = Arrondissement.objects.in_bulk({key[1] for _, key, _ in found if key[1]})
    created = []
    for day, (topic_id, place_id), judgement in found:
        place = places.get(place_id) if place_id else None
        fields: dict[str, Any] = {
            "title": spike_title(topics[topic_id], place, judgement),
            "observed": judgement.observed,
            "expected": judgement.expected,
            "score": judgement.probability,
        }
        alert = existing.get((day, topic_id, place_id))
        if alert is None:
            created.append(
                Alert.objects.create(
                    kind=Alert.Kind.SPIKE,
                    day=day,
                    topic_id=topic_id,
                    arrondissement_id=place_id,
                    **fields,
                )
            )
        elif alert.observed != judgement.observed:
            for name, value in fields.items():
                setattr(alert, name, value)
            alert.save(update_fields=list(fields))
    return created


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
    recent = list(
        Alert.objects.filter(
            kind=Alert.Kind.EMERGING,
            day__gt=day - dt.timedelta(days=emerging.WINDOW_DAYS),
            day__lte=day,
        )
    )
    spiking = set(
        Alert.objects.filter(
            kind=Alert.Kind.SPIKE,
            day__gt=day - dt.timedelta(days=emerging.WINDOW_DAYS),
            day__lte=day,
        ).values_list("topic_id", flat=True)
    )
    created = []
    for group in emerging.find(day):
        if any(_same_subject(group.terms, alert.terms) for alert in recent):
            continue  # already raised this week
        if _main_topic(group) in spiking:
            continue  # a known topic rising, already told by its spike alert
        alert = Alert.objects.create(
            kind=Alert.Kind.EMERGING,
            day=day,
            arrondissement_id=group.arrondissement_id,
            title=emerging_title(group),
            observed=group.size,
            expected=group.previous * emerging.WINDOW_DAYS / emerging.PREVIOUS_DAYS,
            score=group.cohesion,
            terms=group.terms,
            examples=group.examples,
        )
        recent.append(alert)
        created.append(alert)
    return created


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
    """« Sujet émergent : piscine, fermeture (12 messages, 7 personnes) »."""
    people = "personne" if group.authors < 2 else "personnes"
    return (
        f"Sujet émergent : {', '.join(group.terms)} "
        f"({group.size} messages, {group.authors} {people})"
    )[:200]


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
