"""A small register on the test city, imported through the real import."""

from __future__ import annotations

import pytest

from massalia.cameras import importer
from massalia.testing import INSIDE

HEADER = (
    "identifiant;adresse;latitude;longitude;finalites;exploitant;arrete;date_autorisation;"
    "conservation_jours;champ;statut;date_retrait"
)


def line(identifier: str, where: str = "BELSUNCE", **fields: str) -> str:
    lat, lon = INSIDE[where]
    values = {
        "adresse": f"Rue de {identifier}",
        "latitude": str(lat),
        "longitude": str(lon),
        "finalites": "personnes-et-biens|trafic",
        "exploitant": "Ville — centre de supervision urbaine",
        "arrete": "2024-117",
        "date_autorisation": "2024-03-01",
        "conservation_jours": "15",
        "champ": "dome",
        "statut": "en-service",
        "date_retrait": "",
        **fields,
    }
    return ";".join([identifier, *values.values()])


def csv_text(*lines: str) -> str:
    return "\n".join([HEADER, *lines]) + "\n"


@pytest.fixture
def cameras(city, fresh_indexes):
    """Four cameras: two in Belsunce (one operated by the transport network), one in La
    Joliette whose authorisation ran out in 2020, one removed from Noailles."""
    run = importer.import_text(
        csv_text(
            line("vp-001"),
            line("vp-002", finalites="terrorisme", exploitant="Régie des transports"),
            line("vp-003", "LA JOLIETTE", date_autorisation="2015-06-10", champ="fixe"),
            line("vp-004", "NOAILLES", statut="retiree", date_retrait="2025-01-31"),
        ),
        source="test",
    )
    assert run.rejected == 0, run
    return run
