"""A suspicion opens one private case for the water department and warns the subscriber once
per episode; when the flow stops, the suspicion closes and the case is resolved."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from massalia.connected import tasks, watch
from massalia.connected.ingest import Incoming, receive
from massalia.connected.models import DailyAggregate, Device, Suspicion
from massalia.servicerequests.models import ServiceRequest

pytestmark = pytest.mark.django_db


class Meter:
    """Feeds a meter hour by hour, as its gateway would."""

    def __init__(self, device, start):
        self.device, self.when, self.index = device, start, 50_000.0

    def run(self, flows):
        items = []
        for flow in flows:
            items.append(
                Incoming(len(items), self.device.identifier, self.when.isoformat(), self.index)
            )
            self.when += timedelta(hours=1)
            self.index += flow
        items.append(
            Incoming(len(items), self.device.identifier, self.when.isoformat(), self.index)
        )
        outcome = receive(items, channel="http")
        assert not outcome.rejected, outcome.rejected


QUIET_DAY = [0, 0, 0, 0, 0, 0, 12, 35, 8, 0, 0, 5, 10, 0, 0, 0, 0, 3, 20, 15, 30, 6, 0, 0]


@pytest.fixture
def meter(water):
    # Local midnight four days ago, so that the household's day falls on the clock's day.
    midnight = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
    start = midnight - timedelta(days=4)
    return Meter(water.meter, start)


def test_a_leak_opens_a_private_case_for_the_water_department(
    water, meter, city, django_capture_on_commit_callbacks
):
    meter.run(QUIET_DAY + [8] * 30)
    with django_capture_on_commit_callbacks(execute=True):  # the batch runs after commit
        assert tasks.review_meters() == 1
    leak = Suspicion.objects.get(kind="leak")
    assert leak.ongoing and leak.closed_at is None
    case = leak.case
    assert case.request_type == water.request_type
    assert case.department == water.department
    assert not case.request_type.is_public
    assert case.quartier.name == "NOAILLES"
    assert "Fuite probable (écoulement continu) sur le compteur C-0042 (12 rue Paradis)" in (
        case.description
    )
    warned = [m for m in mail.outbox if m.to == ["alice@example.org"]]
    assert len(warned) == 1
    assert "compteur d'eau C-0042" in warned[0].subject
    assert "fermez tous les robinets" in warned[0].body
    assert "/eau/" in warned[0].body


def test_the_same_episode_seen_again_opens_nothing_more(water, meter, city):
    meter.run(QUIET_DAY + [8] * 30)
    watch.review(water.meter)
    sent = len(mail.outbox)
    meter.run([8] * 6)  # the leak goes on
    watch.review(water.meter)
    leak = Suspicion.objects.get(kind="leak")
    assert leak.end == meter.when
    # One case: the night flow is the leak's own (it ran through the night).
    assert ServiceRequest.objects.filter(request_type=water.request_type).count() == 1
    assert len(mail.outbox) == sent


def test_when_the_flow_stops_the_suspicion_closes_and_the_case_is_resolved(water, meter, city):
    meter.run(QUIET_DAY + [8] * 30)
    watch.review(water.meter)
    meter.run([0] * 10)  # repaired
    watch.review(water.meter)
    leak = Suspicion.objects.get(kind="leak")
    assert not leak.ongoing and leak.closed_at is not None
    leak.case.refresh_from_db()
    assert leak.case.status == "resolved"
    note = leak.case.history.filter(to_status="resolved").get().public_note
    assert note.startswith("Le compteur ne montre plus cette anomalie depuis le ")


def test_a_new_leak_after_a_repair_is_a_new_episode(water, meter, city):
    meter.run(QUIET_DAY + [8] * 30 + [0] * 10)
    watch.review(water.meter)
    meter.run([9] * 30)
    watch.review(water.meter)
    assert Suspicion.objects.filter(kind="leak").count() == 2
    assert Suspicion.objects.filter(kind="leak", closed_at__isnull=True).count() == 1


def test_a_household_without_a_leak_raises_nothing(water, meter, city):
    meter.run(QUIET_DAY * 3)
    watch.review(water.meter)
    assert list(Suspicion.objects.values_list("kind", "start", "end")) == []
    assert DailyAggregate.objects.filter(device=water.meter).count() >= 2


def test_without_the_water_type_the_suspicion_stays_on_its_own(water, meter, city):
    water.request_type.is_active = False
    water.request_type.save()
    meter.run(QUIET_DAY + [8] * 30)
    watch.review(water.meter)
    assert Suspicion.objects.get(kind="leak").case is None


def test_a_meter_without_a_subscriber_opens_the_case_and_warns_nobody(water, meter, city):
    Device.objects.filter(pk=water.meter.pk).update(subscriber=None)
    water.meter.refresh_from_db()
    meter.run(QUIET_DAY + [8] * 30)
    watch.review(water.meter)
    assert Suspicion.objects.get(kind="leak").case is not None
    assert not [m for m in mail.outbox if m.to == ["alice@example.org"]]


def test_only_meters_with_new_readings_are_reviewed(
    water, meter, city, django_capture_on_commit_callbacks
):
    meter.run(QUIET_DAY)
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.review_meters() == 1
    with django_capture_on_commit_callbacks(execute=True) as batches:
        assert tasks.review_meters() == 0
    assert batches == []


def test_a_night_flow_alone_opens_its_own_case(water, meter, city):
    night = QUIET_DAY[:]
    night[1:5] = [15, 15, 15, 15]
    meter.run(QUIET_DAY + night + night + QUIET_DAY)
    watch.review(water.meter)
    (suspicion,) = Suspicion.objects.all()
    assert suspicion.kind == "night_flow"
    assert suspicion.case.description.startswith("Consommation nocturne anormale sur le compteur")
    assert suspicion.closed_at is not None  # the last night was quiet: over already


def test_the_meters_own_alarm_opens_a_case_naming_its_code(water, meter, city):
    meter.run(QUIET_DAY)
    later = (meter.when + timedelta(hours=1)).isoformat()
    flagged = Incoming(0, "C-0042", later, meter.index, extra={"alarms": ["tamper"]})
    assert not receive([flagged], channel="mqtt").rejected
    watch.review(water.meter)
    alarm = Suspicion.objects.get(kind="alarm")
    assert (alarm.detail, alarm.ongoing) == ("tamper", True)
    assert "Alarme signalée par le compteur « tamper »" in alarm.case.description


def test_alarms_must_be_a_list_of_codes(water, meter, city):
    bad = Incoming(0, "C-0042", meter.when.isoformat(), 1.0, extra={"alarms": "fuite"})
    (rejection,) = receive([bad], channel="http").rejected
    assert rejection.reason.startswith("alarms : une liste de 10 codes au plus")
