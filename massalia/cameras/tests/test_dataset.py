import json

import pytest
from django.urls import reverse

from massalia.cameras import datasets
from massalia.cameras.models import Camera, CameraPurpose
from massalia.core.datasets import datasets as catalog

pytestmark = pytest.mark.django_db
IMAGE_WORDS = ("image", "photo", "video", "vidéo", "flux", "stream", "snapshot")


def _download(client, fmt: str) -> bytes:
    response = client.get(reverse("opendata:download", args=[datasets.SLUG, fmt]))
    assert response.status_code == 200
    return b"".join(response.streaming_content)


def test_it_is_in_the_open_data_catalog(client, cameras):
    assert catalog.get(datasets.SLUG).formats() == ["csv", "json", "geojson"]
    page = client.get(reverse("opendata:catalog")).content.decode()
    assert "Caméras de vidéoprotection de la voie publique" in page


def test_the_csv_has_the_register_columns(client, cameras):
    text = _download(client, "csv").decode("utf-8-sig")
    header, *lines = text.strip().splitlines()
    assert header.split(";") == [
        "identifiant", "adresse", "latitude", "longitude", "quartier", "arrondissement",
        "finalités", "codes des finalités", "exploitant", "fondement légal",
        "arrêté préfectoral", "autorisée le", "valable jusqu'au", "autorisation échue",
        "conservation (jours)", "type", "état", "retirée le", "page",
    ]  # fmt: skip
    assert len(lines) == 4
    expired = next(row for row in lines if row.startswith("vp-003;")).split(";")
    assert expired[12:14] == ["2020-06-10", "oui"]


def test_the_geojson_places_each_camera(client, cameras):
    features = json.loads(_download(client, "geojson"))["features"]
    first = next(f for f in features if f["id"] == "vp-001")
    assert first["geometry"] == {"type": "Point", "coordinates": [5.375, 43.295]}
    assert first["properties"]["purpose_codes"] == "personnes-et-biens|trafic"
    assert first["properties"]["expired"] is False


def test_the_json_says_the_same_in_french_whatever_the_language(client, cameras):
    client.cookies["django_language"] = "en"
    rows = json.loads(_download(client, "json"))
    removed = next(r for r in rows if r["id"] == "vp-004")
    assert removed["status"] == "Retirée"
    assert removed["removed_on"] == "2025-01-31"


def test_no_image_or_video_field_anywhere():
    names = [f.name for model in (Camera, CameraPurpose) for f in model._meta.get_fields()]
    names += [c.key for c in datasets.table().columns]
    names += [c.header for c in datasets.table().columns]
    assert not [n for n in names if any(word in n.lower() for word in IMAGE_WORDS)]
    kinds = {f.get_internal_type() for model in (Camera, CameraPurpose) for f in model._meta.fields}
    assert not kinds & {"FileField", "ImageField", "BinaryField"}


def test_the_register_links_to_its_dataset(client, cameras):
    page = client.get(reverse("cameras:register")).content.decode()
    assert f'href="{reverse("opendata:dataset", args=[datasets.SLUG])}"' in page
