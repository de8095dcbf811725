from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.utils import timezone

from massalia.core import events
from massalia.core.events import DomainEvent, event, publish, subscriber
from massalia.core.models import EventDelivery

calls: list[int] = []
failures = {"left": 0}


@event
@dataclass(frozen=True, kw_only=True)
class Pinged(DomainEvent):
    name = "tests.pinged"
    n: int


@subscriber(Pinged)
def flaky(evt: Pinged) -> None:
    if failures["left"] > 0:
        failures["left"] -= 1
        raise RuntimeError("mail server down")
    calls.append(evt.n)


@pytest.fixture(autouse=True)
def reset():
    calls.clear()
    failures["left"] = 0


def test_it_delivers_after_commit_only(db, on_commit):
    with on_commit() as callbacks:
        publish(Pinged(n=1))
        assert calls == []
    assert len(callbacks) == 1
    assert calls == [1]
    assert EventDelivery.objects.get().state == EventDelivery.State.DONE


def test_it_retries_a_failing_subscriber_with_backoff(db, on_commit):
    failures["left"] = 1
    with on_commit():
        publish(Pinged(n=2))
    delivery = EventDelivery.objects.get()
    assert calls == [] and delivery.state == EventDelivery.State.PENDING
    assert delivery.attempts == 1 and "mail server down" in delivery.last_error
    assert delivery.next_attempt_at > timezone.now()
    assert events.deliver_due() == 0  # not due yet
    EventDelivery.objects.update(next_attempt_at=timezone.now() - timedelta(seconds=1))
    assert events.deliver_due() == 1
    assert calls == [2]


def test_it_keeps_an_abandoned_delivery_for_a_later_retry(db, on_commit, settings):
    settings.EVENTS_MAX_ATTEMPTS = 1
    failures["left"] = 1
    with on_commit():
        publish(Pinged(n=3))
    assert EventDelivery.objects.get().state == EventDelivery.State.FAILED
    assert events.retry_failed() == 1
    events.deliver_due()
    assert calls == [3]


def test_a_rolled_back_change_publishes_nothing(db, on_commit):
    from django.db import transaction

    with on_commit(), pytest.raises(ZeroDivisionError), transaction.atomic():
        publish(Pinged(n=4))
        1 / 0  # noqa: B018
    assert calls == [] and not EventDelivery.objects.exists()
