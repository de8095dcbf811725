"""Readable test data built through the real services: a small city and its people.

The city is two arrondissements made of square quartiers around Marseille's centre, so tests
do not depend on any data file. Named people: alice (citizen), bob (agent, Voirie), carol
(manager, Voirie), dave (agent, Propreté), olga (elected official), root (administrator).
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any

import pikepdf
from django.core.files.uploadedfile import SimpleUploadedFile

from massalia.accounts.models import Membership, User
from massalia.servicerequests import services
from massalia.servicerequests.models import Attribute, RequestType, ServiceRequest
from massalia.servicerequests.workflows import PROCEDURE
from massalia.territory import gazetteer, geo
from massalia.territory.models import Arrondissement, Coverage, Department, Quartier

PASSWORD = "motdepasse-de-test-42"
# Each quartier is a 0.01° square; (lat, lon) of its south-west corner.
QUARTIERS = {
    "BELSUNCE": ("13201", 43.29, 5.37),
    "NOAILLES": ("13201", 43.29, 5.38),
    "LA JOLIETTE": ("13202", 43.30, 5.36),
}
INSIDE = {name: (lat + 0.005, lon + 0.005) for name, (_, lat, lon) in QUARTIERS.items()}
OUTSIDE = (43.10, 5.10)


def square(lat: float, lon: float, size: float = 0.01) -> dict[str, Any]:
    ring = [[lon, lat], [lon + size, lat], [lon + size, lat + size], [lon, lat + size], [lon, lat]]
    return {"type": "Polygon", "coordinates": [ring]}


@dataclass
class City:
    arrondissements: dict[str, Arrondissement]
    quartiers: dict[str, Quartier]
    departments: dict[str, Department]
    types: dict[str, RequestType]
    people: dict[str, User]


def build_quartiers(arrondissements: dict[str, Arrondissement]) -> dict[str, Quartier]:
    """The three square quartiers, in the given arrondissements (by INSEE code)."""
    quartiers = {
        name: Quartier.objects.create(
            name=name,
            slug=name.lower().replace(" ", "-"),
            arrondissement=arrondissements[code],
            geometry=square(lat, lon),
            centroid_latitude=lat + 0.005,
            centroid_longitude=lon + 0.005,
        )
        for name, (code, lat, lon) in QUARTIERS.items()
    }
    geo.invalidate()
    gazetteer.invalidate()
    return quartiers


def file_request(
    city: City, code: str, *, where: str = "NOAILLES", by: str | None = "alice", **extra: Any
) -> ServiceRequest:
    """File a request of type `code` in quartier `where` through the real service."""
    lat, lon = INSIDE[where]
    fields: dict[str, Any] = {
        "description": f"Signalement {code}",
        "requester": city.people[by] if by else None,
        **extra,
    }
    if code == "nid-de-poule":
        fields.setdefault("attributes", {"taille": "petit"})
    return services.submit_request(
        request_type=city.types[code], latitude=lat, longitude=lon, **fields
    )


def build_city() -> City:
    arrs = {
        code: Arrondissement.objects.create(
            insee_code=code,
            number=int(code[-2:]),
            name=f"{int(code[-2:])}e arrondissement",
            postcode=f"130{code[-2:]}",
            reference_latitude=43.295,
            reference_longitude=5.375,
        )
        for code in ("13201", "13202")
    }
    quartiers = build_quartiers(arrs)
    departments = {
        code: Department.objects.create(code=code, name=name, email=f"{code}@ville.test")
        for code, name in [
            ("voirie", "Voirie"),
            ("proprete", "Propreté"),
            ("eclairage", "Éclairage public"),
        ]
    }
    types = _types(departments)
    # In the 2nd arrondissement, potholes go to Propreté (a local coverage rule, for routing tests).
    Coverage.objects.create(
        category="nid-de-poule", arrondissement=arrs["13202"], department=departments["proprete"]
    )
    return City(arrs, quartiers, departments, types, _people(departments))


def _types(departments: dict[str, Department]) -> dict[str, RequestType]:
    pothole = RequestType.objects.create(
        code="nid-de-poule",
        name="Nid-de-poule",
        group="Voirie",
        department=departments["voirie"],
        expected_days=10,
        duplicate_radius_m=80,
    )
    Attribute.objects.create(
        request_type=pothole,
        code="taille",
        datatype=Attribute.Datatype.SINGLEVALUELIST,
        required=True,
        description="Taille du trou",
        order=1,
        values=[{"key": "petit", "name": "Petit"}, {"key": "grand", "name": "Grand"}],
    )
    lamp = RequestType.objects.create(
        code="lampadaire",
        name="Lampadaire éteint",
        group="Éclairage",
        department=departments["eclairage"],
        expected_days=5,
    )
    tags = RequestType.objects.create(
        code="tags",
        name="Tags et graffitis",
        group="Propreté",
        department=departments["proprete"],
    )
    private = RequestType.objects.create(
        code="fuite-compteur",
        name="Fuite après compteur",
        group="Eau",
        department=departments["voirie"],
        is_public=False,
    )
    return {"nid-de-poule": pothole, "lampadaire": lamp, "tags": tags, "fuite-compteur": private}


def _people(departments: dict[str, Department]) -> dict[str, User]:
    def person(username: str, **extra: Any) -> User:
        return User.objects.create_user(
            username=username,
            email=f"{username}@example.org",
            password=PASSWORD,
            display_name=username.capitalize(),
            **extra,
        )

    people = {
        "alice": person("alice"),
        "bob": person("bob"),
        "carol": person("carol"),
        "dave": person("dave"),
        "erin": person("erin"),
        "olga": person("olga", is_official=True),
        "root": person("root", is_superuser=True, is_staff=True),
    }
    Membership.objects.create(user=people["bob"], department=departments["voirie"])
    Membership.objects.create(
        user=people["carol"], department=departments["voirie"], role=Membership.Role.MANAGER
    )
    Membership.objects.create(user=people["dave"], department=departments["proprete"])
    Membership.objects.create(user=people["erin"], department=departments["eclairage"])
    return people


def pdf_file(name: str = "justificatif.pdf", *, pages: int = 1) -> SimpleUploadedFile:
    """A real one-page PDF, as a family's scanner or office software would send it."""
    document = pikepdf.new()
    for _ in range(pages):
        document.add_blank_page(page_size=(595, 842))
    out = io.BytesIO()
    document.save(out)
    return SimpleUploadedFile(name, out.getvalue(), content_type="application/pdf")


def enrolment_type(city: City) -> RequestType:
    """A private administrative procedure, of the kind e-services open on the case engine."""
    return RequestType.objects.create(
        code="inscription-scolaire",
        name="Inscription scolaire",
        group="Écoles",
        department=city.departments["voirie"],
        is_public=False,
        workflow=PROCEDURE.code,
    )
