import datetime
import shutil
from pathlib import Path

import pytest
from django.utils import timezone

from massalia.inclusion.importers import LieuxImporter
from massalia.inclusion.models import Service, Structure
from massalia.inclusion.tags import join_tags
from massalia.servicerequests.models import RequestType
from massalia.testing import INSIDE

LIEUX = "inclusion/lieux-mediation-numerique.exemple-valide.csv"
# Monday 2 June 2025, 10:30 in Marseille.
MONDAY_MORNING = timezone.make_aware(datetime.datetime(2025, 6, 2, 10, 30))
MONDAY_NIGHT = timezone.make_aware(datetime.datetime(2025, 6, 2, 22, 0))


@pytest.fixture
def lieux_example(shared_data: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "lieux.csv"
    shutil.copy(shared_data / LIEUX, copy)
    return copy


@pytest.fixture
def imported_example(db, lieux_example):
    return LieuxImporter(lieux_example).run(source=str(lieux_example))


def make_place(
    ident: str,
    *,
    where: str = "NOAILLES",
    horaires: str = "Mo-Fr 09:00-12:00",
    thematiques: tuple[str, ...] = ("numerique--acceder-a-une-connexion-internet",),
    frais: str = "gratuit",
    publics: tuple[str, ...] = ("tous-publics",),
    modes: tuple[str, ...] = ("en-presentiel",),
    langues: tuple[str, ...] = ("fr",),
    point: tuple[float, float] | None = None,
) -> Structure:
    lat, lon = point or INSIDE.get(where, (43.295, 5.385))
    from massalia.inclusion.importers import quartier_of

    place = Structure.objects.create(
        source="test",
        ident=ident,
        nom=f"Lieu {ident}",
        commune="Marseille",
        code_postal="13001",
        adresse=f"1 rue {ident}",
        latitude=lat,
        longitude=lon,
        quartier_id=quartier_of(lat, lon),
        horaires=horaires,
        date_maj=datetime.date(2025, 1, 10),
        langues=join_tags(langues),
    )
    Service.objects.create(
        structure=place,
        source="test",
        ident=f"{ident}--1",
        nom=f"Service de {ident}",
        description="Un service d'essai pour les tests.",
        thematiques=join_tags(thematiques),
        frais=frais,
        publics=join_tags(publics),
        modes_accueil=join_tags(modes),
        date_maj=datetime.date(2025, 1, 10),
    )
    return place


@pytest.fixture
def error_type(city):
    return RequestType.objects.create(
        code="annuaire-erreur",
        name="Erreur dans l'annuaire",
        group="Annuaire",
        department=city.departments["voirie"],
        is_public=False,
    )
