"""GeoReport v2 endpoints: parse, check, call one selector or service, render.

Every failure a client can cause becomes a spec error document (JSON or XML) with a 4xx.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from functools import wraps
from typing import Any

from django.core.exceptions import SuspiciousOperation, ValidationError
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.http.multipartparser import MultiPartParserError
from django.shortcuts import render as render_page
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET

from massalia.core.security.clients import api_key_of
from massalia.core.security.idempotency import idempotent
from massalia.core.security.ratelimit import (
    by_ip,
    by_known_api_key,
    by_known_api_key_or_ip,
    ratelimit,
)
from massalia.core.security.refusals import Refusal, with_retry_after
from massalia.core.uploads import UploadRejected
from massalia.open311 import selectors, serializers, services
from massalia.open311.errors import Open311Error, bad_request, not_found
from massalia.open311.parsing import (
    check_jurisdiction,
    parse_query,
    parse_submission,
    read_body,
    read_media,
)
from massalia.open311.renderers import render

log = logging.getLogger(__name__)
FORMATS = ("json", "xml")
View = Callable[..., HttpResponse]


def error_response(exc: Open311Error, fmt: str) -> HttpResponse:
    return render(
        serializers.errors(exc.status, exc.descriptions), fmt, root="errors", status=exc.status
    )


def refused(request: HttpRequest, refusal: Refusal, kwargs: Mapping[str, Any]) -> HttpResponse:
    """Rate-limit and idempotency refusals, in the spec's error format."""
    fmt = kwargs.get("fmt")
    response = error_response(
        Open311Error(refusal.status, refusal.message), fmt if fmt in FORMATS else "xml"
    )
    if request.method in ("GET", "HEAD"):
        response["Access-Control-Allow-Origin"] = "*"
    return with_retry_after(response, refusal)


# Reads are generous; they sit outside the endpoint so the spec's catch-all cannot swallow them.
# A client with a real key has its own count; every IP has a ceiling whatever the keys it sends
# (checked first: it costs no database query).
READS = ("GET", "HEAD")
_read_limit_key = ratelimit(
    "open311-read",
    rate="300/m",
    key=by_known_api_key_or_ip(services.is_active_key),
    methods=READS,
    responder=refused,
)
_read_limit_ip = ratelimit(
    "open311-read-ip", rate="600/m", key=by_ip, methods=READS, responder=refused
)


def endpoint(*methods: str, jurisdiction: bool = True) -> Callable[[View], View]:
    """Format check, allowed methods, CORS and rate limit on reads, errors in the spec's format.

    With `jurisdiction`, a jurisdiction_id in the query string must be ours (404 otherwise).
    """
    allowed = set(methods) | ({"HEAD"} if "GET" in methods else set())

    def decorate(view: View) -> View:
        @csrf_exempt  # clients authenticate with api_key, not with a session
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, fmt: str, **kwargs: Any) -> HttpResponse:
            if fmt not in FORMATS:
                response = error_response(not_found(f"Format inconnu : « {fmt[:20]} »."), "xml")
            elif request.method not in allowed:
                response = error_response(
                    Open311Error(405, f"Méthode {request.method} non autorisée ici."), fmt
                )
                response["Allow"] = ", ".join(sorted(allowed))
            else:
                response = _run(view, request, fmt, jurisdiction, *args, **kwargs)
            if request.method in ("GET", "HEAD"):
                response["Access-Control-Allow-Origin"] = "*"
            return response

        return _read_limit_ip(_read_limit_key(wrapper))

    return decorate


def _run(
    view: View, request: HttpRequest, fmt: str, jurisdiction: bool, *args: Any, **kwargs: Any
) -> HttpResponse:
    try:
        if jurisdiction:
            check_jurisdiction(request.GET)
        return view(request, *args, fmt=fmt, **kwargs)
    except Open311Error as exc:
        return error_response(exc, fmt)
    except ValidationError as exc:
        return error_response(Open311Error.from_validation(exc), fmt)
    except UploadRejected as exc:
        return error_response(bad_request(f"media : {exc}"), fmt)
    except (SuspiciousOperation, MultiPartParserError, UnicodeError) as exc:
        log.info("open311: refused request: %s", exc)
        return error_response(bad_request("Requête invalide ou trop volumineuse."), fmt)
    except (OperationalError, InterfaceError):
        raise  # the database is down: core.resilience answers 503 with Retry-After
    except Exception:
        # The spec's "general service error": the client must tell us, so log it loudly.
        log.exception("open311: unexpected failure on %s", request.path)
        return error_response(
            bad_request("Erreur du service : merci de signaler ce problème."), fmt
        )


@endpoint("GET", jurisdiction=False)  # the spec's discovery takes no jurisdiction_id
def discovery(request: HttpRequest, *, fmt: str) -> HttpResponse:
    return render(serializers.discovery(request), fmt, root="discovery")


@endpoint("GET")
def services_list(request: HttpRequest, *, fmt: str) -> HttpResponse:
    rows = [serializers.service(t) for t in selectors.public_services()]
    return render(rows, fmt, root="services")


@endpoint("GET")
def service_definition(request: HttpRequest, *, code: str, fmt: str) -> HttpResponse:
    request_type = selectors.public_service(code[:60])
    if request_type is None:
        raise not_found(f"service_code inconnu : « {code[:60]} ».")
    return render(serializers.service_definition(request_type), fmt, root="service_definition")


@ratelimit(
    "open311-post", rate="30/m", key=by_known_api_key(services.is_active_key), responder=refused
)
@ratelimit("open311-post-ip", rate="60/m", key=by_ip, responder=refused)
@idempotent("open311-requests", responder=refused)
@endpoint("GET", "POST")
def requests_list(request: HttpRequest, *, fmt: str) -> HttpResponse:
    if request.method == "POST":
        return _create(request, fmt)
    rows = selectors.search_requests(parse_query(request.GET))
    return render(serializers.service_requests(rows, request), fmt, root="service_requests")


def _create(request: HttpRequest, fmt: str) -> HttpResponse:
    fields = read_body(request)
    check_jurisdiction(fields)
    # The X-Api-Key header, else api_key: read as the rate limits read it.
    api_key = services.authenticate(raw=api_key_of(request))
    if api_key is None:
        raise Open311Error(403, "Clé d'API (api_key ou X-Api-Key) manquante ou invalide.")
    submission = parse_submission(fields)
    media = read_media(request, fields)
    request_type = selectors.public_service(submission.service_code)
    if request_type is None:
        # The spec's POST errors: 404 when service_code is not found.
        raise not_found(f"service_code inconnu : « {submission.service_code} ».")
    created = services.submit_from_client(
        api_key=api_key,
        request_type=request_type,
        location=selectors.resolve_location(submission),
        description=submission.description,
        raw_attributes=submission.attributes,
        email=submission.email,
        name=submission.name,
        media=media,
    )
    return render(serializers.created(created), fmt, root="service_requests")


@endpoint("GET")
def request_detail(request: HttpRequest, *, request_id: str, fmt: str) -> HttpResponse:
    row = selectors.published_request(int(request_id)) if _is_id(request_id) else None
    if row is None:
        raise not_found(f"Demande introuvable : « {request_id[:20]} ».")
    return render(serializers.service_requests([row], request), fmt, root="service_requests")


def _is_id(value: str) -> bool:
    return value.isascii() and value.isdigit() and 0 < int(value) < 2**62


@require_GET
def confirm_address(request: HttpRequest, token: str) -> HttpResponse:
    """The link of the confirmation email: a page for a person, not an API answer."""
    if services.confirm_address(token=token[:500]):
        context = {
            "title": "Adresse confirmée",
            "message": "Merci : votre adresse est confirmée. Vous recevrez désormais le suivi "
            "des demandes déposées avec elle par les applications partenaires.",
        }
        return render_page(request, "errors/error.html", context)
    context = {
        "title": "Lien de confirmation inconnu",
        "message": "Ce lien n'est pas valable ou a expiré : vérifiez qu'il est complet.",
    }
    return render_page(request, "errors/error.html", context, status=404)


@csrf_exempt
def unknown(request: HttpRequest, rest: str = "") -> HttpResponse:
    """Any other path under the API root: a spec 404 rather than an HTML page."""
    fmt = "json" if rest.endswith(".json") else "xml"
    response = error_response(not_found("Ressource inconnue."), fmt)
    response["Access-Control-Allow-Origin"] = "*"
    return response
