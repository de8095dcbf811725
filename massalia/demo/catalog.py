"""The demo city's organisation: departments, coverage rules and request types (pure data).

Written for the project: department names follow the usual shape of a French city's
"directions"; e-mail addresses live under a reserved domain so no message can leave the machine.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

EMAIL_DOMAIN = "demo.massalia.localhost"


@dataclass(frozen=True)
class DepartmentSpec:
    code: str
    name: str
    description: str

    @property
    def email(self) -> str:
        return f"{self.code}@{EMAIL_DOMAIN}"


@dataclass(frozen=True)
class AttributeSpec:
    code: str
    datatype: str
    description: str
    required: bool = False
    values: tuple[tuple[str, str], ...] = ()

    def values_json(self) -> list[dict[str, str]]:
        return [{"key": key, "name": name} for key, name in self.values]


@dataclass(frozen=True)
class TypeSpec:
    code: str
    name: str
    group: str
    department: str
    description: str
    keywords: str
    expected_days: int
    duplicate_radius_m: int = 50
    weight: float = 1.0  # relative frequency among citizens' reports
    is_public: bool = True
    attributes: tuple[AttributeSpec, ...] = ()
    # Arrondissement numbers where it can happen (empty: everywhere).
    arrondissements: tuple[int, ...] = ()
    summer_factor: float = 1.0  # weight multiplier from June to September
    problems: tuple[str, ...] = field(default=())  # what citizens describe


DEPARTMENTS: tuple[DepartmentSpec, ...] = (
    DepartmentSpec("proprete", "Propreté urbaine", "Nettoiement des rues, dépôts, tags."),
    DepartmentSpec("voirie", "Voirie", "Chaussées, trottoirs et signalisation."),
    DepartmentSpec("eclairage", "Éclairage public", "Lampadaires et éclairage des voies."),
    DepartmentSpec(
        "espaces-verts-sud", "Espaces verts — secteur sud", "Parcs, jardins et arbres du sud."
    ),
    DepartmentSpec(
        "espaces-verts-nord",
        "Espaces verts — secteur nord",
        "Parcs, jardins et arbres des quartiers nord.",
    ),
    DepartmentSpec("eau", "Eau et assainissement", "Réseaux d'eau, avaloirs et fuites."),
    DepartmentSpec("stationnement", "Stationnement", "Stationnement et véhicules abandonnés."),
    DepartmentSpec("mobilier-urbain", "Mobilier urbain", "Bancs, potelets, abris, fontaines."),
    DepartmentSpec("tranquillite", "Tranquillité publique", "Police municipale, nuisances."),
    DepartmentSpec("mer", "Direction de la mer et des plages", "Plages, calanques et littoral."),
    DepartmentSpec(
        "etat-civil",
        "État civil et titres d'identité",
        "Cartes d'identité et passeports en mairie de secteur et au bureau itinérant.",
    ),
)

NORTH = (2, 3, 13, 14, 15, 16)
COAST = (1, 2, 7, 8, 16)
# (request type code, arrondissement numbers, department code): local overrides of routing.
COVERAGE: tuple[tuple[str, tuple[int, ...], str], ...] = (
    ("arbre", NORTH, "espaces-verts-nord"),
    ("espace-vert", NORTH, "espaces-verts-nord"),
    ("aire-de-jeux", NORTH, "espaces-verts-nord"),
    # In the hyper-centre the municipal police handles obstructive parking directly.
    ("stationnement-genant", (1, 2), "tranquillite"),
)

_SIZE = (("petit", "Petit (moins de 30 cm)"), ("moyen", "Moyen (30 à 60 cm)"), ("grand", "Grand"))
_VOLUME = (
    ("sac", "Quelques sacs"),
    ("coffre", "Un coffre de voiture"),
    ("camionnette", "Une camionnette"),
    ("benne", "Plus d'une benne"),
)
_NATURE = (
    ("menagers", "Déchets ménagers"),
    ("encombrants", "Encombrants (meubles, matelas)"),
    ("gravats", "Gravats de chantier"),
    ("electromenager", "Électroménager"),
    ("vegetaux", "Déchets verts"),
    ("pneus", "Pneus"),
)
_PLATE = AttributeSpec("immatriculation", "string", "Immatriculation du véhicule (si visible)")

TYPES: tuple[TypeSpec, ...] = (
    TypeSpec(
        "depot-sauvage",
        "Dépôt sauvage",
        "Propreté",
        "proprete",
        "Déchets, encombrants ou gravats abandonnés sur la voie publique.",
        "ordures, encombrants, déchets, gravats, matelas",
        expected_days=5,
        duplicate_radius_m=60,
        weight=15,
        attributes=(
            AttributeSpec("volume", "singlevaluelist", "Volume approximatif", True, _VOLUME),
            AttributeSpec("nature", "multivaluelist", "Nature des déchets", False, _NATURE),
        ),
        problems=("un dépôt sauvage", "un tas de déchets abandonnés", "des encombrants déposés"),
    ),
    TypeSpec(
        "dechets-voie",
        "Rue sale, déchets sur la voie",
        "Propreté",
        "proprete",
        "Papiers, canettes, déchets éparpillés sur le trottoir ou la chaussée.",
        "saleté, papiers, canettes, nettoyage",
        expected_days=4,
        weight=10,
        problems=("beaucoup de déchets sur le trottoir", "une rue très sale"),
    ),
    TypeSpec(
        "corbeille-pleine",
        "Corbeille de rue pleine",
        "Propreté",
        "proprete",
        "Une poubelle de rue déborde.",
        "poubelle, corbeille, débordement",
        expected_days=2,
        weight=5,
        summer_factor=1.6,
        problems=("une corbeille qui déborde", "une poubelle de rue pleine"),
    ),
    TypeSpec(
        "tags",
        "Tags et graffitis",
        "Propreté",
        "proprete",
        "Tags sur un mur, une façade ou du mobilier public.",
        "graffiti, tag, peinture, façade",
        expected_days=15,
        weight=6,
        attributes=(
            AttributeSpec(
                "support",
                "singlevaluelist",
                "Support",
                False,
                (("facade", "Façade"), ("mobilier", "Mobilier urbain"), ("mur", "Mur public")),
            ),
            AttributeSpec("surface", "number", "Surface approximative (m²)"),
        ),
        problems=("des tags", "des graffitis"),
    ),
    TypeSpec(
        "dejections-canines",
        "Déjections canines",
        "Propreté",
        "proprete",
        "Déjections canines accumulées sur un trottoir ou un espace public.",
        "chien, crottes, déjections",
        expected_days=3,
        weight=4,
        problems=("des déjections canines", "des crottes de chien partout"),
    ),
    TypeSpec(
        "nid-de-poule",
        "Nid-de-poule",
        "Voirie",
        "voirie",
        "Trou dans la chaussée dangereux pour les véhicules et les deux-roues.",
        "trou, chaussée, route, bitume",
        expected_days=10,
        duplicate_radius_m=80,
        weight=11,
        attributes=(
            AttributeSpec("taille", "singlevaluelist", "Taille du trou", True, _SIZE),
            AttributeSpec("nombre", "number", "Nombre de trous"),
        ),
        problems=("un nid-de-poule", "un trou dans la chaussée", "plusieurs trous sur la route"),
    ),
    TypeSpec(
        "trottoir-degrade",
        "Trottoir dégradé",
        "Voirie",
        "voirie",
        "Dalles cassées, bordure descellée, trottoir impraticable.",
        "trottoir, dalle, bordure, accessibilité",
        expected_days=20,
        weight=7,
        problems=("un trottoir défoncé", "des dalles cassées", "une bordure descellée"),
    ),
    TypeSpec(
        "signalisation",
        "Panneau ou marquage endommagé",
        "Voirie",
        "voirie",
        "Panneau tombé, tordu ou illisible ; marquage au sol effacé.",
        "panneau, signalisation, marquage, passage piéton",
        expected_days=12,
        weight=3,
        problems=("un panneau tordu", "un passage piéton effacé", "un panneau à terre"),
    ),
    TypeSpec(
        "lampadaire",
        "Lampadaire éteint ou endommagé",
        "Éclairage",
        "eclairage",
        "Un lampadaire ne s'allume plus, clignote ou est endommagé.",
        "lumière, lampadaire, éclairage, nuit",
        expected_days=7,
        duplicate_radius_m=30,
        weight=7,
        attributes=(
            AttributeSpec(
                "numero_mat", "string", "Numéro du mât (plaque sur le lampadaire)", False
            ),
        ),
        problems=("un lampadaire éteint", "un lampadaire qui clignote"),
    ),
    TypeSpec(
        "rue-sombre",
        "Rue entière sans éclairage",
        "Éclairage",
        "eclairage",
        "Plusieurs points lumineux éteints dans une même voie.",
        "panne, éclairage, noir, rue",
        expected_days=4,
        duplicate_radius_m=150,
        weight=2,
        problems=("toute la rue dans le noir", "plusieurs lampadaires éteints"),
    ),
    TypeSpec(
        "arbre",
        "Arbre dangereux ou branche tombée",
        "Espaces verts",
        "espaces-verts-sud",
        "Arbre penché, branche cassée ou tombée, racines soulevant le sol.",
        "arbre, branche, platane, pin",
        expected_days=6,
        weight=3,
        attributes=(
            AttributeSpec("observe_le", "datetime", "Date et heure de l'observation", False),
        ),
        problems=("une branche cassée", "un arbre qui penche dangereusement", "une branche tombée"),
    ),
    TypeSpec(
        "espace-vert",
        "Entretien d'un parc ou d'un jardin",
        "Espaces verts",
        "espaces-verts-sud",
        "Herbes hautes, arrosage en panne, massif à entretenir.",
        "parc, jardin, pelouse, arrosage",
        expected_days=21,
        weight=3,
        problems=("des herbes très hautes", "un arrosage automatique en panne"),
    ),
    TypeSpec(
        "aire-de-jeux",
        "Aire de jeux abîmée",
        "Espaces verts",
        "espaces-verts-sud",
        "Jeu cassé, sol amortissant abîmé, clôture ouverte.",
        "jeux, enfants, toboggan, balançoire",
        expected_days=10,
        weight=1.5,
        problems=("un toboggan cassé", "une balançoire arrachée", "le sol de l'aire de jeux abîmé"),
    ),
    TypeSpec(
        "avaloir-bouche",
        "Avaloir ou grille bouché",
        "Eau",
        "eau",
        "Grille d'évacuation des eaux de pluie bouchée ou odeurs d'égout.",
        "égout, avaloir, grille, inondation, odeur",
        expected_days=8,
        weight=3,
        problems=("une grille d'égout bouchée", "une odeur d'égout", "une flaque qui ne part pas"),
    ),
    TypeSpec(
        "fuite-voie-publique",
        "Fuite d'eau sur la voie publique",
        "Eau",
        "eau",
        "De l'eau s'écoule de la chaussée, d'une bouche ou d'une borne.",
        "eau, fuite, canalisation, borne",
        expected_days=2,
        duplicate_radius_m=100,
        weight=2,
        problems=("une fuite d'eau sur la chaussée", "de l'eau qui jaillit d'une bouche"),
    ),
    TypeSpec(
        "fuite-apres-compteur",
        "Fuite d'eau après compteur",
        "Eau",
        "eau",
        "Fuite chez un abonné, après son compteur : traitée avec lui, jamais publiée.",
        "compteur, fuite, facture, abonné",
        expected_days=5,
        weight=1,
        is_public=False,
        attributes=(AttributeSpec("numero_compteur", "string", "Numéro du compteur", True),),
        problems=("une fuite après mon compteur", "une consommation d'eau anormale"),
    ),
    TypeSpec(
        "stationnement-genant",
        "Stationnement gênant",
        "Stationnement",
        "stationnement",
        "Véhicule sur un passage piéton, une place réservée ou devant une sortie.",
        "voiture, stationnement, trottoir, passage",
        expected_days=1,
        duplicate_radius_m=30,
        weight=6,
        attributes=(_PLATE,),
        problems=("une voiture garée sur le passage piéton", "un véhicule sur le trottoir"),
    ),
    TypeSpec(
        "vehicule-ventouse",
        "Véhicule abandonné (ventouse)",
        "Stationnement",
        "stationnement",
        "Véhicule qui n'a pas bougé depuis plus de sept jours, souvent dégradé.",
        "épave, voiture, abandon, ventouse",
        expected_days=15,
        weight=3,
        attributes=(_PLATE,),
        problems=("une voiture abandonnée", "une épave de scooter"),
    ),
    TypeSpec(
        "mobilier-urbain",
        "Mobilier urbain cassé",
        "Mobilier urbain",
        "mobilier-urbain",
        "Banc, potelet, barrière, fontaine ou abri endommagé.",
        "banc, potelet, barrière, fontaine",
        expected_days=15,
        weight=2,
        attributes=(
            AttributeSpec(
                "objet",
                "singlevaluelist",
                "Objet concerné",
                True,
                (
                    ("banc", "Banc"),
                    ("potelet", "Potelet ou barrière"),
                    ("fontaine", "Fontaine"),
                    ("abri", "Abri"),
                ),
            ),
        ),
        problems=("un banc cassé", "un potelet arraché", "une fontaine qui ne coule plus"),
    ),
    TypeSpec(
        "nuisances-sonores",
        "Nuisances sonores répétées",
        "Tranquillité publique",
        "tranquillite",
        "Bruit répété la nuit : établissement, chantier hors horaires, rassemblements.",
        "bruit, nuit, tapage, musique",
        expected_days=10,
        weight=3,
        summer_factor=1.8,
        problems=("du bruit toutes les nuits", "de la musique très forte tard le soir"),
    ),
    TypeSpec(
        "plage",
        "Plage ou littoral à nettoyer",
        "Mer et plages",
        "mer",
        "Déchets sur une plage, une calanque ou un accès à la mer.",
        "plage, mer, sable, calanque, littoral",
        expected_days=3,
        weight=1.5,
        arrondissements=COAST,
        summer_factor=4.0,
        attributes=(
            AttributeSpec(
                "nombre_objets", "number", "Nombre approximatif d'objets (bouteilles, sacs…)"
            ),
        ),
        problems=("des déchets sur la plage", "des bouteilles abandonnées sur les rochers"),
    ),
)


def attribute_value(spec: AttributeSpec, pick: Any) -> Any:
    """A plausible value for a demo request (`pick` is a seeded random.Random)."""
    if spec.datatype == "singlevaluelist":
        return pick.choice(spec.values)[0]
    if spec.datatype == "multivaluelist":
        return sorted(key for key, _ in pick.sample(spec.values, pick.randint(1, 2)))
    if spec.datatype == "number":
        return pick.choice((1, 1, 2, 2, 3, 4, 5, 8, 10, 15, 20))
    if spec.code == "immatriculation":
        letters = "ABCDEFGHJKLMNPQRSTVWXYZ"
        return (
            f"{pick.choice(letters)}{pick.choice(letters)}-{pick.randint(100, 999)}-"
            f"{pick.choice(letters)}{pick.choice(letters)}"
        )
    if spec.code == "numero_mat":
        return f"M{pick.randint(1, 16):02d}-{pick.randint(1000, 9999)}"
    if spec.code == "numero_compteur":
        return f"{pick.randint(10, 99)}A{pick.randint(100000, 999999)}"
    return ""
