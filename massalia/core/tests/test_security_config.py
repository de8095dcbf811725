"""Rate settings and client addresses: parsed strictly, trusted only as far as our proxies."""

from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import RequestFactory

from massalia.core.security.clients import client_ip
from massalia.core.security.config import Rate, parse_rate, rate_overrides, scope_variable


def test_it_parses_rates():
    assert parse_rate("30/m") == Rate(count=30, seconds=60)
    assert parse_rate("10/15m") == Rate(count=10, seconds=900)
    assert parse_rate(" 1000 / h ") == Rate(count=1000, seconds=3600)
    for bad in ("30", "30/w", "x/m", "30/0m", ""):
        with pytest.raises(ValueError):
            parse_rate(bad)


def test_it_names_the_variable_of_a_scope():
    assert scope_variable("open311-post") == "RATELIMIT_OPEN311_POST"


def test_it_stops_start_up_on_a_bad_rate_variable():
    assert rate_overrides({"RATELIMIT_SIGNUP": "5/h", "RATELIMIT_ENABLED": "0"}) == {
        "RATELIMIT_SIGNUP": "5/h"
    }
    with pytest.raises(ImproperlyConfigured, match="RATELIMIT_SIGNUP"):
        rate_overrides({"RATELIMIT_SIGNUP": "beaucoup"})


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (0, "1.1.1.1, 2.2.2.2", "10.0.0.9"),
        (1, "1.1.1.1, 2.2.2.2", "2.2.2.2"),
        (2, "1.1.1.1, 2.2.2.2", "1.1.1.1"),
        (2, "2.2.2.2", "10.0.0.9"),
        (1, "pas-une-adresse", "unknown"),
    ],
)
def test_it_trusts_forwarded_addresses_only_from_our_proxies(
    settings, proxies, forwarded, expected
):
    settings.TRUSTED_PROXY_COUNT = proxies
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.9", HTTP_X_FORWARDED_FOR=forwarded)
    assert client_ip(request) == expected
