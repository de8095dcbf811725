"""The commune comes from MASSALIA_CITY_* (Marseille by default); a bad value stops start-up."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import override_settings

from massalia.territory import commune, gazetteer
from massalia.territory.commune import from_environment

VARIABLES = (
    "MASSALIA_CITY_NAME",
    "MASSALIA_CITY_INSEE_CODE",
    "MASSALIA_CITY_POSTCODES",
    "MASSALIA_CITY_CENTER",
    "MASSALIA_CITY_BOUNDS",
)


@pytest.fixture
def environment(monkeypatch):
    for name in VARIABLES:
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


def test_it_serves_marseille_by_default(environment, settings):
    city = from_environment()
    assert city == commune.MARSEILLE
    assert city.insee_code == "13055"
    assert city.postcodes[0] == "13001" and city.postcodes[-1] == "13016"
    assert city == settings.CITY and settings.CITY_NAME == "Marseille"
    assert city.center == settings.MAP_CENTER


def test_it_reads_another_commune_from_the_environment(environment):
    environment.setenv("MASSALIA_CITY_NAME", "Aix-en-Provence")
    environment.setenv("MASSALIA_CITY_INSEE_CODE", "13001")
    environment.setenv("MASSALIA_CITY_POSTCODES", "13090, 13100,13290")
    environment.setenv("MASSALIA_CITY_CENTER", "43.5297,5.4474")
    environment.setenv("MASSALIA_CITY_BOUNDS", "5.25,43.45,5.6,43.65")
    city = from_environment()
    assert city.name == "Aix-en-Provence" and city.insee_code == "13001"
    assert city.postcodes == ("13090", "13100", "13290")
    assert city.center == (43.5297, 5.4474)
    assert city.bounds == (5.25, 43.45, 5.6, 43.65)
    assert city.locality == "aixenprovence"


@pytest.mark.parametrize(
    ("name", "value", "why"),
    [
        ("MASSALIA_CITY_INSEE_CODE", "1305", "INSEE code"),
        ("MASSALIA_CITY_INSEE_CODE", "marseille", "INSEE code"),
        ("MASSALIA_CITY_POSTCODES", "13001,130O2", "5-digit postcodes"),
        ("MASSALIA_CITY_POSTCODES", " , ", "5-digit postcodes"),
        ("MASSALIA_CITY_CENTER", "43.29", "2 numbers"),
        ("MASSALIA_CITY_CENTER", "nord,sud", "decimal degrees"),
        ("MASSALIA_CITY_CENTER", "143.3,5.4", "decimal degrees"),
        ("MASSALIA_CITY_CENTER", "48.85,2.35", "outside MASSALIA_CITY_BOUNDS"),
        ("MASSALIA_CITY_BOUNDS", "5.8,43.0,5.0,43.6", "minimum must be below"),
        ("MASSALIA_CITY_NAME", "  ", "commune's name"),
    ],
)
def test_it_refuses_a_bad_value_naming_the_variable(environment, name, value, why):
    environment.setenv(name, value)
    with pytest.raises(ImproperlyConfigured, match=name) as error:
        from_environment()
    assert why in str(error.value)


AIX = commune.Commune(
    name="Aix-en-Provence",
    insee_code="13001",
    postcodes=("13090", "13100"),
    center=(43.5297, 5.4474),
    bounds=(5.25, 43.45, 5.6, 43.65),
)


@pytest.fixture
def cours_julien(small_territory):
    from massalia.territory.models import Street

    quartier = small_territory["NOAILLES"]
    Street.objects.create(
        name="Cours Julien",
        normalized=gazetteer.normalize("Cours Julien"),
        quartier=quartier,
        latitude=quartier.centroid_latitude,
        longitude=quartier.centroid_longitude,
    )
    gazetteer.invalidate()


def _score(text):
    found = gazetteer.search(text, limit=1)
    return found[0].score if found and found[0].name == "Cours Julien" else 0.0


def test_it_reads_the_configured_city_name_out_of_an_address(cours_julien):
    assert _score("Cours Julien, Marseille") == 100.0
    with override_settings(CITY=AIX):
        assert _score("8 cours Julien, 13100 Aix-en-Provence") == 100.0
        # Marseille is no longer a word of the locality here: it stays in the query.
        assert _score("Cours Julien Marseille") < 100.0


def test_it_refuses_quartiers_outside_the_configured_commune(db, tmp_path):
    from massalia.core.models import RejectedRecord
    from massalia.territory.importers import import_quartiers
    from massalia.territory.tests.conftest import write_json
    from massalia.testing import square

    feature = {
        "type": "Feature",
        "properties": {"nom_qua": "NOAILLES", "depco": "13201"},
        "geometry": square(43.29, 5.38),
    }
    path = write_json(tmp_path / "q.geojson", {"type": "FeatureCollection", "features": [feature]})
    with override_settings(CITY=AIX):
        run = import_quartiers(path)
    assert (run.created, run.rejected) == (0, 1)
    assert "hors de Aix-en-Provence" in RejectedRecord.objects.get().reasons[0]
    assert import_quartiers(path).created == 1
