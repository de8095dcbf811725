"""The telemetry API: `POST /telemetry/v1/readings`, a batch of readings as JSON or CSV.

A device sends its own readings with its own key; a gateway (an API key with the scope
`telemetry:write`) sends for any device. The key travels in the `X-Api-Key` header only, so
the rate limits and the size check never read a large body to find it. Answers: 200 with the
counts when every reading was stored (or already was); 422 with the same counts and one
detail per refused reading when some were refused (the valid ones are stored all the same,
and sending the batch again stores nothing twice); 400 for a body that cannot be read; 403
for a missing or wrong key; 413 for a body over the limits.
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt

from massalia.connected import ingest, services
from massalia.connected.ingest import Incoming
from massalia.connected.ingest import dump as _dump
from massalia.connected.models import Device, RejectedReading
from massalia.core.api import errors, openapi, scopes
from massalia.core.api.endpoints import Api, Endpoint, register
from massalia.core.api.errors import ApiError, Detail
from massalia.core.api.keys import MISSING, active_key
from massalia.core.security.clients import API_KEY_HEADER, fingerprint
from massalia.core.security.ratelimit import by_ip, ratelimit

WRITE = "telemetry:write"
JSON = "application/json"
CSV = "text/csv"


def by_sender_key(request: HttpRequest) -> str | None:
    """Count per device or gateway key (the header only); unknown keys count as the IP."""
    raw = request.headers.get(API_KEY_HEADER, "")
    if raw and (services.device_for_key(raw) or active_key(raw)):
        return "key:" + fingerprint(raw)
    return None


def _reading_schema() -> dict[str, Any]:
    return {
        "type": "object",
        "required": ["device", "time", "value"],
        "properties": {
            "device": {"type": "string", "maxLength": 100, "description": "Identifiant."},
            "time": {"type": "string", "format": "date-time"},
            "value": {"type": "number", "description": "Index en litres pour l'eau."},
            "battery": {"type": "integer", "minimum": 0, "maximum": 100},
        },
        "additionalProperties": True,
    }


def _outcome_schema() -> dict[str, Any]:
    return {
        "type": "object",
        "properties": {
            "received": {"type": "integer"},
            "stored": {"type": "integer"},
            "duplicates": {"type": "integer"},
            "rejected": {"type": "array", "items": {"type": "object"}},
        },
    }


API = Api(
    key="telemetry",
    title="Massalia — télérelève des objets connectés",
    version="1",
    description="Envoi de relevés par lots (JSON ou CSV device,time,value[,battery]), avec "
    "la clé d'un objet ou d'une passerelle dans l'en-tête X-Api-Key.",
    root="telemetry:root",
    endpoints=[
        Endpoint(
            url_name="telemetry:readings",
            path="/readings",
            method="post",
            operation_id="post_readings",
            summary="Envoyer un lot de relevés",
            body={
                JSON: {"type": "array", "items": {"$ref": "#/components/schemas/Reading"}},
                CSV: {"type": "string"},
            },
            ok={
                "description": "Tous les relevés sont enregistrés (ou l'étaient déjà).",
                "content": {JSON: {"schema": {"$ref": "#/components/schemas/Outcome"}}},
            },
            errors=(400, 403, 413, 422),
        ),
    ],
    schemas=lambda: {"Reading": _reading_schema(), "Outcome": _outcome_schema()},
    error_texts={
        400: "Corps illisible (JSON ou CSV mal formé, format non pris en charge).",
        403: "Clé manquante, inconnue, révoquée ou sans le droit telemetry:write.",
        405: "Méthode non autorisée.",
        429: "Trop de requêtes : réessayer après Retry-After secondes.",
        413: "Lot trop volumineux.",
        422: "Des relevés sont refusés ; les autres sont enregistrés.",
    },
    not_operations={"telemetry:root": "this document itself (OpenAPI)"},
)

openapi_json = openapi.view(lambda: API)


def register_api() -> None:
    scopes.declare(WRITE, "Télérelève : envoyer les relevés de tout objet (passerelle)")
    register(API)


@csrf_exempt  # machines authenticate with a key, not a session
@ratelimit("telemetry-post", rate="600/m", key=by_sender_key, responder=API.responder)
@ratelimit("telemetry-post-ip", rate="1200/m", key=by_ip, responder=API.responder)
def readings(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return API.error(request, errors.method_not_allowed(str(request.method), {"POST"}))
    return API.run(request, lambda: _receive(request))


def _receive(request: HttpRequest) -> HttpResponse:
    sender = _sender(request)
    items = parse_body(request)
    outcome = ingest.receive(items, channel=RejectedReading.Channel.HTTP, sender=sender)
    body = outcome.as_dict()
    if not outcome.rejected:
        return JsonResponse(body, json_dumps_params={"ensure_ascii": False})
    kept = outcome.stored + outcome.duplicates
    error = ApiError(
        422,
        f"{len(outcome.rejected)} relevé(s) refusé(s) sur {outcome.received} ; "
        f"les {kept} autres sont enregistrés.",
        code="rejected_readings",
        details=[
            Detail(f"relevé {r.position} : {r.reason}", f"readings[{r.position}]")
            for r in outcome.rejected[:100]
        ],
    )
    return JsonResponse(
        {**errors.as_json(error), **body}, status=422, json_dumps_params={"ensure_ascii": False}
    )


def _sender(request: HttpRequest) -> Device | None:
    """The device whose key this is (it sends only its own readings), or None for a gateway
    key; ApiError 403 otherwise."""
    raw = request.headers.get(API_KEY_HEADER, "")
    device = services.device_for_key(raw)
    if device is not None:
        return device
    key = active_key(raw)
    if key is None:
        raise ApiError(403, MISSING.replace("api_key ou ", ""), code="invalid_api_key")
    if not key.allows(WRITE):
        raise ApiError(
            403, f"Cette clé d'API ne permet pas d'envoyer des relevés (droit « {WRITE} »).",
            code="missing_scope",
        )  # fmt: skip
    return None


def too_many(count: int) -> ApiError:
    limit = settings.CONNECTED_BATCH_MAX_READINGS
    return ApiError(
        413,
        f"Lot trop grand : {count} relevés, {limit} au plus par envoi ; découpez-le.",
        code="too_large",
    )


def parse_body(request: HttpRequest) -> list[Incoming]:
    """The readings of a JSON or CSV body; ApiError for a body too large or unreadable."""
    limit = settings.CONNECTED_BATCH_MAX_BYTES
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    if length > limit:
        raise ApiError(
            413,
            f"Corps de requête trop volumineux : {length} octets, {limit} au plus ; "
            f"envoyez {settings.CONNECTED_BATCH_MAX_READINGS} relevés au plus par lot.",
            code="too_large",
        )
    raw = request.body
    if len(raw) > limit:  # a body sent without its length
        raise ApiError(
            413, f"Corps de requête trop volumineux : {limit} octets au plus.", code="too_large"
        )
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise errors.bad_request("Le corps de la requête n'est pas en UTF-8.") from None
    kind = request.content_type or ""
    if kind == JSON:
        return _json(text)
    if kind in (CSV, "application/csv"):
        return _csv(text)
    raise ApiError(
        400, "Format non pris en charge : envoyez application/json ou text/csv.", code="invalid"
    )


def _json(text: str) -> list[Incoming]:
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):
        raise errors.bad_request("Le corps de la requête n'est pas un JSON valide.") from None
    if isinstance(data, dict) and isinstance(data.get("readings"), list):
        data = data["readings"]
    if not isinstance(data, list):
        raise errors.bad_request("Le corps JSON doit être une liste de relevés (ou {readings}).")
    if len(data) > settings.CONNECTED_BATCH_MAX_READINGS:
        raise too_many(len(data))
    items = []
    for position, entry in enumerate(data):
        if isinstance(entry, dict):
            items.append(Incoming.from_mapping(position, entry))
        else:
            fault = "un relevé doit être un objet JSON {device, time, value}"
            items.append(Incoming(position, None, None, None, payload=_dump(entry), fault=fault))
    return items


CSV_NAMES = {"device": "device", "meter": "device", "time": "time", "value": "value"}
CSV_NAMES |= {"index_litres": "value", "battery": "battery"}


def _csv(text: str) -> list[Incoming]:
    lines = text.splitlines()
    if len(lines) - 1 > settings.CONNECTED_BATCH_MAX_READINGS:
        raise too_many(len(lines) - 1)
    try:
        rows = list(csv.reader(io.StringIO(text)))
    except csv.Error as exc:
        raise errors.bad_request(f"CSV illisible : {exc}.") from None
    if not rows:
        raise errors.bad_request("CSV vide : une ligne d'en-tête device,time,value attendue.")
    header = [CSV_NAMES.get(name.strip().lower(), "") for name in rows[0]]
    missing = [name for name in ("device", "time", "value") if name not in header]
    if missing:
        raise errors.bad_request(
            f"En-tête CSV incomplet : colonne(s) {', '.join(missing)} manquante(s) "
            "(device,time,value[,battery])."
        )
    items = []
    for position, row in enumerate(rows[1:], start=1):
        if not any(cell.strip() for cell in row):
            continue
        fields = {name: cell for name, cell in zip(header, row, strict=False) if name}
        payload = ",".join(row)
        if len(row) != len(header):
            fault = f"{len(row)} colonne(s) au lieu de {len(header)}"
            device = fields.get("device", "")
            items.append(Incoming(position, device, None, None, payload=payload, fault=fault))
            continue
        items.append(
            Incoming(
                position,
                fields["device"],
                fields["time"],
                fields["value"],
                fields.get("battery"),
                payload=payload,
            )
        )
    return items
