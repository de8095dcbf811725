import csv
import gzip
import io
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from massalia.servicerequests import services
from massalia.servicerequests.tests.helpers import file_report
from massalia.testing import INSIDE

PHONE = "06 12 34 56 78"
SECRET = "Fuite secrète chez Mme Fabre"


@pytest.fixture
def filed(city):
    """One public request of each kind of requester, one private, one not yet confirmed."""
    public = file_report(city, description=f"Tag sur l'école, appelez-moi au {PHONE}")
    lat, lon = INSIDE["BELSUNCE"]
    anonymous = services.submit_request(
        request_type=city.types["tags"],
        description="Tag anonyme",
        latitude=lat,
        longitude=lon,
        email="anonyme@example.org",
        name="Zoé Anonyme",
    )
    confirmed = file_report(city, who=None, email="camille@example.org", name="Camille")
    services.confirm_request(token=confirmed.confirmation_token)
    private = file_report(
        city, request_type=city.types["fuite-compteur"], description=SECRET, attributes={}
    )
    return {"public": public, "confirmed": confirmed, "unconfirmed": anonymous, "private": private}


def _streamed(response):
    assert response.streaming
    return b"".join(response.streaming_content)


def _csv_rows(response):
    body = _streamed(response).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(body), delimiter=";"))


def test_it_serves_the_public_requests_as_a_feature_collection(client, filed):
    response = client.get(reverse("servicerequests:requests_geojson"))
    assert response["Content-Type"] == "application/geo+json"
    assert 'filename="demandes.geojson"' in response["Content-Disposition"]
    data = json.loads(_streamed(response))
    assert data["type"] == "FeatureCollection"
    public = filed["public"]
    assert [f["id"] for f in data["features"]] == [filed["confirmed"].pk, public.pk]
    feature = data["features"][1]
    assert feature["geometry"] == {
        "type": "Point",
        "coordinates": [public.longitude, public.latitude],
    }
    assert feature["properties"] == {
        "title": f"n° {public.pk} — {public.request_type.name}",
        "status": public.status,
        "status_label": public.get_status_display(),
        "url": reverse("servicerequests:request_detail", args=[public.pk]),
    }


def test_it_offers_the_public_requests_as_csv_for_spreadsheets(client, city, filed):
    response = client.get(reverse("servicerequests:requests_csv"), {"type": "tags"})
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="demandes.csv"' in response["Content-Disposition"]
    rows = _csv_rows(response)
    assert [int(r["numéro"]) for r in rows] == [filed["confirmed"].pk, filed["public"].pk]
    row = rows[1]
    assert list(row) == [
        "numéro", "type", "thème", "état", "description", "adresse", "quartier",
        "arrondissement", "latitude", "longitude", "déposée le", "mise à jour le",
        "clôturée le", "lien",
    ]  # fmt: skip
    public = filed["public"]
    assert row["type"] == city.types["tags"].name
    assert row["quartier"] == public.quartier.display_name
    assert row["latitude"] == str(public.latitude).replace(".", ",")
    assert row["description"] == public.public_description
    assert row["lien"] == reverse("servicerequests:request_detail", args=[public.pk])


def test_it_never_exports_private_unconfirmed_or_personal_data(client, filed):
    geojson = _streamed(client.get(reverse("servicerequests:requests_geojson"))).decode()
    spreadsheet = _streamed(client.get(reverse("servicerequests:requests_csv"))).decode("utf-8-sig")
    for body in (geojson, spreadsheet):
        assert f"/demandes/{filed['private'].pk}/" not in body
        assert f"/demandes/{filed['unconfirmed'].pk}/" not in body
        for personal in ("Fabre", PHONE, "camille@example.org", "Camille", "alice", "Zoé"):
            assert personal not in body
    assert "Tag sur l'école" in spreadsheet  # the public text is there, without the phone


def test_it_streams_the_map_data_compressed(client, filed):
    response = client.get(reverse("servicerequests:requests_geojson"), HTTP_ACCEPT_ENCODING="gzip")
    assert response["Content-Encoding"] == "gzip"
    assert len(json.loads(gzip.decompress(_streamed(response)))["features"]) == 2


def test_it_sends_the_first_chunk_before_reading_the_requests(client, filed):
    response = client.get(reverse("servicerequests:requests_csv"))
    chunks = iter(response.streaming_content)
    with CaptureQueriesContext(connection) as queries:
        header = next(chunks)
    assert header.decode("utf-8-sig").startswith("numéro;type;")
    assert not [q for q in queries if "servicerequest" in q["sql"]]
    with CaptureQueriesContext(connection) as queries:
        rest = b"".join(chunks).decode()
    assert [q for q in queries if "servicerequest" in q["sql"]]
    assert rest.count("\r\n") == 2


@pytest.mark.parametrize(
    "name", ["servicerequests:requests_geojson", "servicerequests:requests_csv"]
)
def test_it_reads_the_same_number_of_queries_whatever_the_rows(client, city, filed, name):
    def queries() -> int:
        with CaptureQueriesContext(connection) as seen:
            _streamed(client.get(reverse(name)))
        return len(seen)

    before = queries()
    for _ in range(3):
        file_report(city, where="LA JOLIETTE")
    assert queries() == before
