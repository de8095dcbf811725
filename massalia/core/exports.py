"""Streaming exports: one declared dataset, served as CSV, JSON or GeoJSON in constant memory.

A dataset declares its columns (a key for JSON and GeoJSON, a French header for CSV, how to get
the value from a row) and, for GeoJSON, each row's geometry. `response()` streams any iterable
of rows in one of the three formats: a QuerySet is read with `.iterator(chunk_size=…)` (a
server-side cursor on PostgreSQL, chunked reads on SQLite), and the output leaves in chunks of
about CHUNK_BYTES, so memory does not grow with the number of rows.

CSV is what French spreadsheets open without a dialog: UTF-8 with a byte-order mark, `;`
between fields, decimal commas, and text that would start a formula made inert.
"""

from __future__ import annotations

import csv
import datetime
import json
import math
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Literal

from django.conf import settings
from django.db.models import QuerySet
from django.http import StreamingHttpResponse
from django.utils import timezone, translation
from django.utils.encoding import force_str
from django.utils.functional import Promise
from django.utils.http import content_disposition_header

Format = Literal["csv", "json", "geojson"]
CONTENT_TYPES: dict[str, str] = {
    "csv": "text/csv; charset=utf-8",
    "json": "application/json",
    "geojson": "application/geo+json",
}
CHUNK_ROWS = 2000  # rows fetched from the database at a time
CHUNK_BYTES = 64 * 1024  # output gathered before it is handed to the server
# A spreadsheet runs a cell starting with one of these as a formula (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Column:
    """One field of a dataset: `key` in JSON and GeoJSON, `header` in CSV.

    `value` gets it from a row; without it the row's item (a dict) or attribute named `key` is
    taken. `decimals` rounds a number (and fixes its digits in CSV).
    """

    key: str
    header: str
    value: Callable[[Any], Any] | None = None
    decimals: int | None = None

    def of(self, row: Any) -> Any:
        if self.value is not None:
            return self.value(row)
        return row[self.key] if isinstance(row, dict) else getattr(row, self.key)


@dataclass(frozen=True)
class Dataset:
    """What an export holds. `name` is the file name without its extension; `geometry`
    (a GeoJSON geometry or None, see `point`) and `feature_id` serve GeoJSON only."""

    name: str
    columns: Sequence[Column]
    geometry: Callable[[Any], dict[str, Any] | None] | None = None
    feature_id: Callable[[Any], Any] | None = None


def point(longitude: float | None, latitude: float | None) -> dict[str, Any] | None:
    """A GeoJSON Point (longitude first, as GeoJSON wants), or None when a coordinate is
    missing."""
    if longitude is None or latitude is None:
        return None
    return {"type": "Point", "coordinates": [longitude, latitude]}


def response(
    dataset: Dataset, rows: Iterable[Any], *, fmt: Format, filename: str | None = None
) -> StreamingHttpResponse:
    """The rows as a streamed download in `fmt`, named `filename` (default: the dataset's name
    and the format's extension)."""
    streamed = StreamingHttpResponse(
        stream(dataset, rows, fmt=fmt), content_type=CONTENT_TYPES[fmt]
    )
    name = filename or f"{dataset.name}.{fmt}"
    streamed["Content-Disposition"] = content_disposition_header(True, name) or "attachment"
    return streamed


def stream(dataset: Dataset, rows: Iterable[Any], *, fmt: Format) -> Iterator[bytes]:
    """The rows serialised in `fmt`, as UTF-8 chunks; rows are read only as chunks are asked
    for."""
    if fmt == "geojson" and dataset.geometry is None:
        raise ValueError(f"the dataset {dataset.name!r} declares no geometry")
    pieces = {"csv": _csv, "json": _json, "geojson": _geojson}[fmt]
    return _chunked(_in_city_language(pieces(dataset, _lazy(rows))))


def _in_city_language(pieces: Iterator[str]) -> Iterator[str]:
    """Each piece written in the city's language (a status label, a category): a dataset says
    the same thing whoever downloads it, whatever language their pages are in."""
    while True:
        with translation.override(settings.LANGUAGE_CODE):
            piece = next(pieces, None)
        if piece is None:
            return
        yield piece


def _lazy(rows: Iterable[Any]) -> Iterable[Any]:
    if isinstance(rows, QuerySet):
        return rows.iterator(chunk_size=CHUNK_ROWS)
    return rows


def _chunked(pieces: Iterator[str]) -> Iterator[bytes]:
    # The first piece (the header) leaves at once, so the download starts before any query.
    yield next(pieces).encode()
    buffer: list[str] = []
    size = 0
    for piece in pieces:
        buffer.append(piece)
        size += len(piece)
        if size >= CHUNK_BYTES:
            yield "".join(buffer).encode()
            buffer, size = [], 0
    if buffer:
        yield "".join(buffer).encode()


class _Line:
    """A file-like object whose write returns the line, so csv.writer formats one row at a
    time."""

    def write(self, value: str) -> str:
        return value


def _csv(dataset: Dataset, rows: Iterable[Any]) -> Iterator[str]:
    writer = csv.writer(_Line(), delimiter=";")
    yield "\ufeff" + writer.writerow([c.header for c in dataset.columns])
    for row in rows:
        yield writer.writerow([_csv_cell(c.of(row), c.decimals) for c in dataset.columns])


def _csv_cell(value: Any, decimals: int | None) -> str:
    kind = type(value)  # the common cases first: this runs for every cell of every row
    if kind is str:
        return "'" + value if value.startswith(FORMULA_STARTS) else value
    if kind is int:
        return str(value)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float | Decimal):
        if isinstance(value, float) and not math.isfinite(value):
            return ""
        text = f"{value:.{decimals}f}" if decimals is not None else str(value)
        return text.replace(".", ",")
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, datetime.date):
        return value.isoformat()
    text = force_str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _json_value(value: Any, decimals: int | None) -> Any:
    if isinstance(value, float | Decimal):
        if not math.isfinite(value):
            return None
        number = float(value)
        return round(number, decimals) if decimals is not None else number
    if isinstance(value, datetime.datetime):
        return (timezone.localtime(value) if timezone.is_aware(value) else value).isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, Promise):
        return force_str(value)
    return value


def _properties(dataset: Dataset, row: Any) -> dict[str, Any]:
    return {c.key: _json_value(c.of(row), c.decimals) for c in dataset.columns}


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=force_str)


def _json(dataset: Dataset, rows: Iterable[Any]) -> Iterator[str]:
    yield "["
    separator = "\n"
    for row in rows:
        yield separator + _dumps(_properties(dataset, row))
        separator = ",\n"
    yield "\n]\n"


def _geojson(dataset: Dataset, rows: Iterable[Any]) -> Iterator[str]:
    assert dataset.geometry is not None  # checked by stream()
    geometry, feature_id = dataset.geometry, dataset.feature_id
    yield '{"type":"FeatureCollection","features":['
    separator = "\n"
    for row in rows:
        feature: dict[str, Any] = {"type": "Feature"}
        if feature_id is not None:
            feature["id"] = feature_id(row)
        feature["geometry"] = geometry(row)
        feature["properties"] = _properties(dataset, row)
        yield separator + _dumps(feature)
        separator = ",\n"
    yield "\n]}\n"
