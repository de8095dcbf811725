"""Demo of an opinion map (idempotent): a debate on the Vieux-Port given back to pedestrians,
twenty statements written for the demo, three hundred simulated residents who vote on them
as three broad currents would (with their own doubts, and not on every statement), the
groups computed, and two statements waiting for the moderator.

The residents and their votes are bulk rows, as the demo's other mass data (no event, no
computation per vote); the groups are then computed once by the real background task, and
the waiting statements go through the real service. A moderator (`moderation.debats`) may
accept or refuse them.
"""

from __future__ import annotations

import random

from django.contrib.auth.models import Permission
from django.db import transaction

from massalia.accounts.models import User
from massalia.consultations import services, tasks
from massalia.consultations.models import Conversation, Statement, StatementStatus, Vote
from massalia.demo.catalog import EMAIL_DOMAIN
from massalia.demo.organisation import DEMO_PASSWORD, Login

SLUG = "vieux-port-pietons"
PARTICIPANTS = 300
PREFIX = "participant-carte-"
SEED = 2013
LOGINS = [Login("moderation.debats", "modérateur (cartes des opinions)", "Modération Débats")]
TITLE = "Le Vieux-Port et ses abords rendus aux piétons ?"
QUESTION = (
    "La Ville envisage d'étendre l'espace piéton du Vieux-Port au quai de Rive-Neuve, au "
    "quai du Port et aux premières rues du Panier et de Saint-Victor. Qu'en pensez-vous ?"
)

# Each statement with the stance of the three currents simulated: residents of the centre
# who walk, people who come by car from the other arrondissements, and shopkeepers of the
# quays (1 agree, -1 disagree, 0 divided).
STATEMENTS = [
    ("Le quai de Rive-Neuve devrait être entièrement piéton le week-end.", (1, -1, 1)),
    ("Sans voitures, les commerces du Vieux-Port perdront leurs clients.", (-1, 1, 1)),
    ("Il faut d'abord renforcer le métro et les bus de nuit vers les quartiers nord.",
     (0, 1, -1)),
    ("Les livraisons doivent rester possibles le matin, avant 11 heures.", (-1, 0, 1)),
    ("Le parking souterrain du Vieux-Port doit baisser ses tarifs pour les habitants.",
     (0, 1, 1)),
    ("Les terrasses ne doivent pas occuper tout l'espace gagné sur la chaussée.", (1, 0, -1)),
    ("Il faut planter des arbres sur les quais pour faire de l'ombre l'été.", (1, 1, 1)),
    ("Une navette électrique gratuite devrait relier la gare Saint-Charles au Vieux-Port.",
     (1, 1, 1)),
    ("Le bruit des scooters la nuit est le premier problème des habitants du Panier.",
     (1, -1, 0)),
    ("Les pistes cyclables autour du port sont dangereuses et doivent être séparées.",
     (1, 0, 0)),
    ("Les riverains doivent garder un accès en voiture à leur domicile.", (0, 1, 1)),
    ("La piétonnisation profite surtout aux touristes, pas aux Marseillais.", (-1, 1, -1)),
    ("Il faut plus de bancs et de fontaines d'eau potable sur les quais.", (1, 1, 1)),
    ("Le ferry-boat devrait circuler plus tard le soir.", (1, 1, 0)),
    ("Les marchés aux poissons du quai des Belges doivent être protégés.", (1, 1, 1)),
    ("Le stationnement des deux-roues doit être interdit sur les trottoirs.", (1, -1, 1)),
    ("Les travaux doivent être faits hors saison touristique.", (-1, -1, 1)),
    ("La rue de la République devrait devenir une rue partagée, limitée à 20 km/h.",
     (1, -1, -1)),
    ("Les habitants des quartiers nord doivent être consultés autant que ceux du centre.",
     (0, 1, 0)),
    ("Un bilan public doit être fait un an après les changements, avec des chiffres.",
     (1, 1, 1)),
]  # fmt: skip
# The currents' sizes and how surely a member follows their current.
CURRENTS = ((0.4, 0.88), (0.35, 0.88), (0.25, 0.88))
WAITING = [
    "Il faudrait des toilettes publiques gratuites ouvertes la nuit autour du port.",
    "La Canebière devrait être piétonne jusqu'aux Réformés.",
]


def load() -> Conversation:
    """The demo debate with its votes and groups (nothing is made twice)."""
    conversation, created = Conversation.objects.get_or_create(
        slug=SLUG, defaults={"title": TITLE, "question": QUESTION, "is_published": True}
    )
    _moderator()
    if created or not conversation.statements.exists():
        _vote(conversation, random.Random(SEED))
        for text in WAITING:
            services.submit_statement(
                conversation=conversation, author=User.objects.get(username=f"{PREFIX}1"),
                text=text,
            )  # fmt: skip
    if conversation.latest_groups() is None:
        tasks.compute_groups(conversation_id=conversation.pk)
    return conversation


def _moderator() -> User:
    login = LOGINS[0]
    user, created = User.objects.get_or_create(
        username=login.username,
        defaults={"email": f"{login.username}@{EMAIL_DOMAIN}", "is_staff": True,
                  "first_name": "Modération", "last_name": "Débats"},
    )  # fmt: skip
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save()
    user.user_permissions.add(Permission.objects.get(codename="moderate_statement"))
    return user


@transaction.atomic
def _vote(conversation: Conversation, pick: random.Random) -> None:
    statements = Statement.objects.bulk_create(
        Statement(conversation=conversation, text=text, status=StatementStatus.PUBLISHED)
        for text, _ in STATEMENTS
    )
    names = [f"{PREFIX}{n}" for n in range(1, PARTICIPANTS + 1)]
    User.objects.bulk_create(
        [User(username=name, email=f"{name}@{EMAIL_DOMAIN}") for name in names],
        ignore_conflicts=True,
    )
    people = list(User.objects.filter(username__in=names).order_by("pk"))
    votes = [vote for person in people for vote in _ballot(person, statements, pick)]
    Vote.objects.bulk_create(votes)
    for statement in statements:
        statement.votes_count = sum(1 for v in votes if v.statement_id == statement.pk)
    Statement.objects.bulk_update(statements, ["votes_count"])


def _ballot(person: User, statements: list[Statement], pick: random.Random) -> list[Vote]:
    """One resident's votes: their current's stance, followed or not, on 12 to 20 statements."""
    current = pick.choices(range(len(CURRENTS)), weights=[c[0] for c in CURRENTS])[0]
    sure = CURRENTS[current][1]
    seen = pick.sample(range(len(statements)), pick.randint(12, len(statements)))
    ballot = []
    for index in seen:
        stance = STATEMENTS[index][1][current]
        if pick.random() < 0.1:
            value = 0
        elif stance == 0:
            value = pick.choice((1, -1))
        else:
            value = stance if pick.random() < sure else -stance
        ballot.append(Vote(statement=statements[index], participant=person, value=value))
    return ballot
