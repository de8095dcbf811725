"""A mailbox the city reads (a contact address, a quartier committee's list), over IMAP.

Config: {"host", "port", "ssl": true, "starttls": false, "username", "password_env": "NAME",
"mailbox": "INBOX"}. The password is read from the environment variable named by password_env
and is never stored in the database. The mailbox is opened read-only and messages are fetched
with BODY.PEEK[], so nothing is marked as read. Cursor: {"uidvalidity", "uid"}: only UIDs
above the last one are fetched; if the server renumbered the mailbox (a new UIDVALIDITY), it
is read again from the start and `receive` keeps only what it has not seen (by Message-ID).
"""

from __future__ import annotations

import email
import email.utils
import imaplib
import os
import re
import ssl
from collections.abc import Iterator, Mapping
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import UTC, datetime
from email import policy
from email.message import EmailMessage
from typing import Any, cast

from django.conf import settings
from django.utils import timezone

from massalia.pulse.connectors import Batch, ConnectorError, config_text, html_to_text
from massalia.pulse.ingest import Incoming
from massalia.pulse.models import Source

MAX_PER_POLL = 500  # oldest first; the next poll takes the rest
_FETCH_CHUNK = 50
_UID = re.compile(rb"\bUID (\d+)")
_REPLY_PREFIX = re.compile(r"^\s*(?:(?:re|tr|fwd?|aw|wg)\s*:\s*)+", re.IGNORECASE)
_ATTRIBUTION = re.compile(r"(?:a écrit|wrote)\s*:\s*$", re.IGNORECASE)
_FORWARD_FROM = re.compile(r"^(?:De|From)\s*:", re.IGNORECASE)
_FORWARD_NEXT = re.compile(r"^(?:Envoyé|Sent|Date|À|To)\s*:", re.IGNORECASE)


@dataclass(frozen=True)
class Mailbox:
    host: str
    port: int
    use_ssl: bool
    starttls: bool
    username: str
    password: str
    name: str

    @classmethod
    def of(cls, config: dict[str, Any], *, environ: Mapping[str, str] = os.environ) -> Mailbox:
        if "password" in config:
            raise ConnectorError(
                "le mot de passe ne doit pas figurer dans la configuration : indiquez le nom "
                "d'une variable d'environnement dans « password_env »"
            )
        variable = config_text(config, "password_env")
        password = environ.get(variable)
        if password is None:
            raise ConnectorError(f"la variable d'environnement {variable} n'est pas définie")
        use_ssl = bool(config.get("ssl", True))
        try:
            port = int(config.get("port") or (993 if use_ssl else 143))
        except (TypeError, ValueError):
            raise ConnectorError("« port » doit être un nombre entier") from None
        return cls(
            host=config_text(config, "host"),
            port=port,
            use_ssl=use_ssl,
            starttls=bool(config.get("starttls", False)),
            username=config_text(config, "username"),
            password=password,
            name=config_text(config, "mailbox", default="INBOX"),
        )


class MailboxConnector:
    def check(self, config: dict[str, Any]) -> None:
        # The variable may be set only where the poller runs: check everything else.
        Mailbox.of(config, environ={str(config.get("password_env")): ""})

    def fetch(self, source: Source) -> Batch:
        mailbox = Mailbox.of(source.config)
        try:
            with _session(mailbox) as conn:
                return _new_messages(conn, mailbox.name, source.cursor)
        except imaplib.IMAP4.error as exc:
            raise ConnectorError(f"le serveur IMAP a refusé : {_said(exc)}") from None
        except TimeoutError:
            raise ConnectorError(
                f"délai dépassé ({settings.PULSE_FETCH_TIMEOUT} s) avec le serveur IMAP"
            ) from None
        except OSError as exc:  # refused connection, unknown host, TLS failure...
            raise ConnectorError(f"serveur IMAP injoignable ({mailbox.host}) : {exc}") from None


@contextmanager
def _session(mailbox: Mailbox) -> Iterator[imaplib.IMAP4]:
    timeout = settings.PULSE_FETCH_TIMEOUT
    conn: imaplib.IMAP4
    if mailbox.use_ssl:
        context = ssl.create_default_context()
        conn = imaplib.IMAP4_SSL(mailbox.host, mailbox.port, ssl_context=context, timeout=timeout)
    else:
        conn = imaplib.IMAP4(mailbox.host, mailbox.port, timeout=timeout)
    try:
        if mailbox.starttls:
            conn.starttls(ssl.create_default_context())
        conn.login(mailbox.username, mailbox.password)
        yield conn
    finally:
        with suppress(imaplib.IMAP4.error, OSError):
            conn.logout()


def _new_messages(conn: imaplib.IMAP4, name: str, cursor: dict[str, Any]) -> Batch:
    status, _ = conn.select(_quoted(name), readonly=True)
    if status != "OK":
        raise ConnectorError(f"boîte « {name} » introuvable sur le serveur")
    _, validity = conn.response("UIDVALIDITY")
    uidvalidity = validity[0].decode() if validity and validity[0] else ""
    same_box = str(cursor.get("uidvalidity", "")) == uidvalidity
    last = int(cursor.get("uid", 0)) if same_box else 0
    _, found = conn.uid("SEARCH", f"UID {last + 1}:*")
    # "n:*" always matches the newest message, even when its UID is below n.
    uids = sorted(uid for uid in map(int, (found[0] or b"").split()) if uid > last)
    uids = uids[:MAX_PER_POLL]
    items: list[Incoming] = []
    for start in range(0, len(uids), _FETCH_CHUNK):
        chunk = ",".join(str(uid) for uid in uids[start : start + _FETCH_CHUNK])
        _, data = conn.uid("FETCH", chunk, "(UID BODY.PEEK[])")
        items.extend(_parsed(data, uidvalidity))
    return Batch(items=items, cursor={"uidvalidity": uidvalidity, "uid": max(uids, default=last)})


def _parsed(data: list[Any], uidvalidity: str) -> Iterator[Incoming]:
    for part in data:
        if not isinstance(part, tuple) or len(part) < 2:
            continue
        found = _UID.search(part[0])
        fallback = f"imap:{uidvalidity}:{found.group(1).decode() if found else '?'}"
        item = incoming(part[1], fallback_id=fallback)
        if item is not None:
            yield item


def incoming(raw: bytes, *, fallback_id: str = "") -> Incoming | None:
    """One email (RFC 822 bytes) as an Incoming item: subject and new text, no quote."""
    message = cast(EmailMessage, email.message_from_bytes(raw, policy=policy.default))
    subject = _REPLY_PREFIX.sub("", _header(message, "Subject")).strip()
    body = without_quotes(_body(message))
    text = "\n".join(part for part in (subject, body) if part)
    external_id = _header(message, "Message-ID").strip() or fallback_id
    if not text or not external_id:
        return None
    return Incoming(
        external_id=external_id,
        text=text,
        published_at=_date(_header(message, "Date")),
        author=email.utils.parseaddr(_header(message, "From"))[1],
    )


def without_quotes(text: str) -> str:
    """The new text of a reply: no quoted lines, no attribution line, no signature."""
    kept: list[str] = []
    lines = text.splitlines()
    for position, line in enumerate(lines):
        stripped = line.strip()
        if stripped.startswith("--"):
            break  # "-- " signature, "-----Original Message-----"
        following = lines[position + 1].strip() if position + 1 < len(lines) else ""
        if _FORWARD_FROM.match(stripped) and _FORWARD_NEXT.match(following):
            break  # an Outlook-style quoted header block
        if stripped.startswith(">"):
            continue
        if _ATTRIBUTION.search(stripped):
            if (
                kept
                and kept[-1].lstrip().startswith(("Le ", "On "))
                and not stripped.startswith(("Le ", "On "))
            ):
                kept.pop()  # the attribution was wrapped over two lines
            continue
        kept.append(line.rstrip())
    return "\n".join(kept).strip()


def _body(message: EmailMessage) -> str:
    part = message.get_body(preferencelist=("plain", "html"))
    if part is None:
        return ""
    try:
        content = str(part.get_content())
    except (LookupError, ValueError, AssertionError):  # unknown charset, broken encoding
        payload = part.get_payload(decode=True)
        content = payload.decode("utf-8", "replace") if isinstance(payload, bytes) else ""
    if part.get_content_subtype() == "html":
        return html_to_text(content)
    return content


def _header(message: EmailMessage, name: str) -> str:
    try:
        return str(message.get(name) or "")
    except (ValueError, TypeError, IndexError):  # a header the parser cannot make sense of
        return ""


def _date(value: str) -> datetime:
    now = timezone.now()
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return now
    if timezone.is_naive(when):
        when = when.replace(tzinfo=UTC)
    return min(when, now)


def _quoted(name: str) -> str:
    return '"' + name.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _said(exc: BaseException) -> str:
    text = str(exc)
    return text[2:-1] if text.startswith(("b'", 'b"')) else text
