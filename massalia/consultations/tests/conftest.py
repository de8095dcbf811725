"""An open opinion map on the test city, its twenty statements published by root (the
administrator), and residents to vote: the three groups of `votes.py`, ten each."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from massalia.accounts.models import User
from massalia.consultations import services
from massalia.consultations.models import Conversation, Statement
from massalia.consultations.tests.votes import DIVIDING, SHARED, three_groups
from massalia.testing import City


@dataclass
class Debate:
    conversation: Conversation
    statements: dict[str, Statement]  # by the names of votes.py: s1 … s20
    root: User


@pytest.fixture
def debate(city: City) -> Debate:
    conversation = Conversation.objects.create(
        slug="plu-centre", title="Le PLU du centre-ville",
        question="Que pensez-vous du projet de PLU ?", is_published=True,
    )  # fmt: skip
    root = city.people["root"]
    statements = {}
    for name in DIVIDING + SHARED:
        statement = services.submit_statement(
            conversation=conversation, author=city.people["alice"], text=f"Proposition {name}"
        )
        statements[name] = services.moderate_statement(
            statement=statement, moderator=root, publish_it=True
        )
    return Debate(conversation, statements, root)


def resident(name: str) -> User:
    return User.objects.get_or_create(username=name, defaults={"email": f"{name}@example.org"})[0]


def cast(debate: Debate, votes: list[tuple[str, str, int]]) -> dict[str, User]:
    """Cast these (resident, statement, vote) votes through the service; the residents."""
    people: dict[str, User] = {}
    for who, name, value in votes:
        person = people.setdefault(who, resident(who))
        services.vote(statement=debate.statements[name], participant=person, value=value)
    return people


@pytest.fixture
def three_voting_groups():
    return three_groups()
