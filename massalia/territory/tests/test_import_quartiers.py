from io import StringIO

import pytest
from django.core.management import call_command

from massalia.core.models import RejectedRecord
from massalia.territory import geo
from massalia.territory.importers import import_quartiers
from massalia.territory.models import Arrondissement, Quartier, SectorTownHall
from massalia.territory.tests.conftest import write_json
from massalia.testing import square


def feature(name, code, geometry):
    props = {"nom_qua": name}
    if code is not None:
        props["depco"] = code
    return {"type": "Feature", "properties": props, "geometry": geometry}


def test_it_imports_111_quartiers_in_16_arrondissements(db, quartiers_file):
    out = StringIO()
    call_command("territory", "import", str(quartiers_file), stdout=out)
    assert "111 enregistrements lus — 111 créés" in out.getvalue()
    assert Quartier.objects.filter(is_approximate=False).count() == 111
    assert Arrondissement.objects.count() == 16
    assert Quartier.objects.values("arrondissement").distinct().count() == 16
    assert not Arrondissement.objects.filter(is_approximate=True).exists()
    assert not Arrondissement.objects.filter(geometry__isnull=True).exists()
    assert SectorTownHall.objects.count() == 8
    first = Arrondissement.objects.get(insee_code="13201")
    assert (first.name, first.postcode) == ("1er arrondissement", "13001")
    assert first.sector.name == "Mairie des 1er et 7e arrondissements"


def test_it_reimports_idempotently(real_territory, quartiers_file):
    ids = set(Quartier.objects.values_list("id", flat=True))
    again = import_quartiers(quartiers_file)
    assert (again.created, again.updated, again.unchanged, again.rejected) == (0, 0, 111, 0)
    assert set(Quartier.objects.values_list("id", flat=True)) == ids


def test_it_rejects_broken_features_and_keeps_the_others(db, tmp_path):
    bowtie = {
        "type": "Polygon",
        "coordinates": [
            [[5.40, 43.30], [5.41, 43.31], [5.41, 43.30], [5.40, 43.31], [5.40, 43.30]]
        ],
    }
    lambert = square(6_290_000, 890_000, 1000)
    path = write_json(
        tmp_path / "q.geojson",
        {
            "type": "FeatureCollection",
            "features": [
                feature("NOAILLES", "13201", square(43.29, 5.38)),
                feature("SANS CODE", None, square(43.29, 5.39)),
                feature("CASSIS", "13022", square(43.21, 5.53)),
                feature("POINT", "13201", {"type": "Point", "coordinates": [5.38, 43.29]}),
                feature("CASSE", "13201", {"type": "Polygon", "coordinates": [[[5.38]]]}),
                feature("LAMBERT", "13201", lambert),
                feature("NOEUD PAPILLON", "13204", bowtie),
            ],
        },
    )
    run = import_quartiers(path)
    assert (run.created, run.rejected) == (2, 5)
    reasons = {r.record["properties"]["nom_qua"]: r.reasons for r in RejectedRecord.objects.all()}
    assert reasons["SANS CODE"] == ["code INSEE de l'arrondissement (depco) manquant"]
    assert reasons["CASSIS"] == ["code INSEE d'arrondissement inconnu : 13022"]
    assert "non surfacique" in reasons["POINT"][0]
    assert "illisible" in reasons["CASSE"][0]
    assert "hors de Marseille" in reasons["LAMBERT"][0]
    # A self-intersecting ring is repaired, not lost.
    assert geo.locate(43.305, 5.402).quartier_name == "NOEUD PAPILLON"
    assert geo.locate(43.295, 5.385).insee_code == "13201"


def test_it_refuses_a_file_that_is_not_geojson(db, tmp_path):
    path = tmp_path / "q.geojson"
    path.write_text("pas du json", encoding="utf-8")
    with pytest.raises(Exception, match="n'est pas un JSON valide"):
        call_command("territory", "import", str(path), stdout=StringIO())
