"""A person's newsletter (their confirmed account address) is in their export and goes with
their account; deliveries and switched-off subscriptions are purged after their periods."""

import datetime as dt

import pytest
from django.utils import timezone

from massalia.core.notifications.models import Subscription
from massalia.news import privacy, services
from massalia.news.models import Delivery, Subscriber

pytestmark = pytest.mark.django_db


def test_it_exports_and_erases_a_persons_newsletter(city, write, subscribe, issue_of, outbox):
    alice = city.people["alice"]
    alice.email_verified_at = timezone.now()
    alice.save()
    subscribe("alice@example.org", themes_=("mer",))
    services.send_issue(issue=issue_of("La lettre de mars", write("Plage nettoyée")))
    exported = privacy.export(alice)["newsletter"]
    assert exported["themes"] == ["Mer et littoral"] and exported["receiving"] is True
    assert exported["issues_sent"][0]["subject"] == "La lettre de mars"
    assert privacy.export(city.people["bob"]) == {}
    assert privacy.erase(alice) == {"newsletter_subscriptions": 1, "newsletter_deliveries": 1}
    assert not Subscriber.objects.exists() and not Delivery.objects.exists()
    assert not Subscription.objects.filter(email="alice@example.org").exists()


def test_it_purges_old_deliveries_and_stopped_subscriptions(write, subscribe, issue_of, outbox):
    subscribe("reste@example.org")
    subscribe("parti@example.org")
    services.send_issue(issue=issue_of("La lettre de mars", write("Plage nettoyée")))
    Subscription.objects.filter(email="parti@example.org").update(
        frequency="never", updated_at=timezone.now() - dt.timedelta(days=31)
    )
    now = timezone.now()
    assert privacy.purge(now, True) == {"newsletter_deliveries": 0, "newsletter_stopped": 1}
    later = now + dt.timedelta(days=366)
    assert privacy.purge(later, False) == {"newsletter_deliveries": 2, "newsletter_stopped": 1}
    assert list(Subscriber.objects.values_list("email", flat=True)) == ["reste@example.org"]
