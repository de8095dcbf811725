"""One test per kind of dirt found in real DECP files: repaired, noted, counted as normalised."""

import json

import pytest

from massalia.transparency.importer import import_file
from massalia.transparency.models import Contract, ContractSource

from .conftest import marche_v1, marche_v2, v1, v2

pytestmark = pytest.mark.django_db


def imported(write, document):
    counts = import_file(write(document))
    assert (counts.read, counts.imported, counts.quarantined) == (1, 1, 0)
    source = ContractSource.objects.get()
    return counts, source.contract, source.changes


def test_it_takes_a_clean_record_as_it_is(write):
    counts, contract, changes = imported(write, v2(marche_v2()))
    assert counts.normalised == 0
    assert changes == []
    assert contract.amount == contract.current_amount
    assert str(contract.amount) == "48000.50"


def test_it_repairs_mojibake(write):
    counts, contract, changes = imported(write, v2(marche_v2(objet="RÃ©fection de la faÃ§ade")))
    assert contract.subject == "Réfection de la façade"
    assert counts.normalised == 1
    assert changes == ["objet : texte réparé (encodage ou caractères invisibles)"]


def test_it_reads_a_date_with_a_time_zone(write):
    _, contract, changes = imported(write, v2(marche_v2(dateNotification="2024-02-29T23:30:00Z")))
    # 23:30 in UTC is already 1 March in Marseille
    assert contract.notified_on.isoformat() == "2024-03-01"
    assert changes == ["dateNotification : date « 2024-02-29T23:30:00Z » lue 2024-03-01"]


def test_it_reads_a_date_with_an_offset_only(write):
    _, contract, _ = imported(write, v1(marche_v1(dateNotification="2019-05-02+02:00")))
    assert contract.notified_on.isoformat() == "2019-05-02"


def test_it_reads_an_amount_written_as_a_string(write):
    counts, contract, changes = imported(write, v2(marche_v2(montant="48 000,50 €")))
    assert str(contract.amount) == "48000.50"
    assert counts.normalised == 1
    assert changes == ["montant : montant « 48 000,50 € » lu 48000.50"]


def test_it_reads_an_amount_with_an_exponent(write):
    _, contract, _ = imported(write, v2(marche_v2(montant="4.8e4")))
    assert str(contract.amount) == "48000.00"


def test_it_removes_an_nc_duration(write):
    counts, contract, changes = imported(write, v2(marche_v2(dureeMois="NC")))
    assert contract.duration_months is None
    assert counts.normalised == 1
    assert changes == ["dureeMois : valeur « NC » retirée (non communiquée)"]


def test_it_reads_oui_and_non_as_booleans(write):
    _, contract, changes = imported(write, v2(marche_v2(marcheInnovant="non")))
    assert contract.data["marcheInnovant"] is False
    assert changes == ["marcheInnovant : « non » lu non"]


def test_it_turns_a_bare_nan_into_nothing(write):
    text = json.dumps(v2(marche_v2(origineUE=0.125)), ensure_ascii=False)
    text = text.replace("0.125", "NaN")
    _, contract, changes = imported(write, text)
    assert "origineUE" not in contract.data
    assert changes == ["origineUE : valeur « NaN » retirée (non communiquée)"]


def test_it_drops_a_wrong_cpv_check_digit(write):
    _, contract, changes = imported(write, v2(marche_v2(codeCPV="77313000-1")))
    assert contract.cpv == "77313000"
    assert changes == ["codeCPV : chiffre de contrôle -1 faux (-7) retiré"]


def test_it_keeps_a_right_cpv_check_digit(write):
    counts, contract, _ = imported(write, v2(marche_v2(codeCPV="77313000-7")))
    assert contract.data["codeCPV"] == "77313000-7"
    assert counts.normalised == 0


def test_it_flattens_lists_of_suppliers_nested_in_lists(write):
    record = marche_v1(titulaires=[[[marche_v1()["titulaires"][0]]]])
    _, contract, changes = imported(write, v1(record))
    assert contract.suppliers.get().identifier == "81223113200026"
    assert changes == ["titulaires : listes imbriquées aplaties"]


def test_it_wraps_v1_shaped_suppliers_in_a_v2_file(write):
    record = marche_v2(titulaires=[{"typeIdentifiant": "SIRET", "id": "81223113200026"}])
    _, contract, changes = imported(write, v2(record))
    assert contract.suppliers.get().identifier == "81223113200026"
    assert changes == ["titulaires : éléments remis à la forme du format v2"]


def test_it_drops_unreadable_suppliers_of_a_modification(write):
    record = marche_v2(
        modifications=[
            {
                "modification": {
                    "id": 1,
                    "dateNotificationModification": "2024-06-01",
                    "datePublicationDonneesModification": "2024-06-02",
                    "dureeMois": 14,
                    "titulaires": [{"titulaire": "typeIdentifiant"}, {"titulaire": "id"}],
                }
            }
        ]
    )
    _, contract, changes = imported(write, v2(record))
    assert contract.current_duration_months == 14
    assert changes == [
        "modifications[0].modification.titulaires : 2 titulaire(s) illisible(s) retiré(s)"
    ]


def test_it_regroups_a_flattened_buyer(write):
    record = marche_v1()
    record["acheteur.id"] = record.pop("acheteur")["id"]
    record["acheteur.nom"] = "Ville de Marseille"
    _, contract, changes = imported(write, v1(record))
    assert contract.buyer.siret == "21130055300016"
    assert changes == ["acheteur : « acheteur.id, acheteur.nom » regroupés en un objet"]


def test_it_removes_empty_concession_fields_from_a_marche(write):
    record = marche_v2(_type="Marché", autoriteConcedante="", valeurGlobale=0.0)
    _, _, changes = imported(write, v2(record))
    assert changes == [
        "enregistrement : champs vides d'un autre type de contrat retirés : "
        "autoriteConcedante, valeurGlobale",
        "_type : champ de consolidation retiré (absent du format v2)",
    ]


def test_it_reads_a_siret_written_with_spaces(write):
    record = marche_v2(acheteur={"id": "211 300 553 00016"})
    _, contract, changes = imported(write, v2(record))
    assert contract.buyer.siret == "21130055300016"
    assert changes == ["acheteur.id : SIRET « 211 300 553 00016 » lu 21130055300016"]


def test_it_merges_one_contract_published_by_two_platforms(write):
    import_file(write(v2(marche_v2()), "plateforme-a.json"))
    later = marche_v2(datePublicationDonnees="2024-04-01", objet="Entretien des espaces verts")
    counts = import_file(write(v2(later), "plateforme-b.json"))
    assert (counts.imported, counts.normalised) == (1, 0)
    contract = Contract.objects.get()
    assert contract.subject == "Entretien des espaces verts"  # the latest publication wins
    assert contract.sources.count() == 2
    merged = contract.sources.get(name="plateforme-b.json")
    assert merged.changes == ["enregistrement : fusionné avec 1 autre(s) source(s) du contrat"]
