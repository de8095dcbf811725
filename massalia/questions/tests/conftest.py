"""Questions' test data, through the real services: olga (an elected official in the test
city) receives questions, with dave as her cabinet; the 1st-and-2nd sector's town hall too.
Root (an administrator) moderates."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from massalia.questions import services
from massalia.questions.models import Question, Recipient
from massalia.territory.models import SectorTownHall


@dataclass
class Recipients:
    olga: Recipient
    town_hall: Recipient


def make_recipients(city: Any) -> Recipients:
    sector = SectorTownHall.objects.create(number=1, name="Mairie des 1er et 2e arrondissements")
    olga = Recipient.objects.create(
        kind=Recipient.Kind.OFFICIAL, slug="olga", name="Olga Martin",
        role="Adjointe au maire chargée de la propreté", account=city.people["olga"],
    )  # fmt: skip
    olga.staff.add(city.people["dave"])
    hall = Recipient.objects.create(
        kind=Recipient.Kind.TOWN_HALL, slug="secteur-1", name=sector.name, sector=sector
    )
    return Recipients(olga=olga, town_hall=hall)


@pytest.fixture
def recipients(city: Any) -> Recipients:
    return make_recipients(city)


def ask(recipient: Recipient, author: Any, *, publish: bool = True, **extra: Any) -> Question:
    """A question by `author`, published by root unless `publish` is False."""
    fields = {"subject": "Les poubelles du cours Julien", "text": "Quand seront-elles vidées ?"}
    question = services.ask_question(recipient=recipient, author=author, **{**fields, **extra})
    if publish:
        from massalia.accounts.models import User

        root = User.objects.get(username="root")
        question = services.moderate_question(question=question, moderator=root, publish_it=True)
    return question
