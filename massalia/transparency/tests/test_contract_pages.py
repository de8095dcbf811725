import pytest
from django.urls import reverse

from massalia.transparency.models import Buyer, Supplier
from massalia.transparency.tests.pages import contracts

pytestmark = pytest.mark.django_db


@pytest.fixture
def found(write):
    return contracts(write)


def test_it_shows_a_contract_with_its_modifications_and_history(client, found):
    contract = found["2023A1"]
    response = client.get(reverse("transparency:contract", args=[contract.pk]))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Réfection de la toiture" in body
    assert "Garami" in body and "SIRET 81223113200026" in body
    assert "250\u202f000 €" in body  # initial
    assert "275\u202f000 €" in body  # after the modification
    assert "Modification 1" in body
    assert "Lu dans le fichier « decp.json »" in body
    assert "45261210 — Travaux de construction" in body


def test_it_answers_404_for_an_unknown_contract(client, found):
    assert client.get(reverse("transparency:contract", args=[999999])).status_code == 404


def test_it_shows_a_supplier_with_its_contracts_and_buyers(client, found):
    verdure = Supplier.objects.get(identifier="35600000000001")
    response = client.get(reverse("transparency:supplier", args=[verdure.pk]))
    assert response.status_code == 200
    body = response.content.decode()
    assert "<h1>Verdure</h1>" in body
    assert [c.decp_id for c in response.context["page"].object_list] == ["2024C3", "2024B2"]
    assert response.context["totals"] == {"count": 2, "amount": 138000}
    assert "mairie des 1er et 7e" in body


def test_it_shows_a_buyer_with_its_contracts_and_suppliers(client, found):
    city = Buyer.objects.get(siret="21130055300016")
    response = client.get(reverse("transparency:buyer", args=[city.pk]))
    assert response.status_code == 200
    assert [c.decp_id for c in response.context["page"].object_list] == ["2024C3", "2023A1"]
    assert [s.name for s, _ in response.context["suppliers"]] == ["Garami", "Verdure"]


@pytest.mark.parametrize("name", ["transparency:supplier", "transparency:buyer"])
def test_it_answers_404_for_an_unknown_party(client, found, name):
    assert client.get(reverse(name, args=[424242])).status_code == 404
