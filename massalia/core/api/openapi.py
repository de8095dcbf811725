"""The OpenAPI 3.0 document of a declared API, generated from its endpoints (never written by
hand), and the view that serves it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, JsonResponse
from django.urls import reverse
from django.views.decorators.http import require_GET

from massalia.core.api.endpoints import Api
from massalia.core.api.params import Schema

ERROR_SCHEMA = "Errors"
JSON = "application/json"


def document(api: Api, *, server_url: str | None = None) -> Schema:
    """The document of `api`: a fresh dict each time (parameters may depend on the settings)."""
    paths: dict[str, dict[str, Any]] = {}
    statuses: set[int] = set()
    for endpoint in api.endpoints:
        errors = sorted({*endpoint.errors, *api.usual_errors})
        statuses.update(errors)
        responses: Schema = {"200": endpoint.ok}
        for status in errors:
            responses[str(status)] = {"$ref": f"#/components/responses/E{status}"}
        operation: Schema = {
            "operationId": endpoint.operation_id,
            "summary": endpoint.summary,
            "parameters": [param.openapi() for param in endpoint.parameters],
        }
        if endpoint.body is not None:
            operation["requestBody"] = {
                "required": True,
                "content": {kind: {"schema": s} for kind, s in endpoint.body.items()},
            }
        operation["responses"] = responses
        paths.setdefault(endpoint.path, {})[endpoint.method] = operation
    missing = statuses - set(api.error_texts)
    if missing:
        raise ValueError(f"{api.key}: no description of the error statuses {sorted(missing)}")
    error_body = {JSON: {"schema": {"$ref": f"#/components/schemas/{ERROR_SCHEMA}"}}}
    return {
        "openapi": "3.0.3",
        "info": {"title": api.title, "version": api.version, "description": api.description},
        "servers": [{"url": server_url or reverse(api.root).rstrip("/")}],
        "paths": paths,
        "components": {
            "schemas": {**api.schemas(), ERROR_SCHEMA: api.error_schema},
            "responses": {
                f"E{status}": {"description": api.error_texts[status], "content": error_body}
                for status in sorted(statuses)
            },
        },
    }


def view(api: Callable[[], Api]) -> Callable[[HttpRequest], JsonResponse]:
    """A view serving the document of the API `api()` returns, readable from any origin."""

    @require_GET
    def serve(request: HttpRequest) -> JsonResponse:
        response = JsonResponse(document(api()), json_dumps_params={"ensure_ascii": False})
        response["Access-Control-Allow-Origin"] = "*"
        return response

    return serve
