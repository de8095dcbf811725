"""Writes of the Open311 app: API keys, and requests filed by Open311 clients."""

from __future__ import annotations

import hashlib
import secrets

from django.core import signing
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import salted_hmac

from massalia.core.notifications import notify
from massalia.core.security.ratelimit import enabled, hit, rate_for
from massalia.core.tasks import defer, task
from massalia.open311.models import ApiKey, ApiSubmission, ConfirmedAddress
from massalia.servicerequests import services as requests_services
from massalia.servicerequests.attributes import clean_attributes
from massalia.servicerequests.models import RequestType, ServiceRequest
from massalia.territory.locations import Location

KEY_PREFIX = "m311_"
# At most this many confirmation emails per address (RATELIMIT_OPEN311_ADDRESS_CONFIRMATION).
CONFIRMATION_SCOPE = "open311-address-confirmation"
CONFIRMATION_RATE = "1/d"
CONFIRMATION_DAYS = 7
_ADDRESS_SALT = "massalia.open311.address"


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


def address_hash(email: str) -> str:
    """A keyed digest of an address: what is kept of it once its owner confirmed it."""
    return salted_hmac(_ADDRESS_SALT, email.strip().lower(), algorithm="sha256").hexdigest()


def is_confirmed_address(email: str) -> bool:
    return ConfirmedAddress.objects.filter(email_hash=address_hash(email)).exists()


def confirmation_token(email: str) -> str:
    """A signed token naming the address's digest (never the address itself)."""
    return signing.dumps(address_hash(email), salt=_ADDRESS_SALT)


@transaction.atomic
def confirm_address(*, token: str) -> bool:
    """Record that the owner of the address behind `token` wants our messages; False when the
    token is forged or older than CONFIRMATION_DAYS."""
    try:
        digest = signing.loads(token, salt=_ADDRESS_SALT, max_age=CONFIRMATION_DAYS * 86400)
    except signing.BadSignature:
        return False
    if not isinstance(digest, str) or len(digest) != 64:
        return False
    ConfirmedAddress.objects.get_or_create(email_hash=digest)
    return True


@task
def send_address_confirmation(*, email: str, request_id: int, client: str) -> None:
    """The one message an address gets before its owner confirmed it."""
    url = reverse("open311:confirm_address", args=[confirmation_token(email)])
    context = {"request_id": request_id, "client": client, "confirm_url": url}
    notify(to=email, template="open311_confirm_address", context=context)


def _ask_confirmation(*, email: str, request: ServiceRequest, api_key: ApiKey) -> None:
    """At most one confirmation per address and period, whoever files with it."""
    if enabled():
        ident = "address:" + address_hash(email)
        rate = rate_for(CONFIRMATION_SCOPE, CONFIRMATION_RATE)
        if not hit(CONFIRMATION_SCOPE, ident, rate=rate).allowed:
            return
    defer(send_address_confirmation, email=email, request_id=request.pk, client=api_key.name)


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
    of anonymous requests is skipped. It cannot vouch for an email address, though: an
    address its owner has not confirmed is not given to the request (so it gets no
    acknowledgement and no follow-up), and it is sent one confirmation link instead, at most
    once per CONFIRMATION_RATE. Raises ValidationError (French messages; attribute
    errors keyed `attribute[code]`). `media` becomes the request's photo through the upload
    pipeline (raises core.uploads.UploadRejected).
    """
    try:
        attributes = clean_attributes(request_type, raw_attributes)
    except ValidationError as exc:
        raise ValidationError(
            {f"attribute[{code}]": messages for code, messages in exc.message_dict.items()}
        ) from exc
    email = email.strip().lower()
    confirmed_address = bool(email) and is_confirmed_address(email)
    request = requests_services.submit_request(
        request_type=request_type,
        description=description,
        **location.as_kwargs(),
        attributes=attributes,
        requester=None,
        email=email if confirmed_address else "",
        name=name,
        photos=[media] if media is not None else [],
        source="open311",
        confirmed=True,
    )
    ApiSubmission.objects.create(api_key=api_key, request=request)
    if email and not confirmed_address:
        _ask_confirmation(email=email, request=request, api_key=api_key)
    return request
