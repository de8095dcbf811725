"""One rate-limit mechanism over Django's cache: fixed windows counted per scope and client.

    @ratelimit("signup", rate="10/h")                  # per IP (the default)
    @ratelimit("open311-post", rate="30/m", key=by_api_key)

A client can invent API keys, so a key only counts apart once the core key check
(`core.api.keys.is_active_key`) accepted it: a made-up or revoked key is counted as no key,
under its IP, and a limit per key is always paired with a limit per IP (see
`clients.api_key_of`).

A scope's rate is tuned without code by RATELIMIT_<SCOPE> (e.g. RATELIMIT_OPEN311_POST=60/m);
RATELIMIT_ENABLED=false turns every limit off. Counters live in the default cache: the local
memory cache counts per process (embedded mode); production shares them through Redis.

A fixed window may let up to twice the rate through across a window boundary; that is
accepted for its simplicity and its one atomic `incr` per request.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import wraps
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse

from massalia.core.security.clients import api_key_of, client_ip, fingerprint
from massalia.core.security.config import Rate, parse_rate, scope_variable
from massalia.core.security.refusals import Refusal, Responder, default_responder, wait_phrase

View = Callable[..., HttpResponse]
# Who is counted: a string naming the client, or None to skip this limit for this request.
Key = Callable[[HttpRequest], str | None]
CACHE_PREFIX = "massalia:rl"


def clock() -> float:
    """Seconds since the epoch; the windows are cut from it (tests pin it inside one window)."""
    return time.time()


@dataclass(frozen=True)
class Decision:
    """Where a client stands in the current window."""

    allowed: bool
    count: int
    limit: int
    retry_after: int


def enabled() -> bool:
    return bool(getattr(settings, "RATELIMIT_ENABLED", True))


def rate_for(scope: str, default: str) -> Rate:
    """The scope's rate: RATELIMIT_<SCOPE> from settings.RATELIMIT_RATES, else `default`."""
    overrides: dict[str, str] = getattr(settings, "RATELIMIT_RATES", {}) or {}
    value = overrides.get(scope) or overrides.get(scope_variable(scope)) or default
    return parse_rate(value)


def by_ip(request: HttpRequest) -> str:
    return "ip:" + client_ip(request)


def by_api_key(request: HttpRequest) -> str | None:
    """Count per API key, for active keys only; other requests are not counted by this limit.

    Pair it with a limit `by_ip`: a key is checked only for requests that carry one.
    """
    from massalia.core.api.keys import is_active_key  # a model: not while apps load

    raw = api_key_of(request)
    return "key:" + fingerprint(raw) if raw and is_active_key(raw) else None


def by_api_key_or_ip(request: HttpRequest) -> str:
    """Count per active API key, else per IP: a made-up key is the same as no key."""
    return by_api_key(request) or by_ip(request)


def by_ip_and_field(field: str) -> Key:
    """Count per IP and a posted field (e.g. the username tried at sign-in)."""

    def key(request: HttpRequest) -> str:
        value = str(request.POST.get(field, "")).strip().lower()[:254]
        return f"{by_ip(request)}|{field}:{fingerprint(value)}"

    return key


def _window(rate: Rate, scope: str, ident: str) -> tuple[str, int]:
    now = clock()
    index = int(now // rate.seconds)
    retry_after = max(1, int((index + 1) * rate.seconds - now + 0.999))
    return f"{CACHE_PREFIX}:{scope}:{fingerprint(ident)}:{index}", retry_after


def hit(scope: str, ident: str, *, rate: Rate) -> Decision:
    """Count one event for `ident` and say whether it stays within the rate."""
    cache_key, retry_after = _window(rate, scope, ident)
    timeout = rate.seconds + 1
    if cache.add(cache_key, 1, timeout=timeout):
        count = 1
    else:
        try:
            count = cache.incr(cache_key)
        except ValueError:  # the window expired between add() and incr()
            cache.add(cache_key, 1, timeout=timeout)
            count = 1
    return Decision(count <= rate.count, count, rate.count, retry_after)


def peek(scope: str, ident: str, *, rate: Rate) -> Decision:
    """Where `ident` stands, without counting; not allowed once the count reached the rate."""
    cache_key, retry_after = _window(rate, scope, ident)
    count = int(cache.get(cache_key) or 0)
    return Decision(count < rate.count, count, rate.count, retry_after)


def clear(scope: str, ident: str, *, rate: Rate) -> None:
    cache.delete(_window(rate, scope, ident)[0])


def too_many(decision: Decision) -> Refusal:
    return Refusal(
        status=429,
        title="Trop de requêtes",
        message="Vous avez envoyé trop de requêtes en peu de temps. Merci de réessayer dans "
        f"{wait_phrase(decision.retry_after)}.",
        retry_after=decision.retry_after,
    )


def ratelimit(
    scope: str,
    *,
    rate: str,
    key: Key = by_ip,
    methods: Iterable[str] = ("POST",),
    responder: Responder = default_responder,
) -> Callable[[View], View]:
    """Refuse with 429 and Retry-After once a client sent more than `rate` requests.

    `rate` is the default ("30/m", "10/15m"); RATELIMIT_<SCOPE> overrides it. Only requests
    whose method is in `methods` are counted.
    """
    counted = {m.upper() for m in methods}
    parse_rate(rate)  # a typo in a default fails at import, not on the first request

    def decorate(view: View) -> View:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if enabled() and request.method in counted:
                ident = key(request)
                if ident is not None:
                    decision = hit(scope, ident, rate=rate_for(scope, rate))
                    if not decision.allowed:
                        return responder(request, too_many(decision), kwargs)
            return view(request, *args, **kwargs)

        return wrapper

    return decorate


def throttle_failures(
    scope: str,
    *,
    rate: str,
    key: Key,
    failed: Callable[[HttpRequest, HttpResponse], bool],
    refusal: Callable[[Decision], Refusal],
    responder: Responder = default_responder,
) -> Callable[[View], View]:
    """Lock a client out after `rate` failed POSTs (e.g. wrong passwords); a success resets.

    `failed(request, response)` says whether the POST failed; while locked, the view is not
    run at all, so a correct password does not get through either.
    """
    parse_rate(rate)

    def decorate(view: View) -> View:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            ident = key(request) if enabled() and request.method == "POST" else None
            if ident is None:
                return view(request, *args, **kwargs)
            limit = rate_for(scope, rate)
            state = peek(scope, ident, rate=limit)
            if not state.allowed:
                return responder(request, refusal(state), kwargs)
            response = view(request, *args, **kwargs)
            if failed(request, response):
                hit(scope, ident, rate=limit)
            else:
                clear(scope, ident, rate=limit)
            return response

        return wrapper

    return decorate


def form_redisplayed(request: HttpRequest, response: HttpResponse) -> bool:
    """A POSTed form answered 200 was shown again with errors; success redirects."""
    return response.status_code == 200


def login_locked(decision: Decision) -> Refusal:
    """The refusal shown while sign-in is locked after too many wrong passwords."""
    return Refusal(
        status=429,
        title="Connexion temporairement bloquée",
        message="Trop de tentatives de connexion ont échoué pour cet identifiant. Par sécurité, "
        f"la connexion est bloquée : réessayez dans {wait_phrase(decision.retry_after)}. "
        "Si vous avez oublié votre mot de passe, choisissez « Mot de passe oublié ? » sur la page "
        "de connexion.",
        retry_after=decision.retry_after,
    )
