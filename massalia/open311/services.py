"""Writes of the Open311 app: requests filed by Open311 clients, confirmed addresses."""

from __future__ import annotations

from django.core import signing
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils.crypto import salted_hmac

from massalia.core.api.models import ApiKey
from massalia.core.notifications import notify
from massalia.core.security.ratelimit import enabled, hit, rate_for
from massalia.core.tasks import defer, task
from massalia.open311.models import ApiSubmission, ConfirmedAddress
from massalia.servicerequests import services as requests_services
from massalia.servicerequests.attributes import clean_attributes
from massalia.servicerequests.models import RequestType, ServiceRequest
from massalia.territory.locations import Location

# At most this many confirmation emails per address (RATELIMIT_OPEN311_ADDRESS_CONFIRMATION).
CONFIRMATION_SCOPE = "open311-address-confirmation"
CONFIRMATION_RATE = "1/d"
CONFIRMATION_DAYS = 7
_ADDRESS_SALT = "massalia.open311.address"


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


def _ask_confirmation(*, email: str, case: ServiceRequest, api_key: ApiKey) -> None:
    """At most one confirmation per address and period, whoever files with it."""
    if enabled():
        ident = "address:" + address_hash(email)
        rate = rate_for(CONFIRMATION_SCOPE, CONFIRMATION_RATE)
        if not hit(CONFIRMATION_SCOPE, ident, rate=rate).allowed:
            return
    defer(send_address_confirmation, email=email, request_id=case.pk, client=api_key.name)


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
    case = requests_services.submit_request(
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
    ApiSubmission.objects.create(api_key=api_key, request=case)
    if email and not confirmed_address:
        _ask_confirmation(email=email, case=case, api_key=api_key)
    return case
