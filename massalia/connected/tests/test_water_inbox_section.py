"""The water department's section of the agents' inbox: its open suspicions by kind, leading
to its open water cases; nothing for the other departments' agents."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from massalia.accounts.models import Membership, User
from massalia.connected import tasks, watch
from massalia.connected.ingest import Incoming, receive
from massalia.connected.models import Suspicion
from massalia.core.extensions import sections_for

pytestmark = pytest.mark.django_db
KEY = "connected.water_suspicions"
QUIET_DAY = [0, 0, 0, 0, 0, 0, 12, 35, 8, 0, 0, 5, 10, 0, 0, 0, 0, 3, 20, 15, 30, 6, 0, 0]


@pytest.fixture
def walter(water):
    agent = User.objects.create_user(username="walter", email="walter@ville.test")
    Membership.objects.create(user=agent, department=water.department)
    return agent


def feed(device, flows):
    """Hourly readings from local midnight four days ago, the index growing by each flow."""
    when = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
    when -= timedelta(days=4)
    index, items = 50_000.0, []
    for flow in [*flows, 0]:
        items.append(Incoming(len(items), device.identifier, when.isoformat(), index))
        when, index = when + timedelta(hours=1), index + flow
    assert not receive(items, channel="http").rejected
    tasks.review_batch(meters=watch.pending())  # what the scheduled job defers


def counters(user):
    shown = {s.section.key: s for s in sections_for(user)}
    return {c.label: c for c in shown[KEY].counters} if KEY in shown else None


def test_the_water_agents_see_zero_before_any_suspicion(walter):
    found = counters(walter)
    assert {label: c.value for label, c in found.items()} == {
        "fuite probable": 0,
        "consommation anormale": 0,
    }
    assert not any(c.urgent for c in found.values())


def test_an_open_leak_counts_and_leads_to_the_department_s_water_cases(client, water, walter):
    feed(water.meter, QUIET_DAY + [8] * 30)
    leak = Suspicion.objects.get(kind="leak")
    counter = counters(walter)["fuite probable"]
    assert counter.value == 1 and counter.urgent
    assert counter.url == "/agents/eau/?status=open&type=fuite-compteur-eau"
    client.force_login(walter)
    page = client.get(reverse("backoffice:inbox")).content.decode()
    assert "Compteurs d&#x27;eau : suspicions en cours" in page
    assert "<strong>1</strong> fuite probable" in page
    listed = client.get(counter.url).content.decode()
    assert reverse("cases:request", args=[leak.case.pk]) in listed


def test_a_closed_suspicion_no_longer_counts(water, walter):
    feed(water.meter, QUIET_DAY + [8] * 30 + QUIET_DAY)  # the leak was repaired
    assert Suspicion.objects.get(kind="leak").closed_at is not None
    assert counters(walter)["fuite probable"].value == 0


def test_other_departments_agents_and_subscribers_see_no_section(water, city):
    feed(water.meter, QUIET_DAY + [8] * 30)
    assert counters(city.people["bob"]) is None  # an agent of the roads department
    assert counters(city.people["alice"]) is None  # the subscriber herself
