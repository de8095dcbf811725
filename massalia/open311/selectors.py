"""Reads behind the Open311 endpoints: only what the public may see, in few queries."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from django.db.models import Exists, OuterRef, Prefetch, QuerySet, Subquery

from massalia.open311.errors import bad_request
from massalia.open311.parsing import RequestQuery, Submission, clean_text
from massalia.servicerequests.models import (
    Attachment,
    Attribute,
    HistoryEntry,
    RequestType,
    ServiceRequest,
)
from massalia.servicerequests.workflows import workflows
from massalia.territory import locations
from massalia.territory.locations import Location, LocationNotFound
from massalia.territory.models import Quartier

# The columns a GeoReport request needs, read as plain values: nothing personal is ever
# loaded, and no model instance is built (five per row with the related objects, which cost
# more than the query itself on a full page).
REQUEST_FIELDS = (
    "id",
    "status",
    "public_description",  # never the original: Open311 output is public
    "address",
    "latitude",
    "longitude",
    "created_at",
    "updated_at",
    "expected_at",
    "request_type__code",
    "request_type__name",
    "request_type__expected_days",
    "request_type__workflow",
    "department__name",
    "arrondissement__postcode",
    "quartier__name",
    "status_note",
    "photo_upload_id",
)
# One published request as a dict keyed by REQUEST_FIELDS.
RequestRow = dict[str, Any]


def public_services() -> QuerySet[RequestType]:
    """Active public request types, with `has_metadata` computed in the same query."""
    return (
        RequestType.objects.filter(is_active=True, is_public=True)
        .annotate(has_metadata=Exists(Attribute.objects.filter(request_type=OuterRef("pk"))))
        .order_by("group", "name")
    )


def public_service(code: str) -> RequestType | None:
    """One active public request type with its attributes, or None."""
    if not code or clean_text(code) != code:
        return None  # PostgreSQL refuses a NUL byte in a query: such a code exists nowhere
    return (
        RequestType.objects.filter(is_active=True, is_public=True, code=code)
        .prefetch_related(
            Prefetch("attributes", queryset=Attribute.objects.order_by("order", "id"))
        )
        .first()
    )


def published_requests() -> QuerySet[ServiceRequest]:
    """Confirmed requests of public types, annotated with their latest public note and photo.

    The note and the photo come from correlated subqueries (one SQL query for the whole
    page, however many rows), each served by the foreign-key index of its table.
    """
    latest_note = (
        HistoryEntry.objects.filter(request=OuterRef("pk"), is_public=True)
        .exclude(public_note="")
        .order_by("-created_at", "-id")
        .values("public_note")[:1]
    )
    first_photo = (
        Attachment.objects.public()
        .filter(request=OuterRef("pk"))
        .order_by("id")
        .values("upload_id")[:1]
    )
    return ServiceRequest.objects.published().annotate(
        status_note=Subquery(latest_note), photo_upload_id=Subquery(first_photo)
    )


def _rows(requests: QuerySet[ServiceRequest]) -> list[RequestRow]:
    return list(requests.values(*REQUEST_FIELDS))


def search_requests(query: RequestQuery) -> list[RequestRow]:
    """The rows of GET requests.[format]: filtered, newest first, at most `query.limit`."""
    rows = published_requests()
    if query.ids is not None:
        rows = rows.filter(pk__in=query.ids)
    else:
        if query.start is not None:
            rows = rows.filter(created_at__gte=query.start)
        if query.end is not None:
            rows = rows.filter(created_at__lte=query.end)
        if query.codes:
            rows = rows.filter(request_type__code__in=query.codes)
        statuses = _statuses(query.statuses)
        if statuses is not None:
            rows = rows.filter(status__in=statuses)
    return _rows(rows.order_by("-created_at", "-id")[: query.limit])


def _statuses(wanted: list[str]) -> list[str] | None:
    if not wanted or set(wanted) == {"open", "closed"}:
        return None
    return workflows.codes("open" if "open" in wanted else "closed")


def published_request(request_id: int) -> RequestRow | None:
    """One published request as a row of `search_requests`, or None."""
    rows = _rows(published_requests().filter(pk=request_id)[:1])
    return rows[0] if rows else None


def resolve_location(submission: Submission) -> Location:
    """lat/long, else address_string (geocoded), else address_id (a quartier's slug), as the
    web form understands a place (`territory.locations`)."""
    quartier = None
    if submission.address_id:
        quartier = Quartier.objects.filter(slug=submission.address_id).only("id", "name").first()
        if quartier is None:
            raise bad_request("address_id inconnu : indiquez l'identifiant d'un quartier.")
    try:
        found = locations.locate(
            latitude=submission.latitude,
            longitude=submission.longitude,
            address=submission.address_string,
            quartier_id=quartier.pk if quartier else None,
        )
    except LocationNotFound as exc:
        raise bad_request(str(exc)) from exc
    if quartier and not found.address:
        return replace(found, address=quartier.display_name)
    return found
