import pytest

from massalia.inclusion.tests.conftest import make_place
from massalia.portal.tests.browser import PHONE, assert_accessible, open_menu
from massalia.territory.models import Street
from massalia.testing import INSIDE, build_city

pytestmark = pytest.mark.browser


@pytest.fixture
def directory(transactional_db, fresh_indexes):
    city = build_city()
    lat, lon = INSIDE["NOAILLES"]
    Street.objects.create(
        name="Rue d'Aubagne",
        normalized="rue aubagne",
        quartier=city.quartiers["NOAILLES"],
        latitude=lat,
        longitude=lon,
    )
    make_place("toujours", horaires="24/7")
    make_place("jamais", horaires="off")
    far = make_place("loin", horaires="24/7", point=(43.30 + 0.005, 5.36 + 0.005))
    return city, far


def test_it_finds_help_open_now_near_an_address_without_javascript(
    live_server, nojs_page, directory
):
    page = nojs_page
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/")
    open_menu(page)
    page.get_by_role("link", name="Accès à Internet").click()
    page.get_by_label("Près de l'adresse").fill("12 rue d'Aubagne")
    page.get_by_label("Distance").select_option("1000")
    page.get_by_label("Ouvert maintenant").check()
    page.get_by_role("button", name="Rechercher").click()
    results = page.locator(".directory-list")
    assert results.get_by_role("link", name="Lieu toujours").is_visible()
    assert results.get_by_role("link", name="Lieu jamais").count() == 0
    assert results.get_by_role("link", name="Lieu loin").count() == 0
    assert "Ouvert maintenant" in results.inner_text()
    assert_accessible(page)
    results.get_by_role("link", name="Lieu toujours").click()
    assert page.get_by_role("heading", name="Lieu toujours").is_visible()
    assert_accessible(page)
