"""Imports of social network exports (CSV, JSON) through the one import framework."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from massalia.core.imports import ImportFileError
from massalia.core.models import ImportRun, RejectedRecord
from massalia.pulse.connectors.files import import_file
from massalia.pulse.models import Channel, Message, Source

pytestmark = pytest.mark.usefixtures("keep_everything")

CSV_SEMICOLON = """\
Tweet_ID;Full_Text;Created_At;Screen_Name;Lat;Lon
1001;Le bus 49 n'est pas passé depuis 40 min;2025-03-02T08:10:00+01:00;@navetteur13;43.3155;5.4030
1002;Super concert gratuit au parc Borély hier soir, bravo la ville !;02/03/2025 22:45;calanqueuse;;
1003;Nid-de-poule à la Capelette : voirie.info@example.org;2025-03-03 07:30;rouleur;43,289;5,401
1004;;2025-03-03 09:00:00;vide;;
1005;Trottoir défoncé rue Sainte;hier matin;flaneur;;
1006;Inondation au Prado, appelez le 06 98 76 54 32;2025-03-04T10:00:00Z;@temoin;143.2;5.39
1007;Arbre tombé à la Valentine;2025-03-04T11:00:00Z;jardinier;43.33;
"""

JSON_EXPORT = {
    "data": [
        {
            "id_str": "1766000000000000001",
            "full_text": "Les poubelles de la Joliette débordent encore ce matin",
            "created_at": "Mon Mar 03 07:15:00 +0000 2025",
            "user": {"screen_name": "joliette_vigie", "name": "Vigie Joliette"},
        },
        {
            "post_id": "fb_2002",
            "message": "Très contente du nouveau square à la Belle de Mai",
            "timestamp": 1741000000000,
            "author": "Maryse",
            "link": "https://social.example/posts/2002",
        },
        {"post_id": "fb_2003", "message": "Sans date", "author": "x"},
        "pas un objet",
    ]
}


def write(tmp_path, name: str, content: str | bytes) -> object:
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


@pytest.mark.django_db
def test_it_imports_a_csv_export_and_keeps_rejected_rows_with_reasons(tmp_path):
    path = write(tmp_path, "export.csv", CSV_SEMICOLON)

    summary = import_file(path, source_name="Export Twitter mars")

    source = Source.objects.get(name="Export Twitter mars")
    assert source.channel == Channel.IMPORT
    assert summary.startswith("source « Export Twitter mars » : 3 nouveaux messages, 0 déjà")
    assert set(source.messages.values_list("external_id", flat=True)) == {"1001", "1002", "1003"}
    bus = source.messages.get(external_id="1001")
    assert bus.published_at == datetime(2025, 3, 2, 7, 10, tzinfo=UTC)
    assert (bus.latitude, bus.longitude) == (43.3155, 5.403)
    assert re.fullmatch(r"[0-9a-f]{16}", bus.author)
    hole = source.messages.get(external_id="1003")
    assert (hole.latitude, hole.longitude) == (43.289, 5.401)
    assert "[courriel]" in hole.text and "voirie.info" not in hole.text
    run = ImportRun.objects.get()
    assert (run.created, run.rejected) == (3, 4)
    reasons = {r.position: r.reasons for r in RejectedRecord.objects.filter(run=run)}
    assert reasons == {
        4: ["texte absent"],
        5: ["date illisible : hier matin"],
        6: ["coordonnées impossibles : 143.2, 5.39"],
        7: ["coordonnées incomplètes (latitude et longitude vont ensemble)"],
    }


@pytest.mark.django_db
def test_it_keeps_no_personal_data_in_rejected_rows(tmp_path):
    import_file(write(tmp_path, "export.csv", CSV_SEMICOLON), source_name="Export")

    flood = RejectedRecord.objects.get(position=6).record
    assert flood["Full_Text"] == "Inondation au Prado, appelez le [téléphone]"
    assert re.fullmatch(r"[0-9a-f]{16}", flood["Screen_Name"])
    assert "temoin" not in json.dumps(flood)


@pytest.mark.django_db
def test_it_creates_nothing_when_the_same_file_is_imported_again(tmp_path):
    path = write(tmp_path, "export.csv", CSV_SEMICOLON)
    import_file(path, source_name="Export")
    first_authors = dict(Message.objects.values_list("external_id", "author"))

    summary = import_file(path, source_name="Export")

    assert "0 nouveaux messages, 3 déjà connus, 4 rejetés" in summary
    assert dict(Message.objects.values_list("external_id", "author")) == first_authors


@pytest.mark.django_db
def test_it_imports_a_json_export_with_nested_users_and_timestamps(tmp_path):
    path = write(tmp_path, "facebook.json", json.dumps(JSON_EXPORT))

    import_file(path, source_name="Export JSON")

    bins = Message.objects.get(external_id="1766000000000000001")
    assert bins.published_at == datetime(2025, 3, 3, 7, 15, tzinfo=UTC)
    assert re.fullmatch(r"[0-9a-f]{16}", bins.author)
    square = Message.objects.get(external_id="fb_2002")
    assert square.published_at == datetime.fromtimestamp(1741000000, tz=UTC)
    assert square.url == ""  # imported posts keep no address (it may name the author)
    rejected = list(RejectedRecord.objects.values_list("position", "reasons"))
    assert rejected == [(3, ["date absente"]), (4, ["l'enregistrement n'est pas un objet"])]


@pytest.mark.django_db
def test_it_recognises_rows_without_ids_on_a_second_import(tmp_path):
    rows = [
        {"text": "Plus de lumière dans le tunnel du Prado", "date": "2025-03-01T20:00:00Z"},
        {"text": "Les marchés de Noailles sont bondés", "date": "2025-03-02T09:00:00Z"},
    ]
    path = write(tmp_path, "sans-id.json", json.dumps(rows))

    import_file(path, source_name="Sans id")
    import_file(path, source_name="Sans id")

    assert Message.objects.count() == 2
    assert ImportRun.objects.order_by("id").last().unchanged == 2


@pytest.mark.django_db
def test_it_reads_a_tab_separated_spreadsheet_saved_in_windows_1252(tmp_path):
    content = "id\tcontenu\tdate\tauteur\nA1\tÉcole du Panier : cour fermée\t01/03/2025\tparent\n"
    path = write(tmp_path, "tableur.txt", content.encode("cp1252"))

    import_file(path, source_name="Tableur")

    assert Message.objects.get(external_id="A1").text == "École du Panier : cour fermée"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("casse.json", '{"data": [', "n'est pas un JSON valide"),
        ("objet.json", '{"posts": []}', "une liste d'objets"),
        ("colonnes.csv", "id,titre\n1,bonjour\n", "aucune colonne de texte"),
    ],
)
def test_it_refuses_a_file_it_cannot_read(tmp_path, name, content, expected):
    with pytest.raises(ImportFileError, match=expected):
        import_file(write(tmp_path, name, content), source_name="Export")

    assert not Message.objects.exists()


@pytest.mark.django_db
def test_it_refuses_to_mix_an_import_into_a_feed(tmp_path):
    Source.objects.create(name="Forum", channel=Channel.RSS, config={"url": "https://x.test"})

    with pytest.raises(ImportFileError, match="existe déjà sur le canal"):
        import_file(write(tmp_path, "e.csv", CSV_SEMICOLON), source_name="Forum")


@pytest.mark.django_db
def test_it_imports_from_the_command_line(tmp_path):
    out = StringIO()

    call_command(
        "pulse",
        "import",
        str(write(tmp_path, "e.csv", CSV_SEMICOLON)),
        "--source",
        "CLI",
        stdout=out,
    )

    assert "3 nouveaux messages" in out.getvalue()
    with pytest.raises(CommandError, match="introuvable"):
        call_command("pulse", "import", str(tmp_path / "absent.csv"), "--source", "CLI")


def test_it_rejects_rows_older_than_the_retention_period_with_the_reason(db, tmp_path, settings):
    settings.PULSE_RETENTION_DAYS = 90
    export = tmp_path / "ancien.csv"
    export.write_text("id;text;date\n1;Vieux message;2001-01-01T10:00:00Z\n", encoding="utf-8")
    import_file(export, source_name="Export ancien")
    assert not Message.objects.exists()
    reason = RejectedRecord.objects.get().reasons
    assert "durée de conservation (90 jours)" in str(reason)
