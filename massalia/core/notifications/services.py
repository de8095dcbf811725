"""Writes of the notification module: choices, messages (at once or for a digest), withdrawals.

`send` is what apps call for a kind of notification a person may choose about. It honours the
person's choice, keeps one row per (kind, key, person) so that calling it again sends nothing
twice, and never raises for a failing address: the row keeps the failure and `retry_due`
(the notifications job) tries again with backoff, so the other recipients are not held back.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone

from massalia.core.events import backoff
from massalia.core.notifications import render, render_digest_text
from massalia.core.notifications.mail import Person, read_token, transmit
from massalia.core.notifications.models import Notification, Subscription
from massalia.core.notifications.registry import Frequency, Topic, topic, topics

log = logging.getLogger(__name__)


# Choices -----------------------------------------------------------------------------------


def preference(*, kind: str, to: Any) -> Frequency:
    """How often `to` (an account or a bare address) wants `kind`: their choice or its default."""
    declared = topic(kind)
    row = Subscription.objects.filter(topic=kind, **Person.of(to).rows()).first()
    if row is None or row.frequency not in {value for value, _ in declared.choices()}:
        return declared.default
    return Frequency(row.frequency)


def preferences(*, user: Any) -> list[tuple[Topic, Frequency]]:
    """The kinds `user` may receive, each with its current frequency (the preferences page)."""
    chosen = dict(Subscription.objects.filter(user_id=user.pk).values_list("topic", "frequency"))
    return [
        (kind, Frequency(chosen[kind.name]) if kind.name in chosen else kind.default)
        for kind in topics()
        if kind.accepts(user)
    ]


@transaction.atomic
def set_preference(*, kind: str, to: Any, frequency: str) -> Subscription:
    """Record how often `to` wants `kind`. Turning it off withdraws what waits for a digest.

    Raises ValueError for a frequency the kind does not offer (e.g. "never" on a kind one
    cannot refuse).
    """
    declared = topic(kind)
    if frequency not in {value for value, _ in declared.choices()}:
        raise ValueError(f"{frequency!r} is not a choice for {kind}")
    person = Person.of(to)
    was = preference(kind=kind, to=to)
    fields: dict[str, Any] = {"frequency": frequency}
    if was == Frequency.NEVER and frequency != Frequency.NEVER:
        fields["since"] = timezone.now()
    who = {"user_id": person.user_id} if person.user_id else {"user": None, "email": person.email}
    row, _ = Subscription.objects.update_or_create(
        topic=kind,
        **who,
        defaults=fields,
        create_defaults={"since": timezone.now(), **fields},
    )
    if frequency == Frequency.NEVER:
        _person_items(person).filter(topic=kind, state=Notification.State.QUEUED).update(
            state=Notification.State.WITHDRAWN
        )
    return row


def subscribers(*, kind: str) -> QuerySet[Subscription]:
    """The people who chose to receive `kind` (for kinds people opt in to, such as digests)."""
    return (
        Subscription.objects.filter(topic=kind)
        .exclude(frequency=Frequency.NEVER)
        .select_related("user")
    )


def unsubscribe(*, token: str) -> list[Topic]:
    """Turn off the kinds a signed unsubscribe link names; returns those now off.

    Raises signing.BadSignature for an altered token and LookupError when its account is gone.
    """
    person, names = read_token(token)
    to: Any = person.email
    if person.user_id is not None:
        to = get_user_model().objects.filter(pk=person.user_id).first()
        if to is None:
            raise LookupError("the account of this link is gone")
    done = []
    for name in names:
        try:
            declared = topic(name)
        except LookupError:
            continue  # a kind no longer declared sends nothing anyway
        if declared.optional:
            set_preference(kind=name, to=to, frequency=Frequency.NEVER)
            done.append(declared)
    return done


def describe(*, token: str) -> list[Topic]:
    """The optional kinds a signed unsubscribe link names (raises like `unsubscribe`)."""
    person, names = read_token(token)
    if (
        person.user_id is not None
        and not get_user_model().objects.filter(pk=person.user_id).exists()
    ):
        raise LookupError("the account of this link is gone")
    declared = [kind for kind in topics() if kind.name in names]
    return [kind for kind in declared if kind.optional]


# Messages ----------------------------------------------------------------------------------


@transaction.atomic
def send(
    *, kind: str, to: Any, key: str, template: str, context: dict[str, Any]
) -> Notification | None:
    """Notify `to` (an account, or a bare confirmed address) of one item of `kind`.

    Sent now or kept for the person's digest, as they chose; nothing if they turned the kind
    off or may not receive it. `key` names the item within the kind (e.g. "audit:42"): a
    second call with the same key and person returns the first row and sends nothing.
    The message is `templates/notifications/<template>.subject.txt` and `.txt`; its line in a
    digest is `<template>.digest.txt` (the subject if there is none).
    """
    declared = topic(kind)
    person = Person.of(to)
    user = None if isinstance(to, str) else to
    if not person.email or not declared.accepts(user):
        return None
    existing = Notification.objects.filter(topic=kind, key=key, **person.rows()).first()
    if existing is not None:
        return existing
    frequency = preference(kind=kind, to=to)
    if frequency == Frequency.NEVER:
        return None
    subject, body = render(template, context)
    immediately = frequency == Frequency.IMMEDIATELY
    try:
        with transaction.atomic():
            row = Notification.objects.create(
                topic=kind,
                key=key,
                **_identity(person),
                frequency=frequency,
                subject=subject,
                body=body,
                digest_text=render_digest_text(template, context) or subject,
                state=Notification.State.PENDING if immediately else Notification.State.QUEUED,
                next_attempt_at=timezone.now() if immediately else None,
            )
    except IntegrityError:  # a concurrent delivery made it first
        return Notification.objects.get(topic=kind, key=key, **person.rows())
    if immediately:
        _deliver(row, declared)
    return row


@transaction.atomic
def withdraw(*, kind: str, key: str) -> int:
    """Take an item of `kind` out of the digests it waits for (e.g. an alert already seen)."""
    return Notification.objects.filter(topic=kind, key=key, state=Notification.State.QUEUED).update(
        state=Notification.State.WITHDRAWN
    )


def retry_due(*, now: dt.datetime | None = None) -> int:
    """Try again the messages whose sending failed and whose next attempt is due."""
    now = now or timezone.now()
    due = Notification.objects.filter(
        state=Notification.State.PENDING, next_attempt_at__lte=now
    ).values_list("id", flat=True)
    tried = 0
    for row_id in list(due):
        with transaction.atomic():
            row = (
                Notification.objects.select_for_update(skip_locked=True, of=("self",))
                .select_related("user")
                .filter(pk=row_id, state=Notification.State.PENDING)
                .first()
            )
            if row is None:
                continue  # sent meanwhile, or another worker holds it
            try:
                declared = topic(row.topic)
            except LookupError:
                declared = None
            to: Any = row.user or row.email
            if declared is None or preference(kind=row.topic, to=to) == Frequency.NEVER:
                row.state = Notification.State.WITHDRAWN
                row.save(update_fields=["state"])
                continue
            _deliver(row, declared, now=now)
            tried += 1
    return tried


def _deliver(row: Notification, declared: Topic, *, now: dt.datetime | None = None) -> None:
    now = now or timezone.now()
    person = Person(user_id=row.user_id, email=row.email)
    address = row.user.email if row.user_id and row.user else row.email
    row.attempts += 1
    try:
        transmit(
            to=address,
            subject=row.subject,
            body=row.body,
            person=person,
            topics=[declared.name] if declared.optional else [],
        )
    except Exception as exc:  # one bad address or a transient failure must not stop the others
        failed(row, exc, now)
        row.save(update_fields=["attempts", "last_error", "next_attempt_at", "state"])
        return
    row.state = Notification.State.SENT
    row.sent_at = now
    row.save(update_fields=["attempts", "state", "sent_at"])
    log.info("notification %s sent", row.topic)
    if declared.on_sent:
        declared.on_sent([row.key], now)


def failed(row: Any, exc: Exception, now: dt.datetime) -> None:
    """Record a failed attempt on a message or digest row: retried with backoff, then kept."""
    row.last_error = f"{type(exc).__name__}: {exc}"[:2000]
    row.next_attempt_at = now + backoff(row.attempts)
    if row.attempts >= settings.NOTIFICATIONS_MAX_ATTEMPTS:
        row.state = row.State.FAILED
        log.error("%s %s abandoned after %s attempts", type(row).__name__, row.pk, row.attempts)
    else:
        log.warning("%s %s not sent, retry at %s", type(row).__name__, row.pk, row.next_attempt_at)


def _identity(person: Person) -> dict[str, Any]:
    """The fields naming `person` on a new row."""
    if person.user_id is not None:
        return {"user_id": person.user_id, "email": person.email}
    return {"user": None, "email": person.email}


def _person_items(person: Person) -> QuerySet[Notification]:
    return Notification.objects.filter(**person.rows())
