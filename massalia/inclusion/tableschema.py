"""The national standard of "lieux de médiation numérique" (v1.0.2), declared here field by field.

The standard is published as a Table Schema (LaMednum/standard-mediation-num, licence
Etalab 2.0); its facts — column names and order, required columns, patterns, lengths, types
and the values of its lists — are written down below, and `tests/test_standard.py` checks
them against the official schema. Only what the standard uses is checked: required, pattern,
maxLength, number and date types.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

VERSION = "v1.0.2"


@dataclass(frozen=True)
class Field:
    name: str
    title: str = ""
    type: str = "string"
    required: bool = False
    pattern: re.Pattern[str] | None = None
    max_length: int | None = None

    @property
    def label(self) -> str:
        return self.title or self.name


def _pattern(text: str) -> re.Pattern[str]:
    return re.compile(text)


def _one_or_more(*values: str) -> re.Pattern[str]:
    """A list of values separated by "|", each one of `values` (the standard's lists)."""
    choices = "|".join(re.escape(value).replace("\\ ", " ") for value in values)
    return re.compile(f"(?:(?:^|\\|)({choices}))+$")


SERVICES = (
    "Aide aux démarches administratives",
    "Maîtrise des outils numériques du quotidien",
    "Insertion professionnelle via le numérique",
    "Utilisation sécurisée du numérique",
    "Parentalité et éducation avec le numérique",
    "Loisirs et créations numériques",
    "Compréhension du monde numérique",
    "Accès internet et matériel informatique",
    "Acquisition de matériel informatique à prix solidaire",
)
PUBLICS = ("Jeunes", "Étudiants", "Familles et/ou enfants", "Seniors", "Femmes")
PRISES_EN_CHARGE = (
    "Surdité",
    "Handicaps moteurs",
    "Handicaps mentaux",
    "Illettrisme",
    "Langues étrangères (anglais)",
    "Langues étrangères (autres)",
    "Déficience visuelle",
)
FRAIS = ("Gratuit", "Gratuit sous condition", "Payant")
DISPOSITIFS = (
    "Aidants Connect",
    "Bibliothèques numérique de référence",
    "Certification PIX",
    "Conseillers numériques",
    "Emmaüs Connect",
    "France Services",
    "Grande école du numérique",
    "La Croix Rouge",
    "Point d'accès numérique CAF",
    "Promeneurs du net",
    "Relais numérique (Emmaüs Connect)",
)
FORMATIONS = (
    "Formé à « Mon Espace Santé »",
    "Formé à « DUPLEX » (illettrisme)",
    "Arnia/MedNum BFC (Bourgogne-Franche-Comté)",
    "Collectif ressources et acteurs réemploi (Normandie)",
    "Étapes numériques(La Poste)",
    "Fabriques de Territoire",
    "Les Éclaireurs du numérique (Drôme)",
    "Mes Papiers (Métropole de Lyon)",
    "ORDI 3.0",
    "SUD LABS (PACA)",
)
MODALITES_ACCES = (
    "Se présenter",
    "Téléphoner",
    "Contacter par mail",
    "Prendre un RDV en ligne",
    "Ce lieu n'accueille pas de public",
    "Envoyer un mail avec une fiche de prescription",
)
MODALITES_ACCOMPAGNEMENT = (
    "En autonomie",
    "Accompagnement individuel",
    "Dans un atelier collectif",
    "À distance",
)
# Country codes of France's regions and territories overseas the standard admits.
INDICATIFS = ("33", "590", "594", "262", "596", "269", "687", "689", "508", "681")

FIELDS: tuple[Field, ...] = (
    Field("id", "identifiant du lieu chez qui le publie", required=True),
    Field("pivot", "SIRET, RNA ou RIDET", required=True, pattern=_pattern(r"^[a-zA-Z0-9]{9,14}$")),
    Field("nom", "nom du lieu", required=True),
    Field("commune", "commune", required=True),
    Field("code_postal", "code postal", required=True, pattern=_pattern(r"^\d{5}$")),
    Field("code_insee", pattern=_pattern(r"^([013-9]\d|2[AB1-9])\d{3}$")),
    Field("adresse", "adresse", required=True),
    Field("complement_adresse"),
    Field("latitude", type="number"),
    Field("longitude", type="number"),
    Field("typologie"),
    Field(
        "telephone",
        pattern=_pattern("^(" + "|".join(rf"\+{code}" for code in INDICATIFS) + r")(\d){6,9}$"),
    ),
    Field("courriels"),
    Field("site_web"),
    Field("horaires"),
    Field("presentation_resume", max_length=280),
    Field("presentation_detail"),
    Field("source"),
    Field("itinerance", pattern=_one_or_more("Itinérant", "Fixe")),
    Field("structure_parente"),
    Field("date_maj", "date de mise à jour", type="date", required=True),
    Field("services", pattern=_one_or_more(*SERVICES)),
    Field("publics_specifiquement_adresses", pattern=_one_or_more(*PUBLICS)),
    Field("prise_en_charge_specifique", pattern=_one_or_more(*PRISES_EN_CHARGE)),
    Field("frais_a_charge", pattern=_one_or_more(*FRAIS)),
    Field("dispositif_programmes_nationaux", pattern=_one_or_more(*DISPOSITIFS)),
    Field("formations_labels", pattern=_one_or_more(*FORMATIONS)),
    Field("autres_formations_labels"),
    Field("modalites_acces", pattern=_one_or_more(*MODALITES_ACCES)),
    Field("modalites_accompagnement", pattern=_one_or_more(*MODALITES_ACCOMPAGNEMENT)),
    Field("fiche_acces_libre"),
    Field("prise_rdv"),
)


def fields() -> tuple[Field, ...]:
    return FIELDS


def names() -> list[str]:
    return [f.name for f in FIELDS]


def problems(row: dict[str, str]) -> list[str]:
    """What is wrong with one row of the standard, in French (empty when it is valid)."""
    found = []
    for field in FIELDS:
        value = (row.get(field.name) or "").strip()
        if not value:
            if field.required:
                found.append(f"{field.name} : champ obligatoire ({field.label})")
            continue
        found.extend(f"{field.name} : {p}" for p in _value_problems(field, value))
    return found


def _value_problems(field: Field, value: str) -> list[str]:
    out = []
    if field.type == "number":
        try:
            float(value)
        except ValueError:
            out.append(f"« {value[:40]} » n'est pas un nombre")
    elif field.type == "date":
        try:
            datetime.date.fromisoformat(value)
        except ValueError:
            out.append(f"« {value[:40]} » n'est pas une date AAAA-MM-JJ")
    if field.pattern and not field.pattern.search(value):
        out.append(f"« {value[:60]} » ne suit pas le format attendu")
    if field.max_length and len(value) > field.max_length:
        out.append(f"plus de {field.max_length} caractères")
    return out
