"""Demo of the participatory budget (idempotent): the 2026 budget with its vote open today,
and the 2025 one, closed, with its results.

The 2025 ballots are bulk rows of two hundred simulated residents (verified by the census
file, as keyed hashes of made-up identities), drawn under the vote's rule, so the results
page shows the published rule's choice and the equal-shares one beside it. In the open
vote, "citoyenne" was verified by Voirie's agent and may vote at once; the named residents
are in the census file (`CENSUS`) and may verify themselves with those answers.
"""

from __future__ import annotations

import datetime
import random
from collections.abc import Sequence
from typing import Any

from django.db import transaction
from django.utils import timezone

from massalia.accounts.models import User
from massalia.demo.catalog import EMAIL_DOMAIN
from massalia.demo.organisation import RESIDENTS
from massalia.participation import ballots, census, services
from massalia.participation.models import (
    Ballot,
    BallotChoice,
    CensusEntry,
    PhaseKind,
    Process,
    Verification,
    VerificationMethod,
)
from massalia.territory.models import Department

OPEN, CLOSED = "budget-participatif-2026", "budget-participatif-2025"
VOTERS = 200
PREFIX = "votant-budget-"
SEED = 2025
DAY = datetime.timedelta(days=1)
# The named demo residents as the census file lists them (made-up birth dates), in the
# 1st arrondissement: what one types on the verification page.
CENSUS = [
    (name, datetime.date(1970 + i, 1 + i % 12, 1 + i), "13001") for i, name in enumerate(RESIDENTS)
]

# (title, cost in euros, category, latitude, longitude, description)
PROJECTS_2026 = [
    ("Des arbres et de l'ombre cours Julien", 180_000, "Nature en ville", 43.2935, 5.3835,
     "Planter une vingtaine d'arbres et installer des bancs à l'ombre sur le cours."),
    ("Une fontaine d'eau potable au Vieux-Port", 45_000, "Espace public", 43.2951, 5.3740,
     "Une fontaine accessible à tous sur le quai des Belges."),
    ("Un jardin partagé à la Belle de Mai", 120_000, "Nature en ville", 43.3125, 5.3880,
     "Des parcelles pour les habitants et une école, avec un récupérateur d'eau de pluie."),
    ("Des pistes cyclables séparées sur la Corniche", 450_000, "Mobilité", 43.2815, 5.3560,
     "Séparer les vélos des voitures sur deux kilomètres de Corniche."),
    ("Un terrain de sport rénové à Noailles", 90_000, "Sport", 43.2960, 5.3810,
     "Refaire le sol, les paniers et l'éclairage du terrain du quartier."),
    ("Des toilettes publiques ouvertes la nuit", 150_000, "Espace public", 43.2975, 5.3765,
     "Trois toilettes gratuites, accessibles aux fauteuils, autour du port."),
    ("Une bibliothèque de rue au Panier", 25_000, "Culture", 43.2990, 5.3690,
     "Des boîtes à livres et des bancs sur la place de Lenche."),
    ("Des bancs et des abris le long du tramway", 200_000, "Mobilité", 43.3010, 5.3900,
     "Des assises et de l'ombre aux arrêts les plus exposés au soleil."),
]  # fmt: skip
PROJECTS_2025 = [
    ("Une aire de jeux à Saint-Mauront", 140_000, "Enfance", 43.3140, 5.3800,
     "Des jeux pour les 2-10 ans et un revêtement souple."),
    ("L'éclairage du parc Longchamp", 95_000, "Espace public", 43.3045, 5.3945,
     "Des lampadaires économes le long des allées, pour traverser le parc le soir."),
    ("Un composteur collectif par quartier du 1er", 30_000, "Nature en ville", 43.2990, 5.3800,
     "Six composteurs de quartier avec des habitants référents."),
    ("Une piste de skate à la Joliette", 260_000, "Sport", 43.3060, 5.3665,
     "Une piste en béton ouverte à tous, près des Docks."),
    ("Des ateliers de réparation de vélos", 40_000, "Mobilité", 43.2950, 5.3870,
     "Un atelier gratuit chaque samedi dans trois maisons de quartier."),
    ("Une fresque et des bancs rue d'Aubagne", 70_000, "Culture", 43.2930, 5.3820,
     "Une fresque choisie avec les habitants et des bancs pour la rue."),
]  # fmt: skip
# How popular each 2025 project is (the chance a voter chooses it).
APPEAL_2025 = [0.55, 0.5, 0.45, 0.35, 0.4, 0.3]


def load() -> list[Process]:
    """Both budgets with their projects; the closed one's ballots (nothing is made twice)."""
    voirie = Department.objects.filter(code="voirie").first()
    if voirie is None:
        return []
    with transaction.atomic():
        return [_open(voirie), _closed(voirie)]


def _process(slug: str, title: str, summary: str, department: Department, current: str) -> Process:
    today = timezone.localdate()
    phases: list[tuple[str, datetime.date, datetime.date]]
    if current == PhaseKind.VOTE:
        phases = [
            (PhaseKind.INFORMATION, today - 60 * DAY, today - 31 * DAY),
            (PhaseKind.REVIEW, today - 30 * DAY, today - 11 * DAY),
            (PhaseKind.VOTE, today - 10 * DAY, today + 20 * DAY),
            (PhaseKind.RESULTS, today + 21 * DAY, today + 90 * DAY),
        ]
    else:
        phases = [
            (PhaseKind.INFORMATION, today - 300 * DAY, today - 241 * DAY),
            (PhaseKind.VOTE, today - 240 * DAY, today - 211 * DAY),
            (PhaseKind.RESULTS, today - 210 * DAY, today + 150 * DAY),
        ]
    return services.create_process(
        slug=slug, title=title, summary=summary, department=department, phases=phases
    )


def _projects(process: Process, rows: Sequence[tuple[Any, ...]]) -> list[int]:
    return [
        ballots.add_project(
            process=process, title=title, cost=cost, category=category,
            latitude=lat, longitude=lon, description=text,
        ).pk
        for title, cost, category, lat, lon, text in rows
    ]  # fmt: skip


def _open(voirie: Department) -> Process:
    found = Process.objects.filter(slug=OPEN).first()
    if found is not None:
        return found
    process = _process(
        OPEN,
        "Budget participatif 2026",
        "Un million d'euros pour les projets des habitants : votez jusqu'à la clôture.",
        voirie,
        PhaseKind.VOTE,
    )
    ballots.create_budget(process=process, envelope=1_000_000)
    _projects(process, PROJECTS_2026)
    CensusEntry.objects.bulk_create(
        CensusEntry(process=process, key=_key(process, name, born, postcode))
        for name, born, postcode in CENSUS
    )
    citizen = User.objects.filter(username="citoyenne").first()
    agent = User.objects.filter(username="agent.voirie").first()
    if citizen is not None and agent is not None:
        ballots.verify_by_agent(
            process=process, agent=agent, person=citizen, last_name="Citoyenne",
            first_name="Camille", birth_date=datetime.date(1985, 3, 14), postcode="13001",
            consent=True,
        )  # fmt: skip
    return process


def _key(process: Process, name: str, born: datetime.date, postcode: str) -> str:
    first, _, last = name.partition(" ")
    return census.identity_key(
        process, last_name=last, first_name=first, birth_date=born, postcode=postcode
    )


def _closed(voirie: Department) -> Process:
    found = Process.objects.filter(slug=CLOSED).first()
    if found is not None:
        return found
    process = _process(
        CLOSED,
        "Budget participatif 2025",
        "Le vote est clos : voici les projets retenus et la règle qui les a choisis.",
        voirie,
        PhaseKind.RESULTS,
    )
    ballots.create_budget(process=process, envelope=400_000, ballot_rule="approval", max_projects=3)
    ids = _projects(process, PROJECTS_2025)
    names = [f"{PREFIX}{n}" for n in range(1, VOTERS + 1)]
    User.objects.bulk_create(
        [User(username=name, email=f"{name}@{EMAIL_DOMAIN}") for name in names],
        ignore_conflicts=True,
    )
    voters = list(User.objects.filter(username__in=names).order_by("pk"))
    pick = random.Random(SEED)
    Verification.objects.bulk_create(
        Verification(
            process=process, person=voter, method=VerificationMethod.CENSUS, consent=True,
            key=_key(process, f"Votant {voter.username}", datetime.date(1980, 1, 1), "13001"),
        )
        for voter in voters
    )  # fmt: skip
    cast = Ballot.objects.bulk_create(Ballot(process=process, voter=voter) for voter in voters)
    choices = []
    for ballot in cast:
        chosen = [
            pid for pid, appeal in zip(ids, APPEAL_2025, strict=True) if pick.random() < appeal
        ]
        chosen = chosen[:3] or [pick.choice(ids)]
        choices += [BallotChoice(ballot=ballot, project_id=pid) for pid in chosen]
    BallotChoice.objects.bulk_create(choices)
    return process
