import csv

import pytest

from massalia.core.imports import ImportFileError
from massalia.core.models import RejectedRecord
from massalia.inclusion import tableschema
from massalia.inclusion.importers import LieuxImporter
from massalia.inclusion.models import Structure

GOOD = {
    "id": "lieu-1",
    "pivot": "21130055300016",
    "nom": "Espace numérique Belsunce",
    "commune": "Marseille",
    "code_postal": "13001",
    "adresse": "10 cours Belsunce",
    "date_maj": "2024-05-01",
    "horaires": "Mo-Fr 09:00-17:00",
}


def _file(tmp_path, rows):
    path = tmp_path / "lieux.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=tableschema.names())
        writer.writeheader()
        for row in rows:
            writer.writerow(row)
    return path


@pytest.mark.django_db
def test_it_keeps_each_bad_row_with_its_reasons(tmp_path):
    rows = [
        GOOD,
        {**GOOD, "id": "lieu-2", "code_postal": "130", "date_maj": "hier"},
        {**GOOD, "id": "lieu-3", "horaires": "quand on peut"},
        {**GOOD, "id": "lieu-4", "nom": ""},
        {**GOOD, "id": "lieu-5", "frais_a_charge": "Gratuit|Offert"},
        {**GOOD},  # the same id twice
    ]
    run = LieuxImporter(_file(tmp_path, rows)).run(source="test")
    assert (run.created, run.rejected) == (1, 5)
    reasons = {r.record["id"]: " ".join(r.reasons) for r in RejectedRecord.objects.filter(run=run)}
    assert "code_postal" in reasons["lieu-2"] and "date_maj" in reasons["lieu-2"]
    assert "horaires" in reasons["lieu-3"]
    assert "nom : champ obligatoire" in reasons["lieu-4"]
    assert "frais_a_charge" in reasons["lieu-5"]
    assert "deux fois" in reasons["lieu-1"]
    assert Structure.objects.count() == 1


@pytest.mark.django_db
def test_it_refuses_a_file_of_another_kind(tmp_path):
    path = tmp_path / "autre.csv"
    path.write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(ImportFileError, match="colonnes obligatoires absentes"):
        LieuxImporter(path).run(source="test")
