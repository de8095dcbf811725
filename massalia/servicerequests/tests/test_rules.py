"""The permission policy for service requests, as a matrix of people × actions."""

import pytest
from django.contrib.auth.models import AnonymousUser

from massalia.core.permissions import can
from massalia.servicerequests import services
from massalia.testing import INSIDE, file_request

PEOPLE = ["anonymous", "alice", "mallory", "bob", "carol", "dave", "olga", "root"]
# For a public pothole in Voirie filed by alice; mallory is another citizen.
PUBLIC = {
    "servicerequests.view": "anonymous alice mallory bob carol dave olga root",
    "servicerequests.view_internal": "bob carol root",
    "servicerequests.manage": "bob carol root",
    "servicerequests.follow": "alice mallory bob carol dave olga root",
}
# For a private water-leak request (Voirie in the test city) filed by alice.
PRIVATE = {
    "servicerequests.view": "alice bob carol root",
    "servicerequests.view_internal": "bob carol root",
    "servicerequests.manage": "bob carol root",
    "servicerequests.follow": "alice bob carol root",
}


def person(city, name):
    if name == "anonymous":
        return AnonymousUser()
    if name == "mallory":
        from massalia.accounts.models import User

        return User.objects.get_or_create(username="mallory", email="mallory@example.org")[0]
    return city.people[name]


@pytest.mark.parametrize(
    ("code", "matrix"), [("nid-de-poule", PUBLIC), ("fuite-compteur", PRIVATE)]
)
def test_it_follows_the_matrix(city, code, matrix):
    case = file_request(city, code)
    for action, allowed in matrix.items():
        for name in PEOPLE:
            expected = name in allowed.split()
            assert can(person(city, name), action, case) is expected, (action, name)


def test_an_unconfirmed_anonymous_request_is_seen_only_by_its_department(city):
    lat, lon = INSIDE["NOAILLES"]
    case = services.submit_request(
        request_type=city.types["tags"],
        description="x",
        latitude=lat,
        longitude=lon,
        email="zoe@example.org",
    )
    allowed = {name for name in PEOPLE if can(person(city, name), "servicerequests.view", case)}
    assert allowed == {"dave", "root"}


def test_inbox_and_overview(city):
    voirie = city.departments["voirie"]
    inbox = {n for n in PEOPLE if can(person(city, n), "servicerequests.inbox", voirie)}
    overview = {n for n in PEOPLE if can(person(city, n), "servicerequests.overview")}
    assert inbox == {"bob", "carol", "root"}
    assert overview == {"carol", "olga", "root"}
