"""Forums, blogs and local press: RSS 0.9x/1.0/2.0 and Atom feeds, read with feedparser.

Config: {"url": "https://…/feed"}. Cursor: the ETag and Last-Modified of the last answer, so
an unchanged feed costs one 304. Every entry of the feed is handed to `receive`, which keeps
only those it has not seen (by entry id).
"""

from __future__ import annotations

import calendar
import hashlib
import io
import re
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urljoin

import feedparser
from django.utils import timezone

from massalia.pulse.connectors import Batch, ConnectorError, config_text, html_to_text, http
from massalia.pulse.ingest import Incoming
from massalia.pulse.models import Source

ACCEPT = "application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.8"


class FeedConnector:
    def check(self, config: dict[str, Any]) -> None:
        http.check_url(config_text(config, "url"))

    def fetch(self, source: Source) -> Batch:
        url = config_text(source.config, "url")
        fetched = http.get(url, accept=ACCEPT, cursor=source.cursor)
        if fetched.not_modified:
            return Batch(items=[], cursor=source.cursor)
        items = parse(
            fetched.body,
            base_url=fetched.url,
            content_type=fetched.headers.get("Content-Type", ""),
        )
        return Batch(items=items, cursor=fetched.validators())


def parse(body: bytes, *, base_url: str = "", content_type: str = "") -> list[Incoming]:
    """The entries of a feed as Incoming items; a feed with nothing readable is an error."""
    # No base URL for the parser: ids stay as the feed writes them, whatever address it is
    # fetched from; links are made absolute afterwards.
    headers = {"content-type": content_type or "application/xml"}
    feed = feedparser.parse(io.BytesIO(body), response_headers=headers, sanitize_html=True)
    if not feed.entries:
        if feed.get("bozo"):
            raise ConnectorError(f"flux illisible : {_problem(feed.get('bozo_exception'))}")
        if not feed.get("version"):
            raise ConnectorError("ce document n'est ni un flux RSS ni un flux Atom")
    now = timezone.now()
    return [item for entry in feed.entries if (item := _incoming(entry, now, base_url))]


def _incoming(entry: Any, now: datetime, base_url: str) -> Incoming | None:
    text = _text(entry)
    if not text:
        return None
    external_id = str(entry.get("id") or entry.get("link") or _digest(text))
    link = urljoin(base_url, str(entry.get("link") or "")) if entry.get("link") else ""
    latitude, longitude = _point(entry)
    return Incoming(
        external_id=external_id,
        text=text,
        published_at=_date(entry, now),
        author=str(entry.get("author") or ""),
        url=link if link.startswith(("http://", "https://")) else "",
        latitude=latitude,
        longitude=longitude,
    )


def _text(entry: Any) -> str:
    title = html_to_text(str(entry.get("title") or ""))
    contents = entry.get("content") or []
    body_html = contents[0].get("value", "") if contents else entry.get("summary") or ""
    body = html_to_text(str(body_html))
    if title and not body.startswith(title):
        return f"{title}\n{body}".strip()
    return body


def _date(entry: Any, now: datetime) -> datetime:
    parsed = entry.get("published_parsed") or entry.get("updated_parsed")
    if not parsed:
        return now
    try:
        when = datetime.fromtimestamp(calendar.timegm(parsed), tz=UTC)
    except (OverflowError, ValueError, OSError):
        return now
    return min(when, now)  # a date in the future is a wrong clock, not a prophecy


def _point(entry: Any) -> tuple[float | None, float | None]:
    where = entry.get("where") or {}
    if where.get("type") != "Point":
        return None, None
    try:
        longitude, latitude = (float(value) for value in where.get("coordinates", ())[:2])
    except (TypeError, ValueError):
        return None, None
    if -90 <= latitude <= 90 and -180 <= longitude <= 180:
        return latitude, longitude
    return None, None


def _problem(exc: Any) -> str:
    """The parser's complaint, with its position in French ("<unknown>:2:48: …")."""
    found = re.match(r"<unknown>:(\d+):(\d+): (.*)", str(exc or ""))
    if found:
        return f"{found.group(3)} (ligne {found.group(1)}, colonne {found.group(2)})"
    return str(exc or "format inconnu")


def _digest(text: str) -> str:
    return "sha1:" + hashlib.sha1(text.encode(), usedforsecurity=False).hexdigest()
