"""The DECP formats we read, declared: what a marché and a contrat de concession hold in
v1.5.0 and in v2.0.3, field by field, in JSON Schema notation (draft-04 for v1.5.0, draft-07
for v2.0.3, the drafts the formats are published in), so that `schemas.py` can compile and
explain them.

The reference is the official schemas the Ministry of Economy publishes on schema.data.gouv.fr
(repository 139bercy/format-commande-publique); `tests/test_format.py` checks that these
declarations give the same verdicts as they do and constrain the same fields the same way.

A few choices of the formats look like slips but are theirs, and kept: in v1.5.0 the buyer is
not required to be an object, nor in v2.0.3 each entry of `titulaires` and
`concessionnaires`; v2.0.3's dates are not anchored (a value containing a date passes); only
v2.0.3's marché and concession refuse fields they do not name, nothing nested does.
"""

from __future__ import annotations

from typing import Any

Schema = dict[str, Any]

DRAFT_04 = "http://json-schema.org/draft-04/schema#"
DRAFT_07 = "http://json-schema.org/draft-07/schema#"


# The building blocks -------------------------------------------------------------------------


def text(
    *, min_length: int | None = None, max_length: int | None = None, pattern: str | None = None
) -> Schema:
    return _without_none(
        {"type": "string", "minLength": min_length, "maxLength": max_length, "pattern": pattern}
    )


def one_of_values(*values: str, typed: bool = True) -> Schema:
    """One of `values`; untyped, a value of another type is refused only for not being one."""
    return {"type": "string", "enum": list(values)} if typed else {"enum": list(values)}


def integer(*, minimum: int | None = None) -> Schema:
    return _without_none({"type": "integer", "minimum": minimum})


def number(*, minimum: float | None = None, maximum: float | None = None) -> Schema:
    return _without_none({"type": "number", "minimum": minimum, "maximum": maximum})


def boolean() -> Schema:
    return {"type": "boolean"}


def share() -> Schema:
    """A part of a whole, from 0 to 1 (0.2 is 20 %)."""
    return number(minimum=0, maximum=1)


def siret() -> Schema:
    return text(pattern="^[0-9]{14}$")


def obj(
    *, required: list[str], typed: bool = True, closed: bool = False, **properties: Schema
) -> Schema:
    """An object of `properties`; `closed` refuses any other field, `typed=False` lets a value
    that is not an object through (the format asks nothing of it then)."""
    return _object(properties, required=required, typed=typed, closed=closed)


def list_of(items: Schema, *, min_items: int | None = None, unique: bool = False) -> Schema:
    schema: Schema = {"type": "array", "items": items}
    if min_items is not None:
        schema["minItems"] = min_items
    if unique:
        schema["uniqueItems"] = True
    return schema


def wrapped(name: str, inner: Schema, *, typed: bool = True) -> Schema:
    """An object of one required field, v2.0.3's wrapping of a list's entries
    (`{"titulaire": {…}}`) and of its lists of values (`{"technique": […]}`)."""
    return _object({name: inner}, required=[name], typed=typed)


def values_list(*values: str) -> Schema:
    """v2.0.3's lists of values (`{"technique": ["Concours", …]}`): at least one, each once."""
    return list_of(one_of_values(*values, typed=False), min_items=1, unique=True)


def _object(
    properties: dict[str, Schema], *, required: list[str], typed: bool, closed: bool = False
) -> Schema:
    schema: Schema = {"type": "object"} if typed else {}
    schema["properties"] = properties
    schema["required"] = required
    if closed:
        schema["additionalProperties"] = False
    return schema


def _without_none(schema: Schema) -> Schema:
    return {key: value for key, value in schema.items() if value is not None}


# What both versions agree on -----------------------------------------------------------------

PLACE_CODE_TYPES = (
    "Code postal",
    "Code commune",
    "Code arrondissement",
    "Code canton",
    "Code département",
    "Code région",
    "Code pays",
)
MARCHE_PROCEDURES = (
    "Procédure adaptée",
    "Appel d'offres ouvert",
    "Appel d'offres restreint",
    "Procédure avec négociation",
    "Marché passé sans publicité ni mise en concurrence préalable",
    "Dialogue compétitif",
)
CONCESSION_NATURES = (
    "Concession de travaux",
    "Concession de service",
    "Concession de service public",
    "Délégation de service public",
)
CONCESSION_PROCEDURES = (
    "Procédure négociée ouverte",
    "Procédure non négociée ouverte",
    "Procédure négociée restreinte",
    "Procédure non négociée restreinte",
)
OPERATOR_ID_TYPES_V1 = ("SIRET", "TVA", "TAHITI", "RIDET", "FRWF", "IREP", "UE", "HORS-UE")
# v2.0.3 no longer has "UE".
OPERATOR_ID_TYPES_V2 = tuple(kind for kind in OPERATOR_ID_TYPES_V1 if kind != "UE")


def tariff() -> Schema:
    return obj(
        required=["intituleTarif", "tarif"],
        intituleTarif=text(max_length=256),
        tarif=number(minimum=0),
    )


# v1.5.0 --------------------------------------------------------------------------------------

# A day, optionally followed by a UTC offset ("2019-05-02+02:00").
DATE_V1 = r"^\d{4}-[01]\d-[0-3]\d([+-][0-2]\d:[0-5]\dZ?)?$"


def date_v1() -> Schema:
    return text(pattern=DATE_V1)


def identifier_v1() -> Schema:
    return text(min_length=7, max_length=16)


def unique_identifier_v1() -> Schema:
    """The buyer's SIRET followed by the contract's identifier."""
    return text(pattern="^[0-9]{14}.{7,16}$")


def operator_v1() -> Schema:
    return obj(
        required=["typeIdentifiant", "id", "denominationSociale"],
        typeIdentifiant=one_of_values(*OPERATOR_ID_TYPES_V1),
        id=text(),
        denominationSociale=text(),
    )


def marche_v1() -> Schema:
    return obj(
        required=[
            "id",
            "acheteur",
            "nature",
            "objet",
            "codeCPV",
            "procedure",
            "lieuExecution",
            "dureeMois",
            "dateNotification",
            "datePublicationDonnees",
            "montant",
            "formePrix",
            "titulaires",
            "modifications",
        ],
        id=identifier_v1(),
        uid=unique_identifier_v1(),
        _type=text(pattern="^Marché$"),
        acheteur=obj(required=["id", "nom"], typed=False, id=siret(), nom=text()),
        nature=one_of_values(
            "Marché", "Marché de partenariat", "Accord-cadre", "Marché subséquent"
        ),
        objet=text(max_length=256),
        codeCPV=text(pattern=r"^[0-9]{8}(\-[0-9])?$"),
        procedure=one_of_values(*MARCHE_PROCEDURES, typed=False),
        lieuExecution=obj(
            required=["code", "nom", "typeCode"],
            code=text(),
            typeCode=one_of_values(*PLACE_CODE_TYPES),
            nom=text(),
        ),
        dureeMois=integer(minimum=1),
        dateNotification=date_v1(),
        datePublicationDonnees=date_v1(),
        montant=number(minimum=0),
        formePrix=one_of_values("Ferme", "Ferme et actualisable", "Révisable"),
        titulaires=list_of(operator_v1(), min_items=1, unique=True),
        modifications=list_of(
            obj(
                required=[
                    "objetModification",
                    "datePublicationDonneesModification",
                    "dateNotificationModification",
                ],
                objetModification=text(max_length=256),
                dateNotificationModification=date_v1(),
                datePublicationDonneesModification=date_v1(),
                dureeMois=integer(),
                montant=number(),
                titulaires=list_of(operator_v1(), min_items=1, unique=True),
            ),
            unique=True,
        ),
    )


def concession_v1() -> Schema:
    return obj(
        required=[
            "id",
            "autoriteConcedante",
            "nature",
            "objet",
            "procedure",
            "lieuExecution",
            "dureeMois",
            "dateSignature",
            "datePublicationDonnees",
            "dateDebutExecution",
            "valeurGlobale",
            "montantSubventionPublique",
            "donneesExecution",
            "concessionnaires",
            "modifications",
        ],
        id=identifier_v1(),
        uid=unique_identifier_v1(),
        _type=text(pattern="^Contrat de concession$"),
        autoriteConcedante=obj(required=["id", "nom"], id=siret(), nom=text()),
        nature=one_of_values(*CONCESSION_NATURES),
        objet=text(max_length=256),
        procedure=one_of_values(*CONCESSION_PROCEDURES, typed=False),
        lieuExecution=obj(
            required=["code", "typeCode", "nom"],
            code=text(max_length=6),
            typeCode=one_of_values(*PLACE_CODE_TYPES),
            nom=text(),
        ),
        dureeMois=integer(minimum=1),
        dateSignature=date_v1(),
        datePublicationDonnees=date_v1(),
        dateDebutExecution=date_v1(),
        valeurGlobale=number(),
        montantSubventionPublique=number(minimum=0),
        donneesExecution=list_of(
            obj(
                required=["datePublicationDonneesExecution", "depensesInvestissement", "tarifs"],
                datePublicationDonneesExecution=date_v1(),
                depensesInvestissement=number(minimum=0),
                tarifs=list_of(tariff(), min_items=1),
            ),
            min_items=0,
            unique=True,
        ),
        concessionnaires=list_of(operator_v1(), min_items=1, unique=True),
        modifications=list_of(
            obj(
                required=[
                    "objetModification",
                    "datePublicationDonneesModification",
                    "dateSignatureModification",
                ],
                objetModification=text(max_length=256),
                dateSignatureModification=date_v1(),
                datePublicationDonneesModification=date_v1(),
                dureeMois=integer(minimum=1),
                valeurGlobale=number(minimum=0),
            ),
            unique=True,
        ),
    )


# v2.0.3 --------------------------------------------------------------------------------------

DATE_V2 = r"\d{4}-\d{2}-\d{2}"


def date_v2() -> Schema:
    return text(pattern=DATE_V2)


def identifier_v2() -> Schema:
    return text(min_length=1, max_length=16)


def operator_v2() -> Schema:
    return obj(
        required=["typeIdentifiant", "id"],
        typeIdentifiant=one_of_values(*OPERATOR_ID_TYPES_V2),
        id=text(),
    )


def operators_v2(name: str) -> Schema:
    return list_of(wrapped(name, operator_v2(), typed=False), min_items=1, unique=True)


def social_considerations_v2(reserved: str) -> Schema:
    """`reserved` names the contract reserved to some operators ("Marché réservé")."""
    return wrapped(
        "considerationSociale",
        values_list("Clause sociale", "Critère social", reserved, "Pas de considération sociale"),
    )


def environmental_considerations_v2() -> Schema:
    return wrapped(
        "considerationEnvironnementale",
        values_list(
            "Clause environnementale",
            "Critère environnemental",
            "Pas de considération environnementale",
        ),
    )


def subcontracting_v2() -> Schema:
    return obj(
        required=[
            "id",
            "sousTraitant",
            "dureeMois",
            "dateNotification",
            "datePublicationDonnees",
            "montant",
            "variationPrix",
        ],
        id=integer(minimum=1),
        sousTraitant=operator_v2(),
        dureeMois=integer(minimum=1),
        dateNotification=date_v2(),
        datePublicationDonnees=date_v2(),
        montant=number(minimum=1),
        variationPrix=one_of_values("Ferme", "Actualisable", "Révisable"),
    )


def subcontracting_change_v2() -> Schema:
    return obj(
        required=["id", "dateNotificationModificationSousTraitance", "datePublicationDonnees"],
        id=integer(minimum=1),
        dureeMois=integer(minimum=1),
        dateNotificationModificationSousTraitance=date_v2(),
        montant=number(minimum=1),
        datePublicationDonnees=date_v2(),
    )


def marche_v2() -> Schema:
    return obj(
        required=[
            "id",
            "acheteur",
            "nature",
            "objet",
            "codeCPV",
            "techniques",
            "modalitesExecution",
            "marcheInnovant",
            "ccag",
            "offresRecues",
            "attributionAvance",
            "typeGroupementOperateurs",
            "procedure",
            "lieuExecution",
            "dureeMois",
            "dateNotification",
            "datePublicationDonnees",
            "montant",
            "typesPrix",
            "formePrix",
            "sousTraitanceDeclaree",
            "titulaires",
            "considerationsSociales",
            "considerationsEnvironnementales",
        ],
        closed=True,
        id=identifier_v2(),
        acheteur=obj(required=["id"], id=siret()),
        nature=one_of_values("Marché", "Marché de partenariat", "Marché de défense ou de sécurité"),
        objet=text(max_length=1000),
        codeCPV=text(pattern="^[0-9]{8}(-[0-9])?$"),
        techniques=wrapped(
            "technique",
            values_list(
                "Accord-cadre",
                "Concours",
                "Système de qualification",
                "Système d'acquisition dynamique",
                "Catalogue électronique",
                "Enchère électronique",
                "Sans objet",
            ),
        ),
        modalitesExecution=wrapped(
            "modaliteExecution",
            values_list("Tranches", "Bons de commande", "Marchés subséquents", "Sans objet"),
        ),
        idAccordCadre=identifier_v2(),
        marcheInnovant=boolean(),
        ccag=one_of_values(
            "Travaux",
            "Maitrise d'œuvre",
            "Fournitures courantes et services",
            "Marchés industriels",
            "Prestations intellectuelles",
            "Techniques de l'information et de la communication",
            "Pas de CCAG",
        ),
        offresRecues=integer(minimum=1),
        attributionAvance=boolean(),
        tauxAvance=share(),
        typeGroupementOperateurs=one_of_values("Conjoint", "Solidaire", "Pas de groupement"),
        sousTraitanceDeclaree=boolean(),
        actesSousTraitance=list_of(
            wrapped("acteSousTraitance", subcontracting_v2()), min_items=1, unique=True
        ),
        procedure=one_of_values(*MARCHE_PROCEDURES),
        lieuExecution=obj(
            required=["code", "typeCode"], code=text(), typeCode=one_of_values(*PLACE_CODE_TYPES)
        ),
        dureeMois=integer(minimum=1),
        dateNotification=date_v2(),
        datePublicationDonnees=date_v2(),
        montant=number(minimum=1),
        typesPrix=wrapped(
            "typePrix",
            values_list(
                "Définitif ferme", "Définitif actualisable", "Définitif révisable", "Provisoire"
            ),
        ),
        formePrix=one_of_values("Unitaire", "Forfaitaire", "Mixte"),
        origineUE=share(),
        origineFrance=share(),
        titulaires=operators_v2("titulaire"),
        considerationsSociales=social_considerations_v2("Marché réservé"),
        considerationsEnvironnementales=environmental_considerations_v2(),
        modificationsActesSousTraitance=list_of(
            wrapped("modificationActeSousTraitance", subcontracting_change_v2()),
            min_items=1,
            unique=True,
        ),
        modifications=list_of(
            wrapped(
                "modification",
                obj(
                    required=[
                        "id",
                        "datePublicationDonneesModification",
                        "dateNotificationModification",
                    ],
                    id=integer(minimum=1),
                    dateNotificationModification=date_v2(),
                    datePublicationDonneesModification=date_v2(),
                    dureeMois=integer(minimum=1),
                    montant=number(minimum=1),
                    titulaires=operators_v2("titulaire"),
                ),
            ),
            min_items=1,
            unique=True,
        ),
    )


def concession_v2() -> Schema:
    return obj(
        required=[
            "id",
            "autoriteConcedante",
            "nature",
            "objet",
            "procedure",
            "dureeMois",
            "dateSignature",
            "datePublicationDonnees",
            "dateDebutExecution",
            "valeurGlobale",
            "montantSubventionPublique",
            "concessionnaires",
            "considerationsSociales",
            "considerationsEnvironnementales",
        ],
        closed=True,
        id=identifier_v2(),
        autoriteConcedante=obj(required=["id"], id=siret()),
        nature=one_of_values(*CONCESSION_NATURES),
        objet=text(max_length=1000),
        procedure=one_of_values(*CONCESSION_PROCEDURES),
        dureeMois=integer(minimum=1),
        dateSignature=date_v2(),
        datePublicationDonnees=date_v2(),
        dateDebutExecution=date_v2(),
        valeurGlobale=number(minimum=1),
        montantSubventionPublique=number(minimum=0),
        donneesExecution=list_of(
            wrapped(
                "donneesAnnuelles",
                obj(
                    required=[
                        "datePublicationDonneesExecution",
                        "depensesInvestissement",
                        "tarifs",
                    ],
                    datePublicationDonneesExecution=date_v2(),
                    depensesInvestissement=number(minimum=0),
                    tarifs=list_of(wrapped("tarif", tariff()), min_items=1),
                ),
            ),
            min_items=0,
            unique=True,
        ),
        concessionnaires=operators_v2("concessionnaire"),
        considerationsSociales=social_considerations_v2("Concession réservée"),
        considerationsEnvironnementales=environmental_considerations_v2(),
        modifications=list_of(
            wrapped(
                "modification",
                obj(
                    required=[
                        "id",
                        "datePublicationDonneesModification",
                        "dateSignatureModification",
                    ],
                    id=integer(minimum=1),
                    dateSignatureModification=date_v2(),
                    datePublicationDonneesModification=date_v2(),
                    dureeMois=integer(minimum=1),
                    valeurGlobale=number(minimum=1),
                ),
            ),
            min_items=1,
            unique=True,
        ),
    )


# By version ("1" for v1.x files, "2" for v2.x) and kind ("marche", "concession").
FORMATS = {
    ("1", "marche"): (DRAFT_04, marche_v1),
    ("1", "concession"): (DRAFT_04, concession_v1),
    ("2", "marche"): (DRAFT_07, marche_v2),
    ("2", "concession"): (DRAFT_07, concession_v2),
}


def declaration(version: str, kind: str) -> Schema:
    """The JSON Schema of one kind of record in one version (a new dict at each call)."""
    draft, build = FORMATS[(version, kind)]
    return {"$schema": draft, **build()}
