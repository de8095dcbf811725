import json
from unittest import mock

from massalia.core.api.keys import revoke_key
from massalia.open311.models import ApiSubmission
from massalia.open311.tests.helpers import as_json, as_xml, json_errors, xml_errors
from massalia.servicerequests.models import ServiceRequest
from massalia.testing import INSIDE, OUTSIDE

POST = "/open311/v2/requests.json"
LAT, LON = INSIDE["LA JOLIETTE"]


def form(key: str, **extra: object) -> dict[str, object]:
    fields = {
        "api_key": key,
        "service_code": "nid-de-poule",
        "lat": LAT,
        "long": LON,
        "attribute[taille]": "grand",
        "description": "Un trou profond au milieu de la chaussée",
        "email": "Citoyen@Example.org",
        "first_name": "Jean",
        "last_name": "Dupont",
        "phone": "0600000000",
    }
    fields.update(extra)
    return {k: v for k, v in fields.items() if v is not None}


def test_it_files_a_confirmed_and_routed_request(api, key, city):
    response = api.post(POST, form(key))
    assert response.status_code == 200
    (created,) = as_json(response)
    assert created["account_id"] is None
    assert "Propreté" in created["service_notice"]
    case = ServiceRequest.objects.get(pk=created["service_request_id"])
    assert case.source == "open311"
    assert case.confirmed_at is not None
    # La Joliette is in the 2nd arrondissement, where potholes go to Propreté.
    assert case.department == city.departments["proprete"]
    assert case.attributes == {"taille": "grand"}
    # Not yet confirmed by its owner, the address is not given to the request (test_post_email).
    assert case.requester_email == ""
    assert case.requester_name == "Jean Dupont"
    assert ApiSubmission.objects.get(request=case).api_key.name == "app-citoyenne"
    listed = as_json(api.get(f"/open311/v2/requests/{case.pk}.json"))
    assert listed[0]["agency_responsible"] == "Propreté"


def test_it_answers_post_in_xml(api, key, city):
    response = api.post("/open311/v2/requests.xml", form(key))
    assert response.status_code == 200
    root = as_xml(response)
    assert root.tag == "service_requests"
    request_id = int(root.findtext("request/service_request_id"))
    assert ServiceRequest.objects.filter(pk=request_id, source="open311").exists()


def test_it_accepts_a_multivaluelist(api, key, city):
    from massalia.servicerequests.models import Attribute

    Attribute.objects.create(
        request_type=city.types["tags"],
        code="support",
        datatype=Attribute.Datatype.MULTIVALUELIST,
        description="Support",
        values=[{"key": "mur", "name": "Mur"}, {"key": "porte", "name": "Porte"}],
    )
    body = "&".join(
        [
            f"api_key={key}",
            "service_code=tags",
            f"lat={LAT}",
            f"long={LON}",
            "attribute%5Bsupport%5D%5B%5D=mur",
            "attribute%5Bsupport%5D%5B%5D=porte",
        ]
    )
    response = api.post(POST, body, content_type="application/x-www-form-urlencoded")
    assert response.status_code == 200, response.content
    case = ServiceRequest.objects.get(pk=as_json(response)[0]["service_request_id"])
    assert case.attributes == {"support": ["mur", "porte"]}


def test_it_accepts_a_json_body(api, key, city):
    body = {
        "api_key": key,
        "service_code": "nid-de-poule",
        "lat": LAT,
        "long": LON,
        "attribute": {"taille": "petit"},
    }
    response = api.post(POST, json.dumps(body), content_type="application/json")
    assert response.status_code == 200
    case = ServiceRequest.objects.get(pk=as_json(response)[0]["service_request_id"])
    assert case.attributes == {"taille": "petit"}


def test_it_refuses_a_missing_required_attribute(api, key, city):
    response = api.post(POST, form(key, **{"attribute[taille]": None}))
    assert response.status_code == 400
    assert json_errors(response) == [
        (400, "attribute[taille] : « Taille du trou » est obligatoire.")
    ]
    response = api.post("/open311/v2/requests.xml", form(key, **{"attribute[taille]": "énorme"}))
    assert response.status_code == 400
    assert "énorme" in xml_errors(response)[0][1]
    assert not ServiceRequest.objects.exists()


def test_it_refuses_a_missing_or_bad_key_with_403(api, key, city):
    for bad in (None, "", "m311_pas-la-bonne"):
        response = api.post(POST, form(bad))
        assert response.status_code == 403
        assert json_errors(response)[0][0] == 403
    revoke_key(name="app-citoyenne")
    response = api.post("/open311/v2/requests.xml", form(key))
    assert response.status_code == 403
    assert xml_errors(response)[0][0] == 403
    assert not ServiceRequest.objects.exists()


def test_it_answers_404_for_an_unknown_or_private_service_code(api, key, city):
    for code in ("inconnu", "fuite-compteur"):
        response = api.post(POST, form(key, service_code=code))
        assert response.status_code == 404
        assert code in json_errors(response)[0][1]
    response = api.post(POST, form(key, service_code=None))
    assert response.status_code == 400


def test_it_requires_a_location(api, key, city):
    response = api.post(POST, form(key, lat=None, long=None))
    assert response.status_code == 400
    assert "lieu" in json_errors(response)[0][1]
    response = api.post(POST, form(key, long=None))
    assert response.status_code == 400
    response = api.post("/open311/v2/requests.xml", form(key, lat=OUTSIDE[0], long=OUTSIDE[1]))
    assert response.status_code == 400
    assert "territoire" in xml_errors(response)[0][1]


def test_it_locates_an_address_id_as_a_quartier(api, key, city):
    response = api.post(POST, form(key, lat=None, long=None, address_id="noailles"))
    assert response.status_code == 200
    case = ServiceRequest.objects.get(pk=as_json(response)[0]["service_request_id"])
    assert case.quartier == city.quartiers["NOAILLES"]
    response = api.post(POST, form(key, lat=None, long=None, address_id="atlantide"))
    assert response.status_code == 400


def test_it_geocodes_an_address_string(api, key, city):
    match = mock.Mock(latitude=LAT, longitude=LON, quartier_id=None)
    with mock.patch("massalia.territory.gazetteer.geocode", return_value=match):
        response = api.post(
            POST, form(key, lat=None, long=None, address_string="1 place de la Joliette")
        )
    assert response.status_code == 200
    case = ServiceRequest.objects.get(pk=as_json(response)[0]["service_request_id"])
    assert case.quartier == city.quartiers["LA JOLIETTE"]
    assert case.address == "1 place de la Joliette"


def test_it_answers_400_for_an_address_not_found(api, key, city):
    with mock.patch("massalia.territory.gazetteer.geocode", return_value=None):
        response = api.post(POST, form(key, lat=None, long=None, address_string="Nulle part"))
    assert response.status_code == 400
    assert "introuvable" in json_errors(response)[0][1]


def test_it_refuses_hostile_input_with_400(api, key, city):
    cases = [
        ("{not json", "application/json"),
        ("[1, 2]", "application/json"),
        (json.dumps({"api_key": key, "lat": {"x": 1}}), "application/json"),
        (b"\xff\xfe\x00garbage", "application/json"),
        ("<request><x></request>", "text/xml"),
    ]
    for body, content_type in cases:
        response = api.post(POST, body, content_type=content_type)
        assert response.status_code == 400, body
        assert json_errors(response)[0][0] == 400
    for extra in (
        {"description": "x" * 4001},
        {"lat": "nan"},
        {"lat": "quarante-trois"},
        {"email": "pas-un-email"},
        {"attribute[taille]": "grand" * 1000},
    ):
        response = api.post(POST, form(key, **extra))
        assert response.status_code == 400, extra
    assert not ServiceRequest.objects.exists()


def test_it_survives_non_utf8_form_data(api, key, city):
    body = f"api_key={key}&service_code=lampadaire&lat={LAT}&long={LON}&description=%FF%FE%C3"
    response = api.post(POST, body, content_type="application/x-www-form-urlencoded")
    assert response.status_code == 200
    case = ServiceRequest.objects.get(pk=as_json(response)[0]["service_request_id"])
    assert "\ufffd" in case.description


def test_it_does_not_need_a_csrf_token(key, city):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    assert strict.post(POST, form(key)).status_code == 200
