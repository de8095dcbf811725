"""The place finder knows the configured commune, not Marseille: its name and its postcodes."""

import pytest
from django.test import override_settings

from massalia.pulse.enrich import places
from massalia.territory import commune, gazetteer
from massalia.territory.models import Arrondissement


@pytest.fixture(autouse=True)
def _every_test_starts_with_fresh_indexes(fresh_indexes):
    return


def arrondissement_found(text):
    hit = places.find_in_text(text)
    return Arrondissement.objects.get(pk=hit.arrondissement_id).number if hit else None


def test_it_reads_arrondissements_postcodes_from_the_territory(city):
    assert arrondissement_found("Encore une panne de lampadaire au 13002 hier soir") == 2
    Arrondissement.objects.filter(number=2).update(postcode="99002")
    gazetteer.invalidate()
    assert arrondissement_found("Encore une panne de lampadaire au 13002 hier soir") is None
    assert arrondissement_found("Encore une panne de lampadaire au 99 002 hier soir") == 2


def test_it_reads_the_configured_city_name_before_an_arrondissement(city):
    text = "Les poubelles débordent à Aix-en-Provence 2e depuis lundi"
    assert arrondissement_found(text) is None
    aix = commune.Commune("Aix-en-Provence", "13001", ("13090",), (43.53, 5.45), (5, 43, 6, 44))
    with override_settings(CITY=aix):
        assert arrondissement_found(text) == 2
        assert arrondissement_found("Les poubelles débordent à Marseille 2e depuis lundi") is None
