"""A directory of help for the demo city: places of the kinds Marseille has, in real quartiers.

Written for the project (no listing copied): social centres, maisons pour tous, libraries,
France services, the mission locale, CCAS desks, digital-help associations and free Wi-Fi
spots. Each place stands on a real street of its quartier (the shipped street index). Loading
twice changes nothing; the request type through which errors reach the editors is created too.
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass

from massalia.inclusion.importers import quartier_of, upsert
from massalia.inclusion.models import Service, Structure
from massalia.inclusion.services import ERROR_TYPE
from massalia.inclusion.tags import join_tags
from massalia.servicerequests.models import RequestType
from massalia.territory.models import Department, Quartier, Street

SOURCE = "demo-massalia"
SEED = 17

WEEKDAYS = "Mo-Fr 09:00-12:00,13:30-17:30"
LATE = "Mo-Fr 09:00-19:00; Sa 09:00-12:30"
LIBRARY = "Tu-Sa 10:00-19:00"
ALCAZAR = "Tu-Sa 10:00-19:00; Su 14:00-18:00"
MORNINGS = "Mo-Fr 08:30-12:30"
WIFI = "Mo-Su 08:00-20:00"
ALWAYS = "24/7"


@dataclass(frozen=True)
class Offer:
    nom: str
    description: str
    thematiques: tuple[str, ...]
    type: str = "accompagnement"
    frais: str = "gratuit"
    publics: tuple[str, ...] = ("tous-publics",)
    modes: tuple[str, ...] = ("en-presentiel",)
    mobilisation: tuple[str, ...] = ("se-presenter", "telephoner")
    conditions: str = ""
    frais_precisions: str = ""


INTERNET = Offer(
    "Postes Internet en accès libre",
    "Des ordinateurs connectés, une imprimante et un scanner pour vos démarches ; un agent "
    "peut vous montrer comment faire.",
    ("numerique--acceder-a-une-connexion-internet", "numerique--acceder-a-des-services-en-ligne"),
    type="aide-materielle",
    mobilisation=("se-presenter",),
    conditions="Une pièce d'identité peut être demandée pour l'impression.",
)
WIFI_OFFER = Offer(
    "Wi-Fi gratuit",
    "Réseau Wi-Fi public et gratuit, sans inscription, sur place.",
    ("numerique--acceder-a-une-connexion-internet",),
    type="aide-materielle",
    mobilisation=("se-presenter",),
)
DEMARCHES = Offer(
    "Aide aux démarches en ligne",
    "Un conseiller vous aide à créer vos comptes (CAF, Assurance maladie, impôts, France "
    "Travail), à remplir un dossier et à envoyer vos justificatifs.",
    (
        "numerique--acceder-a-des-services-en-ligne",
        "difficultes-administratives-ou-juridiques--accompagnement-aux-demarches-administratives",
    ),
    mobilisation=("se-presenter", "telephoner"),
    conditions="Apportez vos identifiants et vos papiers.",
)
ATELIER = Offer(
    "Ateliers numériques",
    "Ateliers en petits groupes pour apprendre à se servir d'un ordinateur, d'un téléphone, de "
    "sa messagerie et à éviter les arnaques.",
    ("numerique--maitriser-les-fondamentaux-du-numerique",),
    type="atelier",
    conditions="Sur inscription, places limitées.",
)
DROITS = Offer(
    "Accès aux droits",
    "Information et accompagnement pour faire valoir vos droits : prestations sociales, "
    "santé, logement, retraite.",
    (
        "difficultes-administratives-ou-juridiques--accompagnement-pour-lacces-aux-droits",
        "difficultes-financieres--prevenir-une-degradation-de-la-situation-financiere",
    ),
    type="information",
)
FRANCAIS = Offer(
    "Cours de français",
    "Apprendre ou améliorer le français à l'oral et à l'écrit, pour la vie de tous les jours "
    "et le travail.",
    ("lecture-ecriture-calcul--maitriser-le-francais",),
    type="formation",
    publics=("personnes-exilees",),
    conditions="Entretien d'inscription en septembre et en janvier.",
)
PARENTS = Offer(
    "Accueil des familles",
    "Espace parents-enfants, aide aux devoirs et écoute pour les parents.",
    ("famille--soutien-a-la-parentalite-et-a-leducation",),
    publics=("familles",),
    frais="payant",
    frais_precisions="Adhésion annuelle selon le quotient familial",
)
EMPLOI = Offer(
    "Accompagnement vers l'emploi",
    "Rendez-vous individuels pour faire un CV, préparer un entretien et trouver des offres.",
    (
        "preparer-sa-candidature--realiser-un-cv-et-ou-une-lettre-de-motivation",
        "trouver-un-emploi--repondre-a-des-offres-demploi",
    ),
    publics=("demandeurs-emploi",),
)
LIEN = Offer(
    "Activités et sorties",
    "Activités de quartier, sorties et repas partagés pour rompre l'isolement.",
    ("remobilisation--lien-social", "remobilisation--activites-sportives-et-culturelles"),
    frais="payant",
    frais_precisions="Participation modique selon l'activité",
)
JEUNES_EMPLOI = Offer(
    "Accompagnement des 16-25 ans",
    "Un conseiller suit votre projet : emploi, formation, logement, santé, permis de conduire.",
    (
        "trouver-un-emploi--repondre-a-des-offres-demploi",
        "se-former--trouver-sa-formation",
        "logement-hebergement--sinformer-sur-les-demarches-liees-a-lacces-au-logement",
        "mobilite--preparer-un-permis",
    ),
    publics=("jeunes",),
    mobilisation=("se-presenter", "telephoner", "envoyer-un-courriel"),
    conditions="Avoir entre 16 et 25 ans et être sorti de l'école.",
)
ALIMENTATION = Offer(
    "Aide alimentaire",
    "Colis alimentaires et bons d'achat après un entretien avec un travailleur social.",
    ("equipement-et-alimentation--alimentation",),
    type="aide-materielle",
    publics=("beneficiaires-des-minimas-sociaux", "personnes-en-situation-durgence"),
    conditions="Sur orientation d'un travailleur social.",
)
DOMICILIATION = Offer(
    "Domiciliation administrative",
    "Une adresse pour recevoir votre courrier et faire vos démarches quand on n'a pas de "
    "logement stable.",
    ("logement-hebergement--rechercher-une-solution-dhebergement-temporaire",),
    publics=("personnes-en-situation-durgence",),
)
LOGEMENT = Offer(
    "Conseil logement",
    "Aide pour une demande de logement social, un impayé de loyer ou un logement indigne.",
    (
        "logement-hebergement--louer-un-logement",
        "logement-hebergement--reduire-les-impayes-de-loyer",
        "logement-hebergement--se-maintenir-dans-le-logement",
    ),
)
SANTE = Offer(
    "Permanence santé",
    "Orientation vers un médecin, ouverture des droits à l'Assurance maladie et à la "
    "Complémentaire santé solidaire.",
    ("sante--acces-aux-soins",),
    type="information",
)
DISTANCE = Offer(
    "Aide numérique par téléphone",
    "Un conseiller numérique vous guide par téléphone pour une démarche en ligne.",
    ("numerique--acceder-a-des-services-en-ligne",),
    modes=("a-distance",),
    mobilisation=("telephoner",),
)

# (kind, name pattern, hours, offers, lieu de médiation numérique?)
KINDS = {
    "centre-social": (
        "Centre social {q}",
        WEEKDAYS,
        (DROITS, PARENTS, FRANCAIS, DEMARCHES, LIEN),
        True,
    ),
    "maison-pour-tous": ("Maison pour tous {q}", LATE, (LIEN, ATELIER, INTERNET, PARENTS), True),
    "bibliotheque": ("Bibliothèque {q}", LIBRARY, (INTERNET, WIFI_OFFER, ATELIER), True),
    "france-services": (
        "France services {q}",
        WEEKDAYS,
        (DEMARCHES, DROITS, INTERNET, DISTANCE),
        True,
    ),
    "mission-locale": ("Mission locale — antenne {q}", WEEKDAYS, (JEUNES_EMPLOI, EMPLOI), False),
    "ccas": (
        "CCAS — point d'accueil {q}",
        MORNINGS,
        (ALIMENTATION, DOMICILIATION, DROITS, LOGEMENT),
        False,
    ),
    "epn": ("Espace numérique {q}", LATE, (ATELIER, DEMARCHES, INTERNET, DISTANCE), True),
    "wifi": ("Wi-Fi gratuit — {q}", WIFI, (WIFI_OFFER,), False),
    "sante": ("Point santé {q}", MORNINGS, (SANTE, DROITS), False),
}

# Where each kind stands (quartiers of the shipped territory).
PLACES = {
    "centre-social": [
        "BELSUNCE",
        "NOAILLES",
        "SAINT-MAURONT",
        "BELLE-DE-MAI",
        "LA CALADE",
        "SAINT-LOUIS",
        "LA VISTE",
        "SAINT-ANTOINE",
        "MALPASSE",
        "SAINT-JUST",
        "LA CAPELETTE",
        "LA ROSE",
        "LES CAILLOLS",
        "SAINTE MARTHE",
        "SAINT-BARTHELEMY",
        "LE CANET",
        "LA POMME",
        "MAZARGUES",
    ],
    "maison-pour-tous": [
        "LA JOLIETTE",
        "SAINT-LAZARE",
        "LA BLANCARDE",
        "LE ROUET",
        "BONNEVEINE",
        "LA VALENTINE",
        "SAINT-HENRI",
        "CHATEAU-GOMBERT",
        "LES CHARTREUX",
        "VAUBAN",
        "SAINT-MARCEL",
        "ENDOUME",
    ],
    "bibliotheque": [
        "CASTELLANE",
        "BONNEVEINE",
        "SAINT-ANDRE",
        "LE MERLAN",
        "CINQ-AVENUES",
        "LE CAMAS",
        "LA POMME",
        "SAINT-ANTOINE",
    ],
    "france-services": ["SAINT-MAURONT", "SAINT-ANTOINE", "MALPASSE", "LA VISTE", "SAINT-LOUIS"],
    "mission-locale": ["BELSUNCE", "SAINT-ANTOINE", "LA CAPELETTE", "SAINT-JUST", "LA VISTE"],
    "ccas": ["HOTEL DE VILLE", "SAINT-CHARLES", "LE MERLAN", "LA CAPELETTE", "SAINT-LOUIS"],
    "epn": [
        "NOTRE-DAME-DU-MONT",
        "BAILLE",
        "THIERS",
        "LA CROIX ROUGE",
        "FRAIS-VALLON",
        "LA DELORME",
        "SAINT-BARNABE",
        "SAINT-MITRE",
        "ARENC",
    ],
    "wifi": [
        "LE PHARO",
        "OPERA",
        "HOTEL DE VILLE",
        "PREFECTURE",
        "LA PLAGE",
        "SAINT-CHARLES",
        "LONGCHAMP",
        "CINQ-AVENUES",
        "LA JOLIETTE",
        "POINTE ROUGE",
        "SAINT-VICTOR",
    ],
    "sante": ["BELSUNCE", "SAINT-LAZARE", "LES CROTTES", "LA SOLIDARITE", "LE CANET"],
}

# Landmarks with a street of their own.
LANDMARKS = [
    (
        "bibliotheque-alcazar",
        "bibliotheque",
        "BMVR Alcazar",
        "BELSUNCE",
        "Cours Belsunce",
        58,
        ALCAZAR,
    ),
    (
        "wifi-vieux-port",
        "wifi",
        "Wi-Fi gratuit — Vieux-Port",
        "HOTEL DE VILLE",
        "Quai du Port",
        2,
        ALWAYS,
    ),
    (
        "wifi-gare",
        "wifi",
        "Wi-Fi gratuit — parvis de la gare Saint-Charles",
        "SAINT-CHARLES",
        "Square Narvik",
        1,
        ALWAYS,
    ),
]

LANGUAGE_POOL = ["ar", "en", "es", "it", "zdj", "hy", "tr", "ru", "uk", "ber"]


@dataclass
class Loaded:
    structures: int
    services: int


def load_inclusion(*, now: datetime.datetime) -> Loaded:
    """Upsert the demo directory (and the editors' request type); returns what it holds."""
    _error_type()
    quartiers = {q.name: q for q in Quartier.objects.select_related("arrondissement")}
    if not quartiers:
        return Loaded(0, 0)
    pick = random.Random(SEED)
    today = now.date()
    for ident, kind, nom, quartier, street, number, hours in LANDMARKS:
        if quartier in quartiers:
            _place(ident, kind, nom, quartiers[quartier], pick, today, street, number, hours)
    for kind, names in PLACES.items():
        for name in names:
            if name in quartiers:
                nom = KINDS[kind][0].format(q=_pretty(name))
                _place(f"{kind}-{name.lower()}", kind, nom, quartiers[name], pick, today)
    return Loaded(
        Structure.objects.filter(source=SOURCE).count(),
        Service.objects.filter(source=SOURCE).count(),
    )


def _pretty(name: str) -> str:
    small = {"de", "du", "des", "la", "le", "les"}
    words = name.replace("-", " - ").split()
    out = [w.lower() if i and w.lower() in small else w.capitalize() for i, w in enumerate(words)]
    return " ".join(out).replace(" - ", "-").replace("L'estaque", "L'Estaque")


def _street(quartier: Quartier, pick: random.Random, name: str | None) -> Street | None:
    streets = Street.objects.filter(quartier=quartier).order_by("name")
    if name:
        found = streets.filter(name=name).first() or Street.objects.filter(name=name).first()
        if found:
            return found
    count = streets.count()
    return streets[pick.randrange(count)] if count else None


def _place(
    ident: str,
    kind: str,
    nom: str,
    quartier: Quartier,
    pick: random.Random,
    today: datetime.date,
    street_name: str | None = None,
    number: int | None = None,
    hours: str | None = None,
) -> None:
    _, default_hours, offers, mediation = KINDS[kind]
    street = _street(quartier, pick, street_name)
    lat = street.latitude if street else quartier.centroid_latitude
    lon = street.longitude if street else quartier.centroid_longitude
    postcode = quartier.arrondissement.postcode
    house = number or pick.randint(1, 120)
    languages = ["fr", *sorted(pick.sample(LANGUAGE_POOL, pick.randint(0, 3)))]
    phone = f"+3349{pick.randint(1000000, 9999999)}"
    updated = today - datetime.timedelta(days=pick.randint(5, 300))
    address = f"{house} {street.name}" if street else ""
    resume = {
        "centre-social": "Un lieu d'accueil et d'écoute ouvert à tous les habitants du quartier.",
        "maison-pour-tous": "Activités pour tous les âges et un coin numérique en accès libre.",
        "bibliotheque": "Livres, presse, postes Internet et Wi-Fi gratuits, ateliers numériques.",
        "france-services": "Un guichet unique pour vos démarches avec les services publics.",
        "mission-locale": "Emploi, formation, logement : un conseiller pour les 16-25 ans.",
        "ccas": "Aide sociale de la Ville : alimentation, domiciliation, accès aux droits.",
        "epn": "Espace public numérique animé par des conseillers numériques.",
        "wifi": "Connexion Wi-Fi publique et gratuite, sans inscription.",
        "sante": "Orientation santé et accès aux droits à l'Assurance maladie.",
    }[kind]
    values = {
        "nom": nom,
        "commune": "Marseille",
        "code_postal": postcode,
        "code_insee": quartier.arrondissement.insee_code,
        "adresse": address,
        "latitude": round(lat, 6),
        "longitude": round(lon, 6),
        "quartier_id": quartier_of(lat, lon) or quartier.pk,
        "telephone": "" if kind == "wifi" else phone,
        "courriels": "" if kind == "wifi" else join_tags([f"accueil.{ident}@demo.massalia.fr"]),
        "horaires": hours or default_hours,
        "resume": resume,
        "date_maj": updated,
        "langues": join_tags(languages if kind != "wifi" else ["fr"]),
        "is_mediation": mediation,
        "collecte_par": "Ville de Marseille" if mediation else "",
        "itinerance": join_tags(["Fixe"]) if mediation else "",
        "mediation_services": join_tags(_mediation_labels(offers)) if mediation else "",
        "frais_a_charge": join_tags(["Gratuit"]) if mediation else "",
        "modalites_acces": join_tags(["Se présenter", "Téléphoner"]) if mediation else "",
        "modalites_accompagnement": (join_tags(_accompagnement(offers)) if mediation else ""),
        "prise_en_charge": join_tags(
            ["Langues étrangères (anglais)"] if "en" in languages and mediation else []
        ),
    }
    upsert(Structure, {"source": SOURCE, "ident": ident}, values)
    structure = Structure.objects.get(source=SOURCE, ident=ident)
    for offer in offers:
        upsert(
            Service,
            {"source": SOURCE, "ident": f"{ident}--{_slug(offer.nom)}"},
            {
                "structure": structure,
                "nom": offer.nom,
                "description": offer.description,
                "type": offer.type,
                "thematiques": join_tags(offer.thematiques),
                "frais": offer.frais,
                "frais_precisions": offer.frais_precisions,
                "publics": join_tags(offer.publics),
                "conditions_acces": offer.conditions,
                "modes_accueil": join_tags(offer.modes),
                "modes_mobilisation": join_tags(offer.mobilisation),
                "mobilisable_par": join_tags(["usagers", "professionnels"]),
                "zone_eligibilite": join_tags(["13055"]),
                "date_maj": updated,
            },
        )


def _mediation_labels(offers: tuple[Offer, ...]) -> list[str]:
    labels = []
    if INTERNET in offers or WIFI_OFFER in offers:
        labels.append("Accès internet et matériel informatique")
    if DEMARCHES in offers or DISTANCE in offers:
        labels.append("Aide aux démarches administratives")
    if ATELIER in offers:
        labels.append("Maîtrise des outils numériques du quotidien")
    return labels or ["Maîtrise des outils numériques du quotidien"]


def _accompagnement(offers: tuple[Offer, ...]) -> list[str]:
    out = ["Accompagnement individuel"]
    if ATELIER in offers:
        out.append("Dans un atelier collectif")
    if INTERNET in offers:
        out.append("En autonomie")
    if DISTANCE in offers:
        out.append("À distance")
    return out


def _slug(text: str) -> str:
    from django.utils.text import slugify

    return slugify(text)


def _error_type() -> RequestType:
    department, _ = Department.objects.get_or_create(
        code="annuaire-aide",
        defaults={
            "name": "Annuaire de l'aide",
            "email": "annuaire-aide@demo.massalia.fr",
            "description": "Tient à jour l'annuaire de l'aide et des accès à Internet.",
        },
    )
    request_type, _ = RequestType.objects.get_or_create(
        code=ERROR_TYPE,
        defaults={
            "name": "Erreur dans l'annuaire de l'aide",
            "group": "Annuaire de l'aide",
            "department": department,
            "is_public": False,
            "expected_days": 10,
            "description": "Une fiche de l'annuaire est inexacte : horaires, adresse, contact.",
        },
    )
    return request_type
