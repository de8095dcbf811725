"""A file that cannot be read says why in French and leaves nothing behind."""

import json

import pytest

from massalia.core.imports import ImportFileError
from massalia.core.models import ImportRun
from massalia.transparency import reader
from massalia.transparency.importer import import_file
from massalia.transparency.models import Contract, QuarantinedRecord

from .conftest import marche_v2, v2

pytestmark = pytest.mark.django_db


def refused(path) -> str:
    with pytest.raises(ImportFileError) as caught:
        import_file(path)
    assert not Contract.objects.exists()
    assert not QuarantinedRecord.objects.exists()
    assert not ImportRun.objects.exists()
    return str(caught.value)


def test_it_refuses_a_truncated_file_and_keeps_none_of_its_records(write, monkeypatch):
    monkeypatch.setattr("massalia.transparency.importer.DecpImporter.batch_size", 2)
    records = [marche_v2(id=f"2024MRS{n:03}") for n in range(5)]
    text = json.dumps(v2(*records), ensure_ascii=False)
    message = refused(write(text[: len(text) - 40]))
    assert message.startswith("decp.json : JSON illisible")


def test_it_refuses_a_truncated_xml_file(write, decp):
    text = (decp / "examples-v2" / "Marche.xml").read_text(encoding="utf-8")
    message = refused(write(text[: len(text) // 2], "marche.xml"))
    assert message.startswith("marche.xml : XML illisible")


def test_it_refuses_a_file_in_another_format(write):
    assert refused(write("id;objet\n1;Voirie\n", "marches.csv")) == (
        "marches.csv : ni JSON ni XML, ce n'est pas un fichier DECP"
    )


def test_it_refuses_json_without_marches(write):
    assert "pas de clé « marches »" in refused(write({"records": []}))


def test_it_refuses_xml_with_another_root(write):
    assert "<marches> attendu" in refused(write("<rss><channel/></rss>", "flux.xml"))


def test_it_refuses_an_xml_bomb(write):
    bomb = (
        '<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">'
        '<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
        '<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>'
        "<marches><marche><objet>&lol3;</objet></marche></marches>"
    )
    assert "DTD ou entités interdites" in refused(write(bomb, "bombe.xml"))


def test_it_refuses_a_single_string_of_100_mb(tmp_path):
    path = tmp_path / "enorme.json"
    with path.open("wb") as out:
        out.write(b'{"marches": {"marche": [{"objet": "')
        block = b"a" * (1024 * 1024)
        for _ in range(100):
            out.write(block)
        out.write(b'"}]}}')
    assert refused(path) == "enorme.json : une valeur dépasse 1 Mo, ce n'est pas un fichier DECP"


def test_it_refuses_a_100_mb_text_in_xml(tmp_path):
    path = tmp_path / "enorme.xml"
    with path.open("wb") as out:
        out.write(b"<marches><marche><objet>")
        for _ in range(100):
            out.write(b"a" * (1024 * 1024))
        out.write(b"</objet></marche></marches>")
    assert refused(path) == "enorme.xml : une valeur dépasse 1 Mo, ce n'est pas un fichier DECP"


def test_it_refuses_an_empty_file(write):
    assert refused(write("")) == "decp.json : le fichier est vide"


def test_it_refuses_a_file_in_utf16(write):
    text = json.dumps(v2(marche_v2(objet="Façade")), ensure_ascii=False)
    assert refused(write(text.encode("utf-16"))) == (
        "decp.json : le fichier est en UTF-16, UTF-8 attendu"
    )


def test_it_refuses_a_file_in_latin1(write):
    text = json.dumps(v2(marche_v2(objet="Façade")), ensure_ascii=False)
    assert refused(write(text.encode("latin-1"))).startswith("decp.json : JSON illisible")


def test_it_streams_records_without_reading_the_whole_file(write):
    records = [marche_v2(id=f"2024MRS{n:03}") for n in range(3)]
    path = write(v2(*records))
    seen = []
    stream = reader.records(path, progress=seen.append)
    first = next(stream)
    assert first["record"]["id"] == "2024MRS000"
    assert [e["record"]["id"] for e in stream] == ["2024MRS001", "2024MRS002"]
    assert seen[-1] == 1.0


def test_it_reads_a_nan_cut_by_the_end_of_a_chunk(write, monkeypatch):
    monkeypatch.setattr(reader, "CHUNK", 7)
    text = '{"marches": [{"id": "x", "origineUE": NaN, "objet": "a \\" NaN"}]}'
    (envelope,) = reader.records(write(text))
    assert envelope["record"] == {"id": "x", "origineUE": "NaN", "objet": 'a " NaN'}
