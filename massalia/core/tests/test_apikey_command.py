"""`massalia apikey`: create (with scopes), list and revoke the keys of every API."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import RequestFactory

from massalia.core.api.keys import authenticate_key
from massalia.core.api.models import ApiKey

WRITE = "open311:write"


def run(*args: str) -> str:
    out = StringIO()
    call_command("apikey", *args, stdout=out)
    return out.getvalue()


def sent_with(raw: str):
    return RequestFactory().get("/", headers={"X-Api-Key": raw})


def test_it_creates_a_key_printed_alone_on_the_last_line(db):
    raw = run("create", "app-mobile").strip().splitlines()[-1]
    key = ApiKey.objects.get(name="app-mobile")
    assert raw not in (key.key_hash, key.prefix)
    assert raw.startswith(key.prefix)
    assert authenticate_key(sent_with(raw), scope=WRITE).require() == key
    assert ApiKey.objects.get(pk=key.pk).last_used_at is not None


def test_it_gives_the_default_scope_without_scope_options(db):
    run("create", "app-mobile")
    assert ApiKey.objects.get(name="app-mobile").scopes == [WRITE]


def test_it_gives_the_scopes_asked_for_and_the_owner(db):
    run("create", "capteurs", "--scope", WRITE, "--owner", "Régie des eaux")
    key = ApiKey.objects.get(name="capteurs")
    assert (key.scopes, key.owner) == ([WRITE], "Régie des eaux")


def test_it_refuses_a_scope_no_api_declared(db):
    with pytest.raises(CommandError, match="Droit inconnu : ngsild:tout"):
        run("create", "capteurs", "--scope", "ngsild:tout")
    assert not ApiKey.objects.exists()


def test_it_lists_keys_without_showing_them(db):
    raw = run("create", "app-mobile").strip().splitlines()[-1]
    listing = run("list")
    assert "app-mobile" in listing and "active" in listing and WRITE in listing
    assert raw not in listing


def test_it_revokes_a_key(db):
    raw = run("create", "app-mobile").strip().splitlines()[-1]
    run("revoke", "app-mobile")
    assert authenticate_key(sent_with(raw), scope=WRITE).key is None
    assert ApiKey.objects.get(name="app-mobile").revoked_at is not None
    assert "révoquée" in run("list")
    with pytest.raises(CommandError):
        run("revoke", "inconnue")


def test_it_refuses_a_duplicate_name(db):
    run("create", "app-mobile")
    with pytest.raises(CommandError):
        run("create", "app-mobile")
