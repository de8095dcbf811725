"""The OpenAPI 3.0 description of the GeoReport v2 endpoints, served at openapi.json.

One Python dict, written by hand next to the views it describes: the contract in
`massalia.open311.__init__` is the reference, and the tests check this document against the
running endpoints (schemathesis) and against the OpenAPI specification itself.
Only the JSON format is described; every path also answers in XML with the `.xml` suffix.
"""

from __future__ import annotations

import copy
from typing import Any

from django.http import HttpRequest, JsonResponse
from django.urls import reverse
from django.views.decorators.http import require_GET

from massalia.core.security.clients import API_KEY_HEADER
from massalia.core.security.idempotency import HEADER as IDEMPOTENCY_HEADER
from massalia.open311.parsing import (
    DATE_PATTERN,
    IDS_PATTERN,
    MAX_ADDRESS,
    MAX_DESCRIPTION,
    MAX_IDS,
    MAX_NAME,
    MAX_PARAM,
    MAX_RESULTS,
    STATUS_PATTERN,
    jurisdiction,
)
from massalia.open311.serializers import CHANGESET, SPECIFICATION

Schema = dict[str, Any]

JSON = "application/json"
FORM = "application/x-www-form-urlencoded"
MULTIPART = "multipart/form-data"
# Text the server reads as given once stripped: at least one visible character.
_NOT_BLANK = "[^\\s\\u0000-\\u001f\\ufffe\\uffff\\ud800-\\udfff]"


def _ref(name: str) -> Schema:
    return {"$ref": f"#/components/schemas/{name}"}


def _error(description: str) -> Schema:
    return {"description": description, "content": {JSON: {"schema": _ref("Errors")}}}


def _ok(description: str, schema: Schema) -> Schema:
    return {"description": description, "content": {JSON: {"schema": schema}}}


def _responses(ok: Schema, *errors: str) -> Schema:
    out: Schema = {"200": ok}
    for status in (*errors, "405", "429"):
        out[status] = {"$ref": f"#/components/responses/E{status}"}
    return out


def _array(name: str) -> Schema:
    return {"type": "array", "items": _ref(name)}


def _query(name: str, description: str, schema: Schema | None = None) -> Schema:
    # An empty value is the same as a missing one (the spec's rule for optional arguments).
    return {
        "name": name,
        "in": "query",
        "required": False,
        "allowEmptyValue": True,
        "description": description,
        "schema": schema or {"type": "string"},
    }


def _text(max_length: int, description: str) -> Schema:
    return {"type": "string", "maxLength": max_length, "description": description}


def _filled(max_length: int, description: str) -> Schema:
    """A text field that counts only when it holds something (blank is the same as missing)."""
    return {**_text(max_length, description), "minLength": 1, "pattern": _NOT_BLANK}


_NULLABLE_TEXT = {"type": "string", "nullable": True}

SCHEMAS: Schema = {
    "Error": {
        "type": "object",
        "required": ["code", "description"],
        "properties": {
            "code": {"type": "integer", "description": "Le statut HTTP de la réponse."},
            "description": {"type": "string", "description": "Le message, en français."},
        },
    },
    "Errors": {"type": "array", "minItems": 1, "items": _ref("Error")},
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

_ERRORS: dict[str, str] = {
    "400": "Paramètre manquant ou invalide, corps illisible ou trop volumineux.",
    "403": "Clé d'API (api_key ou X-Api-Key) manquante, inconnue ou révoquée.",
    "404": "service_code, demande, ressource ou jurisdiction_id inconnue.",
    "405": "Méthode non autorisée (l'en-tête Allow donne les méthodes permises).",
    "409": "Une requête avec la même Idempotency-Key est encore en cours (Retry-After).",
    "422": "La même Idempotency-Key a déjà servi pour un autre corps.",
    "429": "Trop de requêtes : réessayez après Retry-After secondes.",
}

_ID_PARAM: Schema = {
    "name": "service_request_id",
    "in": "path",
    "required": True,
    "schema": {"type": "string"},
    "description": "L'identifiant numérique d'une demande publiée.",
}

_CODE_PARAM: Schema = {
    "name": "service_code",
    "in": "path",
    "required": True,
    "schema": {"type": "string", "minLength": 1},
}

_JURISDICTION = _query(
    "jurisdiction_id", "Facultatif : une seule juridiction ; toute autre répond 404."
)

_API_KEY: Schema = {
    "name": API_KEY_HEADER,
    "in": "header",
    "required": False,
    "description": "Une clé d'API active : ses lectures sont comptées à part de celles de "
    "l'adresse IP (une clé inconnue compte comme aucune). En POST, à la place du champ api_key.",
    "schema": {"type": "string"},
}

_LIST_FILTERS: list[Schema] = [
    _query(
        "service_request_id",
        f"Identifiants séparés par des virgules ({MAX_IDS} au plus) ; ignore tous les autres "
        "filtres.",
        {"type": "string", "maxLength": MAX_PARAM, "pattern": IDS_PATTERN},
    ),
    _query("service_code", "Codes de service séparés par des virgules."),
    _query(
        "start_date",
        "Date W3C (ex. 2024-05-01T00:00:00Z), de l'an 1900 à 2999.",
        {"type": "string", "format": "date-time", "pattern": DATE_PATTERN},
    ),
    _query(
        "end_date",
        "Date W3C ; la période ne dépasse pas 90 jours et commence avant sa fin.",
        {"type": "string", "format": "date-time", "pattern": DATE_PATTERN},
    ),
    _query(
        "status",
        "open, closed, ou les deux séparés par une virgule.",
        {"type": "string", "pattern": STATUS_PATTERN},
    ),
    _query(
        "page_size",
        f"Extension : au plus tant de demandes (1–{MAX_RESULTS}).",
        {"type": "integer", "minimum": 1, "maximum": MAX_RESULTS},
    ),
    _JURISDICTION,
    _API_KEY,
]

_IDEMPOTENCY: Schema = {
    "name": IDEMPOTENCY_HEADER,
    "in": "header",
    "required": False,
    "description": "Renvoyée avec le même corps, la requête n'est pas déposée deux fois. "
    "De 1 à 255 caractères ASCII visibles (400 sinon).",
    "schema": {"type": "string", "minLength": 1, "maxLength": 255, "pattern": "^[!-~]+$"},
}

DOCUMENT: Schema = {
    "openapi": "3.0.3",
    "info": {
        "title": "Massalia — Open311 GeoReport v2",
        "version": CHANGESET,
        "description": f"GeoReport v2 ({SPECIFICATION}). Chaque chemin répond aussi en XML "
        "avec le suffixe .xml. Les erreurs sont une liste [{code, description}] ; le code "
        "reprend le statut HTTP. Seules les demandes publiées sont visibles, sans aucune "
        "donnée sur le demandeur.",
    },
    "servers": [{"url": "/open311/v2"}],
    "paths": {
        "/discovery.json": {
            "get": {
                "operationId": "discovery",
                "summary": "Points d'accès, formats et contact",
                "parameters": [_API_KEY],
                "responses": _responses(_ok("La découverte.", _ref("Discovery"))),
            }
        },
        "/services.json": {
            "get": {
                "operationId": "services",
                "summary": "Les services publics actifs",
                "parameters": [_JURISDICTION, _API_KEY],
                "responses": _responses(
                    _ok("Les services.", {"type": "array", "items": _ref("Service")}), "404"
                ),
            }
        },
        "/services/{service_code}.json": {
            "get": {
                "operationId": "service_definition",
                "summary": "Les attributs d'un service",
                "parameters": [_CODE_PARAM, _JURISDICTION, _API_KEY],
                "responses": _responses(
                    _ok("La définition du service.", _ref("ServiceDefinition")), "404"
                ),
            }
        },
        "/requests.json": {
            "get": {
                "operationId": "requests",
                "summary": "Les demandes publiées (90 derniers jours, 1000 au plus)",
                "parameters": _LIST_FILTERS,
                "responses": _responses(
                    _ok("Les demandes, les plus récentes d'abord.", _array("ServiceRequest")),
                    "400",
                    "404",
                ),
            },
            "post": {
                "operationId": "create_request",
                "summary": "Déposer une demande (confirmée et transmise aussitôt)",
                "parameters": [_IDEMPOTENCY, _API_KEY],
                "requestBody": {
                    "required": True,
                    "content": {
                        FORM: {"schema": _ref("NewRequest")},
                        JSON: {"schema": _ref("NewRequest")},
                        MULTIPART: {"schema": _WITH_MEDIA},
                    },
                },
                "responses": _responses(
                    _ok("La demande créée (liste d'un élément).", _array("CreatedRequest")),
                    "400",
                    "403",
                    "404",
                    "409",
                    "422",
                ),
            },
        },
        "/requests/{service_request_id}.json": {
            "get": {
                "operationId": "request_detail",
                "summary": "Une demande publiée (liste d'un élément)",
                "parameters": [_ID_PARAM, _JURISDICTION, _API_KEY],
                "responses": _responses(_ok("La demande.", _array("ServiceRequest")), "404"),
            }
        },
    },
    "components": {
        "schemas": SCHEMAS,
        "responses": {f"E{status}": _error(text) for status, text in _ERRORS.items()},
    },
}


def build_document(*, server_url: str | None = None) -> Schema:
    """A deep copy of the OpenAPI document, its server URL replaced when one is given, and the
    jurisdiction_id this platform serves (from the settings) as the only one allowed."""
    document = copy.deepcopy(DOCUMENT)
    if server_url:
        document["servers"] = [{"url": server_url}]
    allowed = {"type": "string", "enum": [jurisdiction()]}
    for operations in document["paths"].values():
        for operation in operations.values():
            for parameter in operation.get("parameters", []):
                if parameter["name"] == "jurisdiction_id":
                    parameter["schema"] = dict(allowed)
    document["components"]["schemas"]["NewRequest"]["properties"]["jurisdiction_id"].update(allowed)
    return document


@require_GET
def openapi_json(request: HttpRequest) -> JsonResponse:
    """The document, with the server given as the API root of this site."""
    root = reverse("open311:root").rstrip("/")
    response = JsonResponse(
        build_document(server_url=root), json_dumps_params={"ensure_ascii": False}
    )
    response["Access-Control-Allow-Origin"] = "*"
    return response
