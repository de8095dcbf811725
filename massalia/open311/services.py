"""Writes of the Open311 app: API keys, and requests filed by Open311 clients."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from massalia.open311.models import ApiKey, ApiSubmission
from massalia.servicerequests import services as requests_services
from massalia.servicerequests.attributes import clean_attributes
from massalia.servicerequests.models import RequestType, ServiceRequest

KEY_PREFIX = "m311_"


def hash_key(raw: str) -> str:
    # Keys are 256-bit random tokens: a plain SHA-256 cannot be brute-forced back.
    return hashlib.sha256(raw.encode("utf-8", "replace")).hexdigest()


@transaction.atomic
def create_api_key(*, name: str) -> tuple[ApiKey, str]:
    """Create a key for an Open311 client; the clear key is returned once and never stored."""
    name = name.strip()
    if not name or len(name) > 80:
        raise ValidationError({"name": "Le nom est obligatoire (80 caractères au plus)."})
    if ApiKey.objects.filter(name=name).exists():
        raise ValidationError({"name": f"Une clé nommée « {name} » existe déjà."})
    raw = KEY_PREFIX + secrets.token_urlsafe(32)
    key = ApiKey.objects.create(name=name, prefix=raw[:12], key_hash=hash_key(raw))
    return key, raw


@transaction.atomic
def revoke_api_key(*, name: str) -> ApiKey:
    """Deactivate a key by name; its requests stay. Raises ApiKey.DoesNotExist."""
    key = ApiKey.objects.select_for_update().get(name=name)
    key.is_active = False
    key.save(update_fields=["is_active"])
    return key


def is_active_key(raw: str) -> bool:
    """Whether `raw` is an active key (for rate limits: a made-up key counts as none)."""
    return bool(raw) and ApiKey.objects.filter(key_hash=hash_key(raw), is_active=True).exists()


def authenticate(*, raw: str) -> ApiKey | None:
    """The active key matching `raw` (its last use recorded), or None."""
    if not raw:
        return None
    key = ApiKey.objects.filter(key_hash=hash_key(raw), is_active=True).first()
    if key is not None:
        key.last_used_at = timezone.now()
        ApiKey.objects.filter(pk=key.pk).update(last_used_at=key.last_used_at)
    return key


@dataclass(frozen=True)
class Location:
    latitude: float | None = None
    longitude: float | None = None
    quartier_id: int | None = None
    address: str = ""


@transaction.atomic
def submit_from_client(
    *,
    api_key: ApiKey,
    request_type: RequestType,
    location: Location,
    description: str,
    raw_attributes: dict[str, str | list[str]],
    email: str = "",
    name: str = "",
    media: UploadedFile | None = None,
) -> ServiceRequest:
    """File a request for an Open311 client and confirm it at once, so that it is routed.

    A client holding a valid key vouches for its citizens, so the email confirmation step
    of anonymous requests is skipped. Raises ValidationError (French messages; attribute
    errors keyed `attribute[code]`). `media` becomes the request's photo through the upload
    pipeline (raises core.uploads.UploadRejected).
    """
    try:
        attributes = clean_attributes(request_type, raw_attributes)
    except ValidationError as exc:
        raise ValidationError(
            {f"attribute[{code}]": messages for code, messages in exc.message_dict.items()}
        ) from exc
    request = requests_services.submit_request(
        request_type=request_type,
        description=description,
        latitude=location.latitude,
        longitude=location.longitude,
        quartier_id=location.quartier_id,
        address=location.address,
        attributes=attributes,
        requester=None,
        email=email,
        name=name,
        photos=[media] if media is not None else [],
        source="open311",
        confirmed=True,
    )
    ApiSubmission.objects.create(api_key=api_key, request=request)
    return request
