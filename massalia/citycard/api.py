"""The validators' API: `POST /validation/v1/taps`, one tap or an offline batch, as JSON.

A validator or gate (an API key with the scope `citycard:tap`) sends
`{"device": CODE, "card": NUMBER, "at": ISO 8601}` for one tap, answered with its decision,
or `{"device": CODE, "taps": [{"card", "at"}, …]}` for the taps it kept while offline,
decided in the order they happened and answered in the order sent. A decision is
`{"decision": "accept"|"refuse", "reason", "label", "repeated", "balance_cents"}`; a tap sent
again answers its first decision (`repeated`) and is counted once. Answers: 200 with the
decisions; 400 for a body that cannot be read, an unknown device, a bad number or time (then
no tap of the batch is decided); 403 for a missing or wrong key; 413 for a batch too large.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt

from massalia.citycard import numbers, services
from massalia.citycard.models import Device, Reason
from massalia.citycard.services import BatchItem, Decision
from massalia.core.api import errors, openapi, scopes
from massalia.core.api.endpoints import Api, Endpoint, register
from massalia.core.api.errors import ApiError, Detail
from massalia.core.api.keys import authenticate_key
from massalia.core.security.ratelimit import by_ip, ratelimit

TAP = "citycard:tap"
JSON = "application/json"
MAX_TAPS = 2000
MAX_BYTES = 512 * 1024
# A validator's clock may run a little ahead; beyond this, the time is refused.
CLOCK_SLACK = timedelta(minutes=5)
LABELS = {**dict(Reason.choices), services.LATE: "validation trop ancienne"}


def _tap_schema() -> dict[str, Any]:
    return {
        "type": "object",
        "required": ["card", "at"],
        "properties": {
            "card": {"type": "string", "description": "Numéro de la carte (16 chiffres)."},
            "at": {"type": "string", "format": "date-time"},
        },
    }


def _decision_schema() -> dict[str, Any]:
    return {
        "type": "object",
        "properties": {
            "decision": {"type": "string", "enum": ["accept", "refuse"]},
            "reason": {"type": "string", "enum": [*Reason.values, services.LATE]},
            "label": {"type": "string"},
            "repeated": {"type": "boolean"},
            "balance_cents": {"type": "integer"},
        },
    }


API = Api(
    key="citycard",
    title="Massalia — validations de la carte de la ville",
    version="1",
    description="Décision d'accepter ou de refuser une carte présentée à un valideur ou un "
    "portique, une validation ou un lot envoyé après une coupure, avec une clé d'API "
    "(droit citycard:tap) dans l'en-tête X-Api-Key.",
    root="citycard_api:root",
    endpoints=[
        Endpoint(
            url_name="citycard_api:taps",
            path="/taps",
            method="post",
            operation_id="post_taps",
            summary="Envoyer une validation ou un lot de validations",
            body={
                JSON: {
                    "oneOf": [
                        {
                            "allOf": [{"$ref": "#/components/schemas/Tap"}],
                            "properties": {"device": {"type": "string"}},
                            "required": ["device"],
                        },
                        {
                            "type": "object",
                            "required": ["device", "taps"],
                            "properties": {
                                "device": {"type": "string"},
                                "taps": {
                                    "type": "array",
                                    "maxItems": MAX_TAPS,
                                    "items": {"$ref": "#/components/schemas/Tap"},
                                },
                            },
                        },
                    ]
                }
            },
            ok={
                "description": "La décision (une validation) ou les décisions (un lot).",
                "content": {JSON: {"schema": {"$ref": "#/components/schemas/Decision"}}},
            },
            errors=(400, 403, 413),
        ),
    ],
    schemas=lambda: {"Tap": _tap_schema(), "Decision": _decision_schema()},
    error_texts={
        400: "Corps illisible, valideur inconnu, numéro de carte ou heure invalide.",
        403: "Clé manquante, inconnue, révoquée ou sans le droit citycard:tap.",
        405: "Méthode non autorisée.",
        413: "Lot trop volumineux.",
        429: "Trop de requêtes : réessayer après Retry-After secondes.",
    },
    not_operations={"citycard_api:root": "this document itself (OpenAPI)"},
)

openapi_json = openapi.view(lambda: API)


def register_api() -> None:
    scopes.declare(TAP, "Carte de la ville : envoyer les validations des valideurs et portiques")
    register(API)


@csrf_exempt  # machines authenticate with a key, not a session
@ratelimit("citycard-taps-ip", rate="3000/m", key=by_ip, responder=API.responder)
def taps(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return API.error(request, errors.method_not_allowed(str(request.method), {"POST"}))
    return API.run(request, lambda: _receive(request))


def _receive(request: HttpRequest) -> HttpResponse:
    authenticate_key(request, scope=TAP).require()
    body = _body(request)
    device = _device(body.get("device"))
    if "taps" in body:
        items = _batch(body["taps"])
        decisions = services.tap_batch(device=device, items=items)
        return _json({"device": device.code, "decisions": [_shown(d) for d in decisions]})
    item = _item(body, field="")
    decision = services.tap(device=device, number=item.number, at=item.at, offline=False)
    return _json({"device": device.code, **_shown(decision)})


def _json(data: dict[str, Any]) -> JsonResponse:
    return JsonResponse(data, json_dumps_params={"ensure_ascii": False})


def _shown(decision: Decision) -> dict[str, Any]:
    return {**decision.as_dict(), "label": LABELS.get(decision.reason, decision.reason)}


def _body(request: HttpRequest) -> dict[str, Any]:
    if len(request.body) > MAX_BYTES:
        raise ApiError(
            413, f"Corps trop volumineux : {MAX_BYTES} octets au plus.", code="too_large"
        )
    if (request.content_type or "") != JSON:
        raise ApiError(400, "Format non pris en charge : envoyez application/json.", code="invalid")
    try:
        data = json.loads(request.body.decode("utf-8-sig"))
    except (ValueError, RecursionError):
        raise errors.bad_request("Le corps de la requête n'est pas un JSON valide.") from None
    if not isinstance(data, dict):
        raise errors.bad_request(
            "Le corps JSON doit être un objet {device, card, at} ou {device, taps}."
        )
    return data


def _device(code: Any) -> Device:
    if not isinstance(code, str) or not code:
        raise errors.bad_request("Le valideur (device) est obligatoire.", field="device")
    device = Device.objects.filter(code=code).first()
    if device is None:
        raise errors.bad_request(f"Valideur inconnu : {code[:40]}.", field="device")
    if not device.is_active:
        raise errors.bad_request(f"Le valideur {device.code} est hors service.", field="device")
    return device


def _batch(raw: Any) -> list[BatchItem]:
    if not isinstance(raw, list) or not raw:
        raise errors.bad_request("taps doit être une liste non vide de validations.", field="taps")
    if len(raw) > MAX_TAPS:
        raise ApiError(
            413, f"Lot trop grand : {len(raw)} validations, {MAX_TAPS} au plus.", code="too_large"
        )
    items, details = [], []
    for position, entry in enumerate(raw):
        try:
            items.append(_item(entry, field=f"taps[{position}]."))
        except ApiError as refused:
            details.extend(refused.details)
    if details:
        message = f"{len(details)} validation(s) invalide(s) : aucune n'est prise en compte."
        raise ApiError(400, message, details=details[:100])
    return items


def _item(entry: Any, *, field: str) -> BatchItem:
    if not isinstance(entry, dict):
        raise ApiError(
            400,
            "Une validation est un objet {card, at}.",
            details=[Detail("objet attendu", field.rstrip(".") or None)],
        )
    details = []
    number = ""
    try:
        number = numbers.clean(str(entry.get("card") or ""))
    except ValidationError as refused:
        details.append(Detail(" ".join(refused.messages), f"{field}card"))
    at = _time(entry.get("at"))
    if at is None:
        details.append(Detail("Heure ISO 8601 avec son décalage attendue.", f"{field}at"))
    elif at > timezone.now() + CLOCK_SLACK:
        details.append(
            Detail("Heure dans le futur : vérifiez l'horloge du valideur.", f"{field}at")
        )
    if details or at is None:
        raise ApiError(400, details[0].message, details=details)
    return BatchItem(number, at)


def _time(raw: Any) -> datetime | None:
    if not isinstance(raw, str):
        return None
    try:
        moment = datetime.fromisoformat(raw)
    except ValueError:
        return None
    return moment if timezone.is_aware(moment) else None
