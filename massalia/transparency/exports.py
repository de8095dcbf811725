"""Exports of any search: CSV through the platform's export mechanism, and DECP v2 JSON.

The CSV is a `core.exports.Dataset` (one row per contract, its suppliers in one cell). The
DECP JSON is the official v2 document, `{"marches": {"marche": [...], "contrat-concession":
[...]}}`, each record as normalised on import: it is streamed row by row like the other
exports (database read in chunks, output in chunks of `exports.CHUNK_BYTES`), but written here
because `core.exports` writes flat objects and a DECP document nests two lists in an object.
Contracts known only from v1 files are in the CSV, not in the v2 document (their v1 record
lacks fields v2 requires, which we will not invent), and so is a record whose required field
was published as "non communiqué"; every record written passes the official v2 schema.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from django.db.models import Count, QuerySet
from django.http import StreamingHttpResponse
from django.urls import reverse
from django.utils.http import content_disposition_header

from massalia.core import exports
from massalia.transparency import cpv, schemas
from massalia.transparency.models import Contract, ContractKind

SENTINEL = 918273645546372819  # an id the URL converter accepts, unlikely elsewhere in a path


def _page_url() -> Callable[[int], str]:
    # reverse() for each of a million rows would cost more than the rest of the row.
    head, tail = reverse("transparency:contract", args=[SENTINEL]).split(str(SENTINEL))
    return lambda pk: f"{head}{pk}{tail}"


def _holders(row: Contract) -> list[Any]:
    # Two columns read them: kept on the row, the prefetched list is walked once.
    found: list[Any] | None = getattr(row, "_export_suppliers", None)
    if found is None:
        found = [h.supplier for h in row.holders.all()]
        row._export_suppliers = found  # type: ignore[attr-defined]  # a cache on this row only
    return found


def table() -> exports.Dataset:
    """One row per contract, every public field; suppliers joined with " | "."""
    url = _page_url()
    column = exports.Column
    return exports.Dataset(
        name="marches-publics",
        columns=[
            column("id", "identifiant", lambda r: r.decp_id),
            column("type", "type", lambda r: r.get_kind_display()),
            column("acheteur_siret", "SIRET de l'acheteur", lambda r: r.buyer.siret),
            column("acheteur", "acheteur", lambda r: r.buyer.name),
            column("nature", "nature", lambda r: r.nature),
            column("objet", "objet", lambda r: r.subject),
            column("cpv", "code CPV", lambda r: r.cpv),
            column("division_cpv", "division CPV", lambda r: cpv.label(cpv.division(r.cpv))),
            column("procedure", "procédure", lambda r: r.procedure),
            column("lieu_code", "lieu d'exécution (code)", lambda r: r.place_code),
            column("lieu", "lieu d'exécution", lambda r: r.place_name),
            column("forme_prix", "forme du prix", lambda r: r.price_form),
            column("date_notification", "notifié (ou signé) le", lambda r: r.notified_on),
            column("date_publication", "données publiées le", lambda r: r.published_on),
            column("duree_mois", "durée initiale (mois)", lambda r: r.duration_months),
            column("montant", "montant initial HT (€)", lambda r: r.amount, decimals=2),
            column(
                "duree_actuelle_mois", "durée actuelle (mois)", lambda r: r.current_duration_months
            ),
            column("montant_actuel", "montant actuel HT (€)", lambda r: r.current_amount, 2),
            column("modifications", "modifications", lambda r: r.modification_count),
            column(
                "titulaires",
                "titulaires",
                lambda r: " | ".join(s.name or s.identifier for s in _holders(r)),
            ),
            column(
                "titulaires_id",
                "identifiants des titulaires",
                lambda r: " | ".join(f"{s.id_type} {s.identifier}" for s in _holders(r)),
            ),
            column("url", "page", lambda r: url(r.pk)),
        ],
    )


def table_rows(rows: QuerySet[Contract]) -> QuerySet[Contract]:
    return rows.annotate(modification_count=Count("modifications")).prefetch_related(
        "holders__supplier"
    )


def csv_response(rows: QuerySet[Contract]) -> StreamingHttpResponse:
    return exports.response(table(), table_rows(rows), fmt="csv")


def decp_response(rows: QuerySet[Contract]) -> StreamingHttpResponse:
    """The contracts of `rows` as one DECP v2 JSON document, streamed."""
    streamed = StreamingHttpResponse(
        decp_document(rows), content_type=exports.CONTENT_TYPES["json"]
    )
    name = "marches-publics-decp.json"
    streamed["Content-Disposition"] = content_disposition_header(True, name) or "attachment"
    return streamed


def decp_document(rows: QuerySet[Contract]) -> Iterator[bytes]:
    published = rows.filter(schema_version="2").order_by("kind", "pk")
    pieces = _pieces(
        marches=published.filter(kind=ContractKind.MARCHE).values_list("data", flat=True),
        concessions=published.filter(kind=ContractKind.CONCESSION).values_list("data", flat=True),
    )
    return _chunked(pieces)


def _pieces(*, marches: Iterable[Any], concessions: Iterable[Any]) -> Iterator[str]:
    yield '{"marches":{"marche":['
    yield from _records(marches, "marche")
    yield '],\n"contrat-concession":['
    yield from _records(concessions, "concession")
    yield "]}}\n"


def _records(records: Iterable[Any], kind: str) -> Iterator[str]:
    separator = "\n"
    lazy = (
        records.iterator(chunk_size=exports.CHUNK_ROWS)
        if isinstance(records, QuerySet)
        else records
    )
    for record in lazy:
        if isinstance(record, dict) and schemas.valid(record, version="2", kind=kind):
            yield separator + json.dumps(record, ensure_ascii=False, separators=(",", ":"))
            separator = ",\n"


def _chunked(pieces: Iterator[str]) -> Iterator[bytes]:
    buffer: list[str] = []
    size = 0
    for piece in pieces:
        buffer.append(piece)
        size += len(piece)
        if size >= exports.CHUNK_BYTES:
            yield "".join(buffer).encode()
            buffer, size = [], 0
    if buffer:
        yield "".join(buffer).encode()
