"""Channels the pulse listens to: feeds, Mastodon, mailboxes (and file imports in `files`).

A connector fetches what is new on one `Source` and returns it as a `Batch` of `Incoming`
items with the cursor to keep for next time (an ETag, the last toot id, the last IMAP UID).
`poll` hands the items to `ingest.receive` (the one way into the pulse), then saves the cursor
and the outcome on the source; a source that fails records a clear error and never stops the
others (`poll_all`).
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from functools import cache
from html.parser import HTMLParser
from typing import Any, Protocol

from django.db import transaction
from django.utils import timezone

from massalia.pulse.ingest import Incoming, receive
from massalia.pulse.models import Channel, Source

log = logging.getLogger(__name__)


class ConnectorError(Exception):
    """A source could not be read; the message (in French) says why, for the administrator."""


@dataclass
class Batch:
    items: list[Incoming]
    cursor: dict[str, Any] = field(default_factory=dict)


class Connector(Protocol):
    def check(self, config: dict[str, Any]) -> None:
        """Raise ConnectorError when `config` cannot work (checked before saving a source)."""
        ...

    def fetch(self, source: Source) -> Batch:
        """What is new on `source` since its cursor; raises ConnectorError when it cannot."""
        ...


@dataclass
class Outcome:
    source: str
    created: int = 0
    already_known: int = 0
    error: str = ""

    def __str__(self) -> str:
        if self.error:
            return f"{self.source} : erreur — {self.error}"
        return (
            f"{self.source} : {self.created} nouveau(x) message(s), "
            f"{self.already_known} déjà connu(s)"
        )


@cache
def registry() -> dict[str, Connector]:
    """The connector of each channel that is polled (imports and the platform are not)."""
    from massalia.pulse.connectors import imap, mastodon, rss

    return {
        Channel.RSS: rss.FeedConnector(),
        Channel.MASTODON: mastodon.TimelineConnector(),
        Channel.EMAIL: imap.MailboxConnector(),
    }


def poll(source: Source) -> Outcome:
    """Fetch what is new on `source`, store it, and remember where it stopped."""
    outcome = Outcome(source=source.name)
    connector = registry().get(source.channel)
    try:
        if connector is None:
            raise ConnectorError(f"aucun connecteur pour le canal « {source.channel} »")
        batch = connector.fetch(source)
        with transaction.atomic():
            received = receive(source, batch.items)
            _record(source, cursor=batch.cursor, error="")
        outcome.created = len(received.created)
        outcome.already_known = received.already_known
    except ConnectorError as exc:
        outcome.error = str(exc)
    except Exception as exc:  # a broken source must not stop the others
        log.exception("polling source %s failed", source.name)
        outcome.error = f"erreur inattendue ({type(exc).__name__}) : {exc}"
    if outcome.error:
        _record(source, cursor=source.cursor, error=outcome.error)
    return outcome


def poll_all() -> list[Outcome]:
    """Poll every active source whose channel has a connector, one after the other."""
    sources = Source.objects.filter(is_active=True, channel__in=list(registry()))
    return [poll(source) for source in sources]


def config_problem(channel: str, config: Any) -> str:
    """Why a source's config cannot work on its channel ("" when it looks right)."""
    if not isinstance(config, dict):
        return "la configuration doit être un objet JSON"
    connector = registry().get(channel)
    try:
        if connector is not None:
            connector.check(config)
    except ConnectorError as exc:
        return str(exc)
    return ""


def _record(source: Source, *, cursor: dict[str, Any], error: str) -> None:
    source.cursor = cursor
    source.last_polled_at = timezone.now()
    source.last_error = error
    source.save(update_fields=["cursor", "last_polled_at", "last_error"])


def config_text(config: dict[str, Any], key: str, *, default: str | None = None) -> str:
    """A text setting of a source's config, or a clear error when it is missing."""
    value = config.get(key, default)
    if value is None or not str(value).strip():
        raise ConnectorError(f"réglage « {key} » manquant dans la configuration de la source")
    return str(value).strip()


_BLOCKS = {
    "p", "br", "div", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6",
    "tr", "td", "th", "blockquote", "pre", "section", "article", "hr", "dd", "dt",
}  # fmt: skip
_WHITESPACE = re.compile(r"\s+")
_HIDDEN = {"script", "style", "template", "head", "title", "noscript"}


class _TextOnly(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden = 0
        self.preformatted = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _HIDDEN:
            self.hidden += 1
        elif tag in _BLOCKS:
            self.parts.append("\n")
        self.preformatted += tag == "pre"

    def handle_endtag(self, tag: str) -> None:
        if tag in _HIDDEN:
            self.hidden = max(0, self.hidden - 1)
        elif tag in _BLOCKS:
            self.parts.append("\n")
        if tag == "pre":
            self.preformatted = max(0, self.preformatted - 1)

    def handle_data(self, data: str) -> None:
        if self.hidden:
            return
        # Line breaks in HTML source are mere spaces: only blocks and <br> break lines.
        self.parts.append(data if self.preformatted else _WHITESPACE.sub(" ", data))


def html_to_text(html: str) -> str:
    """The readable text of an HTML fragment: no markup, entities decoded, one line per block."""
    parser = _TextOnly()
    parser.feed(html)
    parser.close()
    lines = (" ".join(line.split()) for line in "".join(parser.parts).splitlines())
    return "\n".join(line for line in lines if line)
