"""Modifications apply in date order and every step is kept."""

import pytest

from massalia.transparency.importer import import_file
from massalia.transparency.models import Contract

from .conftest import marche_v2, v2

pytestmark = pytest.mark.django_db


def step(number, day, **values):
    return {
        "modification": {
            "id": number,
            "dateNotificationModification": day,
            "datePublicationDonneesModification": day,
            **values,
        }
    }


def test_it_applies_modifications_in_date_order(write):
    record = marche_v2(
        modifications=[
            step(2, "2024-09-01", dureeMois=18),
            step(1, "2024-06-01", montant=52000),
            step(
                3,
                "2024-12-01",
                montant=60000,
                titulaires=[{"titulaire": {"typeIdentifiant": "SIRET", "id": "21350238800019"}}],
            ),
        ]
    )
    import_file(write(v2(record)))
    contract = Contract.objects.get()
    history = list(contract.modifications.values_list("decp_id", "amount_after", "duration_after"))
    assert [(i, str(a), d) for i, a, d in history] == [
        ("1", "52000.00", 12),
        ("2", "52000.00", 18),
        ("3", "60000.00", 18),
    ]
    assert str(contract.amount) == "48000.50"  # the initial amount is kept
    assert (str(contract.current_amount), contract.current_duration_months) == ("60000.00", 18)
    holders = contract.holders.values_list("supplier__identifier", "since")
    assert list(holders) == [("81223113200026", None), ("21350238800019", 3)]


def test_it_unites_the_modifications_two_sources_know(write):
    import_file(
        write(v2(marche_v2(modifications=[step(1, "2024-06-01", montant=52000)])), "a.json")
    )
    later = marche_v2(
        datePublicationDonnees="2024-12-05",
        modifications=[step(2, "2024-12-01", montant=60000)],
    )
    import_file(write(v2(later), "b.json"))
    contract = Contract.objects.get()
    assert list(contract.modifications.values_list("decp_id", flat=True)) == ["1", "2"]
    assert str(contract.current_amount) == "60000.00"
