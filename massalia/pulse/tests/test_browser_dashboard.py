"""The dashboard in a real browser: an official filters it and sees the figures change; the
dashboard, the weekly report and the public page pass axe on a desktop and a phone, and the
dashboard works without JavaScript."""

from __future__ import annotations

import pytest

from massalia.portal.tests.browser import PHONE, assert_accessible, sign_in
from massalia.pulse.models import Alert, Channel
from massalia.pulse.tests.test_dashboard import days_ago, message, signal, topic
from massalia.testing import PASSWORD, build_city

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def town(transactional_db):
    city = build_city()
    clean, roads = topic("proprete", "Propreté"), topic("voirie", "Voirie")
    noailles, belsunce = city.quartiers["NOAILLES"], city.quartiers["BELSUNCE"]
    joliette = city.quartiers["LA JOLIETTE"]
    for n in range(1, 29):
        signal(days_ago(n), quartier=noailles, topic=clean, negative=n % 4, neutral=2, positive=1)
        signal(days_ago(n), quartier=belsunce, topic=roads, neutral=1, positive=n % 2)
        signal(days_ago(n), quartier=joliette, topic=roads, channel=Channel.MASTODON, negative=2)
    message(
        "Les poubelles débordent encore rue d'Aubagne",
        day=days_ago(1),
        author="x",
        quartier=noailles,
        topic=roads,
        sentiment="negative",
        reasons=[["poubelles", 1.1]],
    )
    Alert.objects.create(
        kind=Alert.Kind.SPIKE,
        day=days_ago(1),
        topic=clean,
        arrondissement=noailles.arrondissement,
        title="Propreté : hausse inhabituelle dans le 1e arrondissement",
        observed=12,
        expected=3.5,
    )
    return city


def messages_figure(page) -> str:
    return page.locator(".pu-figures div").first.locator("dd").first.inner_text().strip()


def official(pages, base_url: str, **options):
    page = pages(**options)
    sign_in(page, base_url, login="olga@example.org", password=PASSWORD)
    return page


def test_an_official_filters_the_dashboard_and_sees_the_figures_change(pages, live_server, town):
    page = official(pages, live_server.url)
    page.goto(f"{live_server.url}/barometre/")
    page.get_by_role("heading", name="Baromètre de la ville").wait_for()
    assert_accessible(page)
    everywhere = int(messages_figure(page))
    assert everywhere > 0

    page.get_by_label("Lieu", exact=True).select_option(label="2e arrondissement")
    page.get_by_role("button", name="Appliquer").click()
    page.wait_for_url("**lieu=a-*")
    second = int(messages_figure(page))
    assert 0 < second < everywhere
    assert_accessible(page)

    page.get_by_label("Période", exact=True).select_option(label="7 derniers jours")
    page.get_by_role("button", name="Appliquer").click()
    page.wait_for_url("**periode=7*")
    assert int(messages_figure(page)) < second

    # The alert is marked as seen and the filters are kept.
    page.goto(f"{live_server.url}/barometre/")
    page.get_by_role("button", name="Marquer comme vue").click()
    page.get_by_text("marquée comme vue").wait_for()
    assert Alert.objects.get().acknowledged_at is not None


@pytest.mark.parametrize("viewport", [None, PHONE], ids=["desktop", "phone"])
def test_the_pulse_pages_pass_axe(pages, live_server, town, viewport):
    options = {"viewport": viewport} if viewport else {}
    page = official(pages, live_server.url, **options)
    for path in ("/barometre/", "/barometre/rapport/", "/barometre/a-propos/"):
        response = page.goto(f"{live_server.url}{path}")
        assert response is not None and response.status == 200, path
        assert_accessible(page)
    if viewport:  # nothing wider than the phone's screen, apart from scrolling tables
        wide = page.evaluate(
            "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
        )
        assert wide, "the page scrolls sideways on a phone"
    visitor = pages(**options)
    visitor.goto(f"{live_server.url}/barometre/a-propos/")
    assert_accessible(visitor)


def test_the_dashboard_works_without_javascript(nojs_page, live_server, town):
    sign_in(nojs_page, live_server.url, login="bob@example.org", password=PASSWORD)
    nojs_page.goto(f"{live_server.url}/barometre/")
    everywhere = int(messages_figure(nojs_page))
    nojs_page.get_by_label("Canal", exact=True).select_option(label="Mastodon")
    nojs_page.get_by_role("button", name="Appliquer").click()
    nojs_page.wait_for_url("**canal=mastodon*")
    assert int(messages_figure(nojs_page)) == 2 * 28 < everywhere

    # An agent corrects a topic (<details> opens without script).
    nojs_page.get_by_role("link", name="Tout effacer").click()
    nojs_page.get_by_text("Mauvais thème ?").click()
    nojs_page.get_by_label("Le bon thème").select_option(label="Propreté")
    nojs_page.get_by_role("button", name="Corriger le thème").click()
    nojs_page.get_by_text("Merci : le message est rangé sous « Propreté ».").wait_for()
    assert_accessible(nojs_page)
