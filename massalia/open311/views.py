"""GeoReport v2 endpoints: parse, check, call one selector or service, render.

Every failure a client can cause becomes a spec error document (JSON or XML) with a 4xx.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render as render_page
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET

from massalia.core.api.errors import bad_request, method_not_allowed, not_found
from massalia.core.api.keys import authenticate_key
from massalia.core.security.idempotency import idempotent
from massalia.core.security.ratelimit import (
    by_api_key,
    by_api_key_or_ip,
    by_ip,
    ratelimit,
)
from massalia.core.uploads import UploadRejected
from massalia.open311 import selectors, serializers, services
from massalia.open311.openapi import API, WRITE
from massalia.open311.parsing import (
    check_jurisdiction,
    parse_query,
    parse_submission,
    read_body,
    read_media,
)
from massalia.open311.renderers import render

FORMATS = ("json", "xml")
View = Callable[..., HttpResponse]
# Rate-limit and idempotency refusals, in the spec's error format.
refused = API.responder

# Reads are generous; they sit outside the endpoint so the spec's catch-all cannot swallow them.
# A client with a real key has its own count; every IP has a ceiling whatever the keys it sends
# (checked first: it costs no database query).
READS = ("GET", "HEAD")
_read_limit_key = ratelimit(
    "open311-read", rate="300/m", key=by_api_key_or_ip, methods=READS, responder=refused
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
                response = API.error(request, not_found(f"Format inconnu : « {fmt[:20]} »."))
            elif request.method not in allowed:
                response = API.error(request, method_not_allowed(str(request.method), allowed))
            else:
                response = API.run(
                    request, lambda: _run(view, request, fmt, jurisdiction, *args, **kwargs)
                )
            if request.method in ("GET", "HEAD"):
                response["Access-Control-Allow-Origin"] = "*"
            return response

        return _read_limit_ip(_read_limit_key(wrapper))

    return decorate


def _run(
    view: View, request: HttpRequest, fmt: str, jurisdiction: bool, *args: Any, **kwargs: Any
) -> HttpResponse:
    if jurisdiction:
        check_jurisdiction(request.GET)
    return view(request, *args, fmt=fmt, **kwargs)


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


@ratelimit("open311-post", rate="30/m", key=by_api_key, responder=refused)
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
    api_key = authenticate_key(request, scope=WRITE).require()
    submission = parse_submission(fields)
    media = read_media(request, fields)
    request_type = selectors.public_service(submission.service_code)
    if request_type is None:
        # The spec's POST errors: 404 when service_code is not found.
        raise not_found(f"service_code inconnu : « {submission.service_code} ».")
    try:
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
    except UploadRejected as exc:
        raise bad_request(str(exc), field="media") from exc
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
    response = API.error(request, not_found("Ressource inconnue."))
    response["Access-Control-Allow-Origin"] = "*"
    return response
