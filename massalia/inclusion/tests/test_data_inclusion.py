import json

import pytest
from data_inclusion.schema import v1

from massalia.core.models import RejectedRecord
from massalia.inclusion import exporters
from massalia.inclusion.importers import DataInclusionImporter
from massalia.inclusion.models import Service, Structure
from massalia.inclusion.tests.conftest import make_place

STRUCTURE = {
    "source": "dora",
    "id": "dora--cs-1",
    "nom": "Centre social du Panier",
    "date_maj": "2024-11-02",
    "commune": "Marseille",
    "code_postal": "13002",
    "adresse": "12 rue du Panier",
    "latitude": 43.2995,
    "longitude": 5.3665,
    "horaires_accueil": "Mo-Fr 09:00-12:00",
    "courriel": "accueil@exemple.org",
}
SERVICE = {
    "source": "dora",
    "structure_id": "dora--cs-1",
    "id": "dora--svc-1",
    "nom": "Aide aux démarches en ligne",
    "description": "Un conseiller vous aide pour vos démarches en ligne.",
    "date_maj": "2024-11-02",
    "thematiques": ["numerique--acceder-a-des-services-en-ligne"],
    "frais": "gratuit",
    "publics": ["tous-publics"],
    "modes_accueil": ["en-presentiel"],
}


def _write(tmp_path, name, rows):
    path = tmp_path / name
    path.write_text(json.dumps(rows), encoding="utf-8")
    return path


@pytest.mark.django_db
def test_it_imports_valid_rows_and_keeps_the_others_with_reasons(tmp_path, fresh_indexes):
    structures = _write(
        tmp_path, "s.json", [STRUCTURE, {**STRUCTURE, "id": "dora--cs-2", "code_postal": "13"}]
    )
    services = _write(
        tmp_path,
        "v.json",
        [
            SERVICE,
            {**SERVICE, "id": "dora--svc-2", "thematiques": ["inconnue"]},
            {**SERVICE, "id": "dora--svc-3", "structure_id": "dora--absente"},
        ],
    )
    run = DataInclusionImporter(structures=structures, services=services).run(source="test")
    assert (run.created, run.rejected) == (2, 3)
    reasons = [" ".join(r.reasons) for r in RejectedRecord.objects.filter(run=run)]
    assert any("code_postal" in r for r in reasons)
    assert any("thematiques" in r for r in reasons)
    assert any("inconnue pour la source" in r for r in reasons)
    assert Service.objects.get().structure == Structure.objects.get()


@pytest.mark.django_db
def test_its_export_validates_with_the_official_models(tmp_path, city):
    make_place("a", thematiques=("famille--garde-denfants",), frais="payant")
    run = DataInclusionImporter(
        structures=_write(tmp_path, "s.json", [STRUCTURE]),
        services=_write(tmp_path, "v.json", [SERVICE]),
    ).run(source="test")
    assert run.rejected == 0
    structures = exporters.checked(Structure.objects.all(), kind="structure")
    services = exporters.checked(Service.objects.all(), kind="service")
    assert not structures.refused and not services.refused
    assert len(structures.rows) == 2 and len(services.rows) == 2
    for row in structures.rows:
        v1.Structure.model_validate(json.loads(json.dumps(row)))
    for row in services.rows:
        v1.Service.model_validate(json.loads(json.dumps(row)))
    exported = {r["id"]: r for r in services.rows}["dora--svc-1"]
    assert exported["thematiques"] == SERVICE["thematiques"]


@pytest.mark.django_db
def test_its_export_leaves_out_a_row_the_official_models_refuse(city):
    place = make_place("b")
    Structure.objects.filter(pk=place.pk).update(nom="AB")  # shorter than the schema allows
    out = exporters.checked(Structure.objects.all(), kind="structure")
    assert out.rows == [] and out.refused[0][0] == "b"


def test_the_lieux_example_exports_to_data_inclusion(imported_example):
    out = exporters.checked(Service.objects.select_related("structure"), kind="service")
    assert not out.refused and len(out.rows) == 1
    v1.Service.model_validate(out.rows[0])
