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


# Document consultations ----------------------------------------------------------------------

REGULATION_TEXT = """# Chapitre 1 — Dispositions générales

### Article DG 1 — Champ d'application

Le présent règlement s'applique au secteur du Panier et de Belsunce.

# Chapitre 2 — Zone UA

## Section 1 — Destination

### Article UA 1 — Occupations interdites

Les entrepôts sont interdits.

## Section 2 — Constructions

### Article UA 7 — Hauteur des constructions

La hauteur des constructions ne peut excéder 16 mètres à l'égout du toit.

Les édicules techniques sont en retrait de 3 mètres.

# Chapitre 3 — Zone N

### Article N 2 — Aménagements admis

Les cheminements piétons sont admis.
"""

# Two squares side by side on the Panier (UA) and the fort Saint-Jean (N).
ZONES = {
    "type": "FeatureCollection",
    "features": [
        {
            "type": "Feature",
            "properties": {"code": "UA", "name": "Centre ancien", "articles": ["article-dg-1"]},
            "geometry": {
                "type": "Polygon",
                "coordinates": [[[5.363, 43.297], [5.370, 43.297], [5.370, 43.301],
                                 [5.363, 43.301], [5.363, 43.297]]],
            },
        },
        {
            "type": "Feature",
            "properties": {"code": "N", "name": "Fort Saint-Jean"},
            "geometry": {
                "type": "Polygon",
                "coordinates": [[[5.359, 43.295], [5.3625, 43.295], [5.3625, 43.2968],
                                 [5.359, 43.2968], [5.359, 43.295]]],
            },
        },
    ],
}  # fmt: skip
IN_UA = (43.299, 5.366)
IN_N = (43.296, 5.361)


@pytest.fixture
def plu(city: City):
    """An open consultation of a small PLU text and its two zones; its commissioner: carol."""
    import json
    from datetime import timedelta

    from django.utils import timezone

    from massalia.consultations.documents import import_document
    from massalia.consultations.models import Regulation
    from massalia.consultations.zoning import import_zones

    now = timezone.now()
    regulation = Regulation.objects.create(
        slug="plu-centre", title="Modification du PLU", is_published=True,
        opens_at=now - timedelta(days=1), closes_at=now + timedelta(days=10),
        commissioner=city.people["carol"], commissioner_name="Carole, commissaire enquêtrice",
    )  # fmt: skip
    import_document(regulation, REGULATION_TEXT)
    import_zones(regulation, json.dumps(ZONES))
    return regulation


def observe(regulation, author, **fields):
    """An observation through the service; on the document by default."""
    from massalia.consultations import register

    fields.setdefault("target", "document")
    fields.setdefault("theme", "autre")
    fields.setdefault("text", "Une observation.")
    return register.file_observation(regulation=regulation, author=author, **fields)
