"""The dashboard's actions (seen alert, wrong topic, digest), its weekly report and the public
page that explains the pulse."""

from __future__ import annotations

from datetime import date, timedelta

from django.utils import timezone

from massalia.pulse.models import Alert, Channel, TopicCorrection
from massalia.pulse.notifications import is_subscribed
from massalia.pulse.tests.test_dashboard import days_ago, message, signal, topic

DASHBOARD = "/barometre/"


def _as(client, city, name: str):
    client.force_login(city.people[name])
    return client


def _alert() -> Alert:
    return Alert.objects.create(
        kind="spike", day=days_ago(1), title="Propreté : hausse", observed=9
    )


def test_it_lets_an_official_mark_an_alert_as_seen(client, city):
    alert = _alert()
    back = f"{DASHBOARD}?periode=7"
    response = _as(client, city, "olga").post(
        f"/barometre/alertes/{alert.pk}/vue/", {"retour": back}
    )
    assert response.status_code == 302 and response["Location"] == back
    alert.refresh_from_db()
    assert alert.acknowledged_by == city.people["olga"] and alert.acknowledged_at is not None
    html = client.get(back).content.decode()
    assert "Vue le" in html and "Marquer comme vue" not in html


def test_it_refuses_to_let_agents_mark_alerts_as_seen(client, city):
    alert = _alert()
    html = _as(client, city, "bob").get(DASHBOARD).content.decode()
    assert "Propreté : hausse" in html and "Marquer comme vue" not in html
    response = client.post(f"/barometre/alertes/{alert.pk}/vue/")
    assert response.status_code == 403
    alert.refresh_from_db()
    assert alert.acknowledged_at is None


def test_it_never_redirects_outside_the_dashboard(client, city):
    alert = _alert()
    response = _as(client, city, "olga").post(
        f"/barometre/alertes/{alert.pk}/vue/", {"retour": "https://ailleurs.example/barometre/"}
    )
    assert response["Location"] == DASHBOARD


def test_it_lets_an_agent_correct_a_message_topic(client, city):
    roads, clean = topic("voirie", "Voirie"), topic("proprete", "Propreté")
    said = message("Des ordures partout", day=days_ago(1), topic=roads)
    response = _as(client, city, "bob").post(
        f"/barometre/messages/{said.pk}/theme/", {"theme": "proprete", "retour": DASHBOARD}
    )
    assert response.status_code == 302
    said.refresh_from_db()
    assert said.topic == clean and said.topic_corrected
    correction = TopicCorrection.objects.get()
    assert (correction.from_topic, correction.to_topic) == (roads, clean)
    assert correction.corrected_by == city.people["bob"]


def test_it_refuses_corrections_from_citizens_and_officials(client, city):
    roads = topic("voirie", "Voirie")
    topic("proprete", "Propreté")
    said = message("Des ordures partout", day=days_ago(1), topic=roads)
    for name in ("alice", "olga"):
        response = _as(client, city, name).post(
            f"/barometre/messages/{said.pk}/theme/", {"theme": "proprete"}
        )
        assert response.status_code == 403, name
    assert not TopicCorrection.objects.exists()
    assert "Mauvais thème" not in _as(client, city, "olga").get(DASHBOARD).content.decode()


def test_it_refuses_a_correction_without_a_topic(client, city):
    said = message("Des ordures partout", day=days_ago(1))
    response = _as(client, city, "bob").post(f"/barometre/messages/{said.pk}/theme/", {})
    assert response.status_code == 400
    assert not TopicCorrection.objects.exists()


def test_it_lets_an_official_subscribe_to_the_digest_and_leave_it(client, city):
    olga = _as(client, city, "olga")
    assert "Recevoir le résumé des alertes" in olga.get(DASHBOARD).content.decode()
    assert olga.post("/barometre/resume/", {"abonner": "1"}).status_code == 302
    assert is_subscribed(city.people["olga"])
    assert "Ne plus recevoir le résumé" in olga.get(DASHBOARD).content.decode()
    olga.post("/barometre/resume/", {"abonner": "0"})
    assert not is_subscribed(city.people["olga"])


def test_it_keeps_the_digest_for_officials(client, city):
    assert _as(client, city, "bob").post("/barometre/resume/", {"abonner": "1"}).status_code == 403
    assert not is_subscribed(city.people["bob"])


# Weekly report -------------------------------------------------------------------------------


def _last_monday() -> date:
    today = timezone.localdate()
    return today - timedelta(days=today.weekday() + 7)


def test_it_reports_on_the_last_full_week_by_default(client, city):
    monday = _last_monday()
    clean = topic("proprete", "Propreté")
    noailles = city.quartiers["NOAILLES"]
    signal(monday, quartier=noailles, topic=clean, negative=4, neutral=2)
    signal(monday + timedelta(days=6), quartier=noailles, topic=clean, positive=3)
    signal(monday - timedelta(days=3), quartier=noailles, topic=clean, neutral=3)  # the week before
    signal(monday + timedelta(days=7), quartier=noailles, topic=clean, neutral=50)  # this week
    response = _as(client, city, "olga").get("/barometre/rapport/")
    assert response.status_code == 200
    html = response.content.decode()
    year, week, _ = monday.isocalendar()
    assert f"Rapport de la semaine {year}-W{week:02d}" in html
    assert "<dd>9</dd>" in html and "+200,0 %" in html
    assert "Propreté" in html and "Noailles" in html


def test_it_reports_on_the_week_asked_for(client, city):
    signal(date(2026, 11, 17), topic=topic("voirie", "Voirie"), channel=Channel.EMAIL, neutral=7)
    html = _as(client, city, "bob").get("/barometre/rapport/", {"semaine": "2026-W47"}).content
    assert b"Du lundi 16 novembre 2026 au dimanche 22 novembre 2026" in html
    assert b"<dd>7</dd>" in html


def test_it_refuses_a_week_it_cannot_read(client, city):
    response = _as(client, city, "olga").get("/barometre/rapport/", {"semaine": "2026-W60"})
    assert response.status_code == 400
    assert "Semaine inconnue" in response.content.decode()


def test_it_gives_the_report_a_print_stylesheet(client, city):
    from django.contrib.staticfiles import finders

    html = _as(client, city, "olga").get("/barometre/rapport/").content.decode()
    assert "pulse/pulse.css" in html
    css = open(finders.find("pulse/pulse.css"), encoding="utf-8").read()  # noqa: SIM115
    assert "@media print" in css


# Public page ---------------------------------------------------------------------------------


def test_it_explains_the_pulse_to_everyone(client, city, settings):
    settings.PULSE_RETENTION_DAYS = 45
    for name in (None, "alice", "olga"):
        client.logout()
        if name:
            client.force_login(city.people[name])
        response = client.get("/barometre/a-propos/")
        assert response.status_code == 200
    html = response.content.decode()
    assert "effacés après 45 jours" in html
    for words in ("Mastodon", "boîte de contact", "numéros de téléphone", "aucun profil", "élus"):
        assert words in html, words


def test_it_links_the_public_page_from_the_dashboard(client, city):
    html = _as(client, city, "olga").get(DASHBOARD).content.decode()
    assert 'href="/barometre/a-propos/"' in html


def test_it_links_each_alert_to_its_day_topic_and_place(client, city):
    import re
    from html import unescape

    cleanliness = topic("proprete", "Propreté")
    belsunce = city.quartiers["BELSUNCE"]
    day = days_ago(3)
    signal(day, quartier=belsunce, topic=cleanliness, negative=12)
    signal(days_ago(4), quartier=belsunce, topic=cleanliness, negative=5)
    Alert.objects.create(
        kind="spike",
        day=day,
        topic=cleanliness,
        arrondissement=belsunce.arrondissement,
        title="Propreté : hausse",
        observed=12,
    )
    html = _as(client, city, "olga").get(DASHBOARD).content.decode()
    alert_page = client.get(unescape(re.search(r'href="([^"]*)">Voir ses messages', html)[1]))
    assert alert_page.status_code == 200
    page = alert_page.content.decode()
    link = unescape(re.search(r'href="([^"]*)">Voir ces jours sur le baromètre', page)[1])
    day_page = client.get(link)
    assert day_page.status_code == 200
    assert day_page.context["figures"].messages == 12
    chosen = day_page.context["filters"]
    assert (chosen.start, chosen.end, chosen.topic_id) == (day, day, cleanliness.pk)
    assert chosen.arrondissement_id == belsunce.arrondissement_id
