"""A few contracts for the page tests, imported through the real import path."""

from __future__ import annotations

import copy
from typing import Any

from massalia.transparency.importer import import_file
from massalia.transparency.models import Contract
from massalia.transparency.tests.conftest import MARCHE_V2, v2

CITY = {"id": "21130055300016", "nom": "Ville de Marseille"}
SECTOR = {"id": "21130055300206", "nom": "Ville de Marseille — mairie des 1er et 7e"}
GARAMI = {"typeIdentifiant": "SIRET", "id": "81223113200026", "denominationSociale": "Garami"}
VERDURE = {"typeIdentifiant": "SIRET", "id": "35600000000001", "denominationSociale": "Verdure"}


def marche(ident: str, **changes: Any) -> dict[str, Any]:
    record = copy.deepcopy(MARCHE_V2)
    record["id"] = ident
    record["acheteur"] = dict(CITY)
    record["titulaires"] = [{"titulaire": dict(GARAMI)}]
    record.update(changes)
    return record


def contracts(write: Any) -> dict[str, Contract]:
    path = write(
        v2(
            marche("2023A1", objet="Réfection de la toiture de l'école Chave", codeCPV="45261210",
                   procedure="Appel d'offres ouvert", montant=250000, dateNotification="2023-04-03",
                   lieuExecution={"code": "13205", "typeCode": "Code commune"},
                   modifications=[{"modification": {
                       "id": 1, "montant": 275000, "dureeMois": 15,
                       "dateNotificationModification": "2023-10-02",
                       "datePublicationDonneesModification": "2023-10-09"}}]),
            marche("2024B2", objet="Entretien des espaces verts du 7e arrondissement",
                   acheteur=dict(SECTOR), titulaires=[{"titulaire": dict(VERDURE)}],
                   montant=48000, dateNotification="2024-03-01"),
            marche("2024C3", objet="Nettoyage des écoles", codeCPV="90911200", montant=90000,
                   dateNotification="2024-06-10",
                   titulaires=[{"titulaire": dict(GARAMI)}, {"titulaire": dict(VERDURE)}]),
        )
    )  # fmt: skip
    counts = import_file(path)
    assert counts.imported == 3, counts.line()
    return {c.decp_id: c for c in Contract.objects.all()}
