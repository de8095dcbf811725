"""The sector school: which public school serves an address, and why (the school map's line)."""

from __future__ import annotations

from dataclasses import dataclass

from massalia.eservices.levels import kinds_for
from massalia.eservices.models import Household, School, SectorLine

NO_ADDRESS = "Indiquez d'abord l'adresse du foyer : l'école de secteur en dépend."


@dataclass(frozen=True)
class Sector:
    school: School | None
    reason: str  # French: the map's line that decided, or why no school serves the address

    @property
    def found(self) -> bool:
        return self.school is not None


def lookup(*, street_key: str, street_name: str, number: int, level: str) -> Sector:
    """The school serving `number` in the street for `level`; the narrowest range wins when a
    map gives two (a line for a block inside a longer one)."""
    lines = SectorLine.objects.filter(
        street_key=street_key,
        first_number__lte=number,
        last_number__gte=number,
        school__kind__in=kinds_for(level),
    ).select_related("school")
    serving = [line for line in lines if line.serves(number)]
    address = f"{number} {street_name}"
    if not serving:
        return Sector(
            None,
            f"Aucune école de secteur n'est connue pour le {address} à ce niveau : "
            "la direction de l'Éducation vous proposera une école.",
        )
    line = min(serving, key=lambda li: (li.last_number - li.first_number, li.pk))
    return Sector(line.school, f"{address}, {line.numbers_label} → {line.school.name}")


def for_household(household: Household, level: str) -> Sector:
    if not household.has_address or household.house_number is None:
        return Sector(None, NO_ADDRESS)
    return lookup(
        street_key=household.street_key,
        street_name=household.street_name,
        number=household.house_number,
        level=level,
    )
