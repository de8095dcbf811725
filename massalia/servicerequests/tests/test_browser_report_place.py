"""On a phone, the place of a report as people think of it: their position, a typed address,
or the no-JavaScript "Vérifier l'adresse" — each read back with its quartier before sending."""

import re

import pytest
from playwright.sync_api import expect

from massalia.portal.tests.browser import PHONE, assert_accessible, new_context, sign_in
from massalia.servicerequests.models import ServiceRequest
from massalia.territory import gazetteer
from massalia.territory.models import Street
from massalia.testing import INSIDE, PASSWORD, build_city

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Where the phone says it is: a few metres from La Canebière's point, in Belsunce.
HERE = {"latitude": INSIDE["BELSUNCE"][0] + 0.0003, "longitude": INSIDE["BELSUNCE"][1]}


@pytest.fixture
def town(transactional_db, fresh_indexes):
    city = build_city()
    for name, where in (("La Canebière", "BELSUNCE"), ("Rue de la République", "LA JOLIETTE")):
        lat, lon = INSIDE[where]
        Street.objects.create(
            name=name,
            normalized=gazetteer.normalize(name),
            quartier=city.quartiers[where],
            latitude=lat,
            longitude=lon,
        )
    gazetteer.invalidate()
    return city


@pytest.fixture
def phone(browser, live_server, town):
    context = new_context(
        browser, viewport=PHONE, permissions=["geolocation"], geolocation=HERE, has_touch=True
    )
    page = context.new_page()
    sign_in(page, live_server.url, login="alice@example.org", password=PASSWORD)
    yield page
    context.close()


def weigh(page, url: str) -> int:
    sizes: list[int] = []
    page.on("requestfinished", lambda request: sizes.append(request.sizes()["responseBodySize"]))
    page.goto(url)
    page.wait_for_load_state("networkidle")
    return sum(sizes)


def test_it_reports_from_the_phones_position(phone, live_server, town):
    page = phone
    weight = weigh(page, f"{live_server.url}/signaler/tags/")
    assert 0 < weight < 150_000, f"the report form weighs {weight} bytes"
    assert_accessible(page)
    page.get_by_label("Description du problème").fill("Tags sur le rideau du kiosque")
    page.get_by_role("button", name="Utiliser ma position").click()
    found = page.locator("[data-place-found]")
    expect(found).to_have_text("Adresse trouvée : La Canebière, Belsunce (1er)")
    assert page.get_by_label("Adresse ou rue").input_value() == "La Canebière"
    assert page.locator(".leaflet-marker-icon").count() == 1
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert_accessible(page)
    page.get_by_role("button", name="Envoyer la demande").click()
    page.wait_for_url(re.compile(r"/demandes/\d+/$"))
    filed = ServiceRequest.objects.get()
    assert filed.quartier == town.quartiers["BELSUNCE"]
    assert filed.address == "La Canebière"
    assert filed.latitude == pytest.approx(HERE["latitude"], abs=1e-6)


def test_it_reports_at_a_typed_address_read_back_first(phone, live_server, town):
    page = phone
    page.goto(f"{live_server.url}/signaler/tags/")
    page.get_by_label("Description du problème").fill("Tags sur la vitrine")
    address = page.get_by_label("Adresse ou rue")
    address.press_sequentially("12 rue de la rep", delay=40)
    page.locator("#adresses-proposees option[value='12 Rue de la République, 13002']").wait_for(
        state="attached"
    )
    address.press("Enter")  # understood as typed, without sending the form
    found = page.locator("[data-place-found]")
    expect(found).to_have_text("Adresse trouvée : 12 Rue de la République, La Joliette (2e)")
    assert page.url.endswith("/signaler/tags/")
    # The point follows the address: the map opens on it.
    page.get_by_role("button", name="Indiquer le lieu sur une carte").click()
    page.locator(".leaflet-marker-icon").wait_for()
    assert_accessible(page)
    page.get_by_role("button", name="Envoyer la demande").click()
    page.wait_for_url(re.compile(r"/demandes/\d+/$"))
    filed = ServiceRequest.objects.get()
    assert filed.quartier == town.quartiers["LA JOLIETTE"]
    assert filed.address == "12 rue de la rep"
    assert (filed.latitude, filed.longitude) == pytest.approx(INSIDE["LA JOLIETTE"])


def test_it_checks_the_address_without_javascript(nojs_page, live_server, town):
    page = nojs_page
    sign_in(page, live_server.url, login="alice@example.org", password=PASSWORD)
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/signaler/tags/")
    assert not page.get_by_role("button", name="Utiliser ma position").is_visible()
    page.get_by_label("Description du problème").fill("Tags sous le porche")
    page.get_by_label("Adresse ou rue").fill("42 la canebiere")
    page.get_by_role("button", name="Vérifier l'adresse").click()
    found = page.locator("[data-place-found]")
    expect(found).to_have_text("Adresse trouvée : 42 La Canebière, Belsunce (1er)")
    assert not ServiceRequest.objects.exists()
    assert page.get_by_label("Description du problème").input_value() == "Tags sous le porche"
    assert_accessible(page)
    page.get_by_label("Adresse ou rue").fill("zzqx wvvv")
    page.get_by_role("button", name="Vérifier l'adresse").click()
    expect(found).to_contain_text("Adresse introuvable : « zzqx wvvv »")
    page.get_by_label("Adresse ou rue").fill("42 la canebiere")
    page.get_by_role("button", name="Envoyer la demande").click()
    page.wait_for_url(re.compile(r"/demandes/\d+/$"))
    assert ServiceRequest.objects.get().quartier == town.quartiers["BELSUNCE"]
