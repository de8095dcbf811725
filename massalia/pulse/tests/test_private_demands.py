"""A private demand (a request of a non-public type) counts on the pulse; its text shows nowhere.

The request goes through the real services and events: filed, confirmed, received by the
pulse, enriched and counted. Then every way the pulse shows text is read by the people who may
not open the request itself: the dashboard, the weekly report, the CSV, the digest of alerts,
and the emerging topics that alerts are titled from.
"""

from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from massalia.pulse import aggregates, alerts, emerging
from massalia.pulse.models import Alert, DailySignal, Message
from massalia.testing import enrolment_type, file_request

SECRET = "Fuite chez Madame Fabre au sous-sol du bâtiment C, compteur 4411"
SEEN = "Nid de poule énorme devant le collège Chave"


@pytest.fixture
def filed(city, on_commit):
    with on_commit():
        private = file_request(city, "fuite-compteur", description=SECRET)
        public = file_request(city, "nid-de-poule", description=SEEN)
    return private, public


def test_it_counts_the_private_demand_by_topic_and_place(filed):
    private, _ = filed
    message = Message.objects.get(external_id=f"servicerequest:{private.pk}")
    assert message.is_private
    assert message.enriched_at is not None
    aggregates.rebuild([timezone.localdate()], force=True)
    counted = DailySignal.objects.filter(quartier=private.quartier).values_list(
        "messages", flat=True
    )
    assert sum(counted) == 2  # the private demand and the public report, both in Noailles


@pytest.mark.parametrize("person", ["olga", "dave", "bob", "root"])
def test_it_never_shows_the_private_text_on_the_dashboard_or_the_report(
    client, city, filed, person
):
    client.force_login(city.people[person])
    week = timezone.localdate().strftime("%G-W%V")
    for url in (reverse("pulse:dashboard"), f"{reverse('pulse:report')}?semaine={week}"):
        body = client.get(url).content.decode()
        assert SEEN in body, url  # the examples are shown: the test would see a leak
        assert "Fabre" not in body and "compteur 4411" not in body, url


def test_it_never_puts_the_private_text_in_the_csv(client, city, filed):
    client.force_login(city.people["olga"])
    response = client.get(reverse("pulse:export"))
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    assert "Fabre" not in body and "4411" not in body


def test_it_leaves_private_demands_out_of_emerging_topics_and_the_digest(city, filed):
    private, _ = filed
    message = Message.objects.get(external_id=f"servicerequest:{private.pk}")
    # Even without a confident topic, a private demand is never clustered or quoted.
    Message.objects.filter(pk=message.pk).update(topic=None, topic_score=None)
    now = timezone.now()
    assert message.pk not in {m.pk for m in emerging.unplaced(now - timezone.timedelta(1), now)}
    alerts.subscribe(city.people["olga"])
    Alert.objects.create(kind=Alert.Kind.SPIKE, day=timezone.localdate(), title="Eau · 1er")
    alerts.send_digests()
    assert mail.outbox
    assert all("Fabre" not in m.body and "4411" not in m.body for m in mail.outbox)


def test_it_refuses_to_copy_a_private_text_into_a_topic_correction(client, city, filed):
    private, _ = filed
    message = Message.objects.get(external_id=f"servicerequest:{private.pk}")
    client.force_login(city.people["bob"])
    response = client.post(reverse("pulse:correct", args=[message.pk]), {"theme": "voirie"})
    assert response.status_code == 403


def test_it_does_not_hear_an_administrative_demand(city, on_commit):
    """An enrolment is a procedure, not an opinion: a campaign's filings raise no alert."""
    city.types["inscription-scolaire"] = enrolment_type(city)
    with on_commit():
        enrolment = file_request(city, "inscription-scolaire", description="Inscription de Léa")
        report = file_request(city, "nid-de-poule", description=SEEN)
    received = set(Message.objects.values_list("external_id", flat=True))
    assert f"servicerequest:{report.pk}" in received
    assert f"servicerequest:{enrolment.pk}" not in received
