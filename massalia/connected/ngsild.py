"""A read-only subset of NGSI-LD (ETSI GS CIM 009) over the devices and their consumption.

`GET /ngsi-ld/v1/entities` with `type` (`Device`, `WaterConsumptionObserved`), `id` (comma
separated URNs), `q` (simple comparisons joined by `;`: `attr==value`, `!=`, `<`, `<=`, `>`,
`>=`; strings in double quotes), `georel=near;maxDistance==METRES` with `geometry=Point` and
`coordinates=[lon,lat]`, or `georel=within` with `geometry=Polygon` and the polygon's GeoJSON
`coordinates=[[[lon,lat],…]]` (or a GeoJSON Polygon object as `coordinates`; checked by
`territory.geo.polygon_area`, a bad shape is a 400 saying why), `limit` (20, at most
1,000), `offset` and `count=true` (the `NGSILD-Results-Count` header);
`GET /ngsi-ld/v1/entities/{id}`. Entities use the Smart Data Models' names (`Device`:
category, controlledProperty, deviceState, batteryLevel, dateLastValueReported, location;
`WaterConsumptionObserved`: refDevice, waterConsumption of the last complete day, in litres,
with its `observedAt`) and the core `@context` (Link header; `application/ld+json` puts it in
the body). Consumption is a household's personal data: every
call needs an API key with the scope `ngsild:read`, and the limits are Open311's.
Errors are NGSI-LD problem documents (`type`, `title`, `detail`).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import Exists, OuterRef, Q
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt

from massalia.connected.models import DailyAggregate, Device
from massalia.core.api import errors, openapi, scopes
from massalia.core.api.endpoints import Api, Endpoint, register
from massalia.core.api.errors import ApiError
from massalia.core.api.keys import authenticate_key
from massalia.core.api.params import Param
from massalia.core.security.ratelimit import by_api_key_or_ip, by_ip, ratelimit
from massalia.territory import geo

READ = "ngsild:read"
CORE_CONTEXT = "https://uri.etsi.org/ngsi-ld/v1/ngsi-ld-core-context.jsonld"
LINK = f'<{CORE_CONTEXT}>; rel="http://www.w3.org/ns/json-ld#context"; type="application/ld+json"'
TYPES = ("Device", "WaterConsumptionObserved")
MAX_LIMIT = 1000
ERRORS = {
    400: "BadRequestData",
    403: "NotAuthorized",  # (the spec has no 403 type of its own; clients read the status)
    404: "ResourceNotFound",
    405: "OperationNotSupported",
    429: "TooManyRequests",
    500: "InternalError",
}
CATEGORY: dict[str, str] = {
    Device.Kind.WATER_METER: "meter",
    Device.Kind.SHELTER_TAG: "identifier",
    Device.Kind.VALIDATOR: "identifier",
    Device.Kind.FACILITY_GATE: "actuator",
    Device.Kind.CAMERA: "sensor",
    Device.Kind.SENSOR: "sensor",
    Device.Kind.GATEWAY: "network",
}
STATE: dict[str, str] = {"active": "ok", "maintenance": "maintenance", "inactive": "outOfService"}


def render_error(request: HttpRequest, error: ApiError) -> HttpResponse:
    kind = ERRORS.get(error.status, "BadRequestData")
    body = {
        "type": f"https://uri.etsi.org/ngsi-ld/errors/{kind}",
        "title": error.message,
        "detail": "; ".join(d.message for d in error.details) or error.message,
    }
    response = JsonResponse(body, status=error.status, json_dumps_params={"ensure_ascii": False})
    response["Content-Type"] = "application/json"
    return errors.finish(response, error)


def _entity_schema() -> dict[str, Any]:
    return {"type": "object", "required": ["id", "type"], "additionalProperties": True}


_ENTITY_OK = {
    "description": "Les entités (tableau), ou l'entité.",
    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Entity"}}},
}


def _param(name: str, description: str, schema: dict[str, Any]) -> Param:
    return Param(name, "query", schema=schema, description=description)


# The geo-query of a GET (ETSI GS CIM 009, 4.10): georel, geometry, and coordinates as the
# GeoJSON coordinates of that geometry, in JSON.
GEOREL = Param(
    "georel",
    "query",
    "near;maxDistance==mètres (avec geometry=Point), ou within (avec geometry=Polygon)",
    {"type": "string", "pattern": r"^(near;maxDistance==\d{1,6}(\.\d+)?|within)$"},
    invalid="georel : « near;maxDistance==mètres » ou « within » attendu.",
)
GEOMETRY = Param(
    "geometry",
    "query",
    "Point avec near, Polygon avec within",
    {"type": "string", "enum": ["Point", "Polygon"]},
    invalid="geometry : Point (avec georel=near) ou Polygon (avec georel=within).",
)
COORDINATES = Param(
    "coordinates",
    "query",
    "JSON : [longitude,latitude] pour un Point ; [[[longitude,latitude], …]] pour un Polygon "
    f"(contour fermé, puis ses trous ; au plus {geo.POLYGON_MAX_POSITIONS} positions), "
    'ou l\'objet GeoJSON {"type": "Polygon", "coordinates": …}',
    {"type": "string", "maxLength": 40_000},
    too_long="coordinates : trop long (au plus 40 000 caractères).",
)

API = Api(
    key="ngsild",
    title="Massalia — NGSI-LD (lecture)",
    version="1",
    description="Sous-ensemble en lecture de NGSI-LD : objets connectés (Device) et "
    "consommations d'eau (WaterConsumptionObserved). Clé d'API (droit ngsild:read) exigée.",
    root="ngsild:root",
    render_error=render_error,
    error_texts={
        400: "Requête invalide (BadRequestData).",
        403: "Clé manquante, inconnue ou sans le droit ngsild:read.",
        404: "Entité inconnue (ResourceNotFound).",
        405: "Méthode non autorisée.",
        429: "Trop de requêtes : réessayer après Retry-After secondes.",
    },
    endpoints=[
        Endpoint(
            url_name="ngsild:entities",
            path="/entities",
            method="get",
            operation_id="query_entities",
            summary="Chercher des entités",
            parameters=(
                _param("type", "Device ou WaterConsumptionObserved", {"type": "string"}),
                _param("id", "URN, séparés par des virgules", {"type": "string"}),
                _param("q", "comparaisons simples, séparées par ;", {"type": "string"}),
                GEOREL,
                GEOMETRY,
                COORDINATES,
                _param("limit", "20 par défaut", {"type": "integer", "minimum": 0}),
                _param("offset", "0 par défaut", {"type": "integer", "minimum": 0}),
                _param("count", "true : en-tête NGSILD-Results-Count", {"type": "string"}),
            ),
            ok=_ENTITY_OK,
            errors=(400, 403),
        ),
        Endpoint(
            url_name="ngsild:entity",
            path="/entities/{id}",
            method="get",
            operation_id="retrieve_entity",
            summary="Lire une entité",
            parameters=(
                Param("id", "path", "urn:ngsi-ld:Type:identifiant", {"type": "string"}, True),
            ),
            ok=_ENTITY_OK,
            errors=(400, 403, 404),
        ),
    ],
    schemas=lambda: {"Entity": _entity_schema()},
    not_operations={"ngsild:root": "this document itself (OpenAPI)"},
)

openapi_json = openapi.view(lambda: API)


def register_api() -> None:
    scopes.declare(READ, "NGSI-LD : lire les objets connectés et les consommations")
    register(API)


# Entities -------------------------------------------------------------------------------------


def urn(kind: str, identifier: str) -> str:
    return f"urn:ngsi-ld:{kind}:{identifier}"


def _prop(value: Any, **more: Any) -> dict[str, Any]:
    return {"type": "Property", "value": value, **more}


def device_entity(device: Device) -> dict[str, Any]:
    entity: dict[str, Any] = {
        "id": urn("Device", device.identifier),
        "type": "Device",
        "category": _prop([CATEGORY.get(device.kind, "sensor")]),
        "deviceState": _prop(STATE.get(device.state, device.state)),
        "name": _prop(device.name or device.identifier),
    }
    if device.kind == Device.Kind.WATER_METER:
        entity["controlledProperty"] = _prop(["waterConsumption"])
    if device.battery_percent is not None:
        entity["batteryLevel"] = _prop(round(device.battery_percent / 100, 2))
    if device.last_seen_at is not None:
        entity["dateLastValueReported"] = _prop(
            {"@type": "DateTime", "@value": device.last_seen_at.isoformat()}
        )
    if device.latitude is not None and device.longitude is not None:
        entity["location"] = {
            "type": "GeoProperty",
            "value": {"type": "Point", "coordinates": [device.longitude, device.latitude]},
        }
    return entity


def consumption_entity(device: Device, day: DailyAggregate) -> dict[str, Any]:
    observed = datetime.combine(
        day.day + timedelta(days=1), time(0), timezone.get_current_timezone()
    )
    entity = {
        "id": urn("WaterConsumptionObserved", device.identifier),
        "type": "WaterConsumptionObserved",
        "refDevice": {"type": "Relationship", "object": urn("Device", device.identifier)},
        "waterConsumption": _prop(
            round(day.litres, 3), observedAt=observed.isoformat(), unitCode="LTR"
        ),
    }
    if device.latitude is not None and device.longitude is not None:
        entity["location"] = device_entity(device)["location"]
    return entity


RECENT_DAYS = 7  # a consumption older than this is no current observation


def _recent() -> date:
    return timezone.localdate() - timedelta(days=RECENT_DAYS)


def _entities(kind: str | None, devices: Iterable[Device]) -> list[dict[str, Any]]:
    devices = list(devices)
    found: list[dict[str, Any]] = []
    if kind in (None, "Device"):
        found += [device_entity(d) for d in devices]
    if kind in (None, "WaterConsumptionObserved"):
        meters = [d for d in devices if d.kind == Device.Kind.WATER_METER]
        latest: dict[int, DailyAggregate] = {}
        rows = DailyAggregate.objects.filter(device__in=meters, day__gte=_recent(), hours__gte=23)
        for row in rows.order_by("device_id", "-day"):
            latest.setdefault(row.device_id, row)
        found += [consumption_entity(d, latest[d.pk]) for d in meters if d.pk in latest]
    return found


# Query language -------------------------------------------------------------------------------

_TERM = re.compile(r"^([A-Za-z][A-Za-z0-9_.]*)(==|!=|>=|<=|>|<)(.+)$")


def parse_q(text: str) -> list[Callable[[dict[str, Any]], bool]]:
    """`attr==value;attr>value` → predicates on an entity; ApiError 400 otherwise."""
    return [_compare(name, op, value) for name, op, value in terms(text)]


Term = tuple[str, str, Any]
LOOKUPS = {"==": "exact", ">": "gt", ">=": "gte", "<": "lt", "<=": "lte"}


def device_filter(found: list[Term]) -> Q | None:
    """The SQL filter of q's terms on Device's stored attributes (batteryLevel, deviceState,
    category), or None when a term needs the entity itself (then q is read in Python)."""
    where = Q()
    for name, op, value in found:
        if name == "batteryLevel" and isinstance(value, float):
            percent = round(value * 100, 6)
            where &= Q(battery_percent__isnull=False)
            condition = Q(battery_percent=percent) if op in ("==", "!=") else Q(
                **{f"battery_percent__{LOOKUPS[op]}": percent}
            )  # fmt: skip
        elif name in ("deviceState", "category") and isinstance(value, str) and op in ("==", "!="):
            table = STATE if name == "deviceState" else CATEGORY
            condition = Q(**{f"{'state' if name == 'deviceState' else 'kind'}__in": [
                stored for stored, shown in table.items() if shown == value
            ]})  # fmt: skip
        else:
            return None
        where &= ~condition if op == "!=" else condition
    return where


def terms(text: str) -> list[Term]:
    """`attr==value;attr>value` → (attribute, operator, value); ApiError 400 otherwise."""
    found: list[Term] = []
    for term in text.split(";"):
        match = _TERM.match(term.strip())
        if not match:
            raise errors.bad_request(
                f"q : terme illisible « {term[:60]} » (attribut, opérateur, valeur)."
            )
        name, op, raw = match.groups()
        found.append((name, op, _literal(raw)))
    return found


def _literal(raw: str) -> Any:
    if raw.startswith('"') and raw.endswith('"') and len(raw) >= 2:
        return raw[1:-1]
    try:
        return float(raw)
    except ValueError:
        if raw in ("true", "false"):
            return raw == "true"
        raise errors.bad_request(
            f"q : valeur « {raw[:40]} » : un nombre, true, false ou un texte entre guillemets."
        ) from None


def _value(entity: dict[str, Any], name: str) -> Any:
    attribute = entity.get(name.split(".", 1)[0])
    if not isinstance(attribute, dict):
        return None
    value = attribute.get("value", attribute.get("object"))
    if isinstance(value, dict) and "@value" in value:
        return value["@value"]
    return value[0] if isinstance(value, list) and len(value) == 1 else value


def _compare(name: str, op: str, wanted: Any) -> Callable[[dict[str, Any]], bool]:
    def test(entity: dict[str, Any]) -> bool:
        have = _value(entity, name)
        if have is None:
            return False
        if op in ("==", "!="):
            same = have == wanted
            return same if op == "==" else not same
        if isinstance(have, bool) or not isinstance(have, int | float | str):
            return False
        if isinstance(wanted, str) != isinstance(have, str):
            return False
        return {">": have > wanted, ">=": have >= wanted, "<": have < wanted,
                "<=": have <= wanted}[op]  # fmt: skip

    return test


Keep = Callable[[Iterable[Device]], list[Device]]


def _geo_query(request: HttpRequest) -> tuple[geo.Box, Keep] | None:
    """The georel of the query as a box (narrowing in SQL) and the exact test; None without
    one; ApiError 400 for a query that cannot be answered."""
    georel = GEOREL.read(request.GET)
    if georel is None:
        return None
    geometry = GEOMETRY.read(request.GET)
    coordinates = _coordinates(request)
    if georel == "within":
        if isinstance(coordinates, dict):  # a GeoJSON geometry, its type saying what it is
            if coordinates.get("type") != "Polygon" or geometry not in (None, "Polygon"):
                raise errors.bad_request("coordinates : un objet GeoJSON de type Polygon attendu.")
            coordinates, geometry = coordinates.get("coordinates"), "Polygon"
        if geometry != "Polygon":
            raise errors.bad_request("geometry=Polygon attendu avec georel=within.")
        try:
            area = geo.polygon_area(coordinates)
        except geo.BadGeometry as exc:
            raise errors.bad_request(f"coordinates : {exc}") from None
        return area.box(), area.inside
    if geometry != "Point":
        raise errors.bad_request("geometry=Point attendu avec georel=near.")
    if not (
        isinstance(coordinates, list)
        and len(coordinates) == 2
        and all(isinstance(v, int | float) and not isinstance(v, bool) for v in coordinates)
    ):
        raise errors.bad_request("coordinates : [longitude,latitude] attendu.")
    lon, lat = float(coordinates[0]), float(coordinates[1])
    if not geo.valid_coordinates(lat, lon):
        raise errors.bad_request("coordinates : point invalide.")
    radius = float(georel.split("==", 1)[1])

    def near(rows: Iterable[Device]) -> list[Device]:
        return [row for row, _ in geo.within(lat, lon, rows, radius)]

    return geo.box_around(lat, lon, radius), near


def _not_a_number(constant: str) -> Any:
    raise ValueError(constant)


def _coordinates(request: HttpRequest) -> Any:
    raw = COORDINATES.read(request.GET)
    if raw is None:
        raise errors.bad_request("coordinates est obligatoire avec georel.")
    try:
        return json.loads(raw, parse_constant=_not_a_number)
    except (ValueError, RecursionError):
        raise errors.bad_request("coordinates : JSON illisible.") from None


def _int(request: HttpRequest, name: str, default: int, top: int) -> int:
    raw = request.GET.get(name, "")
    if not raw:
        return default
    if not raw.isdigit() or int(raw) > top:
        raise errors.bad_request(f"{name} : un entier de 0 à {top}.")
    return int(raw)


# Views ----------------------------------------------------------------------------------------


def _respond(
    request: HttpRequest, body: Any, headers: dict[str, str] | None = None
) -> HttpResponse:
    ld = "application/ld+json" in request.headers.get("Accept", "")
    if ld:
        items = body if isinstance(body, list) else [body]
        for item in items:
            item["@context"] = CORE_CONTEXT
    response = JsonResponse(body, safe=False, json_dumps_params={"ensure_ascii": False})
    response["Content-Type"] = "application/ld+json" if ld else "application/json"
    if not ld:
        response["Link"] = LINK
    for name, value in (headers or {}).items():
        response[name] = value
    return response


def endpoint(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.method not in ("GET", "HEAD"):
            return API.error(request, errors.method_not_allowed(str(request.method), {"GET"}))

        def call() -> HttpResponse:
            authenticate_key(request, scope=READ).require()
            return view(request, *args, **kwargs)

        return API.run(request, call)

    wrapper.__name__ = view.__name__
    limited = ratelimit(
        "ngsild-read", rate="300/m", key=by_api_key_or_ip, methods=("GET", "HEAD"),
        responder=API.responder,
    )(wrapper)  # fmt: skip
    return csrf_exempt(
        ratelimit(
            "ngsild-read-ip", rate="600/m", key=by_ip, methods=("GET", "HEAD"),
            responder=API.responder,
        )(limited)
    )  # fmt: skip


@endpoint
def entities(request: HttpRequest) -> HttpResponse:
    kind = request.GET.get("type") or None
    ids = [i for i in request.GET.get("id", "").split(",") if i]
    if kind is None and not ids:
        raise errors.bad_request("type ou id est obligatoire (NGSI-LD).")
    if kind is not None and kind not in TYPES:
        return _respond(request, [])  # an unknown type has no entity
    found_terms = terms(request.GET["q"]) if request.GET.get("q") else []
    limit = _int(request, "limit", 20, MAX_LIMIT)
    offset = _int(request, "offset", 0, 1_000_000)
    devices = Device.objects.exclude(state=Device.State.RETIRED).order_by("identifier")
    if ids:
        wanted = {i.rsplit(":", 1)[-1] for i in ids if i.startswith("urn:ngsi-ld:")}
        devices = devices.filter(identifier__in=wanted)
    if kind == "WaterConsumptionObserved":
        recent = DailyAggregate.objects.filter(
            device=OuterRef("pk"), day__gte=_recent(), hours__gte=23
        )
        devices = devices.filter(Exists(recent), kind=Device.Kind.WATER_METER)
    tests = [_compare(*term) for term in found_terms]
    if kind == "Device" and found_terms:
        where = device_filter(found_terms)
        if where is not None:
            devices, tests = devices.filter(where), []  # answered in SQL
    place = _geo_query(request)
    counted = request.GET.get("count") == "true"
    if place is None and not tests and kind is not None and not ids:
        # Paged in SQL: only the page's entities are built.
        page = _entities(kind, devices[offset : offset + limit])
        total = devices.count() if counted else 0
    else:
        chosen: Iterable[Device] = devices
        if place is not None:
            box, keep = place
            chosen = keep(devices.filter(**box.lookups()))
        found = [e for e in _entities(kind, chosen) if not ids or e["id"] in ids]
        found = [e for e in found if all(test(e) for test in tests)]
        page, total = found[offset : offset + limit], len(found)
    headers = {"NGSILD-Results-Count": str(total)} if counted else {}
    return _respond(request, page, headers)


@endpoint
def entity(request: HttpRequest, entity_id: str) -> HttpResponse:
    match = re.fullmatch(r"urn:ngsi-ld:(Device|WaterConsumptionObserved):(.{1,100})", entity_id)
    if not match:
        raise errors.bad_request("Identifiant d'entité invalide (urn:ngsi-ld:Type:identifiant).")
    kind, identifier = match.groups()
    device = (
        Device.objects.exclude(state=Device.State.RETIRED).filter(identifier=identifier).first()
    )
    found = _entities(kind, [device]) if device else []
    if not found:
        raise errors.not_found(f"Entité inconnue : « {entity_id[:120]} ».")
    return _respond(request, found[0])
