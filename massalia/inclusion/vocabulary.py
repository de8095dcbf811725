"""The words of the directory: needs a person searches by, and how the two standards meet.

Needs group the data·inclusion thématiques by their category (the part before "--"); the
values and labels of audiences, fees and reception modes are the official package's own.
"""

from __future__ import annotations

from data_inclusion.schema import v1

# A need → the data·inclusion thématiques prefixes it covers (a category, or one thématique).
NEEDS: dict[str, tuple[str, tuple[str, ...]]] = {
    "emploi": (
        "Trouver un emploi",
        (
            "trouver-un-emploi",
            "preparer-sa-candidature",
            "choisir-un-metier",
            "creer-une-entreprise",
        ),
    ),
    "formation": ("Se former, apprendre le français", ("se-former", "lecture-ecriture-calcul")),
    "logement": ("Se loger, être hébergé", ("logement-hebergement",)),
    "numerique": ("Être aidé avec le numérique", ("numerique",)),
    "internet": (
        "Accès à Internet, Wi-Fi gratuit",
        ("numerique--acceder-a-une-connexion-internet",),
    ),
    "droits": (
        "Accès aux droits, démarches",
        ("difficultes-administratives-ou-juridiques", "difficultes-financieres"),
    ),
    "famille": ("Famille, enfants", ("famille",)),
    "sante": ("Santé", ("sante",)),
    "alimentation": ("Alimentation, vêtements", ("equipement-et-alimentation",)),
    "mobilite": ("Se déplacer", ("mobilite",)),
    "lien-social": ("Sortir de l'isolement, loisirs", ("remobilisation",)),
}

INTERNET = "internet"

PUBLICS = {p.value: p.label for p in v1.Public}
FRAIS = {f.value: f.label for f in v1.Frais}
MODES_ACCUEIL = {m.value: m.label for m in v1.ModeAccueil}
THEMATIQUES = {t.value: t.label for t in v1.Thematique}
CATEGORIES = {c.value: c.label for c in v1.Categorie}
TYPES = {t.value: t.label for t in v1.TypeService}
MODES_MOBILISATION = {m.value: m.label for m in v1.ModeMobilisation}

# Languages spoken at a place (ISO 639 codes), the ones Marseille's help desks most often offer.
LANGUAGES = {
    "fr": "français",
    "ar": "arabe",
    "en": "anglais",
    "es": "espagnol",
    "it": "italien",
    "zdj": "comorien",
    "hy": "arménien",
    "tr": "turc",
    "ru": "russe",
    "uk": "ukrainien",
    "ber": "tamazight (berbère)",
    "pt": "portugais",
    "ro": "roumain",
    "fsl": "langue des signes française",
}

# Lieux de médiation numérique → data·inclusion, for the service a lieu is searched by.
LIEUX_THEMATIQUES = {
    "Aide aux démarches administratives": (
        "numerique--acceder-a-des-services-en-ligne",
        "difficultes-administratives-ou-juridiques--accompagnement-aux-demarches-administratives",
    ),
    "Maîtrise des outils numériques du quotidien": (
        "numerique--maitriser-les-fondamentaux-du-numerique",
    ),
    "Insertion professionnelle via le numérique": (
        "numerique--maitriser-les-fondamentaux-du-numerique",
        "preparer-sa-candidature--realiser-un-cv-et-ou-une-lettre-de-motivation",
    ),
    "Utilisation sécurisée du numérique": ("numerique--maitriser-les-fondamentaux-du-numerique",),
    "Parentalité et éducation avec le numérique": (
        "famille--soutien-a-la-parentalite-et-a-leducation",
    ),
    "Loisirs et créations numériques": ("numerique--maitriser-les-fondamentaux-du-numerique",),
    "Comprehension du monde numérique": ("numerique--maitriser-les-fondamentaux-du-numerique",),
    "Accès internet et matériel informatique": ("numerique--acceder-a-une-connexion-internet",),
    "Acquisition de matériel informatique à prix solidaire": ("numerique--acquerir-un-equipement",),
}
LIEUX_PUBLICS = {
    "Jeunes": "jeunes",
    "Étudiants": "etudiants",
    "Familles et/ou enfants": "familles",
    "Seniors": "seniors",
    "Femmes": "femmes",
}
LIEUX_LANGUES = {"Langues étrangères (anglais)": "en", "Surdité": "fsl"}
LIEUX_DISTANCE = "À distance"


def thematiques_of_need(need: str) -> tuple[str, ...]:
    return NEEDS[need][1]


def need_labels() -> list[tuple[str, str]]:
    return [(code, label) for code, (label, _) in NEEDS.items()]


def category_label(thematique: str) -> str:
    """The French label of a thématique's category ("numerique--…" → "Numérique")."""
    category = thematique.split("--", 1)[0]
    return CATEGORIES.get(category, category)
