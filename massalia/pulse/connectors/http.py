"""Fetching over HTTP for the feed and Mastodon connectors: the standard library only.

Only http and https, a timeout on the whole exchange (PULSE_FETCH_TIMEOUT), a body capped at
PULSE_FETCH_MAX_BYTES, a User-Agent naming Massalia, and conditional GET: the ETag and
Last-Modified of the last answer are kept in the source's cursor, and a 304 means nothing new.
"""

from __future__ import annotations

import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from email.message import Message as Headers
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings

from massalia.pulse.connectors import ConnectorError

USER_AGENT = "Massalia-Barometre/1.0 (plateforme municipale ; relevé de flux publics)"
_CHUNK = 64 * 1024


@dataclass
class Fetched:
    url: str
    status: int
    body: bytes = b""
    headers: Headers = field(default_factory=Headers)

    @property
    def not_modified(self) -> bool:
        return self.status == 304

    def validators(self) -> dict[str, str]:
        """The ETag / Last-Modified to send back next time (kept in the cursor)."""
        found = {
            "etag": self.headers.get("ETag", ""),
            "last_modified": self.headers.get("Last-Modified", ""),
        }
        return {key: value for key, value in found.items() if value}


class _HttpOnlyRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req: Any, fp: Any, code: int, msg: str, headers: Any, newurl: str):  # type: ignore[no-untyped-def]  # the stdlib signature is untyped
        check_url(newurl)
        return super().redirect_request(req, fp, code, msg, headers, newurl)


_opener = urllib.request.build_opener(_HttpOnlyRedirects)


def check_url(url: str) -> str:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ConnectorError(f"adresse refusée (seules http et https sont acceptées) : {url}")
    return url


def get(url: str, *, accept: str, cursor: dict[str, Any] | None = None) -> Fetched:
    """GET `url`; with a cursor holding "etag"/"last_modified", a conditional GET."""
    request = urllib.request.Request(check_url(url), headers=_headers(accept, cursor or {}))
    timeout = settings.PULSE_FETCH_TIMEOUT
    deadline = time.monotonic() + timeout
    try:
        with _opener.open(request, timeout=timeout) as response:
            body = _read_capped(response, deadline)
            return Fetched(response.geturl(), response.status, body, response.headers)
    except urllib.error.HTTPError as exc:
        if exc.code == 304:
            return Fetched(url, 304, b"", exc.headers)
        raise ConnectorError(
            f"le serveur a répondu HTTP {exc.code} ({exc.reason}) pour {url}"
        ) from None
    except TimeoutError:
        raise ConnectorError(f"délai dépassé ({timeout} s) pour {url}") from None
    except urllib.error.URLError as exc:
        if isinstance(exc.reason, TimeoutError):
            raise ConnectorError(f"délai dépassé ({timeout} s) pour {url}") from None
        raise ConnectorError(f"serveur injoignable ({exc.reason}) pour {url}") from None
    except (OSError, ValueError) as exc:  # connection reset, malformed answer...
        raise ConnectorError(f"échec de la lecture de {url} : {exc}") from None


def _headers(accept: str, cursor: dict[str, Any]) -> dict[str, str]:
    headers = {"User-Agent": USER_AGENT, "Accept": accept}
    if cursor.get("etag"):
        headers["If-None-Match"] = str(cursor["etag"])
    if cursor.get("last_modified"):
        headers["If-Modified-Since"] = str(cursor["last_modified"])
    return headers


def _read_capped(response: Any, deadline: float) -> bytes:
    limit = settings.PULSE_FETCH_MAX_BYTES
    announced = response.headers.get("Content-Length", "")
    if announced.isdigit() and int(announced) > limit:
        raise _too_big(limit)
    chunks: list[bytes] = []
    size = 0
    while chunk := response.read(_CHUNK):
        size += len(chunk)
        if size > limit:
            raise _too_big(limit)
        if time.monotonic() > deadline:
            raise TimeoutError
        chunks.append(chunk)
    return b"".join(chunks)


def _too_big(limit: int) -> ConnectorError:
    return ConnectorError(f"réponse trop volumineuse (plus de {limit} octets)")
