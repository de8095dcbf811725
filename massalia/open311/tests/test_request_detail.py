from massalia.open311.tests.helpers import as_json, as_xml, json_errors, xml_errors


def test_it_shows_one_request_as_a_one_element_list(api, file_request):
    case = file_request()
    data = as_json(api.get(f"/open311/v2/requests/{case.pk}.json"))
    assert len(data) == 1 and data[0]["service_request_id"] == case.pk
    root = as_xml(api.get(f"/open311/v2/requests/{case.pk}.xml"))
    assert root.tag == "service_requests"
    assert [r.findtext("service_request_id") for r in root.findall("request")] == [str(case.pk)]


def test_it_answers_404_for_an_unknown_id(api, db):
    response = api.get("/open311/v2/requests/999999.json")
    assert response.status_code == 404
    assert json_errors(response)[0][0] == 404
    response = api.get("/open311/v2/requests/abc.xml")
    assert response.status_code == 404
    assert xml_errors(response)[0][0] == 404
