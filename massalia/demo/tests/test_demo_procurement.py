import pytest

from massalia.demo import procurement
from massalia.transparency.identifiers import siret_problem
from massalia.transparency.models import Contract, QuarantinedRecord, Supplier

pytestmark = pytest.mark.django_db


def test_it_imports_every_generated_contract_once_even_loaded_twice():
    first = procurement.load(count=60)
    assert (first.read, first.imported, first.quarantined) == (60, 60, 0)
    again = procurement.load(count=60)
    assert again.read == 60
    assert Contract.objects.count() == 60
    assert not QuarantinedRecord.objects.exists()


def test_it_gives_buyers_and_suppliers_valid_sirets():
    procurement.load(count=60)
    parties = [b.siret for b in procurement.buyers()]
    parties += list(Supplier.objects.values_list("identifier", flat=True))
    assert all(siret_problem(siret) is None for siret in parties)
    assert Contract.objects.filter(buyer__name="Ville de Marseille").exists()
