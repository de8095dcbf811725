"""On a phone with JavaScript off, a neighbour without an account asks for the alerts of
their quartier from the public list, confirms from the email, and the next request filed
there reaches their mailbox. Each page is accessible and weighs at most 150 KB."""

from __future__ import annotations

import re

import pytest
from django.core import mail

from massalia.portal.tests.browser import PHONE, assert_accessible
from massalia.portal.tests.test_browser_weight import (  # noqa: F401 (fixtures)
    BUDGET,
    app_server,
    collected,
    measure,
)
from massalia.servicerequests.models import AreaAlert
from massalia.testing import build_city, file_request

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
NEIGHBOUR = "voisine@example.org"


@pytest.fixture
def town(transactional_db, fresh_indexes):
    return build_city()


def _link_in(body: str, path: str) -> str:
    found = re.search(rf"https?://[^/\s]+({path}[^\s]*)", body)
    assert found, body
    return found.group(1)


def test_a_neighbour_gets_the_new_requests_of_their_quartier_by_email(
    pages,
    app_server,  # noqa: F811
    town,
):
    phone = pages(viewport=PHONE, java_script_enabled=False)
    phone.goto(f"{app_server}/demandes/")
    phone.get_by_role("link", name="Recevoir les alertes de mon quartier").click()
    phone.wait_for_url("**/alertes/")
    assert_accessible(phone)
    phone.get_by_label("Dans un quartier", exact=True).check()
    phone.get_by_label("Quartier", exact=True).select_option(label="Noailles")
    phone.get_by_label("Votre adresse email").fill(NEIGHBOUR)
    phone.get_by_role("button", name="Recevoir les alertes").click()
    phone.wait_for_url("**/alertes/envoyee/")
    assert phone.get_by_text(
        f"Nous avons envoyé un lien de confirmation à {NEIGHBOUR}"
    ).is_visible()
    assert_accessible(phone)

    (asked,) = [m for m in mail.outbox if m.to == [NEIGHBOUR]]
    phone.goto(app_server + _link_in(asked.body, "/alertes/confirmer/"))
    assert AreaAlert.objects.get().confirmed_at is None  # opening the link is not enough
    assert_accessible(phone)
    phone.get_by_role("button", name="Confirmer mon alerte").click()
    phone.get_by_role("heading", name="Votre alerte est confirmée").wait_for()
    assert_accessible(phone)

    mail.outbox.clear()
    filed = file_request(town, "tags", where="NOAILLES", by="alice")

    (alert,) = [m for m in mail.outbox if m.to == [NEIGHBOUR]]
    assert "Nouvelle demande près de chez vous : Tags et graffitis" in alert.subject
    assert alert.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    phone.goto(app_server + _link_in(alert.body, f"/demandes/{filed.pk}/"))
    phone.get_by_role("heading", name=re.compile("Tags et graffitis")).first.wait_for()
    phone.goto(app_server + _link_in(alert.body, "/alertes/retirer/"))
    assert_accessible(phone)
    phone.get_by_role("button", name="Retirer l'alerte").click()
    phone.get_by_role("heading", name="Alerte retirée").wait_for()
    assert not AreaAlert.objects.exists()


def test_the_alert_form_is_light_on_a_phone(
    pages,
    app_server,  # noqa: F811
    town,
):
    total, parts = measure(
        pages(viewport=PHONE, java_script_enabled=False), app_server + "/alertes/"
    )
    assert 0 < total <= BUDGET, parts
    total, parts = measure(pages(viewport=PHONE), app_server + "/alertes/")
    assert 0 < total <= BUDGET, parts
