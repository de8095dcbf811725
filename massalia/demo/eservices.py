"""Demo of the family account and school enrolment: a school map for three arrondissements
from the shipped street index, families with children, enrolments in every state (idempotent).

The map goes in through the real importer, the families and their enrolments through the real
services, so the demo exercises the paths people use.
"""

from __future__ import annotations

import datetime
import io
import random

from django.contrib.auth.hashers import make_password
from django.core.exceptions import ValidationError

from massalia.accounts import mandates
from massalia.accounts.models import Membership, User
from massalia.demo.catalog import EMAIL_DOMAIN
from massalia.demo.organisation import Login
from massalia.eservices import services
from massalia.eservices.importers import SchoolMapImporter
from massalia.eservices.levels import Level
from massalia.eservices.models import Capacity, Household, School
from massalia.servicerequests import correspondence
from massalia.servicerequests import services as cases
from massalia.servicerequests.models import RequestType
from massalia.servicerequests.workflows import PROCEDURE
from massalia.territory.models import Department, Street

ARRONDISSEMENTS = (1, 4, 6)
STREETS_PER_ARRONDISSEMENT = 12
FAMILIES = 300
PREFIX = "famille-"
FIRST_NAMES = ["Lina", "Adam", "Inès", "Nolan", "Jade", "Yanis", "Chloé", "Rayan", "Louise", "Sami"]
LOGINS = [
    Login("agent.education", "agent (inscriptions scolaires)", "Agent Éducation"),
    Login(f"{PREFIX}1", "parent d'élève (foyer, inscription)", "Famille de la démo"),
    Login("mediatrice", "médiatrice (agit pour une personne qui n'est pas en ligne)", "Médiatrice"),
]
LAST_NAMES = ["Martin", "Benali", "Rossi", "Nguyen", "Durand", "Haddad", "Lopez", "Moreau"]


def load(*, password: str, families: int = FAMILIES, today: datetime.date | None = None) -> int:
    """Make sure the demo families exist; returns how many were created (0 on a second run)."""
    made = Household.objects.filter(adults__user__username__startswith=PREFIX)
    if families <= 0 or made.exists():
        return 0
    streets = _streets()
    if not streets:
        return 0
    _, agent = _education(password)
    year = services.current_school_year(today)
    _school_map(streets)
    for school in School.objects.all():
        for level in Level.values:
            Capacity.objects.get_or_create(
                school=school, level=level, school_year=year, defaults={"seats": 2}
            )
    pick = random.Random(14)
    hashed = make_password(password)
    for i in range(families):
        _family(i, pick, streets, hashed, year, agent)
    _mediation(hashed)
    return families


def _mediation(hashed: str) -> None:
    """A mediator of a social centre and the consent of a resident who is not online."""
    mediator = User.objects.create(
        username="mediatrice",
        email=f"mediatrice@{EMAIL_DOMAIN}",
        password=hashed,
        display_name="Nadia, médiatrice numérique",
        is_mediator=True,
    )
    person = User(username=f"{PREFIX}sans-internet", display_name="Josette Arnaud")
    person.set_unusable_password()
    person.save()
    mandates.record(
        mediator=mediator,
        person=person,
        method="signed_form",
        note="Formulaire signé au centre social, rangé au dossier.",
        days=180,
    )


def _streets() -> list[Street]:
    chosen: list[Street] = []
    for number in ARRONDISSEMENTS:
        rows = Street.objects.filter(quartier__arrondissement__number=number).order_by("name")
        named = [
            s for s in rows[:200] if s.name.lower().startswith(("rue ", "boulevard ", "avenue "))
        ]
        chosen += named[:STREETS_PER_ARRONDISSEMENT]
    return chosen


def _education(password: str) -> tuple[Department, User]:
    department, _ = Department.objects.get_or_create(
        code="education", defaults={"name": "Éducation", "email": f"education@{EMAIL_DOMAIN}"}
    )
    RequestType.objects.get_or_create(
        code=services.ENROLMENT_TYPE,
        defaults={
            "name": "Inscription scolaire",
            "group": "Écoles",
            "department": department,
            "is_public": False,
            "workflow": PROCEDURE.code,
            "expected_days": 30,
        },
    )
    agent, made = User.objects.get_or_create(
        username="agent.education",
        defaults={"email": f"agent.education@{EMAIL_DOMAIN}", "display_name": "Agent Éducation"},
    )
    if made:
        agent.set_password(password)
        agent.save()
    Membership.objects.get_or_create(user=agent, department=department)
    return department, agent


def _school_map(streets: list[Street]) -> None:
    """Per arrondissement: its first streets name its schools; every street gets a line by
    side for its first numbers and one line for the rest."""
    rows = ["code_ecole;nom_ecole;type_ecole;adresse_ecole;voie;numero_debut;numero_fin;cote"]
    for index, street in enumerate(streets):
        group = index // STREETS_PER_ARRONDISSEMENT
        head = streets[group * STREETS_PER_ARRONDISSEMENT : group * STREETS_PER_ARRONDISSEMENT + 3]
        even, odd, far = (_school(s, "elementaire") for s in head)
        nursery = _school(head[index % 2], "maternelle")
        name = street.name
        rows += [
            f"{even[0]};{even[1]};elementaire;1 {head[0].name};{name};2;80;pair",
            f"{odd[0]};{odd[1]};elementaire;2 {head[1].name};{name};1;79;impair",
            f"{far[0]};{far[1]};elementaire;3 {head[2].name};{name};81;999;tous",
            f"{nursery[0]};{nursery[1]};maternelle;5 {head[index % 2].name};{name};1;999;tous",
        ]
    SchoolMapImporter(io.StringIO("\n".join(rows) + "\n")).run(source="démo : carte scolaire")


def _school(street: Street, kind: str) -> tuple[str, str]:
    label = "École élémentaire" if kind == "elementaire" else "École maternelle"
    short = street.name.split(" ", 1)[-1]
    code = f"{kind[:3]}-{street.pk}"
    return code, f"{label} {short}"


def _family(
    i: int, pick: random.Random, streets: list[Street], hashed: str, year: int, agent: User
) -> None:
    parent = User.objects.create(
        username=f"{PREFIX}{i}",
        email=f"{PREFIX}{i}@{EMAIL_DOMAIN}",
        password=hashed,
        display_name=f"Famille {pick.choice(LAST_NAMES)}",
    )
    street = streets[i % len(streets)]
    household = services.open_household(user=parent)
    services.set_address(
        household=household,
        house_number=pick.randint(1, 140),
        number_suffix="",
        street=street.name,
    )
    last = pick.choice(LAST_NAMES)
    children = [
        services.add_child(
            household=household,
            first_name=pick.choice(FIRST_NAMES),
            last_name=last,
            birth_date=datetime.date(year - pick.randint(3, 10), pick.randint(1, 12), 10),
        )
        for _ in range(pick.randint(1, 3))
    ]
    if i % 5 == 0:
        return  # a family that has not asked anything yet
    child = children[0]
    age = year - child.birth_date.year
    level = Level.values[min(max(age - 3, 0), 7)]
    try:
        enrolment = services.enrol(child=child, by=parent, level=level, school_year=year)
    except ValidationError:  # an address no line of the map serves: the family waits
        return
    _move(enrolment, i % 6, agent, parent)


def _move(enrolment, step: int, agent: User, parent: User) -> None:  # type: ignore[no-untyped-def]
    case = enrolment.case
    if step == 0:
        return  # filed
    cases.change_status(case=case, actor=agent, status="in_review")
    if step == 2:
        cases.change_status(
            case=case,
            actor=agent,
            status="awaiting_documents",
            public_note="Merci d'envoyer un justificatif de domicile de moins de trois mois.",
        )
        correspondence.write_to_requester(
            case=case, actor=agent, body="Il manque le justificatif de domicile du foyer."
        )
    elif step in (3, 4):
        services.decide(enrolment=enrolment, actor=agent, public_note="Inscription acceptée.")
    elif step == 5:
        verdict = "refused" if enrolment.pk % 2 else "withdrawn"
        cases.change_status(
            case=case, actor=agent, status=verdict, public_note="Demande close à votre demande."
        )
