"""Writes of the transparency domain: storing a normalised record, re-importing a quarantined one.

A contract is rebuilt from all its sources each time one of them changes (`rebuild`): the
source published last gives each field, earlier ones fill what it lacks, and modifications are
the union of every source's, by their id, applied in date order. The result does not depend on
the order files are imported in, and importing a file again changes nothing.
"""

from __future__ import annotations

import hashlib
import json
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import transaction

from massalia.core.imports import Outcome
from massalia.transparency.models import (
    Buyer,
    Contract,
    ContractSource,
    ContractSupplier,
    Modification,
    QuarantinedRecord,
    QuarantineStatus,
    Supplier,
)
from massalia.transparency.normalise import Normalised, normalise, unwrap

CENT = Decimal("0.01")


def fingerprint(value: Any) -> str:
    text = json.dumps(value, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode()).hexdigest()


def plain(value: Any) -> Any:
    """The record as JSON can store it (Decimals that are not whole become floats)."""
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


class Writes:
    """What one import writes: each buyer and supplier read or written once, new contracts in bulk.

    An import (one file, one transaction) keeps one `Writes` and passes it to every `store`:
    the buyers and suppliers it met are kept, and the rows of a new contract (the contract,
    its source, modifications and suppliers) wait to be inserted with up to `batch` others.
    A record of a waiting contract's key writes them first; the import calls `flush()` before
    its end. Only valid inside that transaction: a row it holds exists there.
    """

    def __init__(self, *, batch: int = 500) -> None:
        self.batch = batch
        self.buyers: dict[str, Buyer] = {}
        self.suppliers: dict[tuple[str, str], Supplier] = {}
        self.waiting: dict[str, _NewContract] = {}
        # keys of no contract yet, as `expect` found them; the first record of each takes it
        self.new: set[str] = set()

    def expect(self, keys: list[str]) -> None:
        """The keys of the records to come: one query finds which are of no contract yet."""
        known = set(Contract.objects.filter(key__in=keys).values_list("key", flat=True))
        self.new |= set(keys) - known - self.waiting.keys()

    def buyer(self, siret: str, name: str) -> Buyer:
        found = self.buyers.get(siret)
        if found is None:
            found, _ = Buyer.objects.get_or_create(siret=siret, defaults={"name": name})
            self.buyers[siret] = found
        if name and found.name != name:
            found.name = name
            found.save(update_fields=["name"])
        return found

    def supplier(self, id_type: str, identifier: str, name: str) -> Supplier:
        key = (id_type, identifier)
        found = self.suppliers.get(key)
        if found is None:
            found, _ = Supplier.objects.get_or_create(
                id_type=id_type, identifier=identifier, defaults={"name": name}
            )
            self.suppliers[key] = found
        if name and found.name != name:
            found.name = name
            found.save(update_fields=["name"])
        return found

    def create(self, new: _NewContract) -> None:
        self.waiting[new.contract.key] = new
        if len(self.waiting) >= self.batch:
            self.flush()

    def flush(self) -> None:
        """Insert every waiting contract and its rows: four statements for the lot."""
        if not self.waiting:
            return
        waiting = list(self.waiting.values())
        self.waiting = {}
        Contract.objects.bulk_create([new.contract for new in waiting])
        for new in waiting:  # the contracts have their keys now: the rows take them
            new.source.contract = new.contract
            for step in new.modifications:
                step.contract = new.contract
            for holder in new.holders:
                holder.contract = new.contract
        ContractSource.objects.bulk_create([new.source for new in waiting])
        Modification.objects.bulk_create([row for new in waiting for row in new.modifications])
        ContractSupplier.objects.bulk_create([row for new in waiting for row in new.holders])


class _NewContract:
    def __init__(
        self,
        contract: Contract,
        source: ContractSource,
        modifications: list[Modification],
        holders: list[ContractSupplier],
    ) -> None:
        self.contract = contract
        self.source = source
        self.modifications = modifications
        self.holders = holders


@transaction.atomic
def store(result: Normalised, *, source: str, token: str) -> tuple[Outcome, list[str]]:
    """Store one normalised record read from `source`; `token` names the import in progress.

    Returns the outcome for the import framework and the repairs the record needed. A merge
    with other sources or a duplicate in the same file is noted on the source, not counted as
    a repair: it says nothing wrong about the record.
    """
    writes = Writes()
    stored = store_in_import(result, source=source, token=token, writes=writes)
    writes.flush()
    return stored


def store_in_import(
    result: Normalised, *, source: str, token: str, writes: Writes
) -> tuple[Outcome, list[str]]:
    """`store` for an import: in the caller's transaction (the framework gives each record a
    savepoint), with the import's `writes` (call `writes.flush()` before the import ends)."""
    if result.key in writes.waiting:
        writes.flush()
    record = plain(result.record)
    digest = fingerprint(record)
    changes = list(result.changes)
    if result.key in writes.new:
        writes.new.discard(result.key)  # a second record of it finds it waiting or written
        contract = None
    else:
        contract = Contract.objects.filter(key=result.key).first()
    seen = contract.sources.filter(name=source).first() if contract else None
    others = contract.sources.exclude(name=source).count() if contract else 0
    if others:
        changes.append(f"enregistrement : fusionné avec {others} autre(s) source(s) du contrat")
    if seen and seen.fingerprint == digest:
        if seen.seen_in == token:
            changes.append("enregistrement : doublon dans le même fichier, gardé une fois")
        else:
            seen.seen_in = token
            seen.save(update_fields=["seen_in", "last_seen"])
        return "unchanged", result.changes
    if seen and seen.seen_in == token:
        changes.append(
            "enregistrement : doublon dans le même fichier, la dernière version l'emporte"
        )
    values = {
        "record": record,
        "changes": changes,
        "fingerprint": digest,
        "platform": result.platform,
        "seen_in": token,
        "version": result.version,
        "kind": result.kind,
    }
    if contract is None:
        contract = Contract(key=result.key)
        modifications, holders = _rows(contract, [_Source(name=source, **values)], writes)
        row = ContractSource(contract=contract, name=source, **values)
        writes.create(_NewContract(contract, row, modifications, holders))
        return "created", result.changes
    ContractSource.objects.update_or_create(contract=contract, name=source, defaults=values)
    changed = rebuild(contract, [_Source.of(s) for s in contract.sources.all()], writes)
    return ("updated" if changed else "unchanged"), result.changes


class _Source:
    def __init__(self, *, name: str, record: dict[str, Any], version: str, kind: str, **_: Any):
        self.name = name
        self.record = record
        self.version = version
        self.kind = kind

    @classmethod
    def of(cls, source: ContractSource) -> _Source:
        return cls(name=source.name, record=source.record, version=source.version, kind=source.kind)


def rebuild(contract: Contract, sources: list[_Source], writes: Writes | None = None) -> bool:
    """Contract, modifications and suppliers from `sources`; False when nothing changed."""
    existed = contract.pk is not None
    before = contract.fingerprint
    modifications, holders = _rows(contract, sources, writes or Writes())
    if existed and contract.fingerprint == before:
        return False
    contract.save()
    if existed:
        contract.modifications.all().delete()
        contract.holders.all().delete()
    for step in modifications:
        step.contract = contract
    for holder in holders:
        holder.contract = contract
    Modification.objects.bulk_create(modifications)
    ContractSupplier.objects.bulk_create(holders)
    return True


def _rows(
    contract: Contract, sources: list[_Source], writes: Writes
) -> tuple[list[Modification], list[ContractSupplier]]:
    """Fill `contract` from `sources` (unsaved) and give its modifications and suppliers.

    When the merged record is the one the contract already holds, nothing is filled.
    """
    ordered = sorted(sources, key=lambda s: (str(s.record.get("datePublicationDonnees")), s.name))
    latest = ordered[-1]
    merged: dict[str, Any] = {}
    for source in ordered:
        merged.update(source.record)
    modifications: dict[str, dict[str, Any]] = {}
    for source in ordered:
        for item in unwrap(source.record.get("modifications"), "modification"):
            modifications[str(item.get("id") or fingerprint(item))] = item
    steps = sorted(modifications.values(), key=_modification_order)
    if steps:
        merged["modifications"] = (
            [{"modification": m} for m in steps] if latest.version == "2" else steps
        )
    digest = fingerprint(merged)
    if contract.pk and contract.fingerprint == digest:
        return [], []
    view = Normalised(version=latest.version, kind=latest.kind, record=merged)
    return _fill(contract, view, digest, writes), _holders(contract, view, steps, writes)


def _modification_order(item: dict[str, Any]) -> tuple[str, int, str]:
    day = (
        item.get("dateNotificationModification")
        or item.get("dateSignatureModification")
        or item.get("datePublicationDonneesModification")
        or ""
    )
    number = item.get("id")
    return (str(day), number if isinstance(number, int) else 0, str(number or ""))


def _fill(contract: Contract, view: Normalised, digest: str, writes: Writes) -> list[Modification]:
    record = view.record
    owner = view.buyer
    buyer = writes.buyer(str(owner["id"]), str(owner.get("nom") or "")[:300])
    marche = view.kind == "marche"
    found = record.get("lieuExecution")
    place: dict[str, Any] = found if isinstance(found, dict) else {}
    contract.kind = view.kind
    contract.buyer = buyer
    contract.decp_id = str(record["id"])[:100]
    contract.year = view.notified.year if view.notified else 0
    contract.schema_version = view.version
    contract.nature = str(record.get("nature", ""))[:100]
    contract.subject = str(record.get("objet", ""))
    contract.cpv = str(record.get("codeCPV", ""))[:8]
    contract.procedure = str(record.get("procedure", ""))[:200]
    contract.place_code = str(place.get("code", ""))[:20]
    contract.place_type = str(place.get("typeCode", ""))[:40]
    contract.place_name = str(place.get("nom", ""))[:200]
    contract.price_form = str(record.get("formePrix", ""))[:100]
    contract.notified_on = view.notified
    contract.published_on = _date(record.get("datePublicationDonnees"))
    contract.starts_on = _date(record.get("dateDebutExecution"))
    contract.duration_months = _int(record.get("dureeMois"))
    contract.amount = _amount(record.get("montant" if marche else "valeurGlobale"))
    contract.public_subsidy = _amount(record.get("montantSubventionPublique"))
    contract.data = record
    contract.fingerprint = digest
    amount, duration = contract.amount, contract.duration_months
    rows = []
    for position, item in enumerate(unwrap(record.get("modifications"), "modification"), 1):
        new_amount = _amount(item.get("montant" if marche else "valeurGlobale"))
        new_duration = _int(item.get("dureeMois"))
        amount = new_amount if new_amount is not None else amount
        duration = new_duration if new_duration is not None else duration
        rows.append(
            Modification(
                position=position,
                decp_id=str(item.get("id", ""))[:40],
                subject=str(item.get("objetModification", "")),
                notified_on=_date(
                    item.get("dateNotificationModification")
                    or item.get("dateSignatureModification")
                ),
                published_on=_date(item.get("datePublicationDonneesModification")),
                duration_months=new_duration,
                amount=new_amount,
                amount_after=amount,
                duration_after=duration,
                data=item,
            )
        )
    contract.current_amount = amount
    contract.current_duration_months = duration
    return rows


def _holders(
    contract: Contract, view: Normalised, steps: list[dict[str, Any]], writes: Writes
) -> list[ContractSupplier]:
    groups: list[tuple[int | None, list[dict[str, Any]]]] = [(None, view.holders())]
    groups += [
        (position, unwrap(step.get("titulaires"), "titulaire"))
        for position, step in enumerate(steps, 1)
    ]
    rows: dict[tuple[int, int | None], ContractSupplier] = {}
    for since, holders in groups:
        for holder in holders:
            supplier = writes.supplier(
                str(holder.get("typeIdentifiant", ""))[:10],
                str(holder["id"])[:64],
                str(holder.get("denominationSociale") or "")[:300],
            )
            rows.setdefault(
                (supplier.pk, since),
                ContractSupplier(supplier=supplier, position=len(rows) + 1, since=since),
            )
    return list(rows.values())


def _date(value: Any) -> date | None:
    try:
        return date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


def _int(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _amount(value: Any) -> Decimal | None:
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        return None
    return Decimal(str(value)).quantize(CENT)


@transaction.atomic
def reimport(record: QuarantinedRecord) -> Contract | None:
    """Try a quarantined record again (after correcting `raw`); its reasons are updated.

    On success the record is marked re-imported and linked to its contract.
    """
    result = normalise({"format": record.schema_version, "kind": record.kind, "record": record.raw})
    if result.errors:
        record.reasons = result.errors
        record.save(update_fields=["reasons", "updated_at"])
        return None
    store(result, source=f"{record.source} (corrigé)", token=f"q{record.pk}")
    record.contract = Contract.objects.get(key=result.key)
    record.status = QuarantineStatus.REIMPORTED
    record.save(update_fields=["contract", "status", "updated_at"])
    return record.contract


def reasons_by_field(reasons: list[str]) -> dict[str, str]:
    """The framework's "field : reason" lines as one reason per field."""
    found: dict[str, str] = {}
    for line in reasons:
        where, _, why = line.partition(" : ")
        found[where] = why if why else where
    return found
