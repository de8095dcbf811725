"""The register, its map and the rights page as a passer-by reads them: a phone, JavaScript
off. The filters work by submitting the form; axe finds nothing serious; each page weighs at
most 150 KB on the wire with a full page of cameras."""

from __future__ import annotations

import pytest

from massalia.cameras import importer
from massalia.cameras.tests.conftest import csv_text, line
from massalia.portal.tests.browser import PHONE, assert_accessible
from massalia.portal.tests.test_browser_weight import (  # noqa: F401 (fixtures)
    BUDGET,
    app_server,
    collected,
    measure,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
WHERE = ["BELSUNCE", "NOAILLES", "LA JOLIETTE"]


@pytest.fixture
def full_register(cameras):
    """Sixty more cameras: the list fills its first page and goes on to a second."""
    more = [
        line(f"vp-{n:03d}", WHERE[n % 3], adresse=f"{n} boulevard d'Athènes, face à l'arrêt")
        for n in range(100, 160)
    ]
    run = importer.import_text(csv_text(*more), source="test")
    assert run.rejected == 0


def test_a_phone_filters_the_register_and_opens_a_camera(
    pages,
    app_server,  # noqa: F811
    full_register,
):
    visitor = pages(viewport=PHONE, java_script_enabled=False)
    visitor.goto(f"{app_server}/videoprotection/")
    assert visitor.get_by_role("heading", level=1).inner_text() == (
        "Registre des caméras de vidéoprotection"
    )
    assert visitor.get_by_role("link", name="Page suivante ›").is_visible()
    assert_accessible(visitor)
    visitor.get_by_label("Arrondissement").select_option(label="2e arrondissement")
    visitor.get_by_role("button", name="Filtrer").click()
    visitor.wait_for_url("**/videoprotection/?arrondissement=2*")
    assert visitor.get_by_text("21 caméras").is_visible()
    assert visitor.get_by_text("1 autorisation échue").is_visible()
    visitor.get_by_role("link", name="Rue de vp-003").click()
    visitor.wait_for_url("**/videoprotection/cameras/vp-003/")
    assert visitor.get_by_role("note").inner_text().startswith("L'autorisation de cette caméra")
    assert_accessible(visitor)
    visitor.get_by_role("link", name="Demander l'accès aux images où vous apparaissez").click()
    visitor.wait_for_url("**/videoprotection/vos-droits/")
    assert visitor.get_by_role("heading", name="Si l'on vous refuse ou si l'on ne vous répond pas")
    assert_accessible(visitor)


@pytest.mark.parametrize(
    "path", ["/videoprotection/", "/videoprotection/carte/", "/videoprotection/vos-droits/"]
)
def test_each_page_is_accessible_and_light_on_a_phone(
    pages,
    app_server,  # noqa: F811
    full_register,
    path,
):
    visitor = pages(viewport=PHONE, java_script_enabled=False)
    visitor.goto(f"{app_server}{path}")
    assert_accessible(visitor)
    total, parts = measure(pages(viewport=PHONE, java_script_enabled=False), app_server + path)
    assert 0 < total <= BUDGET, parts


def test_the_rights_page_reads_right_to_left_in_arabic(
    pages,
    app_server,  # noqa: F811
    full_register,
):
    visitor = pages(viewport=PHONE, java_script_enabled=False)
    visitor.goto(f"{app_server}/langue/ar/?suivant=/videoprotection/vos-droits/")
    assert visitor.locator("html").get_attribute("dir") == "rtl"
    assert visitor.get_by_role("heading", level=1).inner_text() == "المراقبة بالفيديو: حقوقكم"
    assert_accessible(visitor)
