"""The read limit: per IP, and per API key only for keys that exist."""

from __future__ import annotations

import secrets

import pytest

from massalia.core.api.keys import create_key, revoke_key
from massalia.open311.tests.helpers import json_errors

SERVICES = "/open311/v2/services.json"


@pytest.fixture
def limits(limits):
    """The suite's fresh counters, with reads limited to 3 a minute."""
    limits.RATELIMIT_RATES = {"open311-read": "3/m"}
    return limits


def exhaust(api) -> None:
    for _ in range(3):
        assert api.get(SERVICES).status_code == 200
    assert api.get(SERVICES).status_code == 429


def test_it_counts_made_up_keys_under_the_ip(api, city, limits):
    exhaust(api)
    invented = f"?api_key={secrets.token_urlsafe(16)}"
    response = api.get(SERVICES + invented)
    assert response.status_code == 429
    assert json_errors(response)[0][0] == 429
    header = {"X-Api-Key": secrets.token_urlsafe(16)}
    assert api.get(SERVICES, headers=header).status_code == 429


def test_it_counts_a_revoked_key_under_the_ip(api, city, limits):
    _, raw = create_key(name="ancienne")
    revoke_key(name="ancienne")
    exhaust(api)
    assert api.get(SERVICES, headers={"X-Api-Key": raw}).status_code == 429


def test_it_counts_a_real_key_apart_from_its_ip(api, city, limits):
    _, raw = create_key(name="appli")
    exhaust(api)
    for _ in range(3):
        assert api.get(SERVICES, headers={"X-Api-Key": raw}).status_code == 200
    assert api.get(SERVICES + f"?api_key={raw}").status_code == 429


def test_it_keeps_a_limit_per_ip_whatever_the_keys(api, city, limits):
    limits.RATELIMIT_RATES = {"open311-read": "100/m", "open311-read-ip": "4/m"}
    keys = [create_key(name=f"appli-{i}")[1] for i in range(5)]
    codes = [api.get(SERVICES, headers={"X-Api-Key": k}).status_code for k in keys]
    assert codes == [200, 200, 200, 200, 429]
