"""Every dataset downloads in each of its formats, at its stable address, streamed."""

import csv
import io
import json

import pytest
from django.urls import reverse

from massalia.core.datasets import datasets
from massalia.opendata.tests.conftest import PUBLIC, SECRET

pytestmark = pytest.mark.django_db
EVERY_DOWNLOAD = [(d.slug, fmt) for d in datasets for fmt in d.formats()]


def _body(response) -> str:
    return b"".join(response.streaming_content).decode("utf-8-sig")


@pytest.mark.parametrize(("slug", "fmt"), EVERY_DOWNLOAD)
def test_it_streams_each_dataset_in_each_format(client, world, slug, fmt):
    response = client.get(f"/donnees/{slug}.{fmt}")
    assert response.status_code == 200
    assert response.streaming
    assert f'filename="{slug}.{fmt}"' in response["Content-Disposition"]
    body = _body(response)
    headers = [c.header for c in datasets.get(slug).table().columns]
    if fmt == "csv":
        rows = list(csv.reader(io.StringIO(body), delimiter=";"))
        assert rows[0] == headers
        assert len(rows) == 2
    elif fmt == "json":
        assert len(json.loads(body)) == 1
    else:
        features = json.loads(body)["features"]
        assert len(features) == 1
        assert features[0]["geometry"]["type"] == "Point"


def test_it_offers_the_requests_as_geojson_and_the_contracts_without(world):
    assert datasets.get("demandes").formats() == ["csv", "json", "geojson"]
    assert datasets.get("marches-publics").formats() == ["csv", "json"]


@pytest.mark.parametrize(("slug", "fmt"), EVERY_DOWNLOAD)
def test_it_never_gives_a_private_request(client, world, slug, fmt):
    body = _body(client.get(reverse("opendata:download", args=[slug, fmt])))
    assert SECRET not in body
    assert "alice@example.org" not in body
    if slug == "demandes":
        assert PUBLIC in body


def test_it_gives_the_contracts_suppliers_and_amounts(client, world):
    (row,) = json.loads(_body(client.get("/donnees/marches-publics.json")))
    assert row["suppliers"] == "Jardins du Sud (SIRET 81223113200026)"
    assert row["amount"] == 48000.5
    assert row["current_amount"] == 52000.0
    assert row["modifications"] == 0


@pytest.mark.parametrize(
    ("path", "says"),
    [
        ("/donnees/inconnu.csv", "Ce jeu de données n"),
        ("/donnees/demandes.xlsx", "pas proposé dans ce format"),
        ("/donnees/marches-publics.geojson", "formats : CSV, JSON"),
    ],
)
def test_it_answers_an_unknown_dataset_or_format_with_a_french_404(client, db, path, says):
    response = client.get(path)
    assert response.status_code == 404
    assert says in response.content.decode()
