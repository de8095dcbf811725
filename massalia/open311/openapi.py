"""Open311 declared: one `Endpoint` per GeoReport v2 operation, the body and answer schemas,
and the error format; the OpenAPI 3.0 document served at openapi.json is generated from them
(`core.api.openapi`), and the query parameters are those the server reads (`parsing`).

The contract in `massalia.open311.__init__` is the reference; the tests check the document
against the running endpoints (schemathesis) and against the OpenAPI specification itself.
Only the JSON format is described; every path also answers in XML with the `.xml` suffix.
"""

from __future__ import annotations

import copy

from massalia.core.api import openapi, scopes
from massalia.core.api.endpoints import Api, Endpoint, register
from massalia.core.api.errors import ApiError
from massalia.core.api.params import Param, Schema
from massalia.core.security.clients import API_KEY_HEADER
from massalia.core.security.idempotency import IDEMPOTENCY_KEY
from massalia.core.text import BLANK_CLASS
from massalia.open311.errors import render_error
from massalia.open311.parsing import (
    JURISDICTION,
    LIST_FILTERS,
    MAX_ADDRESS,
    MAX_DESCRIPTION,
    MAX_NAME,
)
from massalia.open311.serializers import CHANGESET, SPECIFICATION

# The scope a key needs to file requests (reads need no key).
WRITE = "open311:write"

JSON = "application/json"
FORM = "application/x-www-form-urlencoded"
MULTIPART = "multipart/form-data"
# At least one character that the server keeps once the text is cleaned and stripped: not a
# space of any script, a control, a bidirectional control or a zero-width space.
_NOT_BLANK = f"[^{BLANK_CLASS}]"


def _ref(name: str) -> Schema:
    return {"$ref": f"#/components/schemas/{name}"}


def _ok(description: str, schema: Schema) -> Schema:
    return {"description": description, "content": {JSON: {"schema": schema}}}


def _array(name: str) -> Schema:
    return {"type": "array", "items": _ref(name)}


def _text(max_length: int, description: str) -> Schema:
    return {"type": "string", "maxLength": max_length, "description": description}


def _filled(max_length: int, description: str) -> Schema:
    """A text field that counts only when it holds something (blank is the same as missing)."""
    return {**_text(max_length, description), "minLength": 1, "pattern": _NOT_BLANK}


_NULLABLE_TEXT = {"type": "string", "nullable": True}


def schemas() -> dict[str, Schema]:
    """The body and answer schemas (jurisdiction_id allows the one this platform serves)."""
    out = copy.deepcopy(SCHEMAS)
    out["NewRequest"]["properties"]["jurisdiction_id"].update(JURISDICTION.resolved_schema())
    return out


SCHEMAS: dict[str, Schema] = {
    "Error": {
        "type": "object",
        "required": ["code", "description"],
        "properties": {
            "code": {"type": "integer", "description": "Le statut HTTP de la réponse."},
            "description": {"type": "string", "description": "Le message, en français."},
        },
    },
    "Discovery": {
        "type": "object",
        "required": ["changeset", "contact", "key_service", "endpoints"],
        "properties": {
            "changeset": {"type": "string"},
            "contact": {"type": "string"},
            "key_service": {"type": "string"},
            "endpoints": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["specification", "url", "changeset", "type", "formats"],
                    "properties": {
                        "specification": {"type": "string"},
                        "url": {"type": "string"},
                        "changeset": {"type": "string"},
                        "type": {"type": "string", "enum": ["production", "test"]},
                        "formats": {"type": "array", "items": {"type": "string"}},
                    },
                },
            },
        },
    },
    "Service": {
        "type": "object",
        "required": ["service_code", "service_name", "metadata", "type"],
        "properties": {
            "service_code": {"type": "string"},
            "service_name": {"type": "string"},
            "description": {"type": "string"},
            "metadata": {"type": "boolean"},
            "type": {"type": "string", "enum": ["realtime", "batch", "blackbox"]},
            "keywords": {"type": "string"},
            "group": {"type": "string"},
        },
    },
    "Attribute": {
        "type": "object",
        "required": ["variable", "code", "datatype", "required", "order", "description"],
        "properties": {
            "variable": {"type": "boolean"},
            "code": {"type": "string"},
            "datatype": {
                "type": "string",
                "enum": [
                    "string",
                    "number",
                    "datetime",
                    "text",
                    "singlevaluelist",
                    "multivaluelist",
                ],
            },
            "required": {"type": "boolean"},
            "datatype_description": _NULLABLE_TEXT,
            "order": {"type": "integer", "minimum": 1},
            "description": {"type": "string"},
            "values": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["key", "name"],
                    "properties": {"key": {"type": "string"}, "name": {"type": "string"}},
                },
            },
        },
    },
    "ServiceDefinition": {
        "type": "object",
        "required": ["service_code", "attributes"],
        "properties": {
            "service_code": {"type": "string"},
            "attributes": {"type": "array", "items": _ref("Attribute")},
        },
    },
    "ServiceRequest": {
        "type": "object",
        "required": ["service_request_id", "status", "service_code", "requested_datetime"],
        "properties": {
            "service_request_id": {"type": "integer"},
            "status": {"type": "string", "enum": ["open", "closed"]},
            "status_notes": _NULLABLE_TEXT,
            "service_name": {"type": "string"},
            "service_code": {"type": "string"},
            "description": {"type": "string"},
            "agency_responsible": _NULLABLE_TEXT,
            "service_notice": _NULLABLE_TEXT,
            "requested_datetime": {"type": "string", "format": "date-time"},
            "updated_datetime": {"type": "string", "format": "date-time", "nullable": True},
            "expected_datetime": {"type": "string", "format": "date-time", "nullable": True},
            "address": _NULLABLE_TEXT,
            "address_id": _NULLABLE_TEXT,
            "zipcode": _NULLABLE_TEXT,
            "lat": {"type": "number", "nullable": True},
            "long": {"type": "number", "nullable": True},
            "media_url": _NULLABLE_TEXT,
        },
    },
    "CreatedRequest": {
        "type": "object",
        "required": ["service_request_id", "service_notice"],
        "properties": {
            "service_request_id": {"type": "integer"},
            "service_notice": {"type": "string"},
            "account_id": _NULLABLE_TEXT,
        },
    },
    "NewRequest": {
        "type": "object",
        "required": ["service_code"],
        "description": "Un lieu est obligatoire : lat et long, sinon address_id (le slug d'un "
        "quartier), sinon address_string. phone, media_url, device_id et account_id sont "
        "acceptés et ignorés. La clé d'API est le champ api_key ou l'en-tête X-Api-Key.",
        # The location rules, as the server applies them (400 otherwise): a place is given,
        # and lat and long go together.
        "allOf": [
            {
                "anyOf": [
                    {"required": ["lat", "long"]},
                    {"required": ["address_id"]},
                    {"required": ["address_string"]},
                ]
            },
            {
                "anyOf": [
                    {"required": ["lat", "long"]},
                    {"not": {"anyOf": [{"required": ["lat"]}, {"required": ["long"]}]}},
                ]
            },
        ],
        "properties": {
            "api_key": _text(
                200, "La clé délivrée par l'administration, sauf en-tête X-Api-Key (403 sinon)."
            ),
            "jurisdiction_id": {
                "type": "string",
                "description": "Facultatif ; toute autre juridiction que celle-ci répond 404.",
            },
            "service_code": {
                **_text(60, "Le code d'un service de services.json."),
                "minLength": 1,
                "pattern": _NOT_BLANK,
            },
            "lat": {"type": "number", "minimum": -90, "maximum": 90},
            "long": {"type": "number", "minimum": -180, "maximum": 180},
            "address_string": _filled(MAX_ADDRESS, "Une adresse dans la ville."),
            "address_id": _filled(120, "Le slug d'un quartier."),
            "email": {"type": "string", "maxLength": 254, "format": "email"},
            "device_id": {"type": "string"},
            "account_id": {"type": "string"},
            "first_name": _text(MAX_NAME, "Jamais publié."),
            "last_name": _text(MAX_NAME, "Jamais publié."),
            "phone": {"type": "string"},
            "description": _text(MAX_DESCRIPTION, "Le problème, publié."),
            "media_url": {"type": "string"},
            "attribute": {
                "type": "object",
                "description": "Les attributs du service (voir services/{service_code}.json). "
                "En formulaire : attribute[code]=valeur, attribute[code][]=v1&"
                "attribute[code][]=v2 pour une liste à choix multiples.",
                "additionalProperties": {
                    "oneOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}]
                },
            },
        },
    },
}

# The spec's `media`: one image file, in multipart/form-data only.
_WITH_MEDIA: Schema = {
    "allOf": [
        _ref("NewRequest"),
        {
            "type": "object",
            "properties": {
                "media": {
                    "type": "string",
                    "format": "binary",
                    "description": "Une photo (JPEG, PNG, GIF ou WebP), ré-encodée sans ses "
                    "métadonnées (GPS compris) ; 400 si elle n'est pas une image acceptée.",
                }
            },
        },
    ]
}

ERROR_TEXTS: dict[int, str] = {
    400: "Paramètre manquant ou invalide, corps illisible ou trop volumineux.",
    403: "Clé d'API (api_key ou X-Api-Key) manquante, inconnue, révoquée ou sans le droit "
    f"{WRITE}.",
    404: "service_code, demande, ressource ou jurisdiction_id inconnue.",
    405: "Méthode non autorisée (l'en-tête Allow donne les méthodes permises).",
    409: "Une requête avec la même Idempotency-Key est encore en cours (Retry-After).",
    422: "La même Idempotency-Key a déjà servi pour un autre corps.",
    429: "Trop de requêtes : réessayez après Retry-After secondes.",
}

ID_PARAM = Param(
    "service_request_id",
    "path",
    description="L'identifiant numérique d'une demande publiée.",
    required=True,
)
CODE_PARAM = Param("service_code", "path", schema={"type": "string", "minLength": 1}, required=True)
API_KEY = Param(
    API_KEY_HEADER,
    "header",
    description="Une clé d'API active : ses lectures sont comptées à part de celles de "
    "l'adresse IP (une clé inconnue compte comme aucune). En POST, à la place du champ api_key.",
)


ENDPOINTS = [
    Endpoint(
        url_name="open311:discovery",
        path="/discovery.json",
        method="get",
        operation_id="discovery",
        summary="Points d'accès, formats et contact",
        parameters=(API_KEY,),
        ok=_ok("La découverte.", _ref("Discovery")),
    ),
    Endpoint(
        url_name="open311:services",
        path="/services.json",
        method="get",
        operation_id="services",
        summary="Les services publics actifs",
        parameters=(JURISDICTION, API_KEY),
        ok=_ok("Les services.", _array("Service")),
        errors=(404,),
    ),
    Endpoint(
        url_name="open311:service_definition",
        path="/services/{service_code}.json",
        method="get",
        operation_id="service_definition",
        summary="Les attributs d'un service",
        parameters=(CODE_PARAM, JURISDICTION, API_KEY),
        ok=_ok("La définition du service.", _ref("ServiceDefinition")),
        errors=(404,),
    ),
    Endpoint(
        url_name="open311:requests",
        path="/requests.json",
        method="get",
        operation_id="requests",
        summary="Les demandes publiées (90 derniers jours, 1000 au plus)",
        parameters=(*LIST_FILTERS, JURISDICTION, API_KEY),
        ok=_ok("Les demandes, les plus récentes d'abord.", _array("ServiceRequest")),
        errors=(400, 404),
    ),
    Endpoint(
        url_name="open311:requests",
        path="/requests.json",
        method="post",
        operation_id="create_request",
        summary="Déposer une demande (confirmée et transmise aussitôt)",
        parameters=(IDEMPOTENCY_KEY, API_KEY),
        body={
            FORM: _ref("NewRequest"),
            JSON: _ref("NewRequest"),
            MULTIPART: _WITH_MEDIA,
        },
        ok=_ok("La demande créée (liste d'un élément).", _array("CreatedRequest")),
        errors=(400, 403, 404, 409, 422),
    ),
    Endpoint(
        url_name="open311:request_detail",
        path="/requests/{service_request_id}.json",
        method="get",
        operation_id="request_detail",
        summary="Une demande publiée (liste d'un élément)",
        parameters=(ID_PARAM, JURISDICTION, API_KEY),
        ok=_ok("La demande.", _array("ServiceRequest")),
        errors=(404,),
    ),
]

API = Api(
    key="open311",
    title="Massalia — Open311 GeoReport v2",
    version=CHANGESET,
    description=f"GeoReport v2 ({SPECIFICATION}). Chaque chemin répond aussi en XML avec le "
    "suffixe .xml. Les erreurs sont une liste [{code, description}] ; le code reprend le "
    "statut HTTP. Seules les demandes publiées sont visibles, sans aucune donnée sur le "
    "demandeur.",
    root="open311:root",
    render_error=render_error,
    error_schema={"type": "array", "minItems": 1, "items": _ref("Error")},
    error_texts=ERROR_TEXTS,
    # The spec's "general service error" is a 400 whose description the client reports.
    unexpected=ApiError(400, "Erreur du service : merci de signaler ce problème."),
    endpoints=ENDPOINTS,
    schemas=schemas,
    not_operations={
        "open311:root": "the API root: answers the spec's 404 document",
        "open311:unknown": "any other path: answers the spec's 404 document",
        "open311:openapi": "this document itself",
        "open311:confirm_address": "a page for a person (the link of a confirmation email)",
    },
)


def build_document(*, server_url: str | None = None) -> Schema:
    """The OpenAPI document, generated from the declarations; `server_url` replaces the API
    root as the server when given."""
    return openapi.document(API, server_url=server_url)


openapi_json = openapi.view(lambda: API)


def register_api() -> None:
    """Declare Open311's scope (given to new keys by default) and its API (called at start)."""
    scopes.declare(WRITE, "Open311 : déposer des demandes", default=True)
    register(API)
