"""Every file of the shared DECP folder imports, and every record is accounted for."""

from pathlib import Path

import pytest

from massalia.transparency.importer import import_file
from massalia.transparency.models import Contract, ContractSource, QuarantinedRecord

pytestmark = pytest.mark.django_db

# file → (read, imported, quarantined); the quarantined official examples carry made-up SIRETs
# (12345678901234 fails the Luhn key) and the dirty samples what no repair can fix.
EXPECTED = {
    "dirty-sample-2019.json": (2, 0, 2),
    "dirty-sample-2022.json": (5, 1, 4),
    "examples-v1.5/cc-avec-modifications.json": (1, 1, 0),
    "examples-v1.5/cc-basique-avec-uid.json": (1, 1, 0),
    "examples-v1.5/cc-basique.json": (1, 1, 0),
    "examples-v1.5/mar-avec-modifications.json": (1, 0, 1),
    "examples-v1.5/mar-basique-avec-uid.json": (1, 1, 0),
    "examples-v1.5/mar-basique.json": (1, 1, 0),
    "examples-v1.5/paquet-avec-uid.json": (2, 2, 0),
    "examples-v1.5/paquet-result.json": (2, 0, 2),
    "examples-v1.5/paquet.json": (2, 2, 0),
    "examples-v2/Contrat-concession-modification.xml": (2, 0, 2),
    "examples-v2/Contrat-concession.xml": (2, 0, 2),
    "examples-v2/Marche.xml": (2, 2, 0),
    "examples-v2/concessions.json": (2, 0, 2),
    "examples-v2/concessions_avec_modifications.json": (2, 0, 2),
    "examples-v2/marches_avec_modifications.json": (2, 0, 2),
    "examples-v2/marches_concessions.json": (4, 0, 4),
}


def data_files(folder: Path) -> list[Path]:
    return sorted(
        p
        for p in folder.rglob("*")
        if p.suffix in (".json", ".xml")
        and not p.parent.name.startswith("schema")
        and not p.name.startswith("schema")
    )


def test_it_knows_every_file_of_the_folder(decp):
    assert {str(p.relative_to(decp)) for p in data_files(decp)} == set(EXPECTED)


def test_it_accounts_for_every_record_of_every_file(decp):
    for path in data_files(decp):
        counts = import_file(path)
        read, imported, quarantined = EXPECTED[str(path.relative_to(decp))]
        assert (counts.read, counts.imported, counts.quarantined) == (
            read,
            imported,
            quarantined,
        ), path.name
        assert counts.imported + counts.quarantined == counts.read
    # the two concession XML files repeat one record: kept once per file
    assert QuarantinedRecord.objects.count() == sum(q for _, _, q in EXPECTED.values()) - 2


def test_it_merges_the_same_contract_from_several_files(decp):
    for path in data_files(decp):
        import_file(path)
    # mar-basique, mar-basique-avec-uid, paquet and paquet-avec-uid publish one marché
    rennes = Contract.objects.get(key="21350238800019|2010345211200|2007")
    assert set(rennes.sources.values_list("name", flat=True)) == {
        "mar-basique.json",
        "mar-basique-avec-uid.json",
        "paquet.json",
        "paquet-avec-uid.json",
    }
    assert rennes.suppliers.count() == 2


def test_it_imports_every_file_again_without_change(decp):
    first = [import_file(path) for path in data_files(decp)]
    contracts = list(Contract.objects.values_list("key", "fingerprint", "updated_at"))
    sources = ContractSource.objects.count()
    quarantined = QuarantinedRecord.objects.count()
    second = [import_file(path) for path in data_files(decp)]
    assert second == first
    assert list(Contract.objects.values_list("key", "fingerprint", "updated_at")) == contracts
    assert ContractSource.objects.count() == sources
    assert QuarantinedRecord.objects.count() == quarantined
