"""The catalog and a dataset page in a real browser: accessible, and usable without JavaScript."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from massalia.portal.tests.browser import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_it_leads_from_the_catalog_to_a_dataset_and_its_file(page: Any, live_server, world):
    page.goto(f"{live_server.url}/donnees/")
    assert_accessible(page)
    page.get_by_role("link", name="Demandes et signalements des habitants", exact=True).click()
    page.wait_for_url("**/donnees/demandes/")
    assert page.get_by_role("heading", level=1).inner_text() == (
        "Demandes et signalements des habitants"
    )
    assert page.get_by_role("cell", name="arrondissement où se trouve le point").is_visible()
    assert_accessible(page)


def test_it_works_without_javascript(nojs_page: Any, live_server, world):
    nojs_page.goto(f"{live_server.url}/donnees/")
    nojs_page.get_by_role("link", name="Marchés publics attribués", exact=True).click()
    nojs_page.wait_for_url("**/donnees/marches-publics/")
    assert_accessible(nojs_page)
    with nojs_page.expect_download() as caught:
        nojs_page.get_by_role("link", name="CSV — Marchés publics attribués").click()
    download = caught.value
    assert download.suggested_filename == "marches-publics.csv"
    assert "Jardins du Sud" in Path(download.path()).read_text(encoding="utf-8-sig")
