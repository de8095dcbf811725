"""Security headers on every response: Content-Security-Policy and Permissions-Policy.

Referrer-Policy, Cross-Origin-Opener-Policy, X-Content-Type-Options and X-Frame-Options come
from Django's SecurityMiddleware and XFrameOptionsMiddleware (SECURE_REFERRER_POLICY,
SECURE_CROSS_ORIGIN_OPENER_POLICY, ...): one place each, not restated here.

The policy forbids inline scripts, inline styles and event-handler attributes: pages carry
their data in data-* attributes read by static scripts (see core/static/massalia/maps.js).
Django's admin (5.2) follows the same rules, so it gets the same policy.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpRequest, HttpResponse

CSP_HEADER = "Content-Security-Policy"
# Geolocation for the site's own pages only: the report form's "Utiliser ma position" (the
# browser still asks the person); never for a frame of another origin.
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), display-capture=(), geolocation=(self), gyroscope=(), "
    "magnetometer=(), microphone=(), payment=(), usb=()"
)


def tile_source(tiles_url: str) -> str:
    """The origin map tiles come from, as a CSP source ('' when served by the site itself).

    Leaflet's '{s}' subdomain placeholder becomes a '*.' wildcard.
    """
    parts = urlsplit(tiles_url)
    if not parts.scheme or not parts.netloc:
        return ""
    host = parts.netloc.replace("{s}", "*")
    if "{" in host:  # another placeholder in the host: allow its parent domain's subdomains
        host = "*." + host.split(".", 1)[-1] if "." in host else host
    return f"{parts.scheme}://{host}"


@cache
def content_security_policy(tiles_url: str) -> str:
    images = " ".join(part for part in ("'self'", "data:", tile_source(tiles_url)) if part)
    directives = [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        f"img-src {images}",
        "connect-src 'self'",
        "frame-ancestors 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "object-src 'none'",
    ]
    return "; ".join(directives)


class SecurityHeadersMiddleware:
    """Adds the CSP and Permissions-Policy headers unless a view already set its own."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if CSP_HEADER not in response:
            response[CSP_HEADER] = content_security_policy(str(settings.MAP_TILES_URL))
        response.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response
