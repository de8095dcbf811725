"""Idempotency keys: a POST sent again with the same `Idempotency-Key` is not run twice.

Same key, same client, same body → the first response is replayed (header
`Idempotent-Replayed: true`). Same key with another body → 422. A retry that arrives while
the first attempt is still running → 409 with Retry-After. Only successful (2xx) responses
are kept, so a client may correct a refused request and send it again with the same key.

Records live in Django's default cache for IDEMPOTENCY_TTL seconds (24 h). In embedded mode
that is the process's memory; production must use a shared cache (Redis, CACHE_URL) so that
every web process sees the same keys. `cache.add()` is the lock: it is atomic in the local
memory, Redis, Memcached and database caches, so two concurrent retries cannot both run.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import SuspiciousOperation
from django.http import HttpRequest, HttpResponse
from django.http.multipartparser import MultiPartParserError

from massalia.core.api.params import Param
from massalia.core.security.clients import api_key_of, client_ip, fingerprint
from massalia.core.security.refusals import Refusal, Responder, default_responder

View = Callable[..., HttpResponse]
HEADER = "Idempotency-Key"
REPLAYED_HEADER = "Idempotent-Replayed"
CACHE_PREFIX = "massalia:idem"
DEFAULT_TTL = 24 * 3600
# How long a crashed attempt may hold its key before a retry is allowed to run.
LOCK_SECONDS = 60
# Declared once: the APIs' documents show it, and the decorator checks keys against it.
IDEMPOTENCY_KEY = Param(
    HEADER,
    "header",
    description="Renvoyée avec le même corps, la requête n'est pas déposée deux fois. "
    "De 1 à 255 caractères ASCII visibles (400 sinon).",
    schema={"type": "string", "minLength": 1, "maxLength": 255, "pattern": "^[!-~]+$"},
    clean=False,
)
_KEPT_HEADERS = ("Content-Type", "Location")


def client_of(request: HttpRequest) -> str:
    """Whose key this is: the API key, else the signed-in user, else the IP address."""
    key = api_key_of(request)
    if key:
        return "key:" + fingerprint(key)
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return f"user:{user.pk}"
    return "ip:" + client_ip(request)


def idempotent(scope: str, *, responder: Responder = default_responder) -> Callable[[View], View]:
    """Honour the Idempotency-Key header on POST (see the module's docstring)."""

    def decorate(view: View) -> View:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            raw = request.headers.get(HEADER)
            if request.method != "POST" or raw is None:
                return view(request, *args, **kwargs)
            if not raw or not IDEMPOTENCY_KEY.is_valid(raw):
                return responder(request, INVALID_KEY, kwargs)
            try:
                body = body_fingerprint(request)
            except (SuspiciousOperation, MultiPartParserError, UnicodeError, OSError):
                return view(request, *args, **kwargs)  # the view reports the unreadable body
            cache_key = f"{CACHE_PREFIX}:{scope}:{fingerprint(client_of(request), raw)}"
            if not cache.add(cache_key, {"state": "pending", "body": body}, LOCK_SECONDS):
                return _answer_retry(request, cache.get(cache_key), body, responder, kwargs)
            try:
                response = view(request, *args, **kwargs)
            except BaseException:
                cache.delete(cache_key)
                raise
            _keep(cache_key, body, response)
            return response

        return wrapper

    return decorate


INVALID_KEY = Refusal(
    400,
    "En-tête Idempotency-Key invalide",
    "L'en-tête Idempotency-Key doit compter de 1 à 255 caractères ASCII visibles.",
)
OTHER_BODY = Refusal(
    422,
    "Clé d'idempotence déjà utilisée",
    "Cette clé Idempotency-Key a déjà servi pour une requête différente : "
    "utilisez une nouvelle clé pour une nouvelle requête.",
)
IN_PROGRESS = Refusal(
    409,
    "Requête en cours de traitement",
    "Une requête avec cette clé Idempotency-Key est en cours de traitement : "
    "réessayez dans un instant.",
    retry_after=1,
)


def _answer_retry(
    request: HttpRequest,
    stored: dict[str, Any] | None,
    body: str,
    responder: Responder,
    kwargs: dict[str, Any],
) -> HttpResponse:
    if stored is None:  # the first attempt just ended without a result to keep
        return responder(request, IN_PROGRESS, kwargs)
    if stored["body"] != body:
        return responder(request, OTHER_BODY, kwargs)
    if stored["state"] != "done":
        return responder(request, IN_PROGRESS, kwargs)
    response = HttpResponse(stored["content"], status=stored["status"])
    for name, value in stored["headers"].items():
        response[name] = value
    response[REPLAYED_HEADER] = "true"
    return response


def _keep(cache_key: str, body: str, response: HttpResponse) -> None:
    render = getattr(response, "render", None)
    if callable(render) and not getattr(response, "is_rendered", True):
        render()
    if response.streaming or not 200 <= response.status_code < 300:
        cache.delete(cache_key)
        return
    record = {
        "state": "done",
        "body": body,
        "status": response.status_code,
        "content": response.content,
        "headers": {name: response[name] for name in _KEPT_HEADERS if response.has_header(name)},
    }
    cache.set(cache_key, record, int(getattr(settings, "IDEMPOTENCY_TTL", DEFAULT_TTL)))


def body_fingerprint(request: HttpRequest) -> str:
    """A digest of what was asked: path, query and body (multipart by fields and file contents,
    since a client's retry may use another boundary)."""
    digest = hashlib.sha256()
    digest.update(request.get_full_path().encode("utf-8") + b"\x00")
    if request.content_type == "multipart/form-data":
        for name, values in sorted(request.POST.lists()):
            digest.update(repr((name, values)).encode("utf-8"))
        for name, files in sorted(request.FILES.lists()):
            for upload in files:
                digest.update(repr((name, upload.name, upload.size)).encode("utf-8"))
                for chunk in upload.chunks():
                    digest.update(chunk)
                upload.seek(0)
    else:
        digest.update(request.body)
    return digest.hexdigest()
