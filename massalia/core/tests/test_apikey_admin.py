"""The admin of API keys: the scopes the APIs declared as choices, the key shown once."""

from __future__ import annotations

import re

from django.contrib.messages import get_messages
from django.test import Client

from massalia.core.api.models import ApiKey

ADD = "/admin/core/apikey/add/"
ACTIVE = {"is_active": "on"}


def admin(city) -> Client:
    client = Client()
    client.force_login(city.people["root"])
    return client


def test_it_offers_the_declared_scopes_and_checks_the_defaults(city):
    page = admin(city).get(ADD).content.decode()
    assert re.search(r'<input[^>]*value="open311:write"[^>]*checked', page)


def test_it_creates_a_key_shown_once_with_the_scopes_chosen(city):
    client = admin(city)
    response = client.post(
        ADD, {"name": "Application mobile", "owner": "Asso", "scopes": ["open311:write"], **ACTIVE}
    )
    assert response.status_code == 302
    key = ApiKey.objects.get(name="Application mobile")
    assert (key.scopes, key.owner, key.is_active) == (["open311:write"], "Asso", True)
    [shown] = [str(m) for m in get_messages(response.wsgi_request) if "copiez-la" in str(m)]
    raw = shown.rsplit(" ", 1)[-1]
    assert raw.startswith(key.prefix) and raw != key.key_hash
    page = f"/admin/core/apikey/{key.pk}/change/"
    assert raw in client.get(page).content.decode()  # the message, shown on the next page
    assert raw not in client.get(page).content.decode()  # and never again


def test_it_refuses_a_scope_no_api_declared(city):
    response = admin(city).post(ADD, {"name": "faute", "scopes": ["ngsild:tout"]})
    assert response.status_code == 200
    assert not ApiKey.objects.exists()


def test_it_revokes_keys_with_the_date(city):
    client = admin(city)
    client.post(ADD, {"name": "ancienne", "scopes": ["open311:write"], **ACTIVE})
    key = ApiKey.objects.get()
    client.post("/admin/core/apikey/", {"action": "revoke", "_selected_action": [key.pk]})
    key.refresh_from_db()
    assert not key.is_active and key.revoked_at is not None
