"""Personal data (RGPD): export a person's data, delete an account, enforce retention periods.

What is kept and for how long is explained in docs/privacy.md.

Accounts sit below service requests in the layers, yet a person's data lives mostly in their
requests. The service request models are therefore looked up by name through the app registry
(as `core.metrics` does) rather than imported: this module reads and scrubs their personal
fields, it never runs their workflow. Apps with personal data of their own subscribe to
`accounts.deleted` (massalia/accounts/events.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.apps import apps
from django.conf import settings
from django.contrib.auth.hashers import check_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from massalia.accounts.events import AccountDeleted
from massalia.accounts.models import Membership, User
from massalia.core.events import publish
from massalia.core.models import EventDelivery, OutboxEvent, RejectedRecord, Upload

EXPORT_FORMAT = "massalia-export-1"
WRONG_PASSWORD = "Mot de passe incorrect : votre compte n'a pas été supprimé."
ADMIN_REFUSED = (
    "Un compte administrateur ne peut pas être supprimé depuis cette page : "
    "demandez-le à un autre administrateur."
)
# Audit rows of these kinds are written by the requester; any other row was written by staff.
CITIZEN_KINDS = ("created", "confirmed", "photo")


def _model(name: str) -> Any:
    # Any: the model classes are resolved at run time, so their managers are untyped here.
    return apps.get_model("servicerequests", name)


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


# Export ------------------------------------------------------------------------------------


def export_user_data(*, user: User) -> dict[str, Any]:
    """Everything Massalia holds about `user`, as a JSON-ready dict (right of access).

    Contains the account (never the password hash), department memberships, the requests the
    person filed (public fields, their private fields, photos' addresses, public history) and
    the requests they follow. Nothing about other people: agents' notes and names are left out.
    """
    return {
        "format": EXPORT_FORMAT,
        "exported_at": timezone.now().isoformat(),
        "site": settings.SITE_URL,
        "account": _account(user),
        "memberships": [
            {"department": m.department.name, "code": m.department.code, "role": m.role}
            for m in Membership.objects.filter(user=user).select_related("department")
        ],
        "requests": [_request(r) for r in _requests_of(user)],
        "follows": [
            {"request_id": f.request_id, "created_at": _iso(f.created_at)}
            for f in _model("Follow").objects.filter(user=user).order_by("id")
        ],
    }


def _account(user: User) -> dict[str, Any]:
    return {
        "id": user.pk,
        "username": user.username,
        "email": user.email,
        "display_name": user.display_name,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "date_joined": _iso(user.date_joined),
        "last_login": _iso(user.last_login),
        "is_official": user.is_official,
    }


def _requests_of(user: User) -> Any:
    return (
        _model("ServiceRequest")
        .objects.filter(requester=user)
        .select_related("request_type", "quartier", "arrondissement", "department")
        .prefetch_related("photos__upload", "events")
        .order_by("created_at", "id")
    )


def _request(r: Any) -> dict[str, Any]:
    return {
        "id": r.pk,
        "type": {"code": r.request_type.code, "name": r.request_type.name},
        "description": r.description,
        "attributes": r.attributes,
        "location": {
            "latitude": r.latitude,
            "longitude": r.longitude,
            "address": r.address,
            "quartier": r.quartier.name if r.quartier else None,
            "arrondissement": r.arrondissement.name if r.arrondissement else None,
        },
        "status": r.status,
        "department": r.department.name,
        "requester_email": r.requester_email,
        "requester_name": r.requester_name,
        "source": r.source,
        "created_at": _iso(r.created_at),
        "confirmed_at": _iso(r.confirmed_at),
        "closed_at": _iso(r.closed_at),
        "photos": [_photo(p) for p in r.photos.all()],
        # Public events only: internal notes and who handled the request are the city's data.
        "history": [
            {
                "kind": e.kind,
                "created_at": _iso(e.created_at),
                "from_status": e.from_status,
                "to_status": e.to_status,
                "public_note": e.public_note,
            }
            for e in r.events.all()
            if e.is_public
        ],
    }


def _photo(p: Any) -> dict[str, Any]:
    try:
        url = settings.SITE_URL + reverse("portal:photo", args=[p.upload_id])
    except NoReverseMatch:  # a deployment without the portal
        url = None
    return {"url": url, "public": p.is_public, "created_at": _iso(p.created_at)}


# Account deletion --------------------------------------------------------------------------


@dataclass
class Deletion:
    """What `delete_account` did, for the confirmation page and the logs."""

    anonymised_requests: int = 0
    removed_follows: int = 0
    removed_memberships: int = 0
    anonymised_actions: int = 0


def check_deletion(*, user: User, password: str) -> None:
    """Raise ValidationError (French message) unless `user` may delete their account now."""
    if user.is_superuser:
        raise ValidationError(ADMIN_REFUSED)
    if not password or not check_password(password, user.password):
        raise ValidationError(WRONG_PASSWORD)


@transaction.atomic
def delete_account(*, user: User) -> Deletion:
    """Delete `user` for good, keeping their public contributions anonymised (right to erasure).

    Their requests stay (description, place, status, photos, history) with no requester, email
    or name; their follows and memberships go; audit rows keep the event with no actor (an
    agent's rows are marked as written by a former agent). The user row is really deleted, and
    `accounts.deleted` is published so other apps can purge what they hold. Call
    `check_deletion` first to confirm the password.
    """
    done = Deletion()
    was_agent = Membership.objects.filter(user=user).exists()
    done.anonymised_requests = (
        _model("ServiceRequest")
        .objects.filter(requester=user)
        .update(requester=None, requester_email="", requester_name="", confirmation_token="")
    )
    done.removed_follows, _ = _model("Follow").objects.filter(user=user).delete()
    done.anonymised_actions = _anonymise_actions(user)
    done.removed_memberships, _ = Membership.objects.filter(user=user).delete()
    user_id = user.pk
    user.delete()
    publish(AccountDeleted(user_id=user_id, was_agent=was_agent))
    return done


def _anonymise_actions(user: User) -> int:
    events = _model("RequestEvent").objects.filter(actor=user)
    # A trail must still show that staff acted, without saying who.
    for row in events.exclude(kind__in=CITIZEN_KINDS).only("id", "data"):
        row.data = {**(row.data or {}), "actor": "agent (compte supprimé)"}
        row.save(update_fields=["data"])
    return int(events.update(actor=None))


# Retention ---------------------------------------------------------------------------------


@dataclass
class PurgeReport:
    """How many rows each retention rule deleted or scrubbed (or would, in a dry run)."""

    counts: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def retention_days() -> dict[str, int]:
    """The configured retention periods, in days, by kind of data."""
    return {
        "unconfirmed_requests": settings.RETENTION_UNCONFIRMED_DAYS,
        "closed_request_contacts": settings.RETENTION_CONTACT_DAYS,
        "delivered_events": settings.RETENTION_EVENTS_DAYS,
        "import_rejects": settings.RETENTION_IMPORT_REJECTS_DAYS,
    }


def purge(*, now: datetime | None = None, dry_run: bool = False) -> PurgeReport:
    """Delete or scrub what is past its retention period (see docs/privacy.md).

    `now` fixes the reference date (tests, replays); `dry_run` counts without changing
    anything. Each rule is one transaction, so an interrupted purge resumes cleanly.
    """
    now = now or timezone.now()
    days = retention_days()
    rules = {
        "unconfirmed_requests": _purge_unconfirmed,
        "closed_request_contacts": _scrub_closed_contacts,
        "delivered_events": _purge_events,
        "import_rejects": _purge_rejects,
    }
    report = PurgeReport()
    for kind, rule in rules.items():
        with transaction.atomic():
            report.counts[kind] = rule(now - timedelta(days=days[kind]), dry_run)
    return report


def _purge_unconfirmed(cutoff: datetime, dry_run: bool) -> int:
    """Anonymous requests whose email was never confirmed: never public, never routed."""
    stale = _model("ServiceRequest").objects.filter(
        confirmed_at__isnull=True, created_at__lt=cutoff
    )
    count = int(stale.count())
    if dry_run or not count:
        return count
    uploads = list(
        Upload.objects.filter(
            pk__in=_model("Photo").objects.filter(request__in=stale).values("upload_id")
        )
    )
    stale.delete()
    for upload in uploads:
        # Photos are personal data too: the stored file goes with its row.
        upload.file.delete(save=False)
        upload.delete()
    return count


def _scrub_closed_contacts(cutoff: datetime, dry_run: bool) -> int:
    """A closed request keeps its public content, not its requester's email and name."""
    requests = _model("ServiceRequest")
    closed = requests.objects.filter(closed_at__isnull=False, closed_at__lt=cutoff).filter(
        ~Q(requester_email="") | ~Q(requester_name="")
    )
    email_follows = _model("Follow").objects.filter(
        user__isnull=True,
        request__closed_at__isnull=False,
        request__closed_at__lt=cutoff,
    )
    count = int(closed.count())
    if dry_run:
        return count
    closed.update(requester_email="", requester_name="", confirmation_token="")
    # Anonymous followers are only an email address: same retention as the requester's.
    email_follows.delete()
    return count


def _purge_events(cutoff: datetime, dry_run: bool) -> int:
    """Outbox events whose every delivery succeeded; pending or failed ones are kept."""
    unfinished = EventDelivery.objects.filter(event=OuterRef("pk")).exclude(
        state=EventDelivery.State.DONE
    )
    old = OutboxEvent.objects.filter(created_at__lt=cutoff).filter(~Exists(unfinished))
    count = old.count()
    if not dry_run and count:
        old.delete()
    return count


def _purge_rejects(cutoff: datetime, dry_run: bool) -> int:
    """Rejected import records (raw input, possibly personal); the run's summary stays."""
    old = RejectedRecord.objects.filter(run__started_at__lt=cutoff)
    count = old.count()
    if not dry_run and count:
        old.delete()
    return count
