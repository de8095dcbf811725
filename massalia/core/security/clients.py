"""Who is asking: the client's IP address (behind trusted proxies) and its API key, if any."""

from __future__ import annotations

import hashlib
import ipaddress
import json

from django.conf import settings
from django.core.exceptions import SuspiciousOperation
from django.http import HttpRequest
from django.http.multipartparser import MultiPartParserError

API_KEY_HEADER = "X-Api-Key"
_MAX_KEY = 200


def client_ip(request: HttpRequest) -> str:
    """The address of the client, trusting X-Forwarded-For only as far as our own proxies.

    With TRUSTED_PROXY_COUNT = n, the n-th address from the right of X-Forwarded-For was
    written by our outermost proxy: anything left of it may be forged by the client.
    """
    remote = str(request.META.get("REMOTE_ADDR") or "")
    proxies = int(getattr(settings, "TRUSTED_PROXY_COUNT", 0) or 0)
    if proxies <= 0:
        return _valid(remote)
    forwarded = [
        part.strip()
        for part in str(request.META.get("HTTP_X_FORWARDED_FOR", "")).split(",")
        if part.strip()
    ]
    if len(forwarded) >= proxies:
        return _valid(forwarded[-proxies])
    # Fewer hops than proxies: the request reached us some other way; trust the socket.
    return _valid(remote)


def _valid(address: str) -> str:
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:
        return "unknown"


def api_key_of(request: HttpRequest) -> str:
    """The API key the client sent (header, query string, form field or JSON field), or "".

    It is not checked here, and a client can invent keys: a rate limit counts it apart only
    once the core key check accepted it (`ratelimit.by_api_key`), and is paired
    with a limit keyed by IP.
    """
    try:
        raw = request.headers.get(API_KEY_HEADER) or request.GET.get("api_key") or ""
        if not raw and request.method == "POST":
            raw = _read_posted_key(request)
    except (SuspiciousOperation, MultiPartParserError, UnicodeError):
        # Too many fields, too large or malformed: the view reports it; limits use the IP.
        return ""
    return str(raw)[:_MAX_KEY]


def _read_posted_key(request: HttpRequest) -> str:
    content_type = request.content_type or ""
    if content_type == "application/json":
        try:
            data = json.loads(request.body.decode("utf-8"))
        except (UnicodeDecodeError, ValueError, RecursionError):
            return ""
        value = data.get("api_key") if isinstance(data, dict) else None
        return value if isinstance(value, str) else ""
    if content_type in ("application/x-www-form-urlencoded", "multipart/form-data", ""):
        return str(request.POST.get("api_key") or "")
    return ""


def fingerprint(*parts: str | bytes) -> str:
    """A short stable digest, so cache keys never hold secrets or unbounded user text."""
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part.encode("utf-8") if isinstance(part, str) else part)
        digest.update(b"\x00")
    return digest.hexdigest()[:32]
