"""A contract opens in the admin with the files it was read from (their dates are shown only)."""

from massalia.transparency.importer import import_file
from massalia.transparency.models import Contract

from .conftest import marche_v2, v2


def test_it_opens_a_contract_and_its_sources_in_the_admin(write, admin_client):
    path = write(v2(marche_v2()))
    import_file(path)
    contract = Contract.objects.get()
    response = admin_client.get(f"/admin/transparency/contract/{contract.pk}/change/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Vu pour la première fois le" in page
    assert contract.sources.get().name in page
