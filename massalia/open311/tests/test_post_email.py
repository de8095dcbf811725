"""An email given to an Open311 POST is confirmed by its owner before it gets anything but
one confirmation message a day: a client cannot make the platform a mail relay."""

from __future__ import annotations

import re

from django.core import mail

from massalia.open311.tests.helpers import as_json
from massalia.servicerequests import services
from massalia.servicerequests.models import ServiceRequest
from massalia.testing import INSIDE

POST = "/open311/v2/requests.json"
LAT, LON = INSIDE["NOAILLES"]
VICTIM = "Victime@Example.org"


def post(api, key, on_commit, email: str = VICTIM) -> ServiceRequest:
    fields = {"api_key": key, "service_code": "lampadaire", "lat": LAT, "long": LON}
    with on_commit():
        response = api.post(POST, {**fields, "email": email})
    assert response.status_code == 200
    return ServiceRequest.objects.get(pk=as_json(response)[0]["service_request_id"])


def confirmation_link(message) -> str:
    found = re.search(r"https?://\S+(/open311/v2/adresse/\S+)", message.body)
    assert found, message.body
    return found.group(1)


def test_it_sends_one_confirmation_and_nothing_else_to_an_unknown_address(
    api, key, city, limits, on_commit
):
    first = post(api, key, on_commit)
    post(api, key, on_commit)
    post(api, key, on_commit, email="victime@example.org")
    assert [m.to for m in mail.outbox] == [["victime@example.org"]]
    assert "confirm" in mail.outbox[0].subject.lower()
    assert "app-citoyenne" in mail.outbox[0].body
    # The request is routed at once, but keeps no address to write to.
    assert first.confirmed_at is not None
    assert first.requester_email == ""
    with on_commit():
        services.change_status(
            case=first, actor=city.people["erin"], status="acknowledged", public_note="Vu."
        )
    assert len(mail.outbox) == 1


def test_it_writes_to_an_address_its_owner_confirmed(api, key, city, limits, on_commit):
    post(api, key, on_commit)
    response = api.get(confirmation_link(mail.outbox[0]))
    assert response.status_code == 200
    assert "confirmée" in response.content.decode("utf-8")
    mail.outbox.clear()
    filed = post(api, key, on_commit)
    assert filed.requester_email == "victime@example.org"
    assert [m.to for m in mail.outbox] == [["victime@example.org"]]
    assert "confirm" not in mail.outbox[0].subject.lower()


def test_it_refuses_a_forged_confirmation_link(api, city):
    response = api.get("/open311/v2/adresse/inventee:abc")
    assert response.status_code == 404
    assert "lien" in response.content.decode("utf-8").lower()
