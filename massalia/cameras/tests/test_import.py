import datetime

import pytest
from django.core.management import CommandError, call_command

from massalia.cameras import importer
from massalia.cameras.models import Camera
from massalia.cameras.tests.conftest import HEADER, csv_text, line
from massalia.core.imports import ImportFileError
from massalia.core.models import RejectedRecord

pytestmark = pytest.mark.django_db


def test_it_imports_each_camera_with_its_place_purposes_and_expiry(cameras, city):
    assert cameras.created == 4
    first = Camera.objects.get(identifier="vp-001")
    assert first.quartier == city.quartiers["BELSUNCE"]
    assert first.purpose_codes == ["personnes-et-biens", "trafic"]
    assert first.authorised_on == datetime.date(2024, 3, 1)
    assert first.expires_on == datetime.date(2029, 3, 1)  # five years
    assert first.retention_days == 15
    assert Camera.objects.get(identifier="vp-004").removed_on == datetime.date(2025, 1, 31)


def test_it_changes_nothing_when_the_same_file_comes_again(cameras):
    again = importer.import_text(
        csv_text(
            line("vp-001"),
            line("vp-002", finalites="terrorisme", exploitant="Régie des transports"),
            line("vp-003", "LA JOLIETTE", date_autorisation="2015-06-10", champ="fixe"),
            line("vp-004", "NOAILLES", statut="retiree", date_retrait="2025-01-31"),
        ),
        source="test",
    )
    assert (again.created, again.updated, again.unchanged, again.rejected) == (0, 0, 4, 0)


def test_it_updates_a_renewed_camera_and_its_purposes(cameras):
    run = importer.import_text(
        csv_text(
            line("vp-003", "LA JOLIETTE", date_autorisation="2025-06-10", finalites="secours")
        ),
        source="test",
    )
    assert run.updated == 1
    renewed = Camera.objects.get(identifier="vp-003")
    assert renewed.expires_on == datetime.date(2030, 6, 10)
    assert renewed.purpose_codes == ["secours"]


REJECTED = [
    (line("VP 9"), "identifiant « VP 9 »"),
    (line("vp-9", finalites="surveillance-des-voisins"), "finalites : inconnues"),
    (line("vp-9", finalites=""), "au moins une finalité"),
    (line("vp-9", conservation_jours="45"), "de 1 à 30 jours"),
    (line("vp-9", conservation_jours="quinze"), "nombre entier attendu"),
    (line("vp-9", date_autorisation="31/02/2024"), "date illisible"),
    (line("vp-9", champ="panoramique"), "champ « panoramique » inconnu"),
    (line("vp-9", statut="cassée"), "statut « cassée » inconnu"),
    (line("vp-9", statut="retiree"), "date_retrait manquante"),
    (line("vp-9", date_retrait="2025-01-01"), "date_retrait donnée pour une caméra en service"),
    (line("vp-9", latitude="43.10", longitude="5.10"), "hors de la commune"),
    (line("vp-9", latitude="nord"), "latitude : nombre illisible"),
    (line("vp-9", exploitant=""), "exploitant manquant"),
    (line("vp-9", arrete=""), "arrete manquant"),
]


@pytest.mark.parametrize(("row", "reason"), REJECTED)
def test_it_keeps_a_refused_line_with_its_reason(city, fresh_indexes, row, reason):
    run = importer.import_text(csv_text(line("vp-ok"), row), source="test")
    assert (run.created, run.rejected) == (1, 1)
    (kept,) = RejectedRecord.objects.filter(run=run)
    assert kept.position == 2
    assert any(reason in r for r in kept.reasons), kept.reasons
    assert list(Camera.objects.values_list("identifier", flat=True)) == ["vp-ok"]


def test_it_refuses_an_expiry_beyond_five_years_or_before_the_order(city, fresh_indexes):
    text = "\n".join(
        [
            HEADER + ";date_echeance",
            line("vp-a") + ";2031-01-01",
            line("vp-b") + ";2023-01-01",
            line("vp-c") + ";2027-01-01",
        ]
    )
    run = importer.import_text(text, source="test")
    assert (run.created, run.rejected) == (1, 2)
    reasons = [r for kept in RejectedRecord.objects.filter(run=run) for r in kept.reasons]
    assert "date_echeance : une autorisation vaut cinq ans au plus" in reasons
    assert "date_echeance : antérieure à l'autorisation" in reasons
    assert Camera.objects.get().expires_on == datetime.date(2027, 1, 1)


def test_it_refuses_the_same_identifier_twice_in_a_file(city, fresh_indexes):
    run = importer.import_text(csv_text(line("vp-1"), line("VP-1")), source="test")
    assert (run.created, run.rejected) == (1, 1)


def test_it_refuses_a_file_without_the_required_columns(city):
    with pytest.raises(ImportFileError, match=r"colonnes manquantes : .*conservation_jours"):
        importer.import_text("identifiant;adresse\nvp-1;Quai\n", source="test")


def test_it_reads_commas_and_a_byte_order_mark_and_ignores_other_columns(city, fresh_indexes):
    header = "\ufeff" + HEADER.replace(";", ",") + ",photo"
    row = line("vp-1", adresse="Quai du Port").replace(";", ",") + ",https://example.org/x.jpg"
    run = importer.import_text(f"{header}\n{row}\n", source="test")
    assert run.created == 1
    camera = Camera.objects.get()
    assert camera.address == "Quai du Port"
    stored = " ".join(str(getattr(camera, f.attname)) for f in Camera._meta.concrete_fields)
    assert "example.org" not in stored


def test_the_command_reports_refused_lines_and_exits_1(city, fresh_indexes, tmp_path, capsys):
    path = tmp_path / "registre.csv"
    path.write_text(csv_text(line("vp-1"), line("vp-2", champ="x")), encoding="utf-8")
    with pytest.raises(CommandError) as refused:
        call_command("cameras", "import", str(path))
    assert refused.value.returncode == 1
    assert "ligne 3 : champ « x » inconnu" in capsys.readouterr().err
    assert Camera.objects.count() == 1


def test_the_command_exits_2_on_an_unreadable_file(city, tmp_path):
    path = tmp_path / "registre.csv"
    path.write_bytes(b"\xff\xfe\x00i\x00d")
    with pytest.raises(CommandError, match="UTF-8 attendu") as refused:
        call_command("cameras", "import", str(path))
    assert refused.value.returncode == 2
