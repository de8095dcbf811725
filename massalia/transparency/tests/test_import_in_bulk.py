"""New contracts are written in bulk, buyers and suppliers read once per file: the rows are
those a record-by-record import writes, duplicates in a file and chunk boundaries included."""

import copy
from decimal import Decimal

import pytest

from massalia.demo.procurement import records
from massalia.transparency.importer import READ_AHEAD, import_file
from massalia.transparency.models import (
    Buyer,
    Contract,
    ContractSource,
    ContractSupplier,
    Modification,
    QuarantinedRecord,
    Supplier,
)
from massalia.transparency.tests.conftest import marche_v2, v2

pytestmark = pytest.mark.django_db


def test_it_keeps_a_contract_read_twice_in_one_file_once(write):
    counts = import_file(write(v2(marche_v2(), marche_v2())))
    assert counts.line() == "read=2 imported=2 normalised=0 quarantined=0"
    assert ContractSource.objects.count() == 1
    assert Contract.objects.count() == 1
    assert ContractSupplier.objects.count() == 1


def test_it_takes_the_last_version_of_a_contract_read_twice_in_one_file(write):
    counts = import_file(write(v2(marche_v2(montant=48000), marche_v2(montant=52000))))
    assert counts.line() == "read=2 imported=2 normalised=0 quarantined=0"
    contract = Contract.objects.get()
    assert contract.amount == 52000
    assert "enregistrement : doublon dans le même fichier, la dernière version l'emporte" in (
        contract.sources.get().changes
    )


def test_it_writes_a_file_of_several_chunks_as_one_record_at_a_time_would(write):
    found = records(2 * READ_AHEAD + 100, seed=7)
    again = copy.deepcopy(found[3])
    again["montant"] = 123456.78  # the same contract later, in another chunk: the last wins
    renamed = copy.deepcopy(found[-1])
    holder = renamed["titulaires"][0]["titulaire"]
    holder["denominationSociale"] = "Nouveau nom SAS"
    renamed["id"] = "2099X000001"
    counts = import_file(write(v2(*found, again, renamed)))

    assert counts.line() == f"read={len(found) + 2} imported={len(found) + 2} normalised=" + (
        f"{counts.normalised} quarantined=0"
    )
    assert Contract.objects.count() == len(found) + 1
    assert Contract.objects.get(decp_id=found[3]["id"]).amount == Decimal("123456.78")
    assert Supplier.objects.get(identifier=holder["id"]).name == "Nouveau nom SAS"
    assert ContractSupplier.objects.count() == sum(len(r["titulaires"]) for r in found) + 1
    assert Modification.objects.count() == sum(len(r.get("modifications", [])) for r in found)
    assert Buyer.objects.count() == len({r["acheteur"]["id"] for r in found})
    assert ContractSource.objects.count() == len(found) + 1


def test_it_quarantines_a_record_read_twice_once_at_its_last_place(write):
    bad = marche_v2(acheteur={"id": "21130055300017"})
    counts = import_file(write(v2(bad, marche_v2(id="2024MRS002"), bad)))
    assert counts.line() == "read=3 imported=1 normalised=0 quarantined=2"
    assert list(QuarantinedRecord.objects.values_list("position", flat=True)) == [3]
