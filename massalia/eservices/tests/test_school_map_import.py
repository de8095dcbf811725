"""The school map comes in through the import framework; bad rows are kept with reasons."""

from __future__ import annotations

import pytest

from massalia.core.imports import ImportFileError
from massalia.eservices.importers import SchoolMapImporter
from massalia.eservices.models import School, SectorLine
from massalia.eservices.tests.conftest import MAP, write_map

BAD = [
    ";École sans code;elementaire;;rue Paradis;1;9;impair",
    "x-e;École X;college;;rue Paradis;1;9;impair",
    "y-e;École Y;elementaire;;rue Inventée;1;9;impair",
    "z-e;École Z;elementaire;;rue Paradis;30;10;pair",
    "w-e;École W;elementaire;;rue Paradis;un;9;gauche",
    # Partly over école élémentaire Paradis's even numbers 2–40: two answers for 20–40.
    "v-e;École V;elementaire;;rue Paradis;20;60;pair",
]


def reasons_of(run) -> list[str]:
    return [
        "; ".join(r)
        for r in run.rejected_records.order_by("position").values_list("reasons", flat=True)
    ]


def test_it_imports_schools_and_lines(streets, tmp_path):
    run = SchoolMapImporter(write_map(tmp_path, MAP)).run(source="carte.csv")
    assert (run.created, run.rejected) == (5, 0)
    assert School.objects.count() == 5
    line = SectorLine.objects.get(school__code="paradis-e")
    assert (line.street_name, line.first_number, line.last_number, line.side) == (
        "Rue Paradis",
        2,
        40,
        "pair",
    )


def test_running_it_again_changes_nothing(streets, tmp_path):
    path = write_map(tmp_path, MAP)
    SchoolMapImporter(path).run(source="carte.csv")
    again = SchoolMapImporter(path).run(source="carte.csv")
    assert (again.created, again.unchanged) == (0, 5)
    assert SectorLine.objects.count() == 5


def test_bad_rows_are_kept_with_their_reasons(streets, tmp_path):
    run = SchoolMapImporter(write_map(tmp_path, MAP + BAD)).run(source="carte.csv")
    assert (run.created, run.rejected) == (5, len(BAD))
    reasons = reasons_of(run)
    assert "code_ecole manquant" in reasons[0]
    assert "type_ecole inconnu" in reasons[1]
    assert "voie inconnue du répertoire des rues : « rue Inventée »" in reasons[2]
    assert "numero_debut (30) après numero_fin (10)" in reasons[3]
    assert "numero_debut n'est pas un numéro" in reasons[4] and "cote inconnu" in reasons[4]
    assert "chevauche la ligne 2–40 (numéros pairs) de École élémentaire Paradis" in reasons[5]
    assert not School.objects.filter(code__in=["x-e", "y-e", "z-e", "w-e", "v-e"]).exists()


def test_a_file_without_the_columns_is_refused_whole(streets, tmp_path):
    path = tmp_path / "autre.csv"
    path.write_text("ecole;rue\nA;rue Paradis\n", encoding="utf-8")
    with pytest.raises(ImportFileError, match="Colonnes manquantes"):
        SchoolMapImporter(path).run(source="autre.csv")
    assert not SectorLine.objects.exists()
