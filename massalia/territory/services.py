"""Territory answers: who covers a category where."""

from __future__ import annotations

from django.db import transaction

from massalia.territory import marseille
from massalia.territory.models import Arrondissement, Coverage, Department, SectorTownHall


def department_for(*, category: str, arrondissement_id: int | None) -> Department | None:
    """The department covering `category` in the arrondissement, else city-wide, else None."""
    rows = Coverage.objects.filter(category=category).select_related("department")
    if arrondissement_id is not None:
        local = rows.filter(arrondissement_id=arrondissement_id).first()
        if local:
            return local.department
    city_wide = rows.filter(arrondissement__isnull=True).first()
    return city_wide.department if city_wide else None


@transaction.atomic
def ensure_arrondissements() -> dict[str, Arrondissement]:
    """Create the 8 sector town halls and 16 arrondissements from `marseille` facts if missing.

    Existing rows keep their data (an administrator may have corrected them); only a missing
    sector link is filled in. Returns the arrondissements by INSEE code.
    """
    halls = {}
    for fact in marseille.TOWN_HALLS:
        halls[fact.sector], _ = SectorTownHall.objects.get_or_create(
            number=fact.sector,
            defaults={
                "name": fact.name,
                "address": fact.address,
                "latitude": fact.latitude,
                "longitude": fact.longitude,
            },
        )
    arrondissements = {}
    for arr in marseille.ARRONDISSEMENTS:
        row, created = Arrondissement.objects.get_or_create(
            insee_code=arr.insee_code,
            defaults={
                "number": arr.number,
                "name": arr.name,
                "postcode": arr.postcode,
                "sector": halls[arr.sector],
                "reference_latitude": arr.latitude,
                "reference_longitude": arr.longitude,
            },
        )
        if not created and row.sector_id is None:
            row.sector = halls[arr.sector]
            row.save(update_fields=["sector"])
        arrondissements[arr.insee_code] = row
    return arrondissements
