"""Mastodon: a hashtag or an instance's public timeline, through the public API (no account).

Config: {"base_url": "https://instance", "hashtag": "marseille"} for /api/v1/timelines/tag/…,
or {"base_url": …, "timeline": "public", "local": true} for /api/v1/timelines/public;
optional "max_pages" (default 5). Cursor: {"since_id": the newest status seen}. Each poll
asks for statuses newer than since_id and pages back with max_id, a bounded number of pages
(when more arrived than the pages hold, the oldest of them are not fetched: the hashtag is a
sample of the conversation, not an archive).
A boost counts as the status it boosts, so the same toot boosted ten times is stored once.
"""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from typing import Any
from urllib.parse import quote, urlencode

from django.utils import timezone

from massalia.pulse.connectors import Batch, ConnectorError, html_to_text, http
from massalia.pulse.ingest import Incoming
from massalia.pulse.models import Source

PAGE_SIZE = 40
MAX_PAGES = 5
_HASHTAG = re.compile(r"^\w{1,100}$")


class TimelineConnector:
    def check(self, config: dict[str, Any]) -> None:
        timeline(config)
        _max_pages(config)

    def fetch(self, source: Source) -> Batch:
        url, params = timeline(source.config)
        since_id = str(source.cursor.get("since_id") or "")
        max_pages = _max_pages(source.config)
        statuses: list[dict[str, Any]] = []
        max_id = ""
        for _ in range(max_pages):
            page = _page(url, params, since_id=since_id, max_id=max_id)
            statuses.extend(page)
            if len(page) < PAGE_SIZE:
                break
            max_id = min((str(status["id"]) for status in page), key=_order)
        newest = max((str(s["id"]) for s in statuses), key=_order, default=since_id)
        items = [item for status in statuses if (item := incoming(status)) is not None]
        return Batch(items=items, cursor={"since_id": newest} if newest else {})


def timeline(config: dict[str, Any]) -> tuple[str, dict[str, str]]:
    """The timeline's URL and fixed query parameters for a source's config."""
    base = http.check_url(str(config.get("base_url") or "").rstrip("/") or "-")
    params = {"limit": str(PAGE_SIZE)}
    hashtag = str(config.get("hashtag") or "").strip().lstrip("#")
    if hashtag:
        if not _HASHTAG.match(hashtag):
            raise ConnectorError(f"mot-dièse invalide : « {hashtag} »")
        return f"{base}/api/v1/timelines/tag/{quote(hashtag)}", params
    if config.get("timeline") == "public":
        if config.get("local"):
            params["local"] = "true"
        return f"{base}/api/v1/timelines/public", params
    raise ConnectorError("indiquez un mot-dièse (hashtag) ou le fil public (timeline: public)")


def incoming(status: dict[str, Any]) -> Incoming | None:
    """One status as an Incoming item (a boost becomes the boosted status)."""
    original = status.get("reblog") or status
    parts = [str(original.get("spoiler_text") or ""), html_to_text(original.get("content") or "")]
    text = "\n".join(part.strip() for part in parts if part.strip())
    if not text or not original.get("id"):
        return None
    account = original.get("account") or {}
    return Incoming(
        external_id=str(original["id"]),
        text=text,
        published_at=_date(original.get("created_at")),
        author=str(account.get("acct") or ""),
        url=str(original.get("url") or original.get("uri") or ""),
    )


def _page(url: str, params: dict[str, str], *, since_id: str, max_id: str) -> list[dict[str, Any]]:
    query = dict(params)
    if since_id:
        query["since_id"] = since_id
    if max_id:
        query["max_id"] = max_id
    fetched = http.get(f"{url}?{urlencode(query)}", accept="application/json")
    try:
        page = json.loads(fetched.body)
    except (ValueError, UnicodeDecodeError) as exc:
        raise ConnectorError(f"réponse de l'instance illisible (JSON attendu) : {exc}") from None
    if not isinstance(page, list) or not all(
        isinstance(status, dict) and status.get("id") for status in page
    ):
        raise ConnectorError("réponse inattendue de l'instance (liste de statuts attendue)")
    return page


def _order(status_id: str) -> tuple[int, str]:
    # Mastodon ids are numbers written as strings; compare them as numbers.
    return (len(status_id), status_id) if status_id.isdigit() else (0, status_id)


def _max_pages(config: dict[str, Any]) -> int:
    try:
        return max(1, min(int(config.get("max_pages", MAX_PAGES)), 50))
    except (TypeError, ValueError):
        raise ConnectorError("« max_pages » doit être un nombre entier") from None


def _date(value: Any) -> datetime:
    try:
        when = datetime.fromisoformat(str(value))
    except ValueError:
        return timezone.now()
    if timezone.is_naive(when):
        when = when.replace(tzinfo=UTC)
    return min(when, timezone.now())
