"""The personal data held by service requests: export, erasure and retention (docs/privacy.md).

Registered in the core privacy registry by the app's ready().
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.conf import settings
from django.db.models import F, Q, QuerySet

from massalia.accounts.models import User
from massalia.core.extensions import url_for
from massalia.core.models import Upload
from massalia.core.privacy import Counts, PersonalData, Retention, cutoff
from massalia.servicerequests.models import (
    Attachment,
    CaseMessage,
    Contribution,
    Follow,
    HistoryEntry,
    ServiceRequest,
)

# What stays of a message its author's erasure removed: that a message went, not its text.
ERASED = "(message effacé à la demande de son auteur)"


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def export(user: User) -> dict[str, Any]:
    """The requests the person filed (their fields, photos, public history, the messages
    exchanged with the department and their documents), follows and the updates they added
    to cases (as written, their public copy, their state and photos).

    Nothing about other people: agents' internal notes and names are the city's data.
    """
    filed = (
        ServiceRequest.objects.filter(requester=user)
        .select_related("request_type", "quartier", "arrondissement", "department")
        .prefetch_related("attachments", "history", "messages__documents")
        .order_by("created_at", "id")
    )
    return {
        "requests": [_request(r) for r in filed],
        "follows": [
            {"request_id": f.request_id, "created_at": _iso(f.created_at)}
            for f in Follow.objects.filter(user=user).order_by("id")
        ],
        "contributions": [
            {
                "request_id": c.request_id,
                "text": c.text,
                "public_text": c.public_text,
                "moderation": c.moderation,
                "created_at": _iso(c.created_at),
                "photos": [_attachment(p) for p in c.photos.all()],
            }
            for c in Contribution.objects.filter(author=user).prefetch_related("photos")
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
        "photos": [_attachment(p) for p in r.attachments.all() if p.message_id is None],
        "messages": [_message(m) for m in r.messages.all()],
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


def _attachment(p: Attachment) -> dict[str, Any]:
    path = url_for("servicerequests.attachment", p.upload_id)
    url = settings.SITE_URL + path if path else None
    return {"url": url, "public": p.is_public, "created_at": _iso(p.created_at)}


def _message(m: CaseMessage) -> dict[str, Any]:
    return {
        "from": m.sender,
        "created_at": _iso(m.created_at),
        "body": m.body,
        "documents": [_attachment(d) for d in m.documents.all()],
    }


def erase(user: User) -> Counts:
    """Requests stay public, anonymised; follows go; the person's messages lose their text
    and documents; their updates keep only their public copy, without author; audit rows
    lose their actor."""
    # Rows on other people's cases were written as staff (computed before anonymising).
    as_staff = list(
        HistoryEntry.objects.filter(actor=user)
        .exclude(request__requester=user)
        .exclude(kind=HistoryEntry.Kind.CONTRIBUTION)
        .only("id", "data")
    )
    # Updates stay public, without their author; what they said as written goes, its public
    # copy (personal data hidden) stays.
    contributed = Contribution.objects.filter(author=user).update(
        author=None, text=F("public_text")
    )
    Attachment.objects.filter(author=user).update(author=None)
    messages = _erase_messages(
        CaseMessage.objects.filter(author=user, sender=CaseMessage.Sender.REQUESTER)
    )
    anonymised = ServiceRequest.objects.filter(requester=user).update(
        requester=None, requester_email="", requester_name="", confirmation_token=""
    )
    follows, _ = Follow.objects.filter(user=user).delete()
    # A trail must still show that staff acted, without saying who.
    for row in as_staff:
        row.data = {**(row.data or {}), "actor": "agent (compte supprimé)"}
        row.save(update_fields=["data"])
    return {
        "anonymised_requests": anonymised,
        "removed_follows": follows,
        "erased_messages": messages,
        "anonymised_actions": HistoryEntry.objects.filter(actor=user).update(actor=None),
        "anonymised_contributions": contributed,
    }


def _erase_messages(messages: QuerySet[CaseMessage]) -> int:
    _delete_uploads(Attachment.objects.filter(message__in=messages))
    return messages.update(body=ERASED, author=None)


def _delete_uploads(attachments: QuerySet[Attachment]) -> None:
    """The stored files of `attachments`, rows included (photos and documents are personal
    data too: the file goes with its row)."""
    for upload in list(Upload.objects.filter(pk__in=attachments.values("upload_id"))):
        upload.file.delete(save=False)
        upload.delete()


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
    _delete_uploads(Attachment.objects.filter(request__in=stale))
    stale.delete()
    return count


def _scrub_closed_contacts(before: datetime, dry_run: bool) -> int:
    """A closed request keeps its public content, not its requester's email and name, nor
    the messages exchanged with the department and their documents."""
    closed = ServiceRequest.objects.filter(closed_at__isnull=False, closed_at__lt=before).filter(
        ~Q(requester_email="") | ~Q(requester_name="")
    )
    count = closed.count()
    if dry_run:
        return count
    closed.update(requester_email="", requester_name="", confirmation_token="")
    correspondence = CaseMessage.objects.filter(
        request__closed_at__isnull=False, request__closed_at__lt=before
    )
    _delete_uploads(Attachment.objects.filter(message__in=correspondence))
    correspondence.delete()
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
    sections=("requests", "follows", "contributions"),
    erases=(
        "anonymised_requests",
        "removed_follows",
        "erased_messages",
        "anonymised_actions",
        "anonymised_contributions",
    ),
    retention={
        "unconfirmed_requests": Retention(
            "demandes jamais confirmées", "RETENTION_UNCONFIRMED_DAYS"
        ),
        "closed_request_contacts": Retention(
            "email, nom et échanges avec le service des demandes closes",
            "RETENTION_CONTACT_DAYS",
        ),
    },
)
