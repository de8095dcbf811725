"""Territory answers: who covers a category where."""

from __future__ import annotations

from massalia.territory.models import Coverage, Department


def department_for(*, category: str, arrondissement_id: int | None) -> Department | None:
    """The department covering `category` in the arrondissement, else city-wide, else None."""
    rows = Coverage.objects.filter(category=category).select_related("department")
    if arrondissement_id is not None:
        local = rows.filter(arrondissement_id=arrondissement_id).first()
        if local:
            return local.department
    city_wide = rows.filter(arrondissement__isnull=True).first()
    return city_wide.department if city_wide else None
