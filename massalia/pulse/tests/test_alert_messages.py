"""Each alert's page lists exactly the messages the alert counts."""

from __future__ import annotations

import datetime as dt

from massalia.pulse import aggregates, alerts
from massalia.pulse.models import Alert, Message
from massalia.pulse.tests.test_dashboard import _as, days_ago, message, topic

PAGE = "/barometre/alertes/{}/"


def listed(response) -> set[str]:
    return {m.text for m in response.context["listing"].shown}


def test_it_lists_exactly_the_messages_of_a_spike_topic_place_and_days(client, city):
    water, roads = topic("eau", "Eau"), topic("voirie", "Voirie")
    belsunce, joliette = city.quartiers["BELSUNCE"], city.quartiers["LA JOLIETTE"]
    first, last = days_ago(4), days_ago(2)
    counted = {
        message("Fuite d'eau rue d'Aubagne", day=first, quartier=belsunce, topic=water),
        message("Encore de l'eau sur le trottoir", day=days_ago(3), quartier=belsunce, topic=water),
        message("Plus d'eau chaude depuis hier", day=last, quartier=belsunce, topic=water),
    }
    message("Fuite d'eau avant l'alerte", day=days_ago(5), quartier=belsunce, topic=water)
    message("Fuite d'eau après l'alerte", day=days_ago(1), quartier=belsunce, topic=water)
    message("Fuite d'eau dans un autre arrondissement", day=last, quartier=joliette, topic=water)
    message("Un nid-de-poule au même endroit", day=last, quartier=belsunce, topic=roads)
    private = message("Ma demande privée sur l'eau", day=last, quartier=belsunce, topic=water)
    Message.objects.filter(pk=private.pk).update(is_private=True)
    aggregates.rebuild([days_ago(n) for n in range(7)], force=True)
    alert = Alert.objects.create(
        kind=Alert.Kind.SPIKE,
        day=days_ago(3),
        first_day=first,
        last_day=last,
        topic=water,
        arrondissement=belsunce.arrondissement,
        title="Eau : hausse",
    )
    alert.total = alerts.episode_total(alert)
    alert.save()

    response = _as(client, city, "olga").get(PAGE.format(alert.pk))

    assert response.status_code == 200
    assert listed(response) == {m.text for m in counted}
    listing = response.context["listing"]
    # What is counted is what is shown, plus the private demand (counted, never shown).
    assert alert.total == len(listing.shown) + listing.private == 4
    assert "1 demande privée comptée mais non montrée" in response.content.decode()
    assert "Ma demande privée" not in response.content.decode()


def test_it_lists_the_messages_grouped_under_an_emerging_topic(client, city):
    day = days_ago(1)
    grouped = [message(f"Les sangliers dans les poubelles, encore {n}", day=day) for n in range(5)]
    message("Les sangliers ailleurs, pas dans le groupe", day=day)
    alert = Alert.objects.create(
        kind=Alert.Kind.EMERGING,
        day=day,
        title="Sujet émergent : sangliers",
        message_ids=[m.pk for m in grouped],
        total=5,
    )

    response = _as(client, city, "olga").get(PAGE.format(alert.pk))

    assert listed(response) == {m.text for m in grouped}


def test_it_refuses_citizens_and_answers_404_for_an_unknown_alert(client, city):
    alert = Alert.objects.create(kind=Alert.Kind.SPIKE, day=dt.date(2025, 3, 14), title="x")
    assert _as(client, city, "alice").get(PAGE.format(alert.pk)).status_code == 403
    assert _as(client, city, "olga").get(PAGE.format(alert.pk + 1000)).status_code == 404
