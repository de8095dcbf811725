"""The requests as tables: the public ones as an open dataset (GeoJSON for the map, CSV for
spreadsheets), a department's inbox as a spreadsheet for its agents.

The public tables have public fields only: the published text (`public_description`), never
the requester. The inbox is the department's own work, for its agents: the citizen's original
text is in it, never the requester's contact details.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone

from massalia.core import exports
from massalia.servicerequests import clusters
from massalia.servicerequests.models import ServiceRequest
from massalia.territory.geo import Box

# Any id the URL converter accepts, unlikely to appear elsewhere in the path.
_SENTINEL = 918273645546372819


def _detail_url() -> Callable[[int], str]:
    # reverse() costs ~20 µs: a million links are built from one reversed template.
    head, tail = reverse("servicerequests:request_detail", args=[_SENTINEL]).split(str(_SENTINEL))
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


def clustered(
    rows: QuerySet[ServiceRequest], box: Box, *, lat_step: float, lon_step: float
) -> dict[str, Any]:
    """The located public `rows` in `box` as a GeoJSON FeatureCollection for the map: a
    cluster (count, kinds of status, mean position) per grid cell holding several, the
    request itself (as `for_map` describes it) where a cell holds one. `shown` is the
    number of requests in the box, `total` the number of located rows."""
    located = rows.exclude(latitude=None).exclude(longitude=None)
    cells = clusters.grid(located, box, lat_step=lat_step, lon_step=lon_step)
    singles = {c.only for c in cells if c.only is not None}
    columns = for_map().columns
    described = {
        row.pk: {**{c.key: c.of(row) for c in columns}, "kind": clusters.kind_of(row.status)}
        for row in map_rows(ServiceRequest.objects.filter(pk__in=singles))
    }
    features = []
    for cell in cells:
        at = exports.point(round(cell.longitude, 6), round(cell.latitude, 6))
        if cell.only is not None and cell.only in described:
            features.append(
                {"type": "Feature", "id": cell.only, "geometry": at,
                 "properties": described[cell.only]}
            )  # fmt: skip
        else:
            properties = {"cluster": True, "count": cell.count, "kinds": dict(cell.kinds)}
            features.append({"type": "Feature", "geometry": at, "properties": properties})
    return {
        "type": "FeatureCollection",
        "shown": sum(c.count for c in cells),
        "total": located.order_by().count(),
        "features": features,
    }


def _local(value: object) -> object:
    return timezone.localtime(value) if value else None  # type: ignore[arg-type]


def inbox_table() -> exports.Dataset:
    """The inbox as the agents see it in the list, one row per case."""
    return exports.Dataset(
        name="demandes",
        columns=[
            exports.Column("id", "n°", lambda r: r.pk),
            exports.Column("type", "type", lambda r: r.request_type.name),
            exports.Column("status", "statut", lambda r: r.get_status_display()),
            exports.Column(
                "quartier", "quartier", lambda r: r.quartier.display_name if r.quartier else ""
            ),
            exports.Column(
                "arrondissement",
                "arrondissement",
                lambda r: r.arrondissement.name if r.arrondissement else "",
            ),
            exports.Column("address", "adresse", lambda r: r.address),
            exports.Column("description", "description", lambda r: r.description),
            exports.Column("created_at", "déposée le", lambda r: _local(r.created_at)),
            exports.Column("expected_at", "échéance", lambda r: _local(r.expected_at)),
            exports.Column("overdue", "en retard", lambda r: "oui" if r.is_overdue else "non"),
            exports.Column("assignee", "attribuée à", lambda r: str(r.assignee or "")),
            exports.Column("closed_at", "fermée le", lambda r: _local(r.closed_at)),
        ],
    )
