"""Demo of the questions to elected officials (idempotent): five deputy mayors (fictional
people: the demo names no real official) and the eight sector town halls receive about forty
questions from residents over six months, through the real services; most are published,
many answered after a few days or weeks, some late, a few waiting for the City's reading,
two refused. The official `elu` answers for the deputy mayor for proximity, `cabinet.proximite`
is his cabinet, `moderation.questions` reads the questions before they are public."""

from __future__ import annotations

import random
from datetime import timedelta

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Permission
from django.test.utils import override_settings
from django.utils import timezone

from massalia.accounts.models import User
from massalia.demo.catalog import EMAIL_DOMAIN
from massalia.demo.organisation import DEMO_PASSWORD, RESIDENTS, Login, resident_username
from massalia.questions import services
from massalia.questions.models import Question, Recipient
from massalia.territory.models import SectorTownHall
from massalia.territory.services import ensure_arrondissements

SEED = 12
LOGINS = [
    Login(
        "cabinet.proximite", "cabinet de l'adjoint à la proximité (réponses)", "Cabinet Proximité"
    ),
    Login("moderation.questions", "relecture des questions aux élus", "Relecture Questions"),
]
# (slug, name, role, username of the account answering, or "")
OFFICIALS = [
    ("marc-durand-olivieri", "Marc Durand-Olivieri",
     "Adjoint au maire chargé de la proximité et de la propreté", "elu"),
    ("nadege-albertini", "Nadège Albertini", "Adjointe au maire chargée des écoles", ""),
    ("rachid-belkacem", "Rachid Belkacem",
     "Adjoint au maire chargé de la voirie et des mobilités", ""),
    ("claire-agostini", "Claire Agostini",
     "Adjointe au maire chargée des parcs, jardins et de la nature en ville", ""),
    ("sylvain-roux", "Sylvain Roux", "Adjoint au maire chargé de la culture", ""),
]  # fmt: skip
# (subject, text, answer) by theme; {place} is a street or a square of the city.
QUESTIONS = [
    ("Les poubelles de {place}",
     "Les bacs de {place} débordent chaque week-end. Pouvez-vous prévoir un ramassage le "
     "dimanche matin ?",
     "Un passage supplémentaire le dimanche à 7 h est prévu à partir du mois prochain ; "
     "les bacs seront aussi remplacés par des modèles plus grands."),
    ("Un banc à {place}",
     "Les personnes âgées du quartier n'ont nulle part où s'asseoir sur {place}. "
     "Un ou deux bancs sont-ils envisageables ?",
     "Deux bancs seront posés au printemps, à l'ombre des platanes, après l'avis du comité "
     "d'intérêt de quartier."),
    ("Les travaux de {place}",
     "Quand les travaux de {place} seront-ils terminés ? Le chantier bloque le trottoir depuis "
     "des semaines.",
     "La fin du chantier est prévue dans trois semaines. Un cheminement piéton protégé sera "
     "rétabli dès lundi."),
    ("La cantine de l'école de {place}",
     "Les enfants de l'école proche de {place} mangent en deux services très serrés. "
     "Des travaux d'agrandissement du réfectoire sont-ils prévus ?",
     "L'agrandissement est inscrit au plan écoles ; en attendant, un troisième service sera "
     "organisé dès la rentrée de janvier."),
    ("Des arbres pour {place}",
     "L'été, {place} est une fournaise. La Ville peut-elle planter des arbres ?",
     "Douze arbres seront plantés cet hiver, avec des fosses assez grandes pour qu'ils "
     "grandissent."),
    ("Un passage piéton devant {place}",
     "Traverser devant {place} est dangereux aux heures de sortie des écoles. "
     "Un passage piéton avec un feu est-il possible ?",
     "Un passage surélevé sera créé pendant les vacances scolaires ; la pose d'un feu a été "
     "étudiée mais la circulation ne la justifie pas."),
    ("Les horaires de la bibliothèque près de {place}",
     "La bibliothèque ferme à 18 h, trop tôt pour les personnes qui travaillent. Pourrait-elle "
     "ouvrir plus tard un soir par semaine ?",
     "Une ouverture jusqu'à 20 h le mercredi sera essayée pendant six mois, puis évaluée."),
    ("Les jeux pour enfants de {place}",
     "Le toboggan de {place} est cassé depuis l'été. Quand sera-t-il réparé ?",
     "La pièce est commandée ; le toboggan sera réparé sous quinze jours."),
]  # fmt: skip
PLACES = [  # all feminine, so that "de", "à" and "sur" need no contraction
    "la place Jean-Jaurès", "la rue d'Aubagne", "la place de Lenche", "la rue de Rome",
    "la place Castellane", "la rue Paradis", "la place Sébastopol", "la place des Capucins",
    "la rue Sainte", "la place Notre-Dame-du-Mont", "la rue de la République",
    "la place Carli",
]  # fmt: skip
PSEUDONYMS = ["Une maman du quartier", "Voisin du 3e", "Mamie Rose", "Un cycliste"]
COUNT = 40


def load() -> int:
    """Create the recipients and the questions once; return how many questions were made."""
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"):
        recipients = _recipients()
        if Question.objects.exists():
            return 0
        return _questions(recipients, random.Random(SEED))


def _account(username: str, name: str, **extra: object) -> User:
    first, _, last = name.partition(" ")
    user, created = User.objects.get_or_create(
        username=username,
        defaults={"email": f"{username}@{EMAIL_DOMAIN}", "display_name": name,
                  "first_name": first, "last_name": last, **extra},
    )  # fmt: skip
    if created:
        user.password = make_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    return user


def _recipients() -> list[Recipient]:
    if not SectorTownHall.objects.exists():
        ensure_arrondissements()
    found = []
    for slug, name, role, username in OFFICIALS:
        account = _account(username, "Élu à la proximité", is_official=True) if username else None
        recipient, _ = Recipient.objects.update_or_create(
            slug=slug,
            defaults={"kind": Recipient.Kind.OFFICIAL, "name": name, "role": role,
                      "account": account},
        )  # fmt: skip
        found.append(recipient)
    found[0].staff.add(_account("cabinet.proximite", "Cabinet Proximité"))
    moderator = _account("moderation.questions", "Relecture Questions", is_staff=True)
    moderator.user_permissions.add(Permission.objects.get(codename="moderate_question"))
    for hall in SectorTownHall.objects.order_by("number"):
        recipient, _ = Recipient.objects.update_or_create(
            kind=Recipient.Kind.TOWN_HALL, sector=hall,
            defaults={"slug": f"mairie-secteur-{hall.number}", "name": hall.name},
        )  # fmt: skip
        found.append(recipient)
    return found


def _questions(recipients: list[Recipient], pick: random.Random) -> int:
    now = timezone.now()
    residents = [_account(resident_username(n), n) for n in RESIDENTS]
    moderator = User.objects.get(username="moderation.questions")
    made = 0
    for n in range(COUNT):
        recipient = recipients[n % len(recipients)]
        subject, text, answer = QUESTIONS[n % len(QUESTIONS)]
        place = PLACES[(n * 5) % len(PLACES)]
        author = residents[n % len(residents)]
        question = services.ask_question(
            recipient=recipient, author=author,
            subject=subject.format(place=place), text=text.format(place=place),
            pseudonym=PSEUDONYMS[n % len(PSEUDONYMS)] if n % 3 == 0 else "",
        )  # fmt: skip
        made += 1
        asked = now - timedelta(days=pick.uniform(2, 180))
        if n % 13 == 5:  # a few wait for the City's reading
            Question.objects.filter(pk=question.pk).update(asked_at=now - timedelta(hours=n))
            continue
        refused = n in (7, 29)
        services.moderate_question(
            question=question, moderator=moderator, publish_it=not refused,
            reason="La question nomme une personne privée." if refused else "",
        )  # fmt: skip
        published = asked + timedelta(hours=pick.uniform(2, 30))
        Question.objects.filter(pk=question.pk).update(
            asked_at=asked, moderated_at=published,
            published_at=None if refused else published,
        )  # fmt: skip
        # Officials answer most questions, some late; the most recent may still wait.
        delay = pick.choice([1, 2, 4, 6, 9, 12, 15, 21, 27, 35, 48])
        if refused or published + timedelta(days=delay) > now or n % 4 == 3:
            continue
        by = recipient.account or moderator_admin()
        question.refresh_from_db()
        services.answer_question(question=question, by=by, text=answer)
        answered = published + timedelta(days=delay, hours=pick.uniform(0, 8))
        Question.objects.filter(pk=question.pk).update(
            answered_at=answered,
            answer_days=round((answered - published).total_seconds() / 86400, 2),
        )
    return made


def moderator_admin() -> User:
    """The demo's administrator answers for the recipients without an account of their own."""
    return _account("admin", "Administratrice Massalia", is_superuser=True, is_staff=True)
