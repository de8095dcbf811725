"""The demo city's departments, coverage, request types and people, upserted by their codes."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils.text import slugify

from massalia.accounts.models import Membership, User
from massalia.demo.catalog import COVERAGE, DEPARTMENTS, EMAIL_DOMAIN, TYPES
from massalia.servicerequests.models import AnswerTemplate, Attribute, RequestType
from massalia.territory.models import Arrondissement, Coverage, Department

# Demo data only: every demo account shares this password, printed by the commands.
DEMO_PASSWORD = "massalia-demo"
RESIDENTS = (
    "Nadia Benali",
    "Julien Martin",
    "Fatou Diallo",
    "Marc Giordano",
    "Sophie Lambert",
    "Karim Haddad",
    "Léa Rossi",
    "Thomas Nguyen",
    "Inès Ferrari",
    "Paul Santini",
    "Chloé Moreau",
    "Yanis Mebarki",
)


# Ready answers agents start from: (department code or None for every service, title, text).
ANSWERS = (
    (
        None,
        "Prise en compte",
        "Bonjour, votre demande n° {numero} ({type}) est enregistrée par le service {service}. "
        "Nous prévoyons de la traiter avant le {echeance}.",
    ),
    (
        None,
        "Hors compétence de la Ville",
        "Bonjour, ce problème ne relève pas de la Ville de Marseille mais d'un autre "
        "gestionnaire. Nous lui avons transmis votre signalement du {deposee_le}.",
    ),
    (
        "voirie",
        "Nid-de-poule rebouché",
        "Bonjour, l'équipe de la voirie est intervenue : le trou signalé ({adresse}) a été "
        "rebouché. Merci de votre signalement.",
    ),
    (
        "proprete",
        "Dépôt enlevé",
        "Bonjour, le dépôt signalé à {quartier} a été enlevé par le service {service}. "
        "Merci de votre signalement.",
    ),
    (
        "eclairage",
        "Lampadaire réparé",
        "Bonjour, le point lumineux signalé ({adresse}) a été réparé. Merci de votre aide.",
    ),
)


@dataclass(frozen=True)
class Login:
    username: str
    role: str
    name: str


@transaction.atomic
def load_departments() -> dict[str, Department]:
    """Upsert the demo departments by code."""
    out = {}
    for spec in DEPARTMENTS:
        out[spec.code], _ = Department.objects.update_or_create(
            code=spec.code,
            defaults={"name": spec.name, "email": spec.email, "description": spec.description},
        )
    return out


@transaction.atomic
def load_answers(departments: dict[str, Department]) -> None:
    """Upsert the ready answers by title (a department missing from the demo is skipped)."""
    for code, title, body in ANSWERS:
        if code is not None and code not in departments:
            continue
        AnswerTemplate.objects.update_or_create(
            title=title,
            defaults={"department": departments.get(code) if code else None, "body": body},
        )


@transaction.atomic
def load_coverage(departments: dict[str, Department]) -> None:
    """Per-arrondissement routing overrides (the type's department is the city-wide default)."""
    arrondissements = {a.number: a for a in Arrondissement.objects.all()}
    for category, numbers, department in COVERAGE:
        for number in numbers:
            if number in arrondissements:
                Coverage.objects.update_or_create(
                    category=category,
                    arrondissement=arrondissements[number],
                    defaults={"department": departments[department]},
                )


@transaction.atomic
def load_types(departments: dict[str, Department]) -> dict[str, RequestType]:
    """Upsert the request types and their typed attributes by code."""
    out = {}
    for spec in TYPES:
        row, _ = RequestType.objects.update_or_create(
            code=spec.code,
            defaults={
                "name": spec.name,
                "group": spec.group,
                "description": spec.description,
                "keywords": spec.keywords,
                "department": departments[spec.department],
                "is_public": spec.is_public,
                "is_active": True,
                "expected_days": spec.expected_days,
                "duplicate_radius_m": spec.duplicate_radius_m,
            },
        )
        for order, attribute in enumerate(spec.attributes, start=1):
            Attribute.objects.update_or_create(
                request_type=row,
                code=attribute.code,
                defaults={
                    "datatype": attribute.datatype,
                    "required": attribute.required,
                    "description": attribute.description,
                    "order": order,
                    "values": attribute.values_json(),
                },
            )
        out[spec.code] = row
    return out


@transaction.atomic
def load_people(departments: dict[str, Department]) -> tuple[list[Login], dict[str, User]]:
    """Upsert the demo accounts; return the logins table and the users by username."""
    # One hash for everyone: hashing is deliberately slow and this is a shared demo password.
    password = make_password(DEMO_PASSWORD)
    logins: list[Login] = []
    users: dict[str, User] = {}

    def person(
        username: str, name: str, role: str, *, listed: bool = True, **extra: object
    ) -> User:
        first, _, last = name.partition(" ")
        user, _ = User.objects.update_or_create(
            username=username,
            defaults={
                "email": f"{username}@{EMAIL_DOMAIN}",
                "display_name": name,
                "first_name": first,
                "last_name": last,
                "password": password,
                "is_active": True,
                **extra,
            },
        )
        users[username] = user
        if listed:
            logins.append(Login(username, role, name))
        return user

    person("admin", "Administratrice Massalia", "administratrice", is_superuser=True, is_staff=True)
    person("elu", "Élu à la proximité", "élu (tableaux de bord)", is_official=True)
    person("citoyenne", "Camille Citoyenne", "citoyenne")
    for name in RESIDENTS:
        person(resident_username(name), name, "habitant", listed=False)
    for department in departments.values():
        code, name = department.code, department.name
        agent = person(f"agent.{code}", f"Agent {name}", f"agent — {name}")
        manager = person(f"resp.{code}", f"Responsable {name}", f"responsable — {name}")
        _member(agent, department)
        _member(manager, department, role=Membership.Role.MANAGER)
    return logins, users


def resident_username(name: str) -> str:
    """'Léa Rossi' → 'lea.rossi'."""
    return slugify(name).replace("-", ".")


def _member(user: User, department: Department, role: str = Membership.Role.AGENT) -> None:
    Membership.objects.update_or_create(user=user, department=department, defaults={"role": role})
