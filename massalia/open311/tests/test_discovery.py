from massalia.open311.tests.helpers import as_json, as_xml


def test_it_describes_the_endpoint_in_json(api, db):
    response = api.get("/open311/v2/discovery.json")
    assert response.status_code == 200
    data = as_json(response)
    endpoint = data["endpoints"][0]
    assert endpoint["specification"] == "http://wiki.open311.org/GeoReport_v2"
    assert endpoint["url"] == "http://testserver/open311/v2"
    assert endpoint["type"] == "production"
    assert endpoint["formats"] == ["text/xml", "application/json"]
    assert data["changeset"] and data["contact"] and data["key_service"]


def test_it_describes_the_endpoint_in_xml(api, db):
    root = as_xml(api.get("/open311/v2/discovery.xml"))
    assert root.tag == "discovery"
    endpoint = root.find("endpoints/endpoint")
    assert endpoint.findtext("specification") == "http://wiki.open311.org/GeoReport_v2"
    assert [f.text for f in endpoint.findall("formats/format")] == [
        "text/xml",
        "application/json",
    ]


def test_it_allows_any_origin_to_read(api, db):
    response = api.get("/open311/v2/discovery.json")
    assert response["Access-Control-Allow-Origin"] == "*"
