"""Validators and gates send taps over HTTP with a key and read accept or refuse with reason."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from massalia.citycard.models import Tap
from massalia.citycard.tests.conftest import card_with_purse, monthly_pass, number
from massalia.core.api.keys import create_key

pytestmark = pytest.mark.django_db
URL = "/validation/v1/taps"


@pytest.fixture
def key(db) -> str:
    return create_key(name="valideurs-rtm", scopes=["citycard:tap"])[1]


def post(client, body, key="", **headers):
    return client.post(
        URL, data=json.dumps(body), content_type="application/json", HTTP_X_API_KEY=key, **headers
    )


def test_the_url_is_the_declared_one():
    assert reverse("citycard_api:taps") == URL


def test_it_answers_accept_with_the_reason_and_the_balance(client, bus, key):
    card_with_purse(1, 500)
    answer = post(
        client, {"device": bus.code, "card": number(1), "at": timezone.now().isoformat()}, key
    )
    assert answer.status_code == 200
    assert answer.json() == {
        "device": bus.code,
        "decision": "accept",
        "reason": "paid",
        "label": "payé avec le porte-monnaie",
        "repeated": False,
        "balance_cents": 330,
    }


def test_it_answers_refuse_with_the_reason(client, bus, key):
    card_with_purse(1, 0)
    answer = post(
        client, {"device": bus.code, "card": number(1), "at": timezone.now().isoformat()}, key
    )
    assert (answer.json()["decision"], answer.json()["reason"]) == (
        "refuse",
        "insufficient_balance",
    )


def test_an_offline_batch_is_decided_in_order_and_sending_it_again_counts_nothing(client, bus, key):
    card = card_with_purse(1, 200)
    monthly_pass(card)
    start = timezone.now() - timedelta(hours=2)
    taps = [
        {"card": number(1), "at": (start + timedelta(minutes=m)).isoformat()} for m in (10, 0)
    ] + [{"card": number(2), "at": start.isoformat()}]
    first = post(client, {"device": bus.code, "taps": taps}, key).json()["decisions"]
    again = post(client, {"device": bus.code, "taps": taps}, key).json()["decisions"]
    assert [(d["decision"], d["reason"]) for d in first] == [
        ("accept", "pass"),
        ("accept", "pass"),
        ("refuse", "unknown_card"),
    ]
    assert [d["repeated"] for d in again] == [True, True, True]
    assert Tap.objects.count() == 3
    assert set(Tap.objects.values_list("offline", flat=True)) == {True}


@pytest.mark.parametrize("sent", ["", "wrong-key"])
def test_it_refuses_a_missing_or_wrong_key(client, bus, sent):
    answer = post(
        client, {"device": bus.code, "card": number(1), "at": timezone.now().isoformat()}, sent
    )
    assert answer.status_code == 403
    assert answer.json()["error"]["code"] == "invalid_api_key"
    assert not Tap.objects.exists()


def test_it_refuses_a_key_without_the_scope(client, bus):
    other = create_key(name="open311", scopes=["open311:write"])[1]
    answer = post(
        client, {"device": bus.code, "card": number(1), "at": timezone.now().isoformat()}, other
    )
    assert answer.status_code == 403
    assert answer.json()["error"]["code"] == "missing_scope"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"device": "inconnu", "card": number(1), "at": "2026-12-04T08:00:00+01:00"}, "device"),
        ({"device": "bus-2-joliette", "card": "1234", "at": "2026-12-04T08:00:00+01:00"}, "card"),
        ({"device": "bus-2-joliette", "card": number(1), "at": "demain"}, "at"),
        ({"device": "bus-2-joliette", "card": number(1), "at": "2026-12-04T08:00:00"}, "at"),
        ({"device": "bus-2-joliette", "card": number(1), "at": "2999-01-01T08:00:00+01:00"}, "at"),
        ({"device": "bus-2-joliette", "taps": []}, "taps"),
        ({"device": "bus-2-joliette", "taps": [{"card": number(1), "at": "x"}]}, "taps[0].at"),
    ],
)
def test_bad_input_is_a_400_naming_the_field(client, bus, key, body, field):
    answer = post(client, body, key)
    assert answer.status_code == 400
    assert field in [d["field"] for d in answer.json()["error"]["details"]]
    assert not Tap.objects.exists()


def test_a_batch_with_one_bad_tap_decides_none(client, bus, key):
    card_with_purse(1, 500)
    now = timezone.now().isoformat()
    taps = [{"card": number(1), "at": now}, {"card": "12", "at": now}]
    answer = post(client, {"device": bus.code, "taps": taps}, key)
    assert answer.status_code == 400
    assert not Tap.objects.exists()


@pytest.mark.parametrize("raw", [b"{not json", b"[1, 2]", "é".encode("latin-1")])
def test_an_unreadable_body_is_a_400(client, bus, key, raw):
    answer = client.post(URL, data=raw, content_type="application/json", HTTP_X_API_KEY=key)
    assert answer.status_code == 400
    assert answer.json()["error"]["message"]


def test_a_get_is_a_405(client, key):
    assert client.get(URL, HTTP_X_API_KEY=key).status_code == 405


def test_the_document_describes_the_endpoint(client):
    document = client.get("/validation/v1/").json()
    assert "/taps" in document["paths"]
