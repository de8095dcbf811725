"""A POST's `media` file goes through the upload pipeline, or is refused with a 400: never lost."""

from __future__ import annotations

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from massalia.open311.openapi import build_document
from massalia.open311.tests.helpers import as_json, json_errors, xml_errors
from massalia.servicerequests.models import ServiceRequest
from massalia.testing import INSIDE

POST = "/open311/v2/requests.json"
LAT, LON = INSIDE["NOAILLES"]


def png(name: str = "photo.png") -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 30, 30)).save(out, format="PNG")
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/png")


def fields(key: str, **extra: object) -> dict[str, object]:
    return {"api_key": key, "service_code": "lampadaire", "lat": LAT, "long": LON, **extra}


def test_it_attaches_the_media_as_a_photo(api, key, city):
    response = api.post(POST, fields(key, media=png()))  # the test client sends multipart
    assert response.status_code == 200
    case = ServiceRequest.objects.get(pk=as_json(response)[0]["service_request_id"])
    (photo,) = case.attachments.all()
    assert (photo.upload.width, photo.upload.height) == (40, 30)
    assert photo.upload.content_type == "image/png"
    listed = as_json(api.get(f"/open311/v2/requests/{case.pk}.json"))
    assert listed[0]["media_url"].endswith(f"/{photo.upload_id}/")


def test_it_refuses_a_media_that_is_not_an_image(api, key, city):
    text = SimpleUploadedFile("photo.png", b"pas une image", content_type="image/png")
    response = api.post(POST, fields(key, media=text))
    assert response.status_code == 400
    assert "n'est pas une image" in json_errors(response)[0][1]
    assert not ServiceRequest.objects.exists()


def test_it_refuses_a_media_it_cannot_take(api, key, city):
    response = api.post(POST, fields(key, media="https://exemple.org/photo.jpg"))
    assert response.status_code == 400
    assert "multipart/form-data" in json_errors(response)[0][1]
    response = api.post("/open311/v2/requests.xml", fields(key, media=[png("a.png"), png("b.png")]))
    assert response.status_code == 400
    assert "un seul fichier" in xml_errors(response)[0][1]
    response = api.post(POST, fields(key, photo=png()))
    assert response.status_code == 400
    assert "media" in json_errors(response)[0][1]
    assert not ServiceRequest.objects.exists()


def test_it_documents_the_multipart_body():
    content = build_document()["paths"]["/requests.json"]["post"]["requestBody"]["content"]
    media = content["multipart/form-data"]["schema"]["allOf"][1]["properties"]["media"]
    assert media == {"type": "string", "format": "binary", "description": media["description"]}
