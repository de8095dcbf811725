from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from massalia.open311.models import ApiKey
from massalia.open311.services import authenticate


def run(*args: str) -> str:
    out = StringIO()
    call_command("apikey", *args, stdout=out)
    return out.getvalue()


def test_it_creates_a_key_printed_alone_on_the_last_line(db):
    raw = run("create", "app-mobile").strip().splitlines()[-1]
    key = ApiKey.objects.get(name="app-mobile")
    assert raw not in (key.key_hash, key.prefix)
    assert raw.startswith(key.prefix)
    assert authenticate(raw=raw) == key
    assert ApiKey.objects.get(pk=key.pk).last_used_at is not None


def test_it_lists_keys_without_showing_them(db):
    raw = run("create", "app-mobile").strip().splitlines()[-1]
    listing = run("list")
    assert "app-mobile" in listing and "active" in listing
    assert raw not in listing


def test_it_revokes_a_key(db):
    raw = run("create", "app-mobile").strip().splitlines()[-1]
    run("revoke", "app-mobile")
    assert authenticate(raw=raw) is None
    assert "révoquée" in run("list")
    with pytest.raises(CommandError):
        run("revoke", "inconnue")


def test_it_refuses_a_duplicate_name(db):
    run("create", "app-mobile")
    with pytest.raises(CommandError):
        run("create", "app-mobile")
