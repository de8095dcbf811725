"""The words of the directory: needs a person searches by, and how the two standards meet.

Needs group the data·inclusion thématiques by their category (the part before "--"); the
values and labels of audiences, fees and reception modes are the official package's own (the
labels translated for the page's language, the values never).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from data_inclusion.schema import v1
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

if TYPE_CHECKING:
    from django.utils.functional import _StrPromise as StrPromise

# A need → the data·inclusion thématiques prefixes it covers (a category, or one thématique).
NEEDS: dict[str, tuple[StrPromise, tuple[str, ...]]] = {
    "emploi": (
        _("Trouver un emploi"),
        (
            "trouver-un-emploi",
            "preparer-sa-candidature",
            "choisir-un-metier",
            "creer-une-entreprise",
        ),
    ),
    "formation": (_("Se former, apprendre le français"), ("se-former", "lecture-ecriture-calcul")),
    "logement": (_("Se loger, être hébergé"), ("logement-hebergement",)),
    "numerique": (_("Être aidé avec le numérique"), ("numerique",)),
    "internet": (
        _("Accès à Internet, Wi-Fi gratuit"),
        ("numerique--acceder-a-une-connexion-internet",),
    ),
    "droits": (
        _("Accès aux droits, démarches"),
        ("difficultes-administratives-ou-juridiques", "difficultes-financieres"),
    ),
    "famille": (_("Famille, enfants"), ("famille",)),
    "sante": (_("Santé"), ("sante",)),
    "alimentation": (_("Alimentation, vêtements"), ("equipement-et-alimentation",)),
    "mobilite": (_("Se déplacer"), ("mobilite",)),
    "lien-social": (_("Sortir de l'isolement, loisirs"), ("remobilisation",)),
}

INTERNET = "internet"


def _shown(label: str) -> str:
    """`label` in the page's language when shown: a lazy string, used as the str it stands for.

    The official (French) label is the message id; the value it labels never changes.
    """
    return cast("str", _(label))


PUBLICS = {p.value: _shown(p.label) for p in v1.Public}
FRAIS = {f.value: _shown(f.label) for f in v1.Frais}
MODES_ACCUEIL = {m.value: _shown(m.label) for m in v1.ModeAccueil}
CATEGORIES = {c.value: _shown(c.label) for c in v1.Categorie}
THEMATIQUES = {t.value: t.label for t in v1.Thematique}
TYPES = {t.value: t.label for t in v1.TypeService}
MODES_MOBILISATION = {m.value: m.label for m in v1.ModeMobilisation}

# The official labels of the audiences, fees, reception modes and categories above, written out
# so that they are extracted for translation (a test keeps them in step with the package).
OFFICIAL_LABELS = (
    gettext_noop("Tous publics"),
    gettext_noop("Actifs"),
    gettext_noop("Bénéficiaires des minimas sociaux"),
    gettext_noop("Demandeurs d’emploi"),
    gettext_noop("Étudiants"),
    gettext_noop("Familles"),
    gettext_noop("Femmes"),
    gettext_noop("Jeunes"),
    gettext_noop("Personnes en situation de handicap"),
    gettext_noop("Personnes en situation d’urgence"),
    gettext_noop("Personnes en situation juridique spécifique"),
    gettext_noop("Personnes exilées"),
    gettext_noop("Résidents en QPV ou FRR"),
    gettext_noop("Séniors"),
    gettext_noop("Gratuit"),
    gettext_noop("Payant"),
    gettext_noop("À distance"),
    gettext_noop("En présentiel"),
    gettext_noop("Choisir un métier"),
    gettext_noop("Créer une entreprise"),
    gettext_noop("Difficultés administratives ou juridiques"),
    gettext_noop("Difficultés financières"),
    gettext_noop("Équipement et alimentation"),
    gettext_noop("Famille"),
    gettext_noop("Lecture, écriture et calcul"),
    gettext_noop("Logement et hébergement"),
    gettext_noop("Mobilité"),
    gettext_noop("Numérique"),
    gettext_noop("Préparer sa candidature"),
    gettext_noop("Remobilisation"),
    gettext_noop("Santé"),
    gettext_noop("Se former"),
    gettext_noop("S’ouvrir à l’international"),
    gettext_noop("Trouver un emploi"),
)

# Languages spoken at a place (ISO 639 codes), the ones Marseille's help desks most often offer.
LANGUAGES = {
    "fr": _("français"),
    "ar": _("arabe"),
    "en": _("anglais"),
    "es": _("espagnol"),
    "it": _("italien"),
    "zdj": _("comorien"),
    "hy": _("arménien"),
    "tr": _("turc"),
    "ru": _("russe"),
    "uk": _("ukrainien"),
    "ber": _("tamazight (berbère)"),
    "pt": _("portugais"),
    "ro": _("roumain"),
    "fsl": _("langue des signes française"),
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


def need_labels() -> list[tuple[str, StrPromise]]:
    return [(code, label) for code, (label, _prefixes) in NEEDS.items()]


def category_label(thematique: str) -> str:
    """The label of a thématique's category ("numerique--…" → "Numérique"), translated."""
    category = thematique.split("--", 1)[0]
    return CATEGORIES.get(category, category)
