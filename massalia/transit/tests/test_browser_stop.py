"""A stop page reached the way a passer-by reaches it: a phone reads the shelter's NFC tag
and opens the address it holds, JavaScript off. axe finds nothing serious; the page weighs
at most 150 KB on the wire."""

from __future__ import annotations

import pytest
from django.test import override_settings

from massalia.portal.tests.browser import PHONE, assert_accessible
from massalia.portal.tests.test_browser_weight import (  # noqa: F401 (fixtures)
    BUDGET,
    app_server,
    collected,
    measure,
)
from massalia.transit import tags

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_phone_opens_the_stop_page_from_its_tag(pages, app_server, network, clock):  # noqa: F811
    with override_settings(SITE_URL=app_server):
        visitor = pages(viewport=PHONE, java_script_enabled=False)
        tag = visitor.request.get(f"{app_server}/arrets/rtm/CGA/etiquette.ndef")
        assert tag.ok
        url = tags.url_of(tag.body())
        assert url == f"{app_server}/arrets/rtm/CGA/"
        visitor.goto(url)
        heading = visitor.get_by_role("heading", level=1)
        assert heading.inner_text() == "Arrêt Canebière Garibaldi"
        line = visitor.get_by_role("region", name="81 vers Cinq Avenues")
        assert line.locator("time").first.inner_text() == "08:06"
        assert visitor.get_by_role("link", name="Signaler un problème à cet arrêt").is_visible()
        assert_accessible(visitor)
        total, parts = measure(pages(viewport=PHONE, java_script_enabled=False), url)
        assert 0 < total <= BUDGET, parts
