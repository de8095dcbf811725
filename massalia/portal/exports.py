"""The public requests as an open dataset (GeoJSON for the map, CSV for spreadsheets).

Public fields only: the published text (`public_description`), never the requester.
"""

from __future__ import annotations

from collections.abc import Callable

from django.db.models import QuerySet
from django.urls import reverse

from massalia.core import exports
from massalia.servicerequests.models import ServiceRequest

# Any id the URL converter accepts, unlikely to appear elsewhere in the path.
_SENTINEL = 918273645546372819


def _detail_url() -> Callable[[int], str]:
    # reverse() costs ~20 µs: a million links are built from one reversed template.
    head, tail = reverse("portal:request_detail", args=[_SENTINEL]).split(str(_SENTINEL))
    return lambda pk: f"{head}{pk}{tail}"


def _geometry(row: ServiceRequest) -> dict[str, object] | None:
    return exports.point(row.longitude, row.latitude)


def for_map() -> exports.Dataset:
    """What the map's markers need: a title, the status and the link, at the point."""
    url = _detail_url()
    return exports.Dataset(
        name="demandes",
        columns=[
            exports.Column("title", "titre", str),
            exports.Column("status", "statut", lambda r: r.status),
            exports.Column("status_label", "état", lambda r: r.get_status_display()),
            exports.Column("url", "lien", lambda r: url(r.pk)),
        ],
        geometry=_geometry,
        feature_id=lambda r: r.pk,
    )


def for_spreadsheets() -> exports.Dataset:
    """Every public field of a request, one column each."""
    url = _detail_url()
    return exports.Dataset(
        name="demandes",
        columns=[
            exports.Column("id", "numéro", lambda r: r.pk),
            exports.Column("type", "type", lambda r: r.request_type.name),
            exports.Column("theme", "thème", lambda r: r.request_type.group),
            exports.Column("status_label", "état", lambda r: r.get_status_display()),
            exports.Column("description", "description", lambda r: r.public_description),
            exports.Column("address", "adresse", lambda r: r.address),
            exports.Column("quartier", "quartier", lambda r: _quartier(r)),
            exports.Column("arrondissement", "arrondissement", lambda r: _arrondissement(r)),
            exports.Column("latitude", "latitude", lambda r: r.latitude),
            exports.Column("longitude", "longitude", lambda r: r.longitude),
            exports.Column("created_at", "déposée le", lambda r: r.created_at),
            exports.Column("updated_at", "mise à jour le", lambda r: r.updated_at),
            exports.Column("closed_at", "clôturée le", lambda r: r.closed_at),
            exports.Column("url", "lien", lambda r: url(r.pk)),
        ],
        geometry=_geometry,
        feature_id=lambda r: r.pk,
    )


# The rows are narrowed to the fields the columns read: no requester data, no private text,
# no quartier polygons are loaded, and a row costs less. The request type is read whole: the
# status label comes from its workflow.
MAP_FIELDS = ("id", "status", "latitude", "longitude", "request_type")
SPREADSHEET_FIELDS = (
    *MAP_FIELDS, "public_description", "address", "created_at", "updated_at", "closed_at",
    "quartier__name", "arrondissement__name",
)  # fmt: skip


def map_rows(rows: QuerySet[ServiceRequest]) -> QuerySet[ServiceRequest]:
    """The rows narrowed to what `for_map` reads."""
    return rows.select_related(None).select_related("request_type").only(*MAP_FIELDS)


def spreadsheet_rows(rows: QuerySet[ServiceRequest]) -> QuerySet[ServiceRequest]:
    """The rows narrowed to what `for_spreadsheets` reads."""
    rows = rows.select_related(None).select_related("request_type", "quartier", "arrondissement")
    return rows.only(*SPREADSHEET_FIELDS)


def _quartier(row: ServiceRequest) -> str:
    return row.quartier.display_name if row.quartier else ""


def _arrondissement(row: ServiceRequest) -> str:
    return row.arrondissement.name if row.arrondissement else ""
