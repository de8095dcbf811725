"""Writes on service requests: each one transactional, audited and announced by an event."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from massalia.accounts.models import User
from massalia.core.events import publish
from massalia.core.extensions import check_move
from massalia.core.text import clean_text
from massalia.core.uploads import discarded_on_error
from massalia.servicerequests import contributions, events
from massalia.servicerequests.models import (
    Follow,
    HistoryEntry,
    RequestType,
    ServiceRequest,
)
from massalia.territory import geo
from massalia.territory.locations import NO_PLACE
from massalia.territory.models import Department, Quartier
from massalia.territory.services import department_for

MAX_PHOTOS = 3


def route(*, request_type: RequestType, arrondissement_id: int | None) -> Department:
    """Type + place → department: local coverage, else city-wide coverage, else the default."""
    found = department_for(category=request_type.code, arrondissement_id=arrondissement_id)
    return found or request_type.department


@transaction.atomic
def submit_request(
    *,
    request_type: RequestType,
    description: str,
    latitude: float | None = None,
    longitude: float | None = None,
    address: str = "",
    quartier_id: int | None = None,
    attributes: dict[str, Any] | None = None,
    requester: User | None = None,
    email: str = "",
    name: str = "",
    photos: Sequence[UploadedFile] = (),
    source: str = "web",
    confirmed: bool = False,
    created_at: Any = None,
) -> ServiceRequest:
    """File a new request: locate it, route it, store photos, audit it and announce it.

    A signed-in requester's request is confirmed at once if their account's address is
    confirmed, and so is one from a trusted channel (`confirmed=True`: an API client with a
    key); an anonymous web request, or one from an account whose address is not confirmed
    yet, waits for the email confirmation link (`confirm_request`) before it is public and
    routed to an inbox. Raises ValidationError (French messages) on a place outside the city.
    """
    place = _place(latitude, longitude, quartier_id)
    now = created_at or timezone.now()
    case = _new_request(
        request_type=request_type,
        description=description,
        attributes=attributes,
        latitude=latitude,
        longitude=longitude,
        address=address,
        place=place,
        requester=requester,
        email=email,
        name=name,
        source=source,
        confirmed=confirmed,
        now=now,
    )
    with discarded_on_error():
        contributions.attach_photos(
            case=case,
            photos=photos[:MAX_PHOTOS],
            author=case.requester,
            state=contributions.initial_state(case.requester),
        )
    _follow_own(case)
    _audit(
        case,
        HistoryEntry.Kind.CREATED,
        actor=case.requester,
        to_status=case.status,
        created_at=now,
    )
    publish(
        events.RequestSubmitted(
            request_id=case.pk,
            request_type=request_type.code,
            department_id=case.department_id,
            quartier_id=case.quartier_id,
            confirmed=case.confirmed_at is not None,
        )
    )
    return case


def _new_request(
    *,
    request_type: RequestType,
    description: str,
    attributes: dict[str, Any] | None,
    latitude: float | None,
    longitude: float | None,
    address: str,
    place: geo.Place,
    requester: User | None,
    email: str,
    name: str,
    source: str,
    confirmed: bool,
    now: Any,
) -> ServiceRequest:
    """The saved row: located, routed, confirmed or waiting for its email link, with a due date."""
    case = ServiceRequest(
        request_type=request_type,
        attributes=attributes or {},
        latitude=latitude,
        longitude=longitude,
        address=clean_text(address).strip()[:250],
        quartier_id=place.quartier_id,
        arrondissement_id=place.arrondissement_id,
        requester=requester if requester and requester.is_authenticated else None,
        requester_email=(email or (requester.email if requester else "")).strip().lower(),
        requester_name=clean_text(name).strip()[:120],
        source=source,
        status=request_type.flow.initial,
        created_at=now,
        updated_at=now,
    )
    case.set_description(description)
    case.department = route(request_type=request_type, arrondissement_id=case.arrondissement_id)
    # An account proves its address once it opened its confirmation link; until then its
    # case waits for the same email confirmation as an anonymous one.
    if (case.requester and case.requester.email_verified) or confirmed:
        case.confirmed_at = now
    else:
        case.new_confirmation_token()
    case.compute_expected_at()
    case.save()
    return case


def _follow_own(case: ServiceRequest) -> None:
    """The requester follows their own case (by account, or by a confirmed email)."""
    if case.requester:
        Follow.objects.create(request=case, user=case.requester)
    elif case.confirmed_at and case.requester_email:
        Follow.objects.create(request=case, email=case.requester_email)


def _place(lat: float | None, lon: float | None, quartier_id: int | None) -> geo.Place:
    if lat is None or lon is None:
        quartiers = Quartier.objects.select_related("arrondissement")
        quartier = quartiers.filter(pk=quartier_id).first() if quartier_id is not None else None
        if quartier is None:
            raise ValidationError({"location": NO_PLACE})
        return geo.Place(
            quartier.pk,
            quartier.name,
            quartier.arrondissement_id,
            quartier.arrondissement.insee_code,
        )
    if not geo.valid_coordinates(lat, lon):
        raise ValidationError({"location": "Coordonnées invalides."})
    place = geo.locate(lat, lon)
    if place is None:
        raise ValidationError({"location": "Ce lieu est en dehors du territoire de la ville."})
    return place


@transaction.atomic
def confirm_request(*, token: str) -> ServiceRequest | None:
    """Confirm an anonymous request from its email link; None if the token is unknown."""
    if not token:
        return None
    case = ServiceRequest.objects.select_for_update().filter(confirmation_token=token).first()
    if case is None:
        return None
    if case.confirmed_at is None:
        case.confirmed_at = timezone.now()
        case.save(update_fields=["confirmed_at"])
        if case.requester_email and not case.requester_id:  # an account follows already
            Follow.objects.get_or_create(request=case, user=None, email=case.requester_email)
        _audit(case, HistoryEntry.Kind.CONFIRMED, is_public=False)
        publish(events.RequestConfirmed(request_id=case.pk))
    return case


@transaction.atomic
def change_status(
    *,
    case: ServiceRequest,
    actor: User | None,
    status: str,
    public_note: str = "",
    internal_note: str = "",
) -> HistoryEntry:
    """Move a case along its type's workflow, with a public note and an optional internal
    one. Raises ValidationError for a move the workflow does not allow, a state that must be
    explained to the requester entered without a public note, or one a domain's guard refuses
    (`core.extensions.status_guards`)."""
    case = ServiceRequest.objects.select_for_update().select_related("request_type").get(pk=case.pk)
    if not case.can_move_to(status):
        raise ValidationError(
            {"status": f"Passage de « {case.get_status_display()} » à ce statut impossible."}
        )
    target = case.flow.state(status)
    if target.needs_public_note and not public_note.strip():
        raise ValidationError(
            {"public_note": f"Expliquez au demandeur pourquoi la demande est « {target.label} »."}
        )
    check_move(case, status)
    previous = case.status
    case.status = status
    case.closed_at = None if target.is_open else timezone.now()
    case.updated_at = timezone.now()
    case.save(update_fields=["status", "closed_at", "updated_at"])
    audit = _audit(
        case,
        HistoryEntry.Kind.STATUS,
        actor=actor,
        from_status=previous,
        to_status=status,
        public_note=public_note,
        internal_note=internal_note,
    )
    publish(
        events.RequestStatusChanged(
            request_id=case.pk, audit_id=audit.pk, from_status=previous, to_status=status
        )
    )
    return audit


@transaction.atomic
def add_note(*, case: ServiceRequest, actor: User, internal_note: str) -> HistoryEntry:
    """An internal note for the department (never shown to the public)."""
    return _audit(
        case,
        HistoryEntry.Kind.COMMENT,
        actor=actor,
        internal_note=internal_note,
        is_public=False,
    )


@transaction.atomic
def reassign(
    *, case: ServiceRequest, actor: User, department: Department, internal_note: str = ""
) -> None:
    """Send a case to another department (its inbox), keeping the trail."""
    case = ServiceRequest.objects.select_for_update().get(pk=case.pk)
    previous = case.department
    if previous.pk == department.pk:
        return
    case.department = department
    case.assignee = None
    case.updated_at = timezone.now()
    case.save(update_fields=["department", "assignee", "updated_at"])
    _audit(
        case,
        HistoryEntry.Kind.REASSIGNED,
        actor=actor,
        internal_note=internal_note,
        data={"from": previous.name, "to": department.name},
        public_note=f"Transmise au service {department.name}.",
    )
    publish(
        events.RequestReassigned(
            request_id=case.pk, from_department_id=previous.pk, to_department_id=department.pk
        )
    )


@transaction.atomic
def assign(*, case: ServiceRequest, actor: User, assignee: User | None) -> None:
    """Give a case to one agent of its department (or to nobody)."""
    if assignee is not None and case.department_id not in assignee.department_ids():
        raise ValidationError({"assignee": "Cet agent n'appartient pas au service de la demande."})
    case.assignee = assignee
    case.updated_at = timezone.now()
    case.save(update_fields=["assignee", "updated_at"])
    _audit(
        case,
        HistoryEntry.Kind.ASSIGNED,
        actor=actor,
        is_public=False,
        data={"assignee": str(assignee) if assignee else ""},
    )


@transaction.atomic
def merge(
    *, duplicate: ServiceRequest, into: ServiceRequest, actor: User, public_note: str = ""
) -> None:
    """Close `duplicate` as a duplicate of `into`; its followers now follow `into`.

    Both must be of the same visibility (a public request's followers must not start
    following a private one) and the duplicate's workflow must know merging.
    """
    merged = _merge_state(duplicate, into)
    previous = duplicate.status
    duplicate.status = merged
    duplicate.merged_into = into
    duplicate.closed_at = duplicate.updated_at = timezone.now()
    duplicate.save(update_fields=["status", "merged_into", "closed_at", "updated_at"])
    for follow in duplicate.follows.all():
        _follow_copy(follow, into)
    note = public_note or f"Doublon de la demande n° {into.pk}, suivie à sa place."
    audit = _audit(
        duplicate,
        HistoryEntry.Kind.MERGED,
        actor=actor,
        from_status=previous,
        to_status=merged,
        public_note=note,
        data={"into": into.pk},
    )
    _audit(
        into, HistoryEntry.Kind.MERGED, actor=actor, is_public=False, data={"from": duplicate.pk}
    )
    publish(events.RequestsMerged(request_id=duplicate.pk, into_id=into.pk))
    publish(
        events.RequestStatusChanged(
            request_id=duplicate.pk,
            audit_id=audit.pk,
            from_status=previous,
            to_status=merged,
        )
    )


def _merge_state(duplicate: ServiceRequest, into: ServiceRequest) -> str:
    """The state the duplicate takes, or ValidationError saying why they cannot merge."""
    merged = duplicate.flow.merged
    if duplicate.pk == into.pk:
        raise ValidationError({"into": "Une demande ne peut pas être fusionnée avec elle-même."})
    if merged is None:
        raise ValidationError({"into": "Ce type de demande ne se fusionne pas."})
    if into.merged_into_id is not None or into.status == into.flow.merged:
        raise ValidationError({"into": "La demande cible est elle-même un doublon."})
    if duplicate.status == merged:
        raise ValidationError({"into": "Cette demande est déjà un doublon."})
    if duplicate.request_type.is_public != into.request_type.is_public:
        raise ValidationError(
            {"into": "Une demande publique et une demande privée ne peuvent pas être fusionnées."}
        )
    return merged


def _follow_copy(follow: Follow, into: ServiceRequest) -> None:
    if follow.user_id:
        Follow.objects.get_or_create(request=into, user_id=follow.user_id)
    elif not into.follows.filter(user=None, email=follow.email).exists():
        Follow.objects.create(request=into, email=follow.email)


@transaction.atomic
def follow(*, case: ServiceRequest, user: User) -> Follow:
    """Receive an email at every public change of this case."""
    row, _ = Follow.objects.get_or_create(request=case, user=user)
    return row


@transaction.atomic
def unfollow(*, case: ServiceRequest, user: User) -> None:
    Follow.objects.filter(request=case, user=user).delete()


def _audit(
    case: ServiceRequest,
    kind: str,
    *,
    actor: User | None = None,
    is_public: bool = True,
    **fields: Any,
) -> HistoryEntry:
    return HistoryEntry.objects.create(
        request=case, kind=kind, actor=actor, is_public=is_public, **fields
    )
