import csv
import io
import json

import jsonschema
import pytest
from django.urls import reverse

from massalia.transparency.tests.conftest import MARCHE_V1, v1
from massalia.transparency.tests.pages import contracts

pytestmark = pytest.mark.django_db


def _body(response) -> bytes:
    return b"".join(response.streaming_content)


def test_it_exports_a_search_as_csv(client, write):
    contracts(write)
    response = client.get(reverse("transparency:export_csv"), {"titulaire": "verdure"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    text = _body(response).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text), delimiter=";"))
    assert [r["identifiant"] for r in rows] == ["2024C3", "2024B2"]
    assert rows[0]["titulaires"] == "Garami | Verdure"
    assert rows[0]["montant actuel HT (€)"] == "90000,00"
    assert rows[1]["acheteur"] == "Ville de Marseille — mairie des 1er et 7e"


def test_it_exports_a_search_as_a_valid_decp_v2_document(client, write, decp):
    found = contracts(write)
    write(v1(MARCHE_V1), "ancien.json")  # a v1-only contract: not in a v2 document
    response = client.get(reverse("transparency:export_decp"))
    assert response.status_code == 200
    document = json.loads(_body(response))
    official = json.loads((decp / "schema_decp_v2.0.3.json").read_text(encoding="utf-8"))
    jsonschema.validate(document, official)
    ids = sorted(m["id"] for m in document["marches"]["marche"])
    assert ids == sorted(found)
    modified = next(m for m in document["marches"]["marche"] if m["id"] == "2023A1")
    assert modified["modifications"][0]["modification"]["montant"] == 275000


def test_it_exports_only_the_search(client, write):
    contracts(write)
    response = client.get(reverse("transparency:export_decp"), {"cpv": "90"})
    document = json.loads(_body(response))
    assert [m["id"] for m in document["marches"]["marche"]] == ["2024C3"]


@pytest.mark.parametrize("name", ["transparency:export_csv", "transparency:export_decp"])
def test_it_refuses_bad_filters(client, db, name):
    response = client.get(reverse(name), {"montant_min": "beaucoup"})
    assert response.status_code == 400
    assert "Critères de recherche invalides" in response.content.decode()
