"""The officials' dashboard: who reads it, and figures that follow the filters.

Daily signals and messages are written directly (the helpers below are shared with the other
dashboard tests): the dashboard reads them, it does not build them.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest
from django.utils import timezone

from massalia.pulse import selectors
from massalia.pulse.models import Alert, Channel, DailySignal, Message, Source, Topic
from massalia.pulse.selectors import Filters
from massalia.servicerequests.models import ServiceRequest
from massalia.territory.models import Quartier
from massalia.testing import file_request


def topic(slug: str, name: str, **extra: object) -> Topic:
    found, _ = Topic.objects.get_or_create(slug=slug, defaults={"name": name, **extra})
    return found


def signal(
    day: date,
    *,
    quartier: Quartier | None = None,
    topic: Topic | None = None,
    channel: str = Channel.RSS,
    negative: int = 0,
    neutral: int = 0,
    positive: int = 0,
) -> DailySignal:
    total = negative + neutral + positive
    return DailySignal.objects.create(
        day=day,
        topic=topic,
        quartier=quartier,
        arrondissement=quartier.arrondissement if quartier else None,
        channel=channel,
        messages=total,
        negative=negative,
        neutral=neutral,
        positive=positive,
        sentiment_sum=positive * 0.8 - negative * 0.8,
    )


def source(channel: str = Channel.RSS) -> Source:
    found, _ = Source.objects.get_or_create(name=f"Source {channel}", defaults={"channel": channel})
    return found


def message(
    text: str,
    *,
    day: date,
    author: str = "",
    quartier: Quartier | None = None,
    topic: Topic | None = None,
    channel: str = Channel.RSS,
    sentiment: str = "neutral",
    reasons: list[list[object]] | None = None,
) -> Message:
    moment = timezone.make_aware(datetime.combine(day, time(10, 0)))
    return Message.objects.create(
        source=source(channel),
        channel=channel,
        external_id=f"{text[:40]}-{Message.objects.count()}",
        author=author,
        text=text,
        published_at=moment,
        enriched_at=moment,
        topic=topic,
        topic_reasons=reasons or [],
        sentiment=sentiment,
        quartier=quartier,
        arrondissement=quartier.arrondissement if quartier else None,
    )


def days_ago(n: int) -> date:
    return timezone.localdate() - timedelta(days=n)


# Tests ---------------------------------------------------------------------------------------

DASHBOARD = "/barometre/"


def _as(client, city, name: str):
    client.force_login(city.people[name])
    return client


@pytest.fixture
def talk(city):
    """Two weeks of talk: Noailles (1st) about cleanliness, La Joliette (2nd) about roads."""
    clean = topic("proprete", "Propreté")
    roads = topic("voirie", "Voirie")
    noailles, joliette = city.quartiers["NOAILLES"], city.quartiers["LA JOLIETTE"]
    signal(days_ago(1), quartier=noailles, topic=clean, negative=6, neutral=2, positive=2)
    signal(days_ago(2), quartier=joliette, topic=roads, channel=Channel.MASTODON, neutral=3)
    signal(days_ago(20), quartier=noailles, topic=roads, negative=1, positive=4)
    signal(days_ago(40), quartier=noailles, topic=clean, neutral=5)  # the previous 30 days
    return {"clean": clean, "roads": roads}


def _figure(response, label: str) -> str:
    html = response.content.decode()
    start = html.index(f"<dt>{label}</dt>")
    value = html[start:].split("<dd", 1)[1].split(">", 1)[1].split("</dd>", 1)[0]
    return value.strip()


def test_it_lets_officials_agents_and_managers_read_the_dashboard(client, city):
    for name in ("olga", "bob", "carol", "root"):
        assert _as(client, city, name).get(DASHBOARD).status_code == 200, name


def test_it_refuses_citizens_and_sends_anonymous_visitors_to_sign_in(client, city):
    response = client.get(DASHBOARD)
    assert response.status_code == 302 and "/compte/connexion/" in response["Location"]
    assert _as(client, city, "alice").get(DASHBOARD).status_code == 403
    assert client.get("/barometre/export.csv").status_code == 403
    assert client.get("/barometre/rapport/").status_code == 403


def test_it_sums_the_daily_signals_of_the_chosen_period(client, city, talk):
    olga = _as(client, city, "olga")
    assert _figure(olga.get(DASHBOARD, {"periode": "7"}), "Messages") == "13"
    assert _figure(olga.get(DASHBOARD, {"periode": "30"}), "Messages") == "18"
    assert _figure(olga.get(DASHBOARD, {"periode": "90"}), "Messages") == "23"
    first = days_ago(25).isoformat()
    chosen = olga.get(DASHBOARD, {"periode": "dates", "du": first, "au": days_ago(2).isoformat()})
    assert _figure(chosen, "Messages") == "8"


def test_it_narrows_the_figures_to_a_place_a_channel_and_a_topic(client, city, talk):
    olga = _as(client, city, "olga")
    second = city.arrondissements["13202"]
    noailles = city.quartiers["NOAILLES"]
    assert _figure(olga.get(DASHBOARD, {"lieu": f"a-{second.pk}"}), "Messages") == "3"
    assert _figure(olga.get(DASHBOARD, {"lieu": f"q-{noailles.pk}"}), "Messages") == "15"
    assert _figure(olga.get(DASHBOARD, {"canal": "mastodon"}), "Messages") == "3"
    assert _figure(olga.get(DASHBOARD, {"theme": "voirie"}), "Messages") == "8"


def test_it_compares_with_the_previous_period_and_gives_the_negative_share(client, city, talk):
    response = _as(client, city, "olga").get(DASHBOARD, {"periode": "30"})
    html = response.content.decode()
    assert "+260,0 %" in html  # 18 messages against 5 the 30 days before
    assert _figure(response, "Part de messages négatifs") == "38,9 %"  # 7 of 18


def test_it_counts_distinct_voices_among_kept_messages(client, city, talk):
    for author, day in (("a1", 1), ("a1", 2), ("b2", 3), ("c3", 60), ("", 1)):
        message("Trottoir défoncé", day=days_ago(day), author=author)
    olga = _as(client, city, "olga")
    assert _figure(olga.get(DASHBOARD, {"periode": "7"}), "Voix distinctes") == "2"
    assert _figure(olga.get(DASHBOARD, {"periode": "90"}), "Voix distinctes") == "3"


def test_it_counts_open_alerts_and_overdue_requests(client, city, talk):
    Alert.objects.create(kind="spike", day=days_ago(1), title="Propreté à Noailles", observed=10)
    Alert.objects.create(
        kind="spike", day=days_ago(2), title="Déjà vue", acknowledged_at=timezone.now()
    )
    late = file_request(city, "nid-de-poule")
    ServiceRequest.objects.filter(pk=late.pk).update(expected_at=timezone.now() - timedelta(days=1))
    file_request(city, "lampadaire")  # not yet due
    response = _as(client, city, "olga").get(DASHBOARD)
    assert _figure(response, "Alertes non vues") == "1"
    assert _figure(response, "Demandes en retard") == "1"
    assert "Propreté à Noailles" in response.content.decode()


def test_it_shows_examples_without_their_author_and_with_the_topic_reasons(client, city, talk):
    message(
        "Les poubelles débordent rue d'Aubagne",
        day=days_ago(1),
        author="pseudo-secret-42",
        quartier=city.quartiers["NOAILLES"],
        topic=talk["clean"],
        sentiment="negative",
        reasons=[["poubelles", 1.2], ["débordent", 0.7]],
    )
    html = _as(client, city, "bob").get(DASHBOARD).content.decode()
    assert "Les poubelles débordent rue d&#x27;Aubagne" in html
    assert "pseudo-secret-42" not in html
    assert "pourquoi ce thème : mots poubelles, débordent" in html
    assert "Noailles" in html and "négatif" in html
    assert "Mauvais thème" in html  # bob is an agent


def test_it_draws_the_charts_the_map_and_the_heat_map(client, city, talk):
    html = _as(client, city, "olga").get(DASHBOARD).content.decode()
    assert html.count("<svg") == 4
    assert "<title>Noailles : 15 message(s)</title>" in html
    assert 'class="num heat-4">10</td>' in html  # the busiest cell: cleanliness in the 1st


def test_it_reports_service_performance_per_department_and_quartier(client, city):
    done = file_request(city, "lampadaire")
    ServiceRequest.objects.filter(pk=done.pk).update(
        status="resolved",
        created_at=timezone.now() - timedelta(days=3),
        closed_at=timezone.now() - timedelta(days=1),
    )
    file_request(city, "lampadaire", where="BELSUNCE")
    figures = selectors.performance(Filters(start=days_ago(29), end=days_ago(0)))
    lights = next(p for p in figures["departments"] if p.name == "Éclairage public")
    assert (lights.filed, lights.resolved, lights.median_days) == (2, 1, 2.0)
    places = {p.name: p.filed for p in figures["quartiers"]}
    assert places == {"Noailles": 1, "Belsunce": 1}
    only_second = Filters(
        start=days_ago(29), end=days_ago(0), arrondissement_id=city.arrondissements["13202"].pk
    )
    assert selectors.performance(only_second)["departments"] == []


def test_it_keeps_the_defaults_when_the_filters_are_wrong(client, city, talk):
    response = _as(client, city, "olga").get(
        DASHBOARD,
        {"periode": "dates", "du": days_ago(1).isoformat(), "au": days_ago(5).isoformat()},
    )
    assert response.status_code == 200
    assert "La date de fin doit suivre la date de début." in response.content.decode()
    assert _figure(response, "Messages") == "18"


def test_it_exports_the_aggregates_as_csv_for_spreadsheets(client, city, talk):
    response = _as(client, city, "carol").get("/barometre/export.csv", {"periode": "7"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith("\ufeffjour;thème;arrondissement;quartier;canal;messages;")
    lines = body.strip().splitlines()
    assert len(lines) == 3
    assert lines[1] == (
        f"{days_ago(2).isoformat()};Voirie;2e arrondissement;La Joliette;Mastodon;3;0;3;0;0,000"
    )
    assert lines[2] == (
        f"{days_ago(1).isoformat()};Propreté;1e arrondissement;Noailles;"
        "Forums, blogs et presse (RSS/Atom);10;6;2;2;-0,320"
    )


def test_it_shows_the_period_it_counts(client, city):
    html = _as(client, city, "olga").get(DASHBOARD).content.decode()
    assert '<option value="30" selected>30 derniers jours</option>' in html
