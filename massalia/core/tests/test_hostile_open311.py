"""Hostile inputs against the Open311 API: a 4xx with a message or a clean success, never a
500 (nor the API's own "general service error", which hides one), nothing stored half-way."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse

from massalia.core.api.keys import create_key
from massalia.core.tests.hostile import COORDINATES, SCRIPT, TEXTS, stored_counts
from massalia.testing import INSIDE

SERVICE_ERROR = "Erreur du service"
LAT, LON = INSIDE["NOAILLES"]


@pytest.fixture
def key(city) -> str:
    _, raw = create_key(name="hostile")
    return raw


def _post_url(fmt: str = "json") -> str:
    return reverse("open311:requests", kwargs={"fmt": fmt})


def _fields(key: str, **extra: str) -> dict[str, str]:
    fields = {
        "api_key": key,
        "service_code": "lampadaire",
        "lat": str(LAT),
        "long": str(LON),
        "description": "Lampadaire éteint",
    }
    fields.update(extra)
    return fields


def _errors(response) -> list[dict]:
    assert response["Content-Type"] == "application/json; charset=utf-8"
    errors = json.loads(response.content)
    assert errors and all(e["code"] == response.status_code and e["description"] for e in errors)
    assert not any(SERVICE_ERROR in e["description"] for e in errors), errors
    return errors


def _assert_refused(response, before: dict[str, int], status: int = 400) -> list[dict]:
    assert response.status_code == status, response.content[:300]
    errors = _errors(response)
    assert stored_counts() == before
    return errors


@pytest.mark.parametrize("field", ["description", "first_name", "address_string", "email"])
@pytest.mark.parametrize("name", sorted(TEXTS))
def test_it_takes_or_refuses_hostile_text_in_a_post(client, key, field, name):
    before = stored_counts()
    response = client.post(_post_url(), _fields(key, **{field: TEXTS[name]}))
    if response.status_code == 200:
        created = json.loads(response.content)[0]["service_request_id"]
        _assert_published_safely(client, created)
    else:
        _assert_refused(response, before)


@pytest.mark.parametrize("name", sorted(TEXTS))
def test_it_takes_or_refuses_hostile_text_in_a_json_post(client, key, name):
    before = stored_counts()
    body = json.dumps(_fields(key, description=TEXTS[name], attribute={"x": TEXTS[name]}))
    response = client.post(_post_url(), body, content_type="application/json")
    if response.status_code != 200:
        _assert_refused(response, before)


def _assert_published_safely(client, request_id: int) -> None:
    """The stored text reads back whole in JSON, well-formed in XML, and escaped in HTML."""
    detail = reverse("open311:request_detail", kwargs={"request_id": request_id, "fmt": "json"})
    row = json.loads(client.get(detail).content)[0]
    assert "\x00" not in row["description"]
    xml = client.get(detail.replace(".json", ".xml"))
    assert ET.fromstring(xml.content).tag == "service_requests"
    page = client.get(reverse("servicerequests:request_detail", args=[request_id]))
    assert page.status_code == 200
    assert b"<script>alert(1)" not in page.content
    assert b"<img src=x" not in page.content


def test_it_shows_accepted_script_text_escaped_on_the_public_page(client, key):
    response = client.post(_post_url(), _fields(key, description=f"Tag {SCRIPT} sur le mur"))
    created = json.loads(response.content)[0]["service_request_id"]
    page = client.get(reverse("servicerequests:request_detail", args=[created])).content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert SCRIPT not in page
    api = client.get(
        reverse("open311:request_detail", kwargs={"request_id": created, "fmt": "xml"})
    )
    assert ET.fromstring(api.content).findtext("request/description") == f"Tag {SCRIPT} sur le mur"


def test_it_strips_a_nul_byte_before_storing(client, key):
    response = client.post(_post_url(), _fields(key, description="Trou\x00profond"))
    assert response.status_code == 200
    created = json.loads(response.content)[0]["service_request_id"]
    detail = reverse("open311:request_detail", kwargs={"request_id": created, "fmt": "json"})
    assert json.loads(client.get(detail).content)[0]["description"] == "Trouprofond"


@pytest.mark.parametrize("name", sorted(COORDINATES))
def test_it_refuses_impossible_coordinates_with_a_message(client, key, name):
    lat, lon = COORDINATES[name]
    before = stored_counts()
    response = client.post(_post_url(), _fields(key, lat=lat, long=lon))
    errors = _assert_refused(response, before)
    assert errors[0]["description"]


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        pytest.param(b'{"api_key": ', "application/json", id="truncated-json"),
        pytest.param(b"[" * 100_000, "application/json", id="deeply-nested-json"),
        pytest.param(b'{"description": "\\ud800"}', "application/json", id="lone-surrogate"),
        pytest.param(b'"just a string"', "application/json", id="json-not-object"),
        pytest.param(b'{"a": {"b": {"c": 1}}}', "application/json", id="json-nested-object"),
        pytest.param(b"\xff\xfe\x00{", "application/json", id="json-not-utf8"),
        pytest.param(b"\xef\xbb\xbf{}", "application/json", id="json-with-bom"),
        pytest.param(b"NaN", "application/json", id="json-nan"),
        pytest.param(b"<service_request><a>1</a>", "text/xml", id="malformed-xml"),
        pytest.param(b"<?xml version='1.0'?><x/>", "application/xml", id="xml-body"),
        pytest.param(b"api_key=x", "text/plain", id="text-plain"),
        pytest.param(b"\x00\x01\x02", "application/octet-stream", id="binary"),
        pytest.param(
            b"description=%ED%A0%80&lat=1", "application/x-www-form-urlencoded", id="form-surrogate"
        ),
        pytest.param(
            b"description=%FF%FE&lat=%00", "application/x-www-form-urlencoded", id="form-bad-utf8"
        ),
        pytest.param(
            b"--x\r\nContent-Disposition: form-data\r\n\r\n",
            "multipart/form-data; boundary=x",
            id="broken-multipart",
        ),
        pytest.param(b"a=1", "multipart/form-data", id="multipart-without-boundary"),
    ],
)
def test_it_refuses_malformed_bodies_with_a_message(client, key, body, content_type):
    before = stored_counts()
    response = client.post(_post_url(), body, content_type=content_type)
    assert 400 <= response.status_code < 500
    _errors(response)
    assert stored_counts() == before


def test_it_refuses_a_json_attribute_given_as_an_empty_list_cleanly(client, key):
    body = json.dumps(_fields(key, attribute={"taille": []}))
    response = client.post(_post_url(), body, content_type="application/json")
    assert response.status_code in (200, 400)
    if response.status_code == 400:
        _errors(response)


@pytest.mark.parametrize("content_type", ["application/json", "application/x-www-form-urlencoded"])
def test_it_refuses_a_body_over_the_upload_limit(client, key, settings, content_type):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 50_000
    before = stored_counts()
    fields = _fields(key, description="x" * 60_000)
    if content_type == "application/json":
        response = client.post(_post_url(), json.dumps(fields), content_type=content_type)
    else:
        response = client.post(
            _post_url(), "&".join(f"{k}={v}" for k, v in fields.items()), content_type=content_type
        )
    errors = _assert_refused(response, before)
    assert "volumineu" in errors[0]["description"]


@pytest.mark.parametrize(
    "param",
    [
        "service_request_id",
        "service_code",
        "start_date",
        "end_date",
        "status",
        "page_size",
        "jurisdiction_id",
    ],
)
@pytest.mark.parametrize(
    "value",
    [
        *TEXTS.values(),
        "-1",
        "0",
        "99999999999999999999999999",
        "1,2,,3,",
        "9999-12-31T23:59:59+14:00",
        "0001-01-01T00:00:00-12:00",
        "2024-02-30",
        "1e309",
    ],
    ids=[
        *TEXTS,
        "minus-one",
        "zero",
        "huge-int",
        "sparse-list",
        "max-date",
        "min-date",
        "feb-30",
        "1e309",
    ],
)
def test_it_answers_hostile_query_strings_without_crashing(client, city, param, value):
    response = client.get(_post_url(), {param: value})
    # Any jurisdiction but ours is the spec's 404; every other hostile value a 200 or a 400.
    expected = (404,) if param == "jurisdiction_id" else (200, 400)
    assert response.status_code in expected, response.content[:300]
    if response.status_code != 200:
        _errors(response)


@pytest.mark.parametrize("name", sorted(TEXTS))
@pytest.mark.parametrize("url_name", ["open311:service_definition", "open311:request_detail"])
def test_it_answers_hostile_path_segments_with_a_404(client, city, name, url_name):
    kwarg = "code" if url_name == "open311:service_definition" else "request_id"
    value = TEXTS[name][:2000].replace("/", "")
    response = client.get(reverse(url_name, kwargs={kwarg: value, "fmt": "json"}))
    assert response.status_code == 404
    _errors(response)


@pytest.mark.parametrize("name", sorted(TEXTS))
def test_it_writes_well_formed_xml_errors_whatever_the_input(client, key, name):
    value = TEXTS[name][:2000].replace("/", "")
    answers = [
        client.get(reverse("open311:service_definition", kwargs={"code": value, "fmt": "xml"})),
        client.post(_post_url("xml"), _fields(key, service_code=value)),
        client.get(_post_url("xml"), {"status": value}),
        client.get(f"/open311/v2/requests.{value[:300]}"),
    ]
    for response in answers:
        assert 400 <= response.status_code < 500
        root = ET.fromstring(response.content)
        assert root.tag == "errors" and root.findtext("error/description")


def test_it_refuses_an_oversized_body_in_the_api_format_with_limits_and_idempotency_on(
    client, key, settings
):
    # The rate limits and the idempotency layer read the body before the view: they must
    # leave the refusal to it rather than fail on their own.
    settings.RATELIMIT_ENABLED = True
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 50_000
    before = stored_counts()
    body = json.dumps(_fields(key, description="x" * 60_000))
    response = client.post(
        _post_url(), body, content_type="application/json", headers={"Idempotency-Key": "k-1"}
    )
    errors = _assert_refused(response, before)
    assert "volumineu" in errors[0]["description"]
