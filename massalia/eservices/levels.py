"""School levels and the kind of school that teaches each one."""

from __future__ import annotations

from django.db import models


class Level(models.TextChoices):
    PS = "PS", "petite section"
    MS = "MS", "moyenne section"
    GS = "GS", "grande section"
    CP = "CP", "CP"
    CE1 = "CE1", "CE1"
    CE2 = "CE2", "CE2"
    CM1 = "CM1", "CM1"
    CM2 = "CM2", "CM2"


class SchoolKind(models.TextChoices):
    MATERNELLE = "maternelle", "école maternelle"
    ELEMENTAIRE = "elementaire", "école élémentaire"
    PRIMAIRE = "primaire", "école primaire"


MATERNELLE_LEVELS = frozenset({Level.PS, Level.MS, Level.GS})


def kinds_for(level: str) -> tuple[str, ...]:
    """The kinds of school that teach `level` (a primary school teaches every level)."""
    if level in MATERNELLE_LEVELS:
        return (SchoolKind.MATERNELLE, SchoolKind.PRIMAIRE)
    return (SchoolKind.ELEMENTAIRE, SchoolKind.PRIMAIRE)
