"""A citizen reports through a real browser, with and without JavaScript."""

import re

import pytest
from django.core import mail

from massalia.portal.tests.browser import PHONE, assert_accessible, new_context, sign_in
from massalia.servicerequests import services
from massalia.servicerequests.models import ServiceRequest, Status
from massalia.testing import INSIDE, PASSWORD, build_city

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Pixels from the map's centre (settings.MAP_CENTER, zoom 14) to the middle of Belsunce.
BELSUNCE_OFFSET = (61, 24)


@pytest.fixture
def town(transactional_db):
    return build_city()


def resolve_through_services(case: ServiceRequest, actor) -> None:
    """What the back-office will do: an agent resolves the request with a public note."""
    services.change_status(
        case=case, actor=actor, status=Status.RESOLVED, public_note="Réparé ce matin."
    )


def test_it_reports_by_clicking_on_the_map(page, live_server, town):
    lat, lon = INSIDE["BELSUNCE"]
    existing = services.submit_request(
        request_type=town.types["nid-de-poule"],
        description="Déjà signalé",
        latitude=lat,
        longitude=lon,
        requester=town.people["olga"],
        attributes={"taille": "petit"},
    )
    sign_in(page, live_server.url, login="alice@example.org", password=PASSWORD)
    page.goto(f"{live_server.url}/")
    assert_accessible(page)
    page.get_by_role("link", name="Signaler un problème").first.click()
    assert_accessible(page)
    page.get_by_role("link", name="Nid-de-poule").click()
    page.get_by_label("Description du problème").fill("Un trou au milieu de la chaussée")
    page.get_by_role("button", name="Indiquer le lieu sur une carte").click()
    box = page.locator(".leaflet-container").bounding_box()
    dx, dy = BELSUNCE_OFFSET
    page.mouse.click(box["x"] + box["width"] / 2 + dx, box["y"] + box["height"] / 2 + dy)
    page.get_by_text("Point choisi").wait_for()
    duplicates = page.locator("[data-duplicates] .duplicates")
    duplicates.get_by_role("link", name=f"n° {existing.pk}").wait_for()
    page.get_by_label("Taille du trou").select_option("grand")
    assert_accessible(page)
    page.get_by_role("button", name="Envoyer la demande").click()
    page.wait_for_url(re.compile(r"/demandes/\d+/$"))
    filed = ServiceRequest.objects.exclude(pk=existing.pk).get()
    assert filed.quartier == town.quartiers["BELSUNCE"]
    assert filed.attributes == {"taille": "grand"}
    assert "Belsunce" in page.content() and "Grand" in page.content()
    assert_accessible(page)
    page.get_by_role("link", name="Mes demandes").click()
    page.get_by_role("link", name=f"Nid-de-poule n° {filed.pk}").wait_for()
    assert_accessible(page)


def test_it_reports_without_javascript_and_sees_the_resolution(
    nojs_page, live_server, town, settings
):
    page = nojs_page
    sign_in(page, live_server.url, login="alice@example.org", password=PASSWORD)
    page.goto(f"{live_server.url}/signaler/tags/")
    assert not page.get_by_role("button", name="Indiquer le lieu sur une carte").is_visible()
    page.get_by_label("Description du problème").fill("Tags sur le mur de l'école")
    page.get_by_label("Quartier").select_option(label="Noailles")
    assert_accessible(page)
    page.get_by_role("button", name="Envoyer la demande").click()
    page.wait_for_url(re.compile(r"/demandes/\d+/$"))
    filed = ServiceRequest.objects.get()
    assert filed.quartier == town.quartiers["NOAILLES"]
    assert "Noailles" in page.content()
    page.goto(f"{live_server.url}/mes-demandes/")
    assert page.get_by_role("link", name=f"Tags et graffitis n° {filed.pk}").is_visible()

    mail.outbox.clear()
    resolve_through_services(filed, town.people["dave"])
    page.goto(f"{live_server.url}/demandes/{filed.pk}/")
    assert "résolue" in page.locator(".status").first.inner_text()
    assert "Réparé ce matin." in page.content()
    assert_accessible(page)
    assert [m.to for m in mail.outbox] == [["alice@example.org"]]
    assert "résolue" in mail.outbox[0].body


def test_the_public_pages_are_accessible_on_a_phone(browser, live_server, town):
    lat, lon = INSIDE["NOAILLES"]
    services.submit_request(
        request_type=town.types["tags"],
        description="Tag",
        latitude=lat,
        longitude=lon,
        requester=town.people["alice"],
    )
    context = new_context(browser, viewport=PHONE)
    page = context.new_page()
    for path in ("/", "/demandes/", "/carte/", "/compte/connexion/", "/compte/inscription/"):
        page.goto(f"{live_server.url}{path}")
        assert_accessible(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    context.close()


def test_the_pages_stay_light(page, live_server, town):
    lat, lon = INSIDE["NOAILLES"]
    filed = services.submit_request(
        request_type=town.types["nid-de-poule"],
        description="Trou",
        latitude=lat,
        longitude=lon,
        requester=town.people["alice"],
        attributes={"taille": "grand"},
    )
    sizes: list[int] = []
    page.on("requestfinished", lambda request: sizes.append(request.sizes()["responseBodySize"]))
    paths = ["/", "/signaler/", "/signaler/nid-de-poule/", f"/demandes/{filed.pk}/", "/demandes/"]
    for path in paths:
        sizes.clear()
        page.goto(f"{live_server.url}{path}")
        page.wait_for_load_state("networkidle")
        assert 0 < sum(sizes) < 100_000, f"{path} weighs {sum(sizes)} bytes"
