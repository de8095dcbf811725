"""The divisions of the Common Procurement Vocabulary (CPV 2008): the first two digits of a code.

Their French names, as the EU's regulation 213/2008 gives them, shortened where they are long;
the search filters and the charts group contracts by division.
"""

from __future__ import annotations

DIVISIONS: dict[str, str] = {
    "03": "Produits agricoles, de l'élevage, de la pêche et de la sylviculture",
    "09": "Produits pétroliers, combustibles, électricité et autres sources d'énergie",
    "14": "Produits de l'exploitation des mines",
    "15": "Produits alimentaires, boissons, tabac",
    "16": "Machines agricoles",
    "18": "Vêtements, articles chaussants, bagages et accessoires",
    "19": "Cuir, textiles, plastiques et caoutchouc",
    "22": "Imprimés et produits connexes",
    "24": "Produits chimiques",
    "30": "Machines, matériel et fournitures informatiques et de bureau",
    "31": "Machines, appareils, équipements et consommables électriques ; éclairage",
    "32": "Équipements de radio, de télévision, de communication et de télécommunication",
    "33": "Matériels médicaux, pharmaceutiques et produits de soins personnels",
    "34": "Équipements de transport et produits auxiliaires pour le transport",
    "35": "Équipements de sécurité, de lutte contre l'incendie, de police et de défense",
    "37": "Instruments de musique, articles de sport, jeux, jouets, artisanat",
    "38": "Équipements de laboratoire, d'optique et de précision",
    "39": "Meubles, aménagements, appareils électroménagers et produits de nettoyage",
    "41": "Eau collectée et purifiée",
    "42": "Machines industrielles",
    "43": "Machines pour l'exploitation minière et le bâtiment",
    "44": "Structures et matériaux de construction",
    "45": "Travaux de construction",
    "48": "Logiciels et systèmes d'information",
    "50": "Services de réparation et d'entretien",
    "51": "Services d'installation",
    "55": "Services d'hôtellerie, de restauration et de commerce au détail",
    "60": "Services de transport",
    "63": "Services d'appui et auxiliaires des transports ; agences de voyage",
    "64": "Services des postes et télécommunications",
    "65": "Services publics (eau, gaz, électricité)",
    "66": "Services financiers et d'assurance",
    "70": "Services immobiliers",
    "71": "Services d'architecture, de construction, d'ingénierie et d'inspection",
    "72": "Services de technologies de l'information",
    "73": "Services de recherche et développement",
    "75": "Services de l'administration publique, de la défense et de la sécurité sociale",
    "76": "Services liés à l'industrie du pétrole et du gaz",
    "77": "Services agricoles, sylvicoles, horticoles, aquacoles et apicoles",
    "79": "Services aux entreprises : droit, marketing, conseil, recrutement, impression, sécurité",
    "80": "Services d'enseignement et de formation",
    "85": "Services de santé et services sociaux",
    "90": "Services d'assainissement, de nettoyage et d'environnement",
    "92": "Services récréatifs, culturels et sportifs",
    "98": "Autres services communautaires, sociaux et personnels",
}


def division(code: str) -> str:
    """The division of a CPV code ("45261210" → "45"), or "" for an empty code."""
    return code[:2] if len(code) >= 2 else ""


def label(division_code: str) -> str:
    """The French name of a division, or the code itself when the vocabulary does not know it."""
    return DIVISIONS.get(division_code, f"Division {division_code}" if division_code else "—")
