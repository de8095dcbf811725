"""Consultations on the test city: one open to proposals (Voirie examines it, threshold 3),
one in the 1st arrondissement still in its information phase, and one that is over.

Voirie's agents bob and carol examine them; dave (Propreté) does not."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from massalia.participation import services
from massalia.participation.models import PhaseKind, Process, Scope
from massalia.testing import PASSWORD, City

DAY = datetime.timedelta(days=1)


Phases = list[tuple[str, datetime.date, datetime.date]]


def phases_around(today: datetime.date, current: str) -> Phases:
    """The five phases, ten days each, with `current` running today."""
    kinds = list(PhaseKind.values)
    start = today - DAY * (10 * kinds.index(current) + 2)
    return [(k, start + DAY * 10 * i, start + DAY * (10 * i + 9)) for i, k in enumerate(kinds)]


@dataclass
class Processes:
    open: Process  # contributions phase today, city-wide
    local: Process  # information phase today, 1st arrondissement
    over: Process  # all phases past


@pytest.fixture
def processes(city: City) -> Processes:
    today = timezone.localdate()
    voirie = city.departments["voirie"]
    return Processes(
        open=services.create_process(
            slug="places-pietonnes",
            title="Des places pour les piétons",
            summary="Quelles places rendre aux piétons ?",
            body="La Ville veut rendre des places aux piétons.",
            department=voirie,
            phases=phases_around(today, PhaseKind.CONTRIBUTIONS),
            support_threshold=3,
        ),
        local=services.create_process(
            slug="jardins-1er",
            title="Jardins partagés du 1er",
            summary="Où créer des jardins partagés ?",
            department=voirie,
            scope=Scope.ARRONDISSEMENT,
            arrondissement=city.arrondissements["13201"],
            phases=phases_around(today, PhaseKind.INFORMATION),
        ),
        over=services.create_process(
            slug="eclairage-2025",
            title="L'éclairage des rues",
            summary="Terminée.",
            department=city.departments["eclairage"],
            phases=[(PhaseKind.CONTRIBUTIONS, today - DAY * 40, today - DAY * 30)],
        ),
    )


def propose(
    process: Process, author: Any, title: str = "Piétonniser la place", **extra: Any
) -> Any:
    """A proposal made through the real service."""
    return services.propose(
        process=process, author=author, title=title, text="Rendre la place aux piétons.", **extra
    )


def open_to_proposals(process: Process) -> Process:
    """Replace the process's phases by a contributions phase running today."""
    today = timezone.localdate()
    process.phases.all().delete()
    process.phases.create(kind=PhaseKind.CONTRIBUTIONS, starts_on=today - DAY, ends_on=today + DAY)
    return process


def signed_in(client: Client, user: Any) -> Client:
    assert client.login(username=user.username, password=PASSWORD)
    return client


# Participatory budget ------------------------------------------------------------------------

BIRTH = datetime.date(1980, 5, 17)


@dataclass
class Budgets:
    open: Process  # vote running today: knapsack within 100 000 €
    approval: Process  # vote running today: at most 2 projects
    closed: Process  # vote over, results public
    projects: dict[str, Any]  # the open vote's projects by title


def _budget_process(city: City, slug: str, current: str) -> Process:
    return services.create_process(
        slug=slug,
        title=f"Budget participatif {slug}",
        summary="Vos projets pour le quartier.",
        department=city.departments["voirie"],
        phases=phases_around(timezone.localdate(), current),
    )


@pytest.fixture
def budgets(city: City) -> Budgets:
    from massalia.participation import ballots

    made = {}
    for slug, current, rule in (
        ("budget-2026", PhaseKind.VOTE, "knapsack"),
        ("budget-approbation", PhaseKind.VOTE, "approval"),
        ("budget-2025", PhaseKind.RESULTS, "knapsack"),
    ):
        process = made[slug] = _budget_process(city, slug, current)
        ballots.create_budget(
            process=process,
            envelope=100_000,
            ballot_rule=rule,
            max_projects=2 if rule == "approval" else None,
        )
    projects = {}
    for slug, process in made.items():
        for title, cost, category in (
            ("Un jardin partagé", 60_000, "Nature en ville"),
            ("Des bancs à l'ombre", 30_000, "Espace public"),
            ("Une fontaine", 50_000, "Espace public"),
        ):
            project = ballots.add_project(
                process=process,
                title=title,
                description=f"{title} pour le quartier.",
                cost=cost,
                category=category,
            )
            if slug == "budget-2026":
                projects[title] = project
    return Budgets(made["budget-2026"], made["budget-approbation"], made["budget-2025"], projects)


def verified(process: Process, person: Any, agent: Any) -> Any:
    """`person` verified by `agent` (a Voirie agent) for `process`, through the service."""
    from massalia.participation import ballots

    return ballots.verify_by_agent(
        process=process,
        agent=agent,
        person=person,
        last_name=person.username,
        first_name="Habitant",
        birth_date=BIRTH,
        postcode="13001",
        consent=True,
    )


def project_ids(process: Process) -> dict[str, int]:
    return dict(process.budget_projects.values_list("title", "pk"))
