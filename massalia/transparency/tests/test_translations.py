"""Procurement in Arabic and English: the pages and their messages translated, the published
data (procedures, natures, identifiers) as published."""

import pytest
from django.urls import reverse

from massalia.transparency.tests.pages import contracts

pytestmark = pytest.mark.django_db
SEARCH = reverse("transparency:search")


@pytest.fixture
def found(write):
    return contracts(write)


def test_the_search_reads_in_arabic(client, found):
    client.cookies["django_language"] = "ar"
    body = client.get(SEARCH).content.decode()
    assert "<h1>الصفقات العمومية</h1>" in body
    assert "3 عقود" in body  # "3 contrats"
    assert "Appel d&#x27;offres ouvert" in body  # a procedure is shown as published
    assert "Marchés publics" not in body and "Rechercher" not in body


def test_a_bad_filter_is_explained_in_english(client, found):
    response = client.get(
        SEARCH, {"montant_min": "9", "montant_max": "1"}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 400
    assert "The maximum must be at least the minimum." in response.content.decode()
    export = client.get(reverse("transparency:export_csv"), {"du": "x"}, HTTP_ACCEPT_LANGUAGE="en")
    assert export.status_code == 400
    assert export.content.decode() == (
        "Invalid search criteria: please correct them on the search page."
    )


def test_the_charts_are_titled_in_arabic(client, found):
    client.cookies["django_language"] = "ar"
    body = client.get(reverse("transparency:statistics")).content.decode()
    assert "الإنفاق حسب سنة الإبلاغ" in body and "Dépense par" not in body
