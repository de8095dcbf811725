"""The territories the package ships: Marseille's official quartiers and its street index.

* `data/marseille_quartiers.geojson`: the 111 quartiers of the Ville de Marseille (Licence
  Ouverte / Etalab), simplified to about 5 m with their shared borders kept
  (`massalia territory simplify`, see docs/territory.md);
* `data/marseille_streets.json`: the street index, from OpenStreetMap (© OpenStreetMap
  contributors, ODbL).

A commune without a shipped territory imports its own file, or falls back on the approximate
territory (`approximate.build`) where the project knows enough facts for one.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from massalia.core.models import ImportRun
from massalia.territory import approximate, commune
from massalia.territory.importers import import_quartiers, import_streets
from massalia.territory.models import Street

DATA = Path(__file__).resolve().parent / "data"


@dataclass(frozen=True)
class ShippedTerritory:
    quartiers: Path
    streets: Path


SHIPPED: dict[str, ShippedTerritory] = {
    commune.MARSEILLE_INSEE_CODE: ShippedTerritory(
        quartiers=DATA / "marseille_quartiers.geojson",
        streets=DATA / "marseille_streets.json",
    ),
}


def for_commune(insee_code: str) -> ShippedTerritory | None:
    """The territory shipped for the commune, if the package has one."""
    return SHIPPED.get(insee_code)


@dataclass(frozen=True)
class Installed:
    quartiers: ImportRun | None
    streets: ImportRun | None


def install(*, insee_code: str | None = None, progress: Any = None) -> Installed | None:
    """Import the shipped territory of the (configured) commune where it is still missing.

    The quartiers are imported while the territory is empty or approximate (the official
    file then replaces the approximate one), the streets while there are none; a territory
    imported by hand is left alone. None when the package ships nothing for the commune.
    """
    shipped = for_commune(insee_code or commune.current().insee_code)
    if shipped is None:
        return None
    quartiers = (
        import_quartiers(shipped.quartiers, progress=progress)
        if approximate.is_approximate()
        else None
    )
    streets = (
        None if Street.objects.exists() else import_streets(shipped.streets, progress=progress)
    )
    return Installed(quartiers, streets)
