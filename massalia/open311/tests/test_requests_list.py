from datetime import timedelta

from django.utils import timezone

from massalia.open311.tests.helpers import as_json, as_xml, json_errors, xml_errors
from massalia.servicerequests import services
from massalia.servicerequests.models import Status

LIST = "/open311/v2/requests.json"


def test_it_lists_published_requests_newest_first(api, file_request):
    older = file_request(created_at=timezone.now() - timedelta(days=2))
    newer = file_request("tags")
    data = as_json(api.get(LIST))
    assert [r["service_request_id"] for r in data] == [newer.pk, older.pk]


def test_it_gives_the_spec_fields(api, file_request, city):
    case = file_request("nid-de-poule")
    (row,) = as_json(api.get(LIST))
    assert row["service_request_id"] == case.pk
    assert row["status"] == "open"
    assert row["service_code"] == "nid-de-poule"
    assert row["service_name"] == "Nid-de-poule"
    assert row["agency_responsible"] == "Voirie"
    assert row["zipcode"] == "13001"
    assert row["lat"] == case.latitude and row["long"] == case.longitude
    assert row["address"] == "12 rue de la République"
    assert row["requested_datetime"].endswith(("+01:00", "+02:00"))
    assert row["expected_datetime"] is not None
    assert row["media_url"] == ""


def test_it_never_lists_unconfirmed_requests(api, file_request):
    hidden = file_request(anonymous=True)
    assert as_json(api.get(LIST)) == []
    assert api.get(f"/open311/v2/requests/{hidden.pk}.json").status_code == 404


def test_it_never_lists_requests_of_a_private_type(api, file_request):
    private = file_request("fuite-compteur")
    assert as_json(api.get(LIST)) == []
    assert api.get(f"/open311/v2/requests/{private.pk}.xml").status_code == 404
    assert b"fuite-compteur" not in api.get("/open311/v2/requests.xml").content


def test_it_never_shows_personal_data(api, file_request, city):
    case = file_request(anonymous=True)
    services.confirm_request(token=case.confirmation_token)
    body = api.get(LIST).content.decode() + api.get("/open311/v2/requests.xml").content.decode()
    assert str(case.pk) in body
    for secret in ("anonyme@example.org", "Zoé Secret", "alice", "requester", "email"):
        assert secret not in body


def test_it_maps_statuses_to_open_and_closed_with_the_latest_public_note(api, file_request, city):
    case = file_request()
    services.change_status(
        case=case, actor=city.people["erin"], status=Status.IN_PROGRESS, public_note="Vu."
    )
    services.change_status(
        case=case,
        actor=city.people["erin"],
        status=Status.RESOLVED,
        public_note="Ampoule changée.",
        internal_note="Note interne à ne pas publier",
    )
    (row,) = as_json(api.get(LIST))
    assert row["status"] == "closed"
    assert row["status_notes"] == "Ampoule changée."
    assert "Note interne" not in api.get(LIST).content.decode()


def test_it_filters_by_status(api, file_request, city):
    open_one = file_request()
    closed = file_request("tags")
    services.change_status(
        case=closed, actor=city.people["dave"], status=Status.REJECTED, public_note="Non."
    )
    ids = lambda q: [r["service_request_id"] for r in as_json(api.get(LIST, q))]  # noqa: E731
    assert ids({"status": "open"}) == [open_one.pk]
    assert ids({"status": "closed"}) == [closed.pk]
    assert ids({"status": "open,closed"}) == [closed.pk, open_one.pk]


def test_it_filters_by_service_codes(api, file_request):
    lamp = file_request()
    tags = file_request("tags")
    file_request("nid-de-poule")
    data = as_json(api.get(LIST, {"service_code": "lampadaire,tags"}))
    assert {r["service_request_id"] for r in data} == {lamp.pk, tags.pk}


def test_it_filters_by_dates_and_defaults_to_90_days(api, file_request):
    old = file_request(created_at=timezone.now() - timedelta(days=120))
    recent = file_request(created_at=timezone.now() - timedelta(days=3))
    assert [r["service_request_id"] for r in as_json(api.get(LIST))] == [recent.pk]
    window = {
        "start_date": (timezone.now() - timedelta(days=130)).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "end_date": (timezone.now() - timedelta(days=100)).isoformat(),
    }
    assert [r["service_request_id"] for r in as_json(api.get(LIST, window))] == [old.pk]


def test_it_lets_service_request_id_override_other_filters(api, file_request):
    first = file_request(created_at=timezone.now() - timedelta(days=200))
    second = file_request("tags")
    data = as_json(
        api.get(LIST, {"service_request_id": f"{first.pk},{second.pk}", "service_code": "x"})
    )
    assert {r["service_request_id"] for r in data} == {first.pk, second.pk}


def test_it_caps_the_page_with_page_size(api, file_request):
    for _ in range(3):
        file_request()
    assert len(as_json(api.get(LIST, {"page_size": "2"}))) == 2
    assert api.get(LIST, {"page_size": "5000"}).status_code == 400


def test_it_refuses_bad_dates_and_filters(api, db):
    for query in (
        {"start_date": "hier"},
        {"end_date": "2024-13-45T00:00:00Z"},
        {"start_date": "9999-12-31T23:59:59-12:00"},
        {"start_date": "2024-01-01T00:00:00Z", "end_date": "2024-12-01T00:00:00Z"},
        {"start_date": "2024-02-01T00:00:00Z", "end_date": "2024-01-01T00:00:00Z"},
        {"status": "pending"},
        {"service_request_id": "1,abc"},
        {"start_date": "x" * 20_000},
    ):
        response = api.get(LIST, query)
        assert response.status_code == 400, query
        assert json_errors(response)[0][0] == 400
    response = api.get("/open311/v2/requests.xml", {"start_date": "hier"})
    assert response.status_code == 400
    assert "start_date" in xml_errors(response)[0][1]


def test_it_lists_requests_in_xml(api, file_request):
    case = file_request("nid-de-poule")
    root = as_xml(api.get("/open311/v2/requests.xml"))
    assert root.tag == "service_requests"
    (row,) = root.findall("request")
    assert row.findtext("service_request_id") == str(case.pk)
    assert row.findtext("status") == "open"
    assert row.findtext("agency_responsible") == "Voirie"


def test_it_writes_valid_xml_whatever_the_text(api, file_request):
    file_request(description="<b>Tags</b> &\x01\x0b « graffitis » ]]>")
    root = as_xml(api.get("/open311/v2/requests.xml"))
    assert root.findtext("request/description") == "<b>Tags</b> & « graffitis » ]]>"


def test_it_answers_without_a_query_per_row(api, file_request, city, django_assert_max_num_queries):
    for _ in range(5):
        case = file_request()
        services.change_status(
            case=case, actor=city.people["erin"], status=Status.RESOLVED, public_note="OK"
        )
    with django_assert_max_num_queries(3):
        rows = as_json(api.get(LIST))
    assert len(rows) == 5 and all(r["status_notes"] == "OK" for r in rows)


def test_it_links_the_first_public_photo(api, file_request, settings, tmp_path):
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import NoReverseMatch, reverse
    from PIL import Image

    settings.MEDIA_ROOT = tmp_path
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "red").save(buffer, format="PNG")
    photo = SimpleUploadedFile("trou.png", buffer.getvalue(), content_type="image/png")
    case = file_request(photos=[photo])
    upload_id = case.attachments.get().upload_id
    try:
        expected = "http://testserver" + reverse("servicerequests:attachment", args=[upload_id])
    except NoReverseMatch:  # the portal's photo view is optional for this API
        expected = ""
    (row,) = as_json(api.get(LIST))
    assert row["media_url"] == expected
    case.attachments.update(is_public=False)
    assert as_json(api.get(LIST))[0]["media_url"] == ""
