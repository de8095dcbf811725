"""Imports of social network exports (CSV with any delimiter, or JSON) into the pulse.

A row needs a text; everything else is optional and found under the usual column names of
exports (see ALIASES). Rows go through the one import framework: a row without text, with an
unreadable date or impossible coordinates is kept with its reasons in RejectedRecord. Rows are
redacted before anything is stored — texts scrubbed, authors replaced by their pseudonym — so
a rejected row keeps no personal data either. Re-importing the same file creates nothing: rows
are known by their id, or by a fingerprint of their content when the export has no id.
"""

from __future__ import annotations

import csv
import hashlib
import json
import math
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any, TextIO

from django.conf import settings
from django.utils import timezone

from massalia.core.imports import Importer, ImportFileError, Outcome, RecordRejected
from massalia.core.models import ImportRun
from massalia.core.text import scrub
from massalia.pulse.enrich.text import pseudonym
from massalia.pulse.ingest import Incoming, receive, retention_cutoff
from massalia.pulse.models import Channel, Source

ALIASES: dict[str, tuple[str, ...]] = {
    "id": ("id", "id_str", "tweet_id", "post_id", "status_id", "message_id"),
    "text": ("text", "content", "full_text", "message", "body", "texte", "contenu"),
    "date": ("date", "created_at", "published_at", "timestamp", "time", "created_time"),
    "author": ("author", "user", "username", "screen_name", "auteur", "account"),
    "url": ("url", "link", "permalink", "lien"),
    "latitude": ("lat", "latitude"),
    "longitude": ("lon", "lng", "long", "longitude"),
}
_AUTHOR = set(ALIASES["author"])
# Ids, dates, links and coordinates are kept as they are: scrubbing could mistake them for
# phone numbers or handles.
_AS_IS = {
    name for field in ("id", "date", "url", "latitude", "longitude") for name in ALIASES[field]
}
_FLUSH = 2000
_SNIFF = 64 * 1024
_DATE_FORMATS = (
    "%a %b %d %H:%M:%S %z %Y",  # Twitter
    "%d/%m/%Y %H:%M:%S",
    "%d/%m/%Y %H:%M",
    "%d/%m/%Y",
    "%Y-%m-%d %H:%M:%S%z",
)


def import_file(path: Path, *, source_name: str, progress: TextIO | None = None) -> str:
    """Import a CSV or JSON export into the source `source_name` (created if missing)."""
    path = Path(path)
    if not path.is_file():
        raise ImportFileError(f"Fichier introuvable : {path.name}")
    source = _import_source(source_name)
    run = SocialExportImporter(path, source).run(source=path.name, progress=progress)
    total = source.messages.count()
    return (
        f"source « {source.name} » : {run.created} nouveaux messages, {run.unchanged} déjà "
        f"connus, {run.rejected} rejetés (avec leurs raisons) ; {total} messages au total"
    )


def _import_source(name: str) -> Source:
    name = name.strip()
    if not name:
        raise ImportFileError("Le nom de la source est vide.")
    source, _ = Source.objects.get_or_create(name=name, defaults={"channel": Channel.IMPORT})
    if source.channel != Channel.IMPORT:
        raise ImportFileError(
            f"La source « {name} » existe déjà sur le canal « {source.get_channel_display()} »."
        )
    return source


class SocialExportImporter(Importer):
    kind = "baromètre : export de réseau social"

    def __init__(self, path: Path, source: Source) -> None:
        self.path = path
        self.source = source
        self.known: set[str] = set()
        self.pending: list[Incoming] = []

    def records(self) -> Iterator[dict[str, Any]]:
        self.known = set(self.source.messages.values_list("external_id", flat=True))
        rows = _json_rows(self.path) if _looks_like_json(self.path) else _csv_rows(self.path)
        for row in rows:
            yield _redacted(row)

    def clean(self, record: dict[str, Any]) -> Incoming:
        fields = _fields(record)
        reasons = []
        text = str(fields.get("text") or "").strip()
        if not text:
            reasons.append("texte absent")
        published, problem = _date(fields.get("date"))
        if problem:
            reasons.append(problem)
        (latitude, longitude), problem = _coordinates(fields)
        if problem:
            reasons.append(problem)
        if reasons or published is None:
            raise RecordRejected(*reasons)
        url = str(fields.get("url") or "").strip()
        author = str(fields.get("author") or "")
        identifier = str(fields.get("id") or "").strip() or _fingerprint(text, published, author)
        return Incoming(
            external_id=identifier,
            text=text,
            published_at=published,
            author=author,
            url=url if url.startswith(("http://", "https://")) else "",
            latitude=latitude,
            longitude=longitude,
        )

    def save(self, clean: Incoming) -> Outcome:
        if clean.external_id[:300] in self.known:
            return "unchanged"
        self.known.add(clean.external_id[:300])
        self.pending.append(clean)
        if len(self.pending) >= _FLUSH:
            self._flush()
        return "created"

    def finish(self, run: ImportRun) -> None:
        self._flush()

    def _flush(self) -> None:
        if self.pending:
            receive(self.source, self.pending)
            self.pending = []


def _looks_like_json(path: Path) -> bool:
    if path.suffix.lower() == ".json":
        return True
    try:
        with path.open("rb") as handle:
            start = handle.read(256).lstrip(b"\xef\xbb\xbf \t\r\n")
    except OSError as exc:
        raise ImportFileError(f"Impossible de lire le fichier {path.name} : {exc}") from exc
    return start[:1] in (b"[", b"{")


def _json_rows(path: Path) -> Iterator[Any]:
    try:
        with path.open(encoding="utf-8-sig") as handle:
            data = json.load(handle)
    except OSError as exc:
        raise ImportFileError(f"Impossible de lire le fichier {path.name} : {exc}") from exc
    except (ValueError, UnicodeDecodeError) as exc:
        raise ImportFileError(f"Le fichier {path.name} n'est pas un JSON valide : {exc}") from exc
    if isinstance(data, dict) and isinstance(data.get("data"), list):
        data = data["data"]
    if not isinstance(data, list):
        raise ImportFileError(
            f'{path.name} : une liste d\'objets (ou {{"data": [...]}}) est attendue.'
        )
    yield from data


def _csv_rows(path: Path) -> Iterator[dict[str, Any]]:
    encoding = _encoding(path)
    try:
        with path.open(encoding=encoding, newline="") as handle:
            sample = handle.read(_SNIFF)
            handle.seek(0)
            reader = csv.DictReader(handle, dialect=_dialect(sample))
            headers = {(name or "").strip().lower() for name in reader.fieldnames or []}
            if not headers & set(ALIASES["text"]):
                raise ImportFileError(
                    f"{path.name} : aucune colonne de texte ({', '.join(ALIASES['text'])})."
                )
            for row in reader:
                row.pop(None, None)  # type: ignore[call-overload]  # cells beyond the header
                yield row
    except OSError as exc:
        raise ImportFileError(f"Impossible de lire le fichier {path.name} : {exc}") from exc
    except csv.Error as exc:
        raise ImportFileError(f"{path.name} n'est pas un CSV lisible : {exc}") from exc


def _encoding(path: Path) -> str:
    """UTF-8 (with or without BOM), else Windows-1252 (spreadsheets saved in France)."""
    try:
        with path.open(encoding="utf-8-sig") as handle:
            while handle.read(1 << 20):
                pass
        return "utf-8-sig"
    except UnicodeDecodeError:
        return "cp1252"
    except OSError as exc:
        raise ImportFileError(f"Impossible de lire le fichier {path.name} : {exc}") from exc


def _dialect(sample: str) -> type[csv.Dialect]:
    try:
        return csv.Sniffer().sniff(sample, delimiters=",;\t|")
    except csv.Error:
        return csv.excel


def _redacted(row: Any) -> Any:
    """The row with texts scrubbed and the author pseudonymised: safe to keep if rejected."""
    if not isinstance(row, dict):
        return row
    clean: dict[str, Any] = {}
    for key, value in row.items():
        name = str(key).strip().lower()
        if name in _AUTHOR:
            handle = _handle(value)
            clean[str(key)] = pseudonym(Channel.IMPORT, handle) if handle else ""
        elif name in _AS_IS and not isinstance(value, dict | list):
            clean[str(key)] = value
        elif isinstance(value, str):
            clean[str(key)] = scrub(value)
        elif isinstance(value, dict | list):
            clean[str(key)] = "[contenu imbriqué omis]"
        else:
            clean[str(key)] = value
    return clean


def _handle(value: Any) -> str:
    if isinstance(value, dict):  # a user object, as in Twitter's JSON
        value = next((value[k] for k in ("screen_name", "username", "acct") if value.get(k)), "")
    return "" if value is None or isinstance(value, list) else str(value).strip().lstrip("@")


def _fields(record: Any) -> dict[str, Any]:
    if not isinstance(record, dict):
        raise RecordRejected("l'enregistrement n'est pas un objet")
    lowered = {str(key).strip().lower(): value for key, value in record.items()}
    found: dict[str, Any] = {}
    for field, names in ALIASES.items():
        for name in names:
            if lowered.get(name) not in (None, ""):
                found[field] = lowered[name]
                break
    return found


def _date(value: Any) -> tuple[datetime | None, str]:
    if value in (None, ""):
        return None, "date absente"
    when = _parse_date(value)
    if when is None:
        return None, f"date illisible : {str(value)[:40]}"
    if timezone.is_naive(when):
        when = timezone.make_aware(when)
    if when > timezone.now() + timedelta(days=1):
        return None, f"date dans le futur : {str(value)[:40]}"
    if when < retention_cutoff():
        days = settings.PULSE_RETENTION_DAYS
        return None, f"plus ancien que la durée de conservation ({days} jours) : {str(value)[:40]}"
    return when, ""


def _parse_date(value: Any) -> datetime | None:
    text = str(value).strip()
    try:
        number = float(text)
    except ValueError:
        number = None
    if number is not None and math.isfinite(number):
        seconds = number / 1000 if abs(number) > 1e11 else number  # milliseconds
        try:
            return datetime.fromtimestamp(seconds, tz=UTC)
        except (OverflowError, OSError, ValueError):
            return None
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        pass
    for pattern in _DATE_FORMATS:
        try:
            return datetime.strptime(text, pattern)
        except ValueError:
            continue
    try:
        return parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None


def _coordinates(fields: dict[str, Any]) -> tuple[tuple[float | None, float | None], str]:
    raw = (fields.get("latitude"), fields.get("longitude"))
    if raw == (None, None):
        return (None, None), ""
    if None in raw:
        return (None, None), "coordonnées incomplètes (latitude et longitude vont ensemble)"
    try:
        latitude, longitude = (float(str(value).replace(",", ".")) for value in raw)
    except ValueError:
        return (None, None), f"coordonnées illisibles : {raw[0]}, {raw[1]}"
    if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
        return (None, None), f"coordonnées impossibles : {latitude}, {longitude}"
    return (latitude, longitude), ""


def _fingerprint(text: str, published: datetime, author: str) -> str:
    content = f"{published.isoformat()}\x1f{author}\x1f{text}".encode()
    return "sha1:" + hashlib.sha1(content, usedforsecurity=False).hexdigest()
