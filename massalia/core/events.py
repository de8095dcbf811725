"""Domain events with an outbox.

An app declares its events as frozen dataclasses in its `events.py` and publishes them with
`publish(event)` inside the transaction that makes the change. The event and one delivery row
per subscriber are written in that same transaction; after commit the deliveries are run as
background work. A subscriber that raises is retried with exponential backoff; after
EVENTS_MAX_ATTEMPTS it is marked failed, kept, and can be retried by `massalia dispatchevents
--retry-failed`. Nothing is dropped silently. Subscribers never run inside the writer's
transaction, so a failing subscriber never undoes a citizen's request.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable
from datetime import timedelta
from typing import Any, ClassVar, TypeVar

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from massalia.core.models import EventDelivery, OutboxEvent
from massalia.core.tasks import defer, task

log = logging.getLogger(__name__)


@dataclasses.dataclass(frozen=True, kw_only=True)
class DomainEvent:
    """Base of every domain event. Fields must be JSON-serialisable (str, int, float, None)."""

    name: ClassVar[str] = ""

    def payload(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


E = TypeVar("E", bound=DomainEvent)
Handler = Callable[[Any], None]
_event_types: dict[str, type[DomainEvent]] = {}
_subscribers: dict[str, dict[str, Handler]] = {}


def event(cls: type[E]) -> type[E]:
    """Declare an event type (class decorator, used on top of @dataclass)."""
    if not cls.name:
        raise ValueError(f"{cls.__qualname__} needs a name")
    _event_types[cls.name] = cls
    return cls


def subscriber(event_type: type[DomainEvent]) -> Callable[[Handler], Handler]:
    """Register a handler for an event type. Handlers must be idempotent (they may be retried)."""

    def register(handler: Handler) -> Handler:
        key = f"{handler.__module__}.{handler.__qualname__}"
        _subscribers.setdefault(event_type.name, {})[key] = handler
        return handler

    return register


def subscribers_of(name: str) -> dict[str, Handler]:
    return dict(_subscribers.get(name, {}))


def publish(domain_event: DomainEvent) -> OutboxEvent:
    """Write the event and its deliveries in the current transaction; deliver after commit."""
    if domain_event.name not in _event_types:
        raise ValueError(f"{type(domain_event).__qualname__} is not declared with @event")
    now = timezone.now()
    with transaction.atomic():
        row = OutboxEvent.objects.create(name=domain_event.name, payload=domain_event.payload())
        EventDelivery.objects.bulk_create(
            EventDelivery(event=row, subscriber=key, next_attempt_at=now)
            for key in subscribers_of(domain_event.name)
        )
    defer(deliver_event, event_id=row.pk)
    return row


@task
def deliver_event(*, event_id: int) -> None:
    """Run the pending deliveries of one event (called after the commit that wrote it)."""
    for delivery_id in EventDelivery.objects.filter(
        event_id=event_id, state=EventDelivery.State.PENDING
    ).values_list("id", flat=True):
        _attempt(delivery_id)


@task  # the retry sweep of settings.SCHEDULE
def deliver_due(*, limit: int = 500) -> int:
    """Run deliveries whose next attempt is due; returns how many were attempted."""
    due = EventDelivery.objects.filter(
        state=EventDelivery.State.PENDING, next_attempt_at__lte=timezone.now()
    ).values_list("id", flat=True)[:limit]
    ids = list(due)
    for delivery_id in ids:
        _attempt(delivery_id)
    return len(ids)


def backoff(attempts: int) -> timedelta:
    return timedelta(seconds=min(2**attempts * 15, 6 * 3600))


def _attempt(delivery_id: int) -> None:
    with transaction.atomic():
        delivery = (
            EventDelivery.objects.select_for_update(skip_locked=True)
            .select_related("event")
            .filter(pk=delivery_id, state=EventDelivery.State.PENDING)
            .first()
        )
        if delivery is None:
            return  # delivered meanwhile, or another worker holds it
        handler = subscribers_of(delivery.event.name).get(delivery.subscriber)
        try:
            if handler is None:
                raise LookupError(f"no subscriber {delivery.subscriber} is registered")
            with transaction.atomic():
                handler(_rebuild(delivery.event))
        except Exception as exc:
            _record_failure(delivery, exc)
        else:
            delivery.state = EventDelivery.State.DONE
            delivery.delivered_at = timezone.now()
            delivery.attempts += 1
            delivery.save(update_fields=["state", "delivered_at", "attempts"])


def _rebuild(row: OutboxEvent) -> DomainEvent:
    return _event_types[row.name](**row.payload)


def _record_failure(delivery: EventDelivery, exc: Exception) -> None:
    delivery.attempts += 1
    delivery.last_error = f"{type(exc).__name__}: {exc}"[:2000]
    delivery.next_attempt_at = timezone.now() + backoff(delivery.attempts)
    if delivery.attempts >= settings.EVENTS_MAX_ATTEMPTS:
        delivery.state = EventDelivery.State.FAILED
        log.error("event delivery %s abandoned after %s attempts", delivery.pk, delivery.attempts)
    else:
        log.warning("event delivery %s failed, retry at %s", delivery.pk, delivery.next_attempt_at)
    delivery.save(update_fields=["attempts", "last_error", "next_attempt_at", "state"])


def retry_failed() -> int:
    """Put abandoned deliveries back in the queue (after the cause has been fixed)."""
    return EventDelivery.objects.filter(state=EventDelivery.State.FAILED).update(
        state=EventDelivery.State.PENDING, next_attempt_at=timezone.now()
    )


def backlog() -> int:
    return EventDelivery.objects.filter(state=EventDelivery.State.PENDING).count()
