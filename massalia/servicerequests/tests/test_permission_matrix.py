"""Every agents' page of the case engine, and the inbox page, × every kind of person.

"login" means a redirect to the login page; 302 a successful action (POST/redirect/GET).
Requests belong to Voirie (bob: agent, carol: manager); dave is an agent of Propreté,
olga an elected official, alice a citizen (she filed the request), root an administrator.
"""

from urllib.parse import urlsplit

import pytest
from django.urls import reverse

from massalia.testing import file_request as file

PEOPLE = ["anonymous", "alice", "bob", "dave", "carol", "olga", "root"]
MATRIX = """
view               method  anonymous  alice  bob  dave  carol  olga  root
inbox              GET     login      403    200  200   200    200   200
department_inbox   GET     login      403    200  403   200    403   200
request            GET     login      403    200  403   200    403   200
change_status      POST    login      403    302  403   302    403   302
add_note           POST    login      403    302  403   302    403   302
assign             POST    login      403    302  403   302    403   302
reassign           POST    login      403    302  403   302    403   302
merge              POST    login      403    302  403   302    403   302
"""
ROWS = [line.split() for line in MATRIX.strip().splitlines()[1:]]


def call(client, city, view, method):
    sr = file(city, "nid-de-poule")
    if view == "inbox":
        return client.get(reverse("backoffice:inbox"))
    if view == "department_inbox":
        return client.get(reverse("cases:department_inbox", args=["voirie"]))
    url = reverse(f"cases:{view}", args=[sr.pk])
    if method == "GET":
        return client.get(url)
    data = {
        "change_status": {"status": "acknowledged"},
        "add_note": {"internal_note": "Vu."},
        "assign": {"assignee": ""},
        "reassign": {"department": city.departments["proprete"].pk, "internal_note": "Pas nous."},
        "merge": {"into": file(city, "nid-de-poule").pk},
    }[view]
    return client.post(url, data)


@pytest.mark.parametrize("row", ROWS, ids=[row[0] for row in ROWS])
def test_it_follows_the_permission_matrix(client, city, row):
    view, method, *expected = row
    for name, outcome in zip(PEOPLE, expected, strict=True):
        client.logout()
        if name != "anonymous":
            client.force_login(city.people[name])
        response = call(client, city, view, method)
        if outcome == "login":
            assert response.status_code == 302, (view, name)
            assert urlsplit(response["Location"]).path == reverse("accounts:login"), (view, name)
        else:
            assert response.status_code == int(outcome), (view, name, response.status_code)
            if outcome == "302":
                assert reverse("accounts:login") not in response["Location"], (view, name)


@pytest.mark.parametrize("view", ["change_status", "add_note", "assign", "reassign", "merge"])
def test_it_refuses_get_on_actions(login, city, view):
    sr = file(city, "nid-de-poule")
    assert login("bob").get(reverse(f"cases:{view}", args=[sr.pk])).status_code == 405
