"""A status change reaches each follower once, as they chose, whatever the retries."""

from __future__ import annotations

import datetime as dt

import pytest
from django.conf import settings
from django.core import mail
from django.utils import timezone

from massalia.core import events
from massalia.core.models import EventDelivery, OutboxEvent
from massalia.core.notifications.digests import send_digests
from massalia.core.notifications.services import retry_due, set_preference
from massalia.servicerequests import services
from massalia.servicerequests.events import RequestStatusChanged
from massalia.servicerequests.models import Status
from massalia.servicerequests.subscribers import STATUS_CHANGED, tell_followers
from massalia.testing import file_request

NOTE = "Passage prévu jeudi matin."


@pytest.fixture
def pothole(city, on_commit):
    with on_commit():
        sr = file_request(city, "nid-de-poule", description="Trou devant le 12")
        services.follow(case=sr, user=city.people["dave"])
        services.follow(case=sr, user=city.people["erin"])
    mail.outbox.clear()
    return sr


def acknowledge(city, sr, on_commit):
    with on_commit():
        return services.change_status(
            case=sr, actor=city.people["bob"], status=Status.ACKNOWLEDGED, public_note=NOTE
        )


def recipients():
    return sorted(to for message in mail.outbox for to in message.to)


def test_it_tells_every_follower_once_with_the_same_content(city, pothole, on_commit):
    change = acknowledge(city, pothole, on_commit)

    assert recipients() == ["alice@example.org", "dave@example.org", "erin@example.org"]
    message = mail.outbox[0]
    status, kind = change.to_status_label, pothole.request_type.name
    assert message.subject == f"[{settings.CITY_NAME}] Demande n° {pothole.pk} : {status}"
    assert f"La demande n° {pothole.pk} « {kind} » est maintenant : {status}." in message.body
    assert f"Message du service :\n{NOTE}" in message.body
    # Delivered again (a replay, a retried delivery): nobody hears it twice.
    row = OutboxEvent.objects.filter(name=RequestStatusChanged.name).latest("id")
    tell_followers(RequestStatusChanged(**row.payload))
    assert len(mail.outbox) == 3


def test_it_does_not_email_the_others_again_when_one_address_failed(city, pothole, on_commit):
    erin = city.people["erin"]
    # A header injection attempt: the mail library refuses to build erin's message.
    type(erin).objects.filter(pk=erin.pk).update(email="erin@example.org\nBcc: x@y.test")

    acknowledge(city, pothole, on_commit)

    assert recipients() == ["alice@example.org", "dave@example.org"]
    # The event's delivery is retried (by hand, after a fix elsewhere): still no second email.
    EventDelivery.objects.filter(event__name=RequestStatusChanged.name).update(
        state=EventDelivery.State.FAILED
    )
    events.retry_failed()
    events.deliver_due()
    assert recipients() == ["alice@example.org", "dave@example.org"]
    # Once erin's address is fixed, the notification job sends her message, once.
    type(erin).objects.filter(pk=erin.pk).update(email="erin@example.org")
    assert retry_due(now=timezone.now() + dt.timedelta(minutes=5)) == 1
    assert retry_due(now=timezone.now() + dt.timedelta(days=1)) == 0
    assert recipients() == ["alice@example.org", "dave@example.org", "erin@example.org"]


def test_it_honours_each_followers_choice(city, pothole, on_commit):
    set_preference(kind=STATUS_CHANGED, to=city.people["dave"], frequency="never")
    set_preference(kind=STATUS_CHANGED, to=city.people["erin"], frequency="daily")

    acknowledge(city, pothole, on_commit)

    assert recipients() == ["alice@example.org"]
    assert send_digests(now=timezone.now()) == 1
    digest = mail.outbox[-1]
    assert digest.to == ["erin@example.org"]
    assert f"Demande n° {pothole.pk} « {pothole.request_type.name} » :" in digest.body
    assert NOTE in digest.body


def test_it_tells_an_anonymous_follower_by_their_confirmed_address(city, on_commit):
    with on_commit():
        sr = file_request(city, "nid-de-poule", by=None, email="Anonyme@Example.org")
    sr.refresh_from_db()
    with on_commit():
        services.confirm_request(token=sr.confirmation_token)
    mail.outbox.clear()

    acknowledge(city, sr, on_commit)

    assert recipients() == ["anonyme@example.org"]
    assert "List-Unsubscribe" in mail.outbox[0].extra_headers
