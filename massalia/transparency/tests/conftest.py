import copy
import json
from pathlib import Path
from typing import Any

import pytest

# A v2 marché the official schema accepts, with real SIRETs (their Luhn keys are right).
MARCHE_V2: dict[str, Any] = {
    "id": "2024MRS001",
    "acheteur": {"id": "21130055300016"},
    "nature": "Marché",
    "objet": "Entretien des espaces verts du 7e arrondissement",
    "codeCPV": "77313000",
    "techniques": {"technique": ["Sans objet"]},
    "modalitesExecution": {"modaliteExecution": ["Sans objet"]},
    "marcheInnovant": False,
    "ccag": "Fournitures courantes et services",
    "offresRecues": 3,
    "attributionAvance": False,
    "typeGroupementOperateurs": "Pas de groupement",
    "sousTraitanceDeclaree": False,
    "procedure": "Procédure adaptée",
    "lieuExecution": {"code": "13207", "typeCode": "Code commune"},
    "dureeMois": 12,
    "dateNotification": "2024-03-01",
    "datePublicationDonnees": "2024-03-10",
    "montant": 48000.5,
    "typesPrix": {"typePrix": ["Définitif ferme"]},
    "formePrix": "Forfaitaire",
    "titulaires": [{"titulaire": {"typeIdentifiant": "SIRET", "id": "81223113200026"}}],
    "considerationsSociales": {"considerationSociale": ["Pas de considération sociale"]},
    "considerationsEnvironnementales": {
        "considerationEnvironnementale": ["Pas de considération environnementale"]
    },
}

# A v1.5 marché as the official examples write it.
MARCHE_V1: dict[str, Any] = {
    "id": "2019MRS042",
    "acheteur": {"id": "21130055300016", "nom": "Ville de Marseille"},
    "nature": "Marché",
    "objet": "Réfection de la toiture de l'école Saint-Charles",
    "codeCPV": "45261210",
    "procedure": "Procédure adaptée",
    "lieuExecution": {"code": "13201", "typeCode": "Code commune", "nom": "Marseille"},
    "dureeMois": 6,
    "dateNotification": "2019-05-02",
    "datePublicationDonnees": "2019-05-20",
    "montant": 125000,
    "formePrix": "Ferme",
    "titulaires": [
        {"typeIdentifiant": "SIRET", "id": "81223113200026", "denominationSociale": "Garami"}
    ],
    "modifications": [],
}


def marche_v2(**changes: Any) -> dict[str, Any]:
    record = copy.deepcopy(MARCHE_V2)
    record.update(changes)
    return record


def marche_v1(**changes: Any) -> dict[str, Any]:
    record = copy.deepcopy(MARCHE_V1)
    record.update(changes)
    return record


@pytest.fixture
def decp(shared_data: Path) -> Path:
    return shared_data / "decp"


@pytest.fixture
def write(tmp_path: Path):
    """Write a DECP document (v1 list, v2 object, or raw text) to a file and return its path."""

    def _write(content: Any, name: str = "decp.json") -> Path:
        path = tmp_path / name
        if isinstance(content, str | bytes):
            path.write_bytes(content.encode() if isinstance(content, str) else content)
        else:
            path.write_text(json.dumps(content, ensure_ascii=False), encoding="utf-8")
        return path

    return _write


def v2(*marches: dict[str, Any], concessions: tuple[dict[str, Any], ...] = ()) -> dict[str, Any]:
    body: dict[str, Any] = {"marche": list(marches)}
    if concessions:
        body["contrat-concession"] = list(concessions)
    return {"marches": body}


def v1(*marches: dict[str, Any]) -> dict[str, Any]:
    return {"marches": list(marches)}
