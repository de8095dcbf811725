"""The consultation's pages in Arabic (right to left) and English, and a place given by its
address: the gazetteer finds it, the map gives its zone."""

from __future__ import annotations

import pytest

from massalia.consultations.models import Observation
from massalia.territory import gazetteer
from massalia.territory.gazetteer import normalize
from massalia.territory.models import Street

pytestmark = pytest.mark.django_db
BASE = "/participer/debats/enquetes/plu-centre/"


@pytest.mark.parametrize(
    ("language", "words"),
    [("ar", ["مخطط التقسيم", 'dir="rtl"']), ("en", ["The zoning map", "Register open from"])],
)
def test_the_document_page_speaks_the_chosen_language(plu, client, language, words):
    client.get(f"/langue/{language}/", {"suivant": "/"})
    page = client.get(BASE).content.decode()
    for word in words:
        assert word in page
    register = client.get(BASE + "registre/").content.decode()
    assert {"ar": "سجل الملاحظات", "en": "The register of observations"}[language] in register


def test_a_place_given_by_its_address_gets_its_zone(plu, client, city):
    Street.objects.create(
        name="Rue Caisserie", normalized=normalize("Rue Caisserie"), latitude=43.2985,
        longitude=5.3665,
    )  # fmt: skip
    gazetteer.invalidate()
    client.force_login(city.people["alice"])
    response = client.post(
        BASE + "observer/",
        {"target": "point", "place": "rue Caisserie", "text": "Des bancs.", "theme": "autre"},
    )
    assert response.status_code == 302
    filed = Observation.objects.get()
    assert (filed.zone.code, filed.place) == ("UA", "rue Caisserie")
    assert (round(filed.latitude, 4), round(filed.longitude, 4)) == (43.2985, 5.3665)
