"""Demo of a document consultation (idempotent): the modification n° 1 of the PLUi for the
city centre, its text (`data/plui-centre-modification-1.md`, five chapters, fifteen articles)
and its zoning map (`data/plui-centre-zones.geojson`: UA, UB, UEt and N, drawn over Le
Panier, Belsunce, Noailles, the Joliette, the fort Saint-Jean and the Pharo), its register
open for three more weeks, observations filed through the real service (on articles, a
passage, zones, a point), most of them published, some answered by the commissioner or the
City, two waiting for moderation. The commissioner signs in as `commissaire.plu` (she
moderates and answers), the City's planner as `urbanisme.plu` (he answers for the City)."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

from django.contrib.auth.models import Permission
from django.utils import timezone

from massalia.accounts.models import User
from massalia.consultations import register
from massalia.consultations.documents import import_document
from massalia.consultations.models import Part, Regulation, TargetKind
from massalia.consultations.zoning import import_zones
from massalia.demo.catalog import EMAIL_DOMAIN
from massalia.demo.organisation import DEMO_PASSWORD, Login

DATA = Path(__file__).parent / "data"
SLUG = "plui-centre-modification-1"
LOGINS = [
    Login("commissaire.plu", "commissaire enquêteur (PLUi centre)", "Hélène Castagnier"),
    Login("urbanisme.plu", "urbaniste de la Ville (réponses au registre)", "Karim Ouali"),
]
TITLE = "Modification n° 1 du PLUi — secteur Centre"
SUMMARY = (
    "La Métropole et la Ville soumettent à l'enquête publique la modification n° 1 du plan "
    "local d'urbanisme intercommunal pour le Panier, Belsunce, Noailles et la Joliette : "
    "protection du centre ancien, commerces en rez-de-chaussée, hauteurs le long des grands "
    "axes, arbres en cœur d'îlot.\n\n"
    "Lisez le règlement article par article, regardez le plan de zonage, et déposez vos "
    "observations : elles sont numérotées, publiées dans le registre après relecture, et "
    "reçoivent une réponse du commissaire enquêteur ou de la Ville."
)

# (who, display name, target, article anchor or zone code or (lat, lon), quote, theme, text,
#  answer: (by the commissioner?, text) or None; None as the whole row's last item: pending)
OBSERVATIONS: list[tuple[Any, ...]] = [
    (
        "habitant-panier",
        "Mireille, rue du Panier",
        TargetKind.ARTICLE,
        "article-ua-7",
        "",
        "hauteurs",
        "Seize mètres, c'est déjà beaucoup dans nos rues de quatre mètres de large : "
        "les surélévations vont nous priver de soleil l'hiver.",
        (
            True,
            "La hauteur est limitée à celle de l'immeuble mitoyen le plus haut : une "
            "surélévation ne peut dépasser la rue existante. Le rapport examinera la "
            "question de l'ensoleillement des rues étroites.",
        ),
    ),
    (
        "commercant-caisserie",
        "",
        TargetKind.PASSAGE,
        "article-ua-2",
        "le changement de destination d'un local commercial en logement est interdit",
        "commerces",
        "Très bonne mesure : il faut aussi l'étendre à la rue des Repenties, où "
        "trois boutiques ont fermé cette année.",
        (
            False,
            "La Ville étudiera l'extension du linéaire commercial à la rue des Repenties "
            "lors de la prochaine modification.",
        ),
    ),
    (
        "association-belsunce",
        "Collectif Belsunce Vert",
        TargetKind.ZONE,
        "UB",
        "",
        "nature",
        "Les cœurs d'îlots de Belsunce sont presque tous bétonnés : 20 % de pleine "
        "terre ne s'appliquera qu'aux rares constructions nouvelles.",
        None,
    ),
    (
        "cycliste-joliette",
        "",
        TargetKind.ARTICLE,
        "article-ua-12",
        "",
        "deplacements",
        "Un local vélo de 1,5 m² par logement est trop peu pour un vélo cargo ; demandez 2 m².",
        (True, "Observation notée ; elle sera discutée avec la Métropole dans le rapport."),
    ),
    (
        "riveraine-noailles",
        "Fatima B.",
        TargetKind.POINT,
        (43.2962, 5.3800),
        "",
        "risques",
        "Au bas de la rue d'Aubagne, l'eau remonte dans les caves à chaque orage : le plan de "
        "prévention doit couvrir ce secteur.",
        None,
    ),
    (
        "habitant-pharo",
        "",
        TargetKind.ZONE,
        "N",
        "",
        "nature",
        "Les aires de jeux du Pharo manquent d'ombre : planter plutôt que construire.",
        (False, "Le plan de gestion du parc prévoit quarante arbres nouveaux d'ici 2028."),
    ),
    (
        "architecte-centre",
        "Atelier du Lacydon",
        TargetKind.ARTICLE,
        "article-ua-8",
        "",
        "patrimoine",
        "Interdire tout volet roulant extérieur est excessif pour les façades "
        "sur cour, non visibles de la rue.",
        "pending",
    ),
    (
        "habitante-joliette",
        "",
        TargetKind.DOCUMENT,
        "",
        "",
        "logement",
        "Trente pour cent de logements en zone UEt, c'est trop peu pour faire vivre le quartier "
        "le soir.",
        "pending",
    ),
]


def load() -> Regulation:
    """The demo PLU consultation with its text, map and register (nothing is made twice)."""
    now = timezone.now()
    regulation, created = Regulation.objects.get_or_create(
        slug=SLUG,
        defaults={
            "title": TITLE, "summary": SUMMARY, "is_published": True,
            "opens_at": now - timedelta(days=12), "closes_at": now + timedelta(days=21),
            "commissioner_name": "Hélène Castagnier, commissaire enquêtrice",
        },
    )  # fmt: skip
    regulation.commissioner = _person(LOGINS[0].username, "Hélène", "Castagnier", staff=True)
    if regulation.has_closed(now):  # a demo loaded again weeks later is still running
        regulation.closes_at = now + timedelta(days=21)
    regulation.save(update_fields=["commissioner", "closes_at"])
    if created or not regulation.parts.exists():
        import_document(regulation, (DATA / "plui-centre-modification-1.md").read_text("utf-8"))
        import_zones(regulation, (DATA / "plui-centre-zones.geojson").read_text("utf-8"))
    if not regulation.observations.exists():
        _observations(regulation)
    return regulation


def _person(username: str, first: str = "", last: str = "", staff: bool = False) -> User:
    user, made = User.objects.get_or_create(
        username=username,
        defaults={"email": f"{username}@{EMAIL_DOMAIN}", "first_name": first, "last_name": last,
                  "is_staff": staff},
    )  # fmt: skip
    if made:
        user.set_password(DEMO_PASSWORD)
        user.save()
    return user


def _observations(regulation: Regulation) -> None:
    commissioner = regulation.commissioner
    city = _person(LOGINS[1].username, "Karim", "Ouali", staff=True)
    city.user_permissions.add(Permission.objects.get(codename="answer_observation"))
    for who, shown, target, where, quote, theme, text, answer in OBSERVATIONS:
        part = zone = None
        lat = lon = None
        if target in (TargetKind.ARTICLE, TargetKind.PASSAGE):
            part = Part.objects.get(regulation=regulation, anchor=where)
        elif target == TargetKind.ZONE:
            zone = regulation.zones.get(code=where)
        elif target == TargetKind.POINT:
            lat, lon = where
        observation = register.file_observation(
            regulation=regulation, author=_person(f"plu-{who}"), text=text, theme=theme,
            target=target, display_name=shown, part=part, quote=quote, zone=zone,
            latitude=lat, longitude=lon,
        )  # fmt: skip
        if answer == "pending":
            continue
        register.moderate(observation=observation, moderator=commissioner, publish_it=True)
        if answer is not None:
            by_commissioner, words = answer
            register.answer(
                observation=observation, by=commissioner if by_commissioner else city, text=words
            )
