"""Massalia objects → GeoReport v2 dictionaries (the same ones feed JSON and XML)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, tzinfo
from functools import lru_cache
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone

from massalia.core.extensions import url_for
from massalia.open311.selectors import RequestRow
from massalia.servicerequests.models import Attribute, RequestType, ServiceRequest
from massalia.servicerequests.workflows import workflows
from massalia.territory.models import Quartier

SPECIFICATION = "http://wiki.open311.org/GeoReport_v2"
# Bump when the endpoints or their fields change, so clients know to look again.
CHANGESET = "2025-06-01T00:00:00+02:00"
FORMATS = ["text/xml", "application/json"]
LIST_TYPES = (Attribute.Datatype.SINGLEVALUELIST, Attribute.Datatype.MULTIVALUELIST)

Row = dict[str, Any]


def w3c(value: datetime | None, tz: tzinfo | None = None) -> str | None:
    """ISO 8601 with the local offset, e.g. 2024-05-01T10:00:00+02:00.

    `tz` (default: the current time zone) lets a caller formatting many values look the
    zone up once; `value` is aware, as every datetime read with USE_TZ is.
    """
    if value is None:
        return None
    return value.astimezone(tz if tz is not None else timezone.get_current_timezone()).isoformat(
        timespec="seconds"
    )


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
    return _notice(request_type.expected_days)


@lru_cache(maxsize=64)
def _notice(days: int) -> str:
    return f"Délai de traitement indicatif : {days} jour{'s' if days > 1 else ''}."


@lru_cache(maxsize=256)
def _quartier_label(name: str) -> str:
    return Quartier(name=name).display_name


def service_requests(rows: Iterable[RequestRow], request: HttpRequest) -> list[Row]:
    """The GET requests list: one dict per row of `selectors.search_requests()`."""
    media = _MediaUrls(request)
    tz = timezone.get_current_timezone()
    return [service_request(row, media, tz) for row in rows]


def service_request(row: RequestRow, media: _MediaUrls, tz: tzinfo) -> Row:
    """One row of `selectors.REQUEST_FIELDS` as a GeoReport request."""
    # Never a requester field here: Open311 output is public.
    quartier = row["quartier__name"]
    return {
        "service_request_id": row["id"],
        "status": workflows.get(row["request_type__workflow"]).state(row["status"]).open311,
        "status_notes": row["status_note"] or None,
        "service_name": row["request_type__name"],
        "service_code": row["request_type__code"],
        "description": row["public_description"],
        "agency_responsible": row["department__name"],
        "service_notice": _notice(row["request_type__expected_days"]),
        "requested_datetime": w3c(row["created_at"], tz),
        "updated_datetime": w3c(row["updated_at"], tz),
        "expected_datetime": w3c(row["expected_at"], tz),
        "address": row["address"] or (_quartier_label(quartier) if quartier else ""),
        "address_id": None,
        "zipcode": row["arrondissement__postcode"],
        "lat": row["latitude"],
        "long": row["longitude"],
        "media_url": media.url(row["photo_upload_id"]),
    }


class _MediaUrls:
    """Absolute photo URLs; the case engine's pages provide the photo page, and an installation
    without them is tolerated."""

    def __init__(self, request: HttpRequest) -> None:
        self.request = request

    def url(self, upload_id: int | None) -> str:
        if upload_id is None:
            return ""
        path = url_for("servicerequests.attachment", upload_id)
        return self.request.build_absolute_uri(path) if path else ""


def created(case: ServiceRequest) -> list[Row]:
    """The POST response: one element, with the id at once (our services are "realtime")."""
    return [
        {
            "service_request_id": case.pk,
            "service_notice": f"Demande transmise au service {case.department.name}. "
            + service_notice(case.request_type),
            "account_id": None,
        }
    ]


def errors(status: int, descriptions: Iterable[str]) -> list[Row]:
    return [{"code": status, "description": d} for d in descriptions]
