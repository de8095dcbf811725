"""One error shape for the JSON APIs, and the one place our exceptions become it.

An `ApiError` is a status, a stable machine `code`, a French `message` and optional `details`
(one per field at fault). `from_exception` turns what views and services raise (validation,
permission, not found, unreadable bodies) into one; `from_refusal` does the same for the rate
limits' and idempotency keys' refusals. Each API renders it in its own format
(`Api.render_error`): `render_json` is the general one,

    {"error": {"code": "invalid", "message": "…", "details": [{"field": "…", "message": "…"}]}}

and Open311 renders the spec's `[{"code": 400, "description": "…"}]` from the same object.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import (
    ObjectDoesNotExist,
    PermissionDenied,
    SuspiciousOperation,
    ValidationError,
)
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.http.multipartparser import MultiPartParserError

CODES = {
    400: "invalid",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "too_large",
    422: "unprocessable",
    429: "rate_limited",
    500: "server_error",
    503: "unavailable",
}


@dataclass(frozen=True)
class Detail:
    """One fault: the field it concerns (None for the request as a whole) and a French text.

    `named`: the message already names its field ("page_size doit être…"), so a format that
    writes faults as plain sentences need not add it.
    """

    message: str
    field: str | None = None
    named: bool = False


class ApiError(Exception):
    """A refusal a client can understand: raise it anywhere below an API view."""

    def __init__(
        self,
        status: int,
        message: str,
        *,
        code: str = "",
        details: Iterable[Detail] = (),
        field: str | None = None,
        retry_after: int | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.code = code or CODES.get(status, "error")
        self.details = list(details) or ([Detail(message, field)] if field else [])
        self.retry_after = retry_after
        self.headers = dict(headers or {})


def bad_request(message: str, *, field: str | None = None) -> ApiError:
    return ApiError(400, message, field=field)


def not_found(message: str) -> ApiError:
    return ApiError(404, message)


def method_not_allowed(method: str, allowed: Iterable[str]) -> ApiError:
    return ApiError(
        405,
        f"Méthode {method} non autorisée ici.",
        headers={"Allow": ", ".join(sorted(allowed))},
    )


UNREADABLE = "Requête invalide ou trop volumineuse."


def from_validation(exc: ValidationError, status: int = 400) -> ApiError:
    """One detail per message, naming its field unless it concerns the whole request."""
    if not hasattr(exc, "error_dict"):
        details = [Detail(message) for message in exc.messages]
    else:
        details = [
            Detail(message, None if name == "__all__" else name)
            for name, messages in exc.message_dict.items()
            for message in messages
        ]
    details = details or [Detail("Requête invalide.")]
    message = details[0].message if len(details) == 1 else "Certaines valeurs sont invalides."
    return ApiError(status, message, details=details)


def from_exception(exc: BaseException) -> ApiError | None:
    """The client error `exc` stands for, or None when it is a fault of ours."""
    if isinstance(exc, ApiError):
        return exc
    if isinstance(exc, ValidationError):
        return from_validation(exc)
    if isinstance(exc, PermissionDenied):
        return ApiError(403, str(exc) or "Accès refusé.")
    if isinstance(exc, Http404 | ObjectDoesNotExist):
        return ApiError(404, "Ressource introuvable.")
    if isinstance(exc, SuspiciousOperation | MultiPartParserError | UnicodeError):
        return ApiError(400, UNREADABLE)
    return None


def from_refusal(status: int, message: str, retry_after: int | None = None) -> ApiError:
    """A rate limit's or an idempotency key's refusal (core.security.refusals.Refusal)."""
    return ApiError(status, message, retry_after=retry_after)


def finish(response: HttpResponse, error: ApiError) -> HttpResponse:
    """The headers every rendering of `error` carries (Retry-After, Allow)."""
    if error.retry_after is not None:
        response["Retry-After"] = str(max(1, error.retry_after))
    for name, value in error.headers.items():
        response[name] = value
    return response


def as_json(error: ApiError) -> dict[str, Any]:
    return {
        "error": {
            "code": error.code,
            "message": error.message,
            "details": [{"field": d.field, "message": d.message} for d in error.details],
        }
    }


def render_json(request: HttpRequest, error: ApiError) -> HttpResponse:
    """The general format of the platform's JSON APIs."""
    response = JsonResponse(
        as_json(error), status=error.status, json_dumps_params={"ensure_ascii": False}
    )
    return finish(response, error)


# The general format as an OpenAPI schema, for the documents of the APIs that use it.
SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["error"],
    "properties": {
        "error": {
            "type": "object",
            "required": ["code", "message", "details"],
            "properties": {
                "code": {"type": "string", "description": "Stable, pour les programmes."},
                "message": {"type": "string", "description": "Le message, en français."},
                "details": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "required": ["field", "message"],
                        "properties": {
                            "field": {"type": "string", "nullable": True},
                            "message": {"type": "string"},
                        },
                    },
                },
            },
        }
    },
}
