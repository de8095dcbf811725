"""Streaming DECP files: JSON (v1 `{"marches": [...]}`, v2 `{"marches": {"marche": [...],
"contrat-concession": [...]}}`) and XML (`<marches><marche>…`), one record at a time.

Memory stays flat whatever the size: JSON is read by ijson (C backend), XML by defusedxml's
iterparse with each record cleared once read. Both go through a byte guard that refuses a
single value longer than `MAX_VALUE` before it is built, and the JSON guard turns the bare
`NaN` that some exports write (invalid JSON) into the string "NaN", which the normaliser then
removes and notes. Whatever makes a file unreadable — truncation, wrong format, an XML entity
or DTD (the "billion laughs"), an oversized value — is an `ImportFileError` with a French
message.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, Any

import ijson
from defusedxml import DefusedXmlException
from defusedxml.ElementTree import iterparse

from massalia.core.imports import ImportFileError

MAX_VALUE = 1_000_000  # bytes: no DECP field comes near (an objet is 1,000 characters at most)
CHUNK = 64 * 1024
V2_LISTS = {"marche": "marche", "contrat-concession": "concession"}
# XML elements whose children are a list, and how the v2 JSON writes them.
XML_OBJECT_LISTS = {
    "titulaires",
    "concessionnaires",
    "modifications",
    "actesSousTraitance",
    "modificationsActesSousTraitance",
    "donneesExecution",
    "tarifs",
}
XML_VALUE_LISTS = {
    "considerationsSociales",
    "considerationsEnvironnementales",
    "techniques",
    "modalitesExecution",
    "typesPrix",
}
_BARE = re.compile(rb"(-?)\b(NaN|Infinity)\b")
_STRING_STOP = re.compile(rb'["\\]')


def sniff(path: Path) -> str:
    """ "json" or "xml" from the first significant byte; ImportFileError otherwise."""
    with path.open("rb") as stream:
        head = stream.read(1024)
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ImportFileError(f"{path.name} : le fichier est en UTF-16, UTF-8 attendu")
    head = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"{"):
        return "json"
    if head.startswith(b"<"):
        return "xml"
    if not head:
        raise ImportFileError(f"{path.name} : le fichier est vide")
    raise ImportFileError(f"{path.name} : ni JSON ni XML, ce n'est pas un fichier DECP")


Progress = Callable[[float], None]


def records(path: Path, progress: Progress | None = None) -> Iterator[dict[str, Any]]:
    """Envelopes {"format", "kind", "xml", "record"} in file order (v2 JSON: marchés first).

    `progress` is told the share of the work done (0 to 1) as the file is read.
    """
    if sniff(path) == "xml":
        yield from _xml(path, _Meter(path, progress, passes=1))
    else:
        yield from _json(path, progress)


class _Meter:
    def __init__(self, path: Path, progress: Progress | None, *, passes: int) -> None:
        self.size = max(path.stat().st_size, 1) * passes
        self.progress = progress
        self.done = 0

    def add(self, size: int) -> None:
        self.done += size
        if self.progress:
            self.progress(min(self.done / self.size, 1.0))


# JSON


class _JsonGuard:
    """A byte stream for ijson: bare NaN/Infinity quoted, oversized values refused."""

    def __init__(self, raw: IO[bytes], name: str, meter: _Meter | None = None) -> None:
        self.raw = raw
        self.name = name
        self.meter = meter
        self.in_string = False
        self.escaped = False
        self.run = 0
        self.carry = b""

    def read(self, size: int = -1) -> bytes:
        if size == 0:  # ijson asks for nothing to learn whether the stream gives bytes
            return b""
        while True:
            chunk = self.raw.read(CHUNK)
            if self.meter:
                self.meter.add(len(chunk))
            out = self._feed(chunk, final=not chunk)
            if out or not chunk:
                return out

    def _feed(self, chunk: bytes, *, final: bool) -> bytes:
        data = self.carry + chunk
        self.carry = b""
        out = bytearray()
        i, n = 0, len(data)
        while i < n:
            if self.in_string:
                if self.escaped:
                    self.escaped = False
                    out += data[i : i + 1]
                    i += 1
                    continue
                match = _STRING_STOP.search(data, i)
                end = match.start() if match else n
                self._grow(end - i)
                out += data[i:end]
                if match is None:
                    break
                out += data[end : end + 1]
                if data[end] == 0x5C:  # a backslash: the next byte is escaped
                    self.escaped = True
                else:
                    self.in_string = False
                    self.run = 0
                i = end + 1
            else:
                quote = data.find(b'"', i)
                end = quote if quote >= 0 else n
                segment = data[i:end]
                if quote < 0 and not final:
                    # a word cut by the chunk's end ("Na" + "N") waits for the next chunk
                    cut = len(segment) - len(segment.rstrip(b"NaIfinty-"))
                    if cut:
                        self.carry, segment = segment[-cut:], segment[:-cut]
                self._grow(len(segment))
                out += _BARE.sub(rb'"\1\2"', segment)
                if quote < 0:
                    break
                out += b'"'
                self.in_string = True
                self.run = 0
                i = quote + 1
        return bytes(out)

    def _grow(self, size: int) -> None:
        self.run += size
        if self.run > MAX_VALUE:
            raise ImportFileError(
                f"{self.name} : une valeur dépasse {MAX_VALUE // 1_000_000} Mo, "
                "ce n'est pas un fichier DECP"
            )


def _json(path: Path, progress: Progress | None) -> Iterator[dict[str, Any]]:
    version = _json_version(path)
    prefixes = ["marches.item"] if version == "1" else [f"marches.{k}.item" for k in V2_LISTS]
    meter = _Meter(path, progress, passes=len(prefixes))
    for prefix in prefixes:
        kind = None if version == "1" else V2_LISTS[prefix.split(".")[1]]
        with path.open("rb") as raw:
            try:
                for item in ijson.items(_JsonGuard(raw, path.name, meter), prefix, use_float=True):
                    yield {"format": version, "kind": kind, "xml": False, "record": item}
            except ijson.JSONError as exc:
                raise ImportFileError(f"{path.name} : JSON illisible ({_short(exc)})") from exc
            except UnicodeDecodeError as exc:
                raise ImportFileError(f"{path.name} : le fichier n'est pas en UTF-8") from exc


def _json_version(path: Path) -> str:
    """ "1" when `marches` is a list, "2" when it is an object; the file read only that far."""
    with path.open("rb") as raw:
        try:
            for prefix, event, _ in ijson.parse(_JsonGuard(raw, path.name)):
                if prefix == "marches" and event == "start_array":
                    return "1"
                if prefix == "marches" and event == "start_map":
                    return "2"
        except ijson.JSONError as exc:
            raise ImportFileError(f"{path.name} : JSON illisible ({_short(exc)})") from exc
        except UnicodeDecodeError as exc:
            raise ImportFileError(f"{path.name} : le fichier n'est pas en UTF-8") from exc
    raise ImportFileError(
        f"{path.name} : pas de clé « marches » (liste en v1, objet en v2) : "
        "ce n'est pas un fichier DECP"
    )


def _short(exc: Exception) -> str:
    text = " ".join(str(exc).split())
    return text[:120] or type(exc).__name__


# XML


class _XmlGuard:
    """A byte stream for expat: no text or tag longer than MAX_VALUE between two "<"."""

    def __init__(self, raw: IO[bytes], name: str, meter: _Meter) -> None:
        self.raw = raw
        self.name = name
        self.meter = meter
        self.run = 0

    def read(self, size: int = -1) -> bytes:
        if size == 0:
            return b""
        chunk = self.raw.read(CHUNK)
        self.meter.add(len(chunk))
        parts = chunk.split(b"<")
        longest = max(self.run + len(parts[0]), *(len(p) for p in parts[1:-1]), 0)
        self.run = len(parts[-1]) if len(parts) > 1 else self.run + len(chunk)
        if max(longest, self.run) > MAX_VALUE:
            raise ImportFileError(
                f"{self.name} : une valeur dépasse {MAX_VALUE // 1_000_000} Mo, "
                "ce n'est pas un fichier DECP"
            )
        return chunk


def _xml(path: Path, meter: _Meter) -> Iterator[dict[str, Any]]:
    with path.open("rb") as raw:
        depth = 0
        root: Any = None
        try:
            events = iterparse(
                _XmlGuard(raw, path.name, meter),
                events=("start", "end"),
                forbid_dtd=True,
                forbid_entities=True,
                forbid_external=True,
            )
            for event, element in events:
                if event == "start":
                    depth += 1
                    if depth == 1:
                        root = element
                        if _local(element.tag) != "marches":
                            raise ImportFileError(
                                f"{path.name} : la racine est <{_local(element.tag)}>, "
                                "<marches> attendu : ce n'est pas un fichier DECP"
                            )
                    continue
                depth -= 1
                if depth == 1:
                    tag = _local(element.tag)
                    if tag in V2_LISTS:
                        yield {
                            "format": "2",
                            "kind": V2_LISTS[tag],
                            "xml": True,
                            "record": _element(element),
                        }
                    root.clear()
        except DefusedXmlException as exc:
            raise ImportFileError(
                f"{path.name} : XML refusé (DTD ou entités interdites : {type(exc).__name__})"
            ) from exc
        except SyntaxError as exc:  # ElementTree.ParseError
            raise ImportFileError(f"{path.name} : XML illisible ({_short(exc)})") from exc
    if root is None:
        raise ImportFileError(f"{path.name} : XML vide")


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _element(element: Any) -> Any:
    children = list(element)
    tag = _local(element.tag)
    if not children:
        return (element.text or "").strip()
    if tag in XML_OBJECT_LISTS:
        return [{_local(child.tag): _element(child)} for child in children]
    if tag in XML_VALUE_LISTS:
        grouped: dict[str, list[Any]] = {}
        for child in children:
            grouped.setdefault(_local(child.tag), []).append(_element(child))
        return grouped
    found: dict[str, Any] = {}
    for child in children:
        name = _local(child.tag)
        value = _element(child)
        if name in found:  # a repeated element that no list above names: keep them all
            found[name] = (
                [*found[name], value]
                if isinstance(found[name], list)
                else [
                    found[name],
                    value,
                ]
            )
        else:
            found[name] = value
    return found
