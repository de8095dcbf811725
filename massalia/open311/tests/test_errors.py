from massalia.open311.tests.helpers import json_errors, xml_errors


def test_it_answers_404_in_xml_for_an_unknown_format(api, db):
    response = api.get("/open311/v2/services.csv")
    assert response.status_code == 404
    assert xml_errors(response) == [(404, "Format inconnu : « csv ».")]


def test_it_answers_404_in_the_spec_format_for_an_unknown_path(api, db):
    response = api.get("/open311/v2/nimportequoi.json")
    assert response.status_code == 404
    assert json_errors(response)[0][0] == 404
    assert api.get("/open311/v2/").status_code == 404


def test_it_answers_405_for_a_wrong_method(api, db):
    response = api.delete("/open311/v2/requests.json")
    assert response.status_code == 405
    assert json_errors(response)[0][0] == 405
    assert "POST" in response["Allow"]
    response = api.post("/open311/v2/services.xml")
    assert response.status_code == 405
    assert xml_errors(response)[0][0] == 405


def test_it_answers_400_to_too_many_query_fields(api, db):
    query = "&".join(f"f{i}=1" for i in range(1500))
    response = api.get(f"/open311/v2/requests.json?{query}")
    assert response.status_code == 400
    assert json_errors(response)[0][0] == 400


def test_it_answers_404_to_a_post_on_an_unknown_path_without_csrf(db):
    from django.test import Client

    response = Client(enforce_csrf_checks=True).post("/open311/v2/autre.json")
    assert response.status_code == 404
    assert json_errors(response)[0][0] == 404
