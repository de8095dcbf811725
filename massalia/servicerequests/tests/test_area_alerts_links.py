"""The public list, the map and a request's page lead to the alert form, the request's page
with its quartier chosen; "Mes demandes" and "Mon compte" lead to the person's alerts."""

from __future__ import annotations

import pytest

from massalia.testing import file_request

pytestmark = pytest.mark.usefixtures("fresh_indexes")


def test_it_links_the_public_pages_to_the_alert_form(client, city):
    case = file_request(city, "tags", where="LA JOLIETTE")
    joliette = city.quartiers["LA JOLIETTE"].pk

    for path in ["/demandes/", "/carte/"]:
        assert 'href="/alertes/"' in client.get(path).content.decode(), path
    filtered = client.get("/demandes/", {"quartier": joliette}).content.decode()
    assert f'href="/alertes/?quartier={joliette}"' in filtered
    page = client.get(f"/demandes/{case.pk}/").content.decode()
    assert f'href="/alertes/?quartier={joliette}"' in page


def test_it_links_my_requests_to_my_alerts(client, city):
    client.force_login(city.people["alice"])

    assert 'href="/mes-alertes/"' in client.get("/mes-demandes/").content.decode()


def test_it_links_my_account_to_my_alerts(client, city):
    client.force_login(city.people["alice"])

    assert 'href="/mes-alertes/"' in client.get("/compte/").content.decode()
