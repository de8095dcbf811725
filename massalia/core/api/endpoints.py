"""An API, declared: its endpoints, its scopes' home, and how it answers errors.

Each API (Open311, and the NGSI-LD and open-data APIs to come) declares one `Api` with one
`Endpoint` per operation — URL name, path, method, summary, `Param`s, request body, responses —
and registers it. From that one declaration come its OpenAPI document (`openapi.document`), the
server's parameter checks (`Param.read`), and the test that every URL of the API is declared.

`Api.run(request, call)` is the one place where what a view raises becomes the API's error
format (`errors.from_exception`, then `Api.render_error`); `Api.responder` does the same for
the rate limits' and idempotency keys' refusals.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse

from massalia.core.api import errors
from massalia.core.api.errors import ApiError
from massalia.core.api.params import Param, Schema
from massalia.core.extensions import Registry
from massalia.core.security.refusals import Refusal

log = logging.getLogger(__name__)
ErrorRenderer = Callable[[HttpRequest, ApiError], HttpResponse]


@dataclass(frozen=True)
class Endpoint:
    """One operation: a method on a path, as the document shows it and the URLconf names it."""

    url_name: str  # "open311:requests"
    path: str  # below the API's root, e.g. "/requests.json" or "/requests/{id}.json"
    method: str  # "get", "post", …
    operation_id: str
    summary: str
    ok: Schema  # the 200 response: {"description": …, "content": …}
    parameters: tuple[Param, ...] = ()
    body: Mapping[str, Schema] | None = None  # content type → schema
    errors: tuple[int, ...] = ()  # the statuses it may answer besides the API's usual ones


@dataclass
class Api:
    key: str  # "open311"
    title: str
    version: str
    description: str
    root: str  # URL name of the API's root, the document's server
    render_error: ErrorRenderer = errors.render_json
    error_schema: Schema = field(default_factory=lambda: dict(errors.SCHEMA))
    error_texts: Mapping[int, str] = field(default_factory=dict)  # status → what it means
    usual_errors: tuple[int, ...] = (405, 429)  # every operation may answer these
    # The unexpected failure, as the API reports it (Open311's spec calls it a 400).
    unexpected: ApiError = field(
        default_factory=lambda: ApiError(500, "Erreur du service : merci de la signaler.")
    )
    endpoints: list[Endpoint] = field(default_factory=list)
    schemas: Callable[[], dict[str, Schema]] = dict
    # URL names of the API's namespace that are no operation of it, each with the reason.
    not_operations: Mapping[str, str] = field(default_factory=dict)

    @property
    def namespace(self) -> str:
        return self.root.split(":", 1)[0]

    def run(self, request: HttpRequest, call: Callable[[], HttpResponse]) -> HttpResponse:
        """`call()`, with every client error it raises answered in this API's format."""
        try:
            return call()
        except (OperationalError, InterfaceError):
            raise  # the database is down: core.resilience answers 503 with Retry-After
        except Exception as exc:
            error = errors.from_exception(exc)
            if error is None:
                # A fault of ours: the client must be able to report it, so log it loudly.
                log.exception("%s: unexpected failure on %s", self.key, request.path)
                error = self.unexpected
            elif error.status == 400 and not isinstance(exc, ApiError):
                log.info("%s: refused request: %s", self.key, exc)
            return self.render_error(request, error)

    def error(self, request: HttpRequest, error: ApiError) -> HttpResponse:
        return self.render_error(request, error)

    def responder(
        self, request: HttpRequest, refusal: Refusal, kwargs: Mapping[str, Any]
    ) -> HttpResponse:
        """A core.security Responder: refusals in this API's format."""
        error = errors.from_refusal(refusal.status, refusal.message, refusal.retry_after)
        return self.render_error(request, error)


apis: Registry[Api] = Registry("API")


def register(api: Api) -> Api:
    """Make an API known (its document's test, the declared-URLs test); call it once."""
    return apis.register(api)
