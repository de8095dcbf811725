"""The officials' digest of alerts, sent through the notification module's digests."""

from __future__ import annotations

import datetime as dt

from django.core import mail
from django.utils import timezone

from massalia.core.notifications.services import set_preference
from massalia.pulse import alerts
from massalia.pulse.models import Alert
from massalia.pulse.notifications import ALERTS_DIGEST, is_subscribed

DAY = dt.date(2025, 3, 14)


def raise_alert(title, **fields):
    return Alert.objects.create(kind=Alert.Kind.SPIKE, day=DAY, title=title, **fields)


def later(**delta):
    return timezone.now() + dt.timedelta(**delta)


def test_it_lets_officials_subscribe_acknowledge_and_unsubscribe(city):
    olga = city.people["olga"]
    subscription = alerts.subscribe(olga)
    assert alerts.subscribe(olga) == subscription
    assert is_subscribed(olga)
    alert = raise_alert("Propreté")
    alerts.acknowledge(alert, olga)
    first_seen = alert.acknowledged_at
    alerts.acknowledge(alert, city.people["root"])
    alert.refresh_from_db()
    assert alert.acknowledged_by == olga and alert.acknowledged_at == first_seen
    assert alerts.unsubscribe(olga) is True
    assert alerts.unsubscribe(olga) is False
    assert not is_subscribed(olga)


def test_it_emails_the_digest_only_to_subscribed_officials_once(city, settings):
    settings.SITE_URL = "https://ville.test"
    olga, alice = city.people["olga"], city.people["alice"]
    alerts.subscribe(olga)
    alerts.subscribe(alice)  # not an official (the view refuses it; the digest skips it too)
    spike = raise_alert("Propreté · 1er arrondissement : 27 messages (≈ 6 attendus)")
    raise_alert("Voirie · toute la ville : 40 messages (≈ 12 attendus)")
    raise_alert("Déjà vu", acknowledged_by=olga, acknowledged_at=timezone.now())

    assert alerts.send_digests() == 1

    assert [m.to for m in mail.outbox] == [[olga.email]]
    message = mail.outbox[0]
    assert "Alertes du baromètre (2)" in message.subject
    assert "Propreté · 1er arrondissement : 27 messages (≈ 6 attendus)" in message.body
    assert "Voirie · toute la ville : 40 messages (≈ 12 attendus)" in message.body
    assert "Déjà vu" not in message.body
    assert "https://ville.test/barometre/" in message.body
    assert f"Ses messages : https://ville.test/barometre/alertes/{spike.pk}/" in message.body
    spike.refresh_from_db()
    assert spike.emailed_at is not None

    # Nothing new: nothing sent. A new alert: only that one, in the next day's digest.
    assert alerts.send_digests() == 0
    raise_alert("Éclairage · 2e arrondissement : 12 messages (≈ 2 attendus)")
    assert alerts.send_digests() == 0  # today's digest is gone already
    assert alerts.send_digests(now=later(days=1)) == 1
    assert len(mail.outbox) == 2
    assert "Alertes du baromètre (1)" in mail.outbox[1].subject
    assert "Éclairage" in mail.outbox[1].body and "Propreté" not in mail.outbox[1].body


def test_it_leaves_out_an_alert_seen_before_the_weekly_digest(city):
    olga = city.people["olga"]
    set_preference(kind=ALERTS_DIGEST, to=olga, frequency="weekly")
    alerts.subscribe(olga)  # already subscribed: the weekly choice stays
    seen = raise_alert("Propreté · toute la ville : 27 messages (≈ 6 attendus)")
    raise_alert("Voirie · toute la ville : 40 messages (≈ 12 attendus)")
    # Queued in the week's digest, then seen on the dashboard before it goes.
    alerts.queue_digest(timezone.now())
    alerts.acknowledge(seen, olga)

    assert alerts.send_digests() == 1

    (message,) = mail.outbox
    assert "Résumé de la semaine" in message.subject
    assert "Voirie" in message.body and "Propreté" not in message.body


def test_it_sends_to_the_others_when_one_address_fails(city):
    olga, root = city.people["olga"], city.people["root"]
    alerts.subscribe(olga)
    alerts.subscribe(root)
    # A header injection attempt: the mail library refuses to build the message.
    type(olga).objects.filter(pk=olga.pk).update(email="olga@example.org\nBcc: x@y.test")
    raise_alert("Propreté · toute la ville : 27 messages (≈ 6 attendus)")

    assert alerts.send_digests() == 1

    assert [m.to for m in mail.outbox] == [[root.email]]
    # Once the address is fixed, the missed alerts go out at the next attempt, and only to her.
    type(olga).objects.filter(pk=olga.pk).update(email="olga@example.org")
    assert alerts.send_digests(now=later(minutes=5)) == 1
    assert [m.to for m in mail.outbox] == [[root.email], ["olga@example.org"]]
    assert "Propreté" in mail.outbox[-1].body


def test_it_emails_each_alert_at_once_to_an_official_who_chose_so(city, settings):
    settings.SITE_URL = "https://ville.test"
    olga = city.people["olga"]
    set_preference(kind=ALERTS_DIGEST, to=olga, frequency="immediately")
    raise_alert("Propreté · toute la ville : 27 messages (≈ 6 attendus)")

    assert alerts.send_digests() == 0  # no digest: the alert went on its own

    (message,) = mail.outbox
    assert message.subject.endswith(
        "Baromètre : Propreté · toute la ville : 27 messages (≈ 6 attendus)"
    )
    assert "Hausse inhabituelle : Propreté" in message.body
    assert "https://ville.test/barometre/" in message.body
    assert "List-Unsubscribe" in message.extra_headers
