"""The personal data held by service requests: export, erasure and retention (docs/privacy.md).

Registered in the core privacy registry by the app's ready().
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.conf import settings
from django.db.models import Q

from massalia.accounts.models import User
from massalia.core.extensions import url_for
from massalia.core.models import Upload
from massalia.core.privacy import Counts, PersonalData, Retention, cutoff
from massalia.servicerequests.models import Follow, HistoryEntry, Photo, ServiceRequest

# Audit rows of these kinds are written by the requester; any other row was written by staff.
CITIZEN_KINDS = (HistoryEntry.Kind.CREATED, HistoryEntry.Kind.CONFIRMED, HistoryEntry.Kind.PHOTO)


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def export(user: User) -> dict[str, Any]:
    """The requests the person filed (their fields, photos, public history) and follows.

    Nothing about other people: agents' internal notes and names are the city's data.
    """
    filed = (
        ServiceRequest.objects.filter(requester=user)
        .select_related("request_type", "quartier", "arrondissement", "department")
        .prefetch_related("photos", "history")
        .order_by("created_at", "id")
    )
    return {
        "requests": [_request(r) for r in filed],
        "follows": [
            {"request_id": f.request_id, "created_at": _iso(f.created_at)}
            for f in Follow.objects.filter(user=user).order_by("id")
        ],
    }


def _request(r: ServiceRequest) -> dict[str, Any]:
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
        "history": [
            {
                "kind": e.kind,
                "created_at": _iso(e.created_at),
                "from_status": e.from_status,
                "to_status": e.to_status,
                "public_note": e.public_note,
            }
            for e in r.history.all()
            if e.is_public
        ],
    }


def _photo(p: Photo) -> dict[str, Any]:
    path = url_for("servicerequests.photo", p.upload_id)  # None without the portal
    url = settings.SITE_URL + path if path else None
    return {"url": url, "public": p.is_public, "created_at": _iso(p.created_at)}


def erase(user: User) -> Counts:
    """Requests stay public, anonymised; follows go; audit rows lose their actor."""
    anonymised = ServiceRequest.objects.filter(requester=user).update(
        requester=None, requester_email="", requester_name="", confirmation_token=""
    )
    follows, _ = Follow.objects.filter(user=user).delete()
    actions = HistoryEntry.objects.filter(actor=user)
    # A trail must still show that staff acted, without saying who.
    for row in actions.exclude(kind__in=CITIZEN_KINDS).only("id", "data"):
        row.data = {**(row.data or {}), "actor": "agent (compte supprimé)"}
        row.save(update_fields=["data"])
    return {
        "anonymised_requests": anonymised,
        "removed_follows": follows,
        "anonymised_actions": actions.update(actor=None),
    }


def purge(now: datetime, dry_run: bool) -> Counts:
    return {
        "unconfirmed_requests": _purge_unconfirmed(
            cutoff(now, "RETENTION_UNCONFIRMED_DAYS"), dry_run
        ),
        "closed_request_contacts": _scrub_closed_contacts(
            cutoff(now, "RETENTION_CONTACT_DAYS"), dry_run
        ),
    }


def _purge_unconfirmed(before: datetime, dry_run: bool) -> int:
    """Anonymous requests whose email was never confirmed: never public, never routed."""
    stale = ServiceRequest.objects.filter(confirmed_at__isnull=True, created_at__lt=before)
    count = stale.count()
    if dry_run or not count:
        return count
    uploads = list(
        Upload.objects.filter(pk__in=Photo.objects.filter(request__in=stale).values("upload_id"))
    )
    stale.delete()
    for upload in uploads:
        # Photos are personal data too: the stored file goes with its row.
        upload.file.delete(save=False)
        upload.delete()
    return count


def _scrub_closed_contacts(before: datetime, dry_run: bool) -> int:
    """A closed request keeps its public content, not its requester's email and name."""
    closed = ServiceRequest.objects.filter(closed_at__isnull=False, closed_at__lt=before).filter(
        ~Q(requester_email="") | ~Q(requester_name="")
    )
    count = closed.count()
    if dry_run:
        return count
    closed.update(requester_email="", requester_name="", confirmation_token="")
    # Anonymous followers are only an email address: same retention as the requester's.
    Follow.objects.filter(
        user__isnull=True, request__closed_at__isnull=False, request__closed_at__lt=before
    ).delete()
    return count


PERSONAL_DATA = PersonalData(
    name="servicerequests",
    export=export,
    erase=erase,
    purge=purge,
    sections=("requests", "follows"),
    erases=("anonymised_requests", "removed_follows", "anonymised_actions"),
    retention={
        "unconfirmed_requests": Retention(
            "demandes jamais confirmées", "RETENTION_UNCONFIRMED_DAYS"
        ),
        "closed_request_contacts": Retention(
            "email et nom des demandes closes", "RETENTION_CONTACT_DAYS"
        ),
    },
)
