from massalia.open311.tests.helpers import as_json, as_xml, json_errors, xml_errors


def test_it_lists_active_public_types_in_json(api, city):
    city.types["tags"].is_active = False
    city.types["tags"].save()
    services = {s["service_code"]: s for s in as_json(api.get("/open311/v2/services.json"))}
    assert set(services) == {"nid-de-poule", "lampadaire"}
    pothole = services["nid-de-poule"]
    assert pothole["metadata"] is True
    assert pothole["type"] == "realtime"
    assert pothole["group"] == "Voirie"
    assert pothole["service_name"] == "Nid-de-poule"
    assert services["lampadaire"]["metadata"] is False


def test_it_never_lists_a_private_type(api, city):
    codes = [s["service_code"] for s in as_json(api.get("/open311/v2/services.json"))]
    assert "fuite-compteur" not in codes
    assert b"fuite-compteur" not in api.get("/open311/v2/services.xml").content


def test_it_lists_services_in_xml(api, city):
    root = as_xml(api.get("/open311/v2/services.xml"))
    assert root.tag == "services"
    by_code = {s.findtext("service_code"): s for s in root.findall("service")}
    assert set(by_code) == {"nid-de-poule", "lampadaire", "tags"}
    assert by_code["nid-de-poule"].findtext("metadata") == "true"
    assert by_code["tags"].findtext("metadata") == "false"


def test_it_defines_a_service_with_its_attributes_in_json(api, city):
    data = as_json(api.get("/open311/v2/services/nid-de-poule.json"))
    assert data["service_code"] == "nid-de-poule"
    (size,) = data["attributes"]
    assert size["code"] == "taille"
    assert size["datatype"] == "singlevaluelist"
    assert size["required"] is True
    assert size["variable"] is True
    assert size["order"] == 1
    assert size["description"] == "Taille du trou"
    assert size["values"] == [{"key": "petit", "name": "Petit"}, {"key": "grand", "name": "Grand"}]


def test_it_defines_a_service_in_xml(api, city):
    root = as_xml(api.get("/open311/v2/services/nid-de-poule.xml"))
    assert root.tag == "service_definition"
    attribute = root.find("attributes/attribute")
    assert attribute.findtext("code") == "taille"
    assert [v.findtext("key") for v in attribute.findall("values/value")] == ["petit", "grand"]


def test_it_answers_404_for_an_unknown_or_private_service(api, city):
    for code in ("inconnu", "fuite-compteur"):
        response = api.get(f"/open311/v2/services/{code}.json")
        assert response.status_code == 404
        assert json_errors(response)[0][0] == 404
    response = api.get("/open311/v2/services/inconnu.xml")
    assert response.status_code == 404
    assert "inconnu" in xml_errors(response)[0][1]
