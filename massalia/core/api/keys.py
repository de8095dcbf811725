"""API keys for every API: created, revoked, and checked for a scope.

A key is a 256-bit random token shown once; only its SHA-256 is kept (a random token that long
cannot be brute-forced back, so no slow hash is needed). Clients send it in the `X-Api-Key`
header, or as `api_key` in the query string, form or JSON body (Open311's way).
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from massalia.core.api import scopes as declared
from massalia.core.api.errors import ApiError
from massalia.core.api.models import ApiKey
from massalia.core.security.clients import api_key_of

KEY_PREFIX = "m311_"  # kept from the first keys (Open311's), so every key looks alike
SHOWN = 12  # characters of the key kept in clear to recognise it
MISSING = "Clé d'API (api_key ou X-Api-Key) manquante ou invalide."


def hash_key(raw: str) -> str:
    return hashlib.sha256(raw.encode("utf-8", "replace")).hexdigest()


def new_secret() -> tuple[str, str, str]:
    """(clear key, prefix, hash) of a fresh key."""
    raw = KEY_PREFIX + secrets.token_urlsafe(32)
    return raw, raw[:SHOWN], hash_key(raw)


def check_scopes(names: list[str]) -> list[str]:
    """`names` without repeats, or ValidationError naming those no API declared."""
    unknown = declared.unknown(names)
    if unknown:
        known = ", ".join(scope.key for scope in declared.scopes) or "aucun"
        raise ValidationError(
            {"scopes": f"Droit inconnu : {', '.join(unknown)} (droits possibles : {known})."}
        )
    return list(dict.fromkeys(names))


@transaction.atomic
def create_key(
    *, name: str, scopes: list[str] | None = None, owner: str = ""
) -> tuple[ApiKey, str]:
    """Create a key; the clear key is returned once and never stored.

    Without `scopes`, the key gets the scopes the APIs declared as default. Raises
    ValidationError (French) for an empty or taken name or an undeclared scope.
    """
    name = name.strip()
    if not name or len(name) > 80:
        raise ValidationError({"name": "Le nom est obligatoire (80 caractères au plus)."})
    if ApiKey.objects.filter(name=name).exists():
        raise ValidationError({"name": f"Une clé nommée « {name} » existe déjà."})
    chosen = check_scopes(declared.defaults() if scopes is None else scopes)
    raw, prefix, digest = new_secret()
    key = ApiKey.objects.create(
        name=name, owner=owner.strip()[:200], prefix=prefix, key_hash=digest, scopes=chosen
    )
    return key, raw


@transaction.atomic
def revoke_key(*, name: str) -> ApiKey:
    """Deactivate a key by name; what it did stays. Raises ApiKey.DoesNotExist."""
    key = ApiKey.objects.select_for_update().get(name=name)
    if key.is_active:
        key.is_active, key.revoked_at = False, timezone.now()
        key.save(update_fields=["is_active", "revoked_at"])
    return key


def active_key(raw: str) -> ApiKey | None:
    """The active key whose clear text is `raw`, or None (without recording a use)."""
    if not raw:
        return None
    return ApiKey.objects.active().filter(key_hash=hash_key(raw)).first()


def is_active_key(raw: str) -> bool:
    """Whether `raw` is an active key: rate limits count only those apart (a made-up key is
    the same as none)."""
    return bool(raw) and ApiKey.objects.active().filter(key_hash=hash_key(raw)).exists()


@dataclass(frozen=True)
class Authentication:
    """What a request's key is worth for one scope."""

    scope: str
    key: ApiKey | None  # the active key sent, whatever its scopes

    @property
    def allowed(self) -> bool:
        return self.key is not None and self.key.allows(self.scope)

    def require(self) -> ApiKey:
        """The key, or ApiError 403: missing, unknown or revoked, or without the scope."""
        if self.key is None:
            raise ApiError(403, MISSING, code="invalid_api_key")
        if not self.allowed:
            raise ApiError(
                403,
                f"Cette clé d'API ne permet pas cette opération (droit « {self.scope} » requis).",
                code="missing_scope",
            )
        return self.key


def authenticate_key(request: HttpRequest, *, scope: str) -> Authentication:
    """Read the request's key (X-Api-Key, else api_key in the query, form or JSON body) and
    say whether it is valid for `scope`; a key used for its scope has its last use recorded."""
    if scope not in declared.scopes:
        raise ValueError(f"scope {scope!r} is not declared")  # a programming error
    key = active_key(api_key_of(request))
    result = Authentication(scope, key)
    if key is not None and result.allowed:
        key.last_used_at = timezone.now()
        ApiKey.objects.filter(pk=key.pk).update(last_used_at=key.last_used_at)
    return result
