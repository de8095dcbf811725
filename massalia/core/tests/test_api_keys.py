"""API keys in core: one check for every API, reading the key wherever Open311 clients put it,
and saying whether it holds the scope an operation needs."""

from __future__ import annotations

import json

import pytest
from django.core.exceptions import ValidationError
from django.test import RequestFactory

from massalia.core.api import scopes
from massalia.core.api.errors import ApiError
from massalia.core.api.keys import authenticate_key, create_key, is_active_key, revoke_key
from massalia.core.api.models import ApiKey

WRITE = "open311:write"
READ = "essai:lire"
factory = RequestFactory()


@pytest.fixture
def read_scope():
    """A second API's scope, as the NGSI-LD or open-data API will declare theirs."""
    scopes.declare(READ, "Essai : lire")
    yield READ
    scopes.scopes.unregister(READ)


def test_it_keeps_only_a_hash_and_a_prefix(db):
    key, raw = create_key(name="appli")
    assert raw.startswith(key.prefix) and len(raw) > 40
    assert raw not in (key.key_hash, key.prefix)
    assert ApiKey.objects.filter(key_hash__contains=raw).count() == 0


def test_it_reads_the_key_from_the_header_the_query_the_form_and_a_json_body(db):
    key, raw = create_key(name="appli")
    requests = [
        factory.get("/", headers={"X-Api-Key": raw}),
        factory.get("/", {"api_key": raw}),
        factory.post("/", {"api_key": raw}),
        factory.post("/", json.dumps({"api_key": raw}), content_type="application/json"),
    ]
    for request in requests:
        assert authenticate_key(request, scope=WRITE).require() == key


def test_it_refuses_a_missing_made_up_or_revoked_key_with_a_403(db):
    _, raw = create_key(name="appli")
    revoke_key(name="appli")
    for sent in ("", "m311_inventee", raw):
        check = authenticate_key(factory.get("/", {"api_key": sent}), scope=WRITE)
        assert check.key is None and not check.allowed
        with pytest.raises(ApiError) as refused:
            check.require()
        assert (refused.value.status, refused.value.code) == (403, "invalid_api_key")
        assert "X-Api-Key" in refused.value.message


def test_it_refuses_a_key_without_the_scope_with_a_403_naming_it(db, read_scope):
    key, raw = create_key(name="lecteur", scopes=[READ])
    check = authenticate_key(factory.get("/", headers={"X-Api-Key": raw}), scope=WRITE)
    assert check.key == key and not check.allowed
    with pytest.raises(ApiError) as refused:
        check.require()
    assert (refused.value.status, refused.value.code) == (403, "missing_scope")
    assert WRITE in refused.value.message
    assert authenticate_key(factory.get("/", {"api_key": raw}), scope=READ).allowed


def test_it_records_the_last_use_only_for_a_use_the_key_allows(db, read_scope):
    _, raw = create_key(name="lecteur", scopes=[READ])
    authenticate_key(factory.get("/", {"api_key": raw}), scope=WRITE)
    assert ApiKey.objects.get(name="lecteur").last_used_at is None
    authenticate_key(factory.get("/", {"api_key": raw}), scope=READ)
    assert ApiKey.objects.get(name="lecteur").last_used_at is not None


def test_it_gives_new_keys_the_default_scopes_and_refuses_undeclared_ones(db, read_scope):
    assert create_key(name="par-defaut")[0].scopes == [WRITE]
    assert create_key(name="les-deux", scopes=[READ, WRITE, READ])[0].scopes == [READ, WRITE]
    with pytest.raises(ValidationError, match="Droit inconnu"):
        create_key(name="faute", scopes=["essai:ecrire"])
    assert not ApiKey.objects.filter(name="faute").exists()


def test_it_refuses_to_check_a_scope_no_api_declared(db):
    with pytest.raises(ValueError, match="not declared"):
        authenticate_key(factory.get("/"), scope="essai:ecrire")


def test_it_counts_as_known_only_active_keys(db):
    _, raw = create_key(name="appli")
    assert is_active_key(raw) and not is_active_key("m311_inventee") and not is_active_key("")
    revoke_key(name="appli")
    assert not is_active_key(raw)
