"""Massalia objects → GeoReport v2 dictionaries (the same ones feed JSON and XML)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from massalia.servicerequests.models import OPEN_STATUSES, Attribute, RequestType, ServiceRequest

SPECIFICATION = "http://wiki.open311.org/GeoReport_v2"
# Bump when the endpoints or their fields change, so clients know to look again.
CHANGESET = "2025-06-01T00:00:00+02:00"
FORMATS = ["text/xml", "application/json"]
LIST_TYPES = (Attribute.Datatype.SINGLEVALUELIST, Attribute.Datatype.MULTIVALUELIST)

Row = dict[str, Any]


def w3c(value: datetime | None) -> str | None:
    """ISO 8601 with the local offset, e.g. 2024-05-01T10:00:00+02:00."""
    if value is None:
        return None
    return timezone.localtime(value).isoformat(timespec="seconds")


def discovery(request: HttpRequest) -> Row:
    base = request.build_absolute_uri(reverse("open311:root"))
    contact = getattr(settings, "OPEN311_CONTACT", "") or (
        f"Ville de {settings.CITY_NAME} — {settings.SITE_URL}"
    )
    return {
        "changeset": CHANGESET,
        "contact": contact,
        "key_service": getattr(settings, "OPEN311_KEY_SERVICE", "")
        or "Les clés d'API sont délivrées par l'administration de la plateforme sur demande.",
        "endpoints": [
            {
                "specification": SPECIFICATION,
                "url": base.rstrip("/"),
                "changeset": CHANGESET,
                "type": "production",
                "formats": FORMATS,
            }
        ],
    }


def service(request_type: RequestType) -> Row:
    has_metadata = getattr(request_type, "has_metadata", None)
    return {
        "service_code": request_type.code,
        "service_name": request_type.name,
        "description": request_type.description,
        "metadata": bool(request_type.has_attributes if has_metadata is None else has_metadata),
        "type": "realtime",
        "keywords": request_type.keywords,
        "group": request_type.group,
    }


def service_definition(request_type: RequestType) -> Row:
    attributes = list(request_type.attributes.all())
    return {
        "service_code": request_type.code,
        "attributes": [_attribute(a, position) for position, a in enumerate(attributes, 1)],
    }


def _attribute(attribute: Attribute, position: int) -> Row:
    values = attribute.values if attribute.datatype in LIST_TYPES else []
    return {
        "variable": attribute.variable,
        "code": attribute.code,
        "datatype": attribute.datatype,
        "required": attribute.required,
        "datatype_description": attribute.datatype_description or None,
        # The spec wants a positive, unique order: the position in our own ordering is both.
        "order": position,
        "description": attribute.description,
        "values": [{"key": str(v.get("key", "")), "name": str(v.get("name", ""))} for v in values],
    }


def service_notice(request_type: RequestType) -> str:
    days = request_type.expected_days
    return f"Délai de traitement indicatif : {days} jour{'s' if days > 1 else ''}."


def service_requests(rows: Iterable[ServiceRequest], request: HttpRequest) -> list[Row]:
    """The GET requests list: one dict per row of `selectors.published_requests()`."""
    media = _MediaUrls(request)
    return [service_request(row, media) for row in rows]


def service_request(row: ServiceRequest, media: _MediaUrls) -> Row:
    # Never a requester field here: Open311 output is public.
    request_type = row.request_type
    return {
        "service_request_id": row.pk,
        "status": "open" if row.status in OPEN_STATUSES else "closed",
        "status_notes": getattr(row, "status_note", None) or None,
        "service_name": request_type.name,
        "service_code": request_type.code,
        "description": row.description,
        "agency_responsible": row.department.name,
        "service_notice": service_notice(request_type),
        "requested_datetime": w3c(row.created_at),
        "updated_datetime": w3c(row.updated_at),
        "expected_datetime": w3c(row.expected_at),
        "address": row.address or (row.quartier.display_name if row.quartier else ""),
        "address_id": None,
        "zipcode": row.arrondissement.postcode if row.arrondissement else None,
        "lat": row.latitude,
        "long": row.longitude,
        "media_url": media.url(getattr(row, "photo_upload_id", None)),
    }


class _MediaUrls:
    """Absolute photo URLs; the portal owns the photo view, so its absence is tolerated."""

    def __init__(self, request: HttpRequest) -> None:
        self.request = request

    def url(self, upload_id: int | None) -> str:
        if upload_id is None:
            return ""
        try:
            path = reverse("portal:photo", args=[upload_id])
        except NoReverseMatch:
            return ""
        return self.request.build_absolute_uri(path)


def created(request: ServiceRequest) -> list[Row]:
    """The POST response: one element, with the id at once (our services are "realtime")."""
    return [
        {
            "service_request_id": request.pk,
            "service_notice": f"Demande transmise au service {request.department.name}. "
            + service_notice(request.request_type),
            "account_id": None,
        }
    ]


def errors(status: int, descriptions: Iterable[str]) -> list[Row]:
    return [{"code": status, "description": d} for d in descriptions]
