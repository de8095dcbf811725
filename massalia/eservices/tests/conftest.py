"""A small school map on the test city: three streets, four schools, the education department.

Rue Paradis (Noailles): even numbers 2–40 → école élémentaire Paradis, odd numbers → école
élémentaire Breteuil; numbers 42–200 of both sides → école élémentaire Lodi; every number →
école maternelle Paradis. Boulevard Longchamp (Belsunce): 1–99 both sides → école primaire
Longchamp. Rue de Rome (La Joliette) is in the street index but on no line of the map.
"""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from massalia.accounts.models import Membership, User
from massalia.eservices import services
from massalia.eservices.importers import SchoolMapImporter
from massalia.eservices.models import Capacity, Child, Household, School
from massalia.servicerequests.models import RequestType
from massalia.servicerequests.workflows import PROCEDURE
from massalia.territory import gazetteer
from massalia.territory.models import Department, Street
from massalia.testing import INSIDE, PASSWORD

HEADER = "code_ecole;nom_ecole;type_ecole;adresse_ecole;voie;numero_debut;numero_fin;cote"
MAP = [
    "paradis-e;École élémentaire Paradis;elementaire;12 rue Paradis;rue Paradis;2;40;pair",
    "breteuil-e;École élémentaire Breteuil;elementaire;5 rue Breteuil;rue Paradis;1;41;impair",
    "lodi-e;École élémentaire Lodi;elementaire;3 rue de Lodi;rue Paradis;42;200;tous",
    "paradis-m;École maternelle Paradis;maternelle;14 rue Paradis;rue Paradis;1;200;tous",
    "longchamp-p;École primaire Longchamp;primaire;;boulevard Longchamp;1;99;tous",
]
STREETS = {
    "Rue Paradis": "NOAILLES",
    "Boulevard Longchamp": "BELSUNCE",
    "Rue de Rome": "LA JOLIETTE",
}
YEAR = 2026


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def write_map(tmp_path: Path, lines: list[str], name: str = "carte.csv") -> Path:
    path = tmp_path / name
    path.write_text("\n".join([HEADER, *lines]) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def streets(city, fresh_indexes):
    for name, where in STREETS.items():
        lat, lon = INSIDE[where]
        Street.objects.create(
            name=name,
            normalized=gazetteer.normalize(name),
            quartier=city.quartiers[where],
            latitude=lat,
            longitude=lon,
        )
    gazetteer.invalidate()
    return STREETS


@pytest.fixture
def school_map(streets, tmp_path):
    run = SchoolMapImporter(write_map(tmp_path, MAP)).run(source="carte.csv")
    assert run.rejected == 0, list(run.rejected_records.values_list("reasons", flat=True))
    return run


@pytest.fixture
def education(city):
    department = Department.objects.create(
        code="education", name="Éducation", email="education@ville.test"
    )
    RequestType.objects.create(
        code=services.ENROLMENT_TYPE,
        name="Inscription scolaire",
        group="Écoles",
        department=department,
        is_public=False,
        workflow=PROCEDURE.code,
        expected_days=30,
    )
    edith = User.objects.create_user(
        username="edith", email="edith@example.org", password=PASSWORD, display_name="Edith"
    )
    Membership.objects.create(user=edith, department=department)
    return department


@pytest.fixture
def edith(education):
    return User.objects.get(username="edith")


def seats(code: str, level: str, n: int) -> Capacity:
    return Capacity.objects.create(
        school=School.objects.get(code=code), level=level, school_year=YEAR, seats=n
    )


def family(user: User, number: int = 12, street: str = "rue Paradis", child: str = "Lina") -> Child:
    """A household at `number street` with one child born in 2020, through the services."""
    household = services.open_household(user=user)
    services.set_address(household=household, house_number=number, number_suffix="", street=street)
    return services.add_child(
        household=household,
        first_name=child,
        last_name="Martin",
        birth_date=datetime.date(2020, 3, 4),
    )


def household_of(user: User) -> Household:
    return Household.objects.of(user).get()


@pytest.fixture
def psu_scales(db):
    """The CNAF barèmes the data migration installs, put back when a test before this one
    flushed the database (the demo's tests and transactional tests do)."""
    from importlib import import_module

    from django.apps import apps

    from massalia.eservices.models import PsuScale

    if not PsuScale.objects.exists():
        import_module("massalia.eservices.migrations.0006_psu_scales_2025_2026").install(apps, None)
