"""Reads of the public pages: the search, the figures of the charts, suppliers and buyers.

Amounts are the contracts' current amounts (after their modifications), excluding tax, as
published; a contract held by a group of suppliers counts in full for each of them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import Substr

from massalia.transparency import cpv
from massalia.transparency.models import Buyer, Contract, Supplier

TOP = 10


@dataclass(frozen=True)
class Figure:
    """One bar of a chart and one row of its table."""

    label: str
    amount: Decimal
    count: int
    pk: int | None = None  # of the buyer or supplier, for a link


def contracts(filters: dict[str, Any] | None = None) -> QuerySet[Contract]:
    """The published contracts matching the search filters (see forms.SearchForm)."""
    rows = Contract.objects.select_related("buyer")
    found = filters or {}
    if text := found.get("q"):
        rows = rows.filter(Q(subject__icontains=text) | Q(decp_id__icontains=text))
    if buyer := found.get("acheteur"):
        rows = rows.filter(buyer_id=buyer)
    if holder := found.get("titulaire"):
        digits = re.sub(r"[\s.]", "", holder)
        match = Q(supplier__name__icontains=holder)
        if digits.isdigit():
            match |= Q(supplier__identifier__startswith=digits)
        rows = rows.filter(pk__in=_holding(match))
    if division := found.get("cpv"):
        rows = rows.filter(cpv__startswith=division)
    if procedure := found.get("procedure"):
        rows = rows.filter(procedure=procedure)
    if nature := found.get("nature"):
        rows = rows.filter(nature=nature)
    if (low := found.get("montant_min")) is not None:
        rows = rows.filter(current_amount__gte=low)
    if (high := found.get("montant_max")) is not None:
        rows = rows.filter(current_amount__lte=high)
    if start := found.get("du"):
        rows = rows.filter(notified_on__gte=start)
    if end := found.get("au"):
        rows = rows.filter(notified_on__lte=end)
    if place := found.get("lieu"):
        rows = rows.filter(Q(place_code=place) | Q(place_name__icontains=place))
    return rows.order_by("-notified_on", "pk")


def _holding(match: Q) -> Any:
    from massalia.transparency.models import ContractSupplier

    return ContractSupplier.objects.filter(match).values("contract_id")


def totals(rows: QuerySet[Contract]) -> dict[str, Any]:
    """How many contracts and their total amount."""
    found = rows.order_by().aggregate(count=Count("pk"), amount=Sum("current_amount"))
    return {"count": found["count"], "amount": found["amount"] or Decimal(0)}


def by_year(rows: QuerySet[Contract]) -> list[Figure]:
    grouped = _grouped(rows, "year")
    return [Figure(str(g["key"]), g["amount"], g["count"]) for g in sorted(grouped, key=_key)]


def by_procedure(rows: QuerySet[Contract]) -> list[Figure]:
    grouped = _grouped(rows, "procedure")
    return [
        Figure(g["key"] or "Non renseignée", g["amount"], g["count"]) for g in _largest(grouped)
    ]


def by_division(rows: QuerySet[Contract]) -> list[Figure]:
    grouped = _grouped(rows.annotate(division=Substr("cpv", 1, 2)), "division")
    return [
        Figure(f"{g['key']} — {cpv.label(g['key'])}", g["amount"], g["count"])
        for g in _largest(grouped)[:TOP]
    ]


def top_suppliers(rows: QuerySet[Contract], limit: int = TOP) -> list[tuple[Supplier, Figure]]:
    """The suppliers holding the largest amounts among `rows`."""
    held = (
        Supplier.objects.filter(contracts__in=rows.order_by().values("pk"))
        .annotate(amount=Sum("contracts__current_amount"), count=Count("contracts", distinct=True))
        .order_by("-amount", "name")[:limit]
    )
    return [
        (s, Figure(s.name or s.identifier, s.amount or Decimal(0), s.count, s.pk)) for s in held
    ]


def _grouped(rows: QuerySet[Contract], field: str) -> list[dict[str, Any]]:
    values = rows.order_by().values(field).annotate(amount=Sum("current_amount"), count=Count("pk"))
    return [
        {"key": v[field], "amount": v["amount"] or Decimal(0), "count": v["count"]} for v in values
    ]


def _key(group: dict[str, Any]) -> Any:
    return group["key"]


def _largest(groups: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return sorted(groups, key=lambda g: (-g["amount"], str(g["key"])))


def supplier(pk: int) -> Supplier | None:
    return Supplier.objects.filter(pk=pk).first()


def buyer(pk: int) -> Buyer | None:
    return Buyer.objects.filter(pk=pk).first()


def contract(pk: int) -> Contract | None:
    return (
        Contract.objects.select_related("buyer")
        .prefetch_related("holders__supplier", "modifications", "sources")
        .filter(pk=pk)
        .first()
    )


def supplier_contracts(found: Supplier) -> QuerySet[Contract]:
    return contracts().filter(pk__in=found.holdings.values("contract_id"))


def buyers_of(rows: QuerySet[Contract]) -> list[Figure]:
    values = (
        rows.order_by()
        .values("buyer__pk", "buyer__name", "buyer__siret")
        .annotate(amount=Sum("current_amount"), count=Count("pk"))
        .order_by("-amount")
    )
    return [
        Figure(
            v["buyer__name"] or v["buyer__siret"],
            v["amount"] or Decimal(0),
            v["count"],
            pk=v["buyer__pk"],
        )
        for v in values
    ]
