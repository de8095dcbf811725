"""Marseille's demo contracts: generated DECP v2 records, imported through the real import.

The buyers are the kinds Marseille has (the Ville, its eight mairies de secteur, its CCAS; the
Métropole is another public body and buys on its own); the suppliers are made up, with SIRETs
whose Luhn keys are right; the CPV codes, procedures, amounts and durations follow what a
city buys. The records are drawn from one seeded generator, so the first N are the same
whatever N: loading again imports the same file and changes nothing, loading more adds to it.
"""

from __future__ import annotations

import json
import random
import tempfile
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from massalia.transparency.importer import Counts, import_file

FILE_NAME = "demo-marseille-decp.json"
MOST = 3000  # contracts in the full demo
SEED = 2024
CITY_SIREN = "211300553"  # the Ville de Marseille's SIREN; its SIRET is 21130055300016

SECTORS = [
    "1er et 7e", "2e et 3e", "4e et 5e", "6e et 8e",
    "9e et 10e", "11e et 12e", "13e et 14e", "15e et 16e",
]  # fmt: skip

# (CPV, subject, CCAG, typical amount in euros, works?)
PURCHASES: list[tuple[str, str, str, int, bool]] = [
    ("45233141", "Entretien et réfection de la voirie communale", "Travaux", 400_000, True),
    ("45261210", "Réfection de la toiture de l'école {school}", "Travaux", 180_000, True),
    ("45214210", "Rénovation énergétique du groupe scolaire {school}", "Travaux", 1_200_000, True),
    ("45316110", "Installation et rénovation de l'éclairage public", "Travaux", 350_000, True),
    ("45112710", "Aménagement paysager du jardin {garden}", "Travaux", 250_000, True),
    ("45453000", "Réhabilitation du gymnase {gym}", "Travaux", 900_000, True),
    ("45212212", "Réfection du bassin de la piscine {pool}", "Travaux", 600_000, True),
    (
        "77313000",
        "Entretien des espaces verts du secteur {sector}",
        "Fournitures courantes et services",
        120_000,
        False,
    ),
    (
        "90911200",
        "Nettoyage des bâtiments municipaux",
        "Fournitures courantes et services",
        300_000,
        False,
    ),
    (
        "90919200",
        "Nettoyage des locaux de la mairie des {sector}",
        "Fournitures courantes et services",
        60_000,
        False,
    ),
    (
        "55523100",
        "Restauration scolaire des écoles du secteur {sector}",
        "Fournitures courantes et services",
        900_000,
        False,
    ),
    (
        "60130000",
        "Transport d'enfants vers les centres aérés",
        "Fournitures courantes et services",
        150_000,
        False,
    ),
    (
        "79710000",
        "Gardiennage et sécurité des équipements municipaux",
        "Fournitures courantes et services",
        400_000,
        False,
    ),
    (
        "72267000",
        "Maintenance du logiciel de gestion de l'état civil",
        "Techniques de l'information et de la communication",
        80_000,
        False,
    ),
    (
        "30213100",
        "Fourniture d'ordinateurs portables pour les écoles",
        "Techniques de l'information et de la communication",
        200_000,
        False,
    ),
    (
        "48000000",
        "Acquisition d'un logiciel de gestion des salles",
        "Techniques de l'information et de la communication",
        60_000,
        False,
    ),
    (
        "22113000",
        "Fourniture de livres pour les bibliothèques municipales",
        "Fournitures courantes et services",
        70_000,
        False,
    ),
    (
        "39160000",
        "Fourniture de mobilier scolaire",
        "Fournitures courantes et services",
        90_000,
        False,
    ),
    (
        "34144900",
        "Acquisition de véhicules électriques utilitaires",
        "Fournitures courantes et services",
        300_000,
        False,
    ),
    (
        "18110000",
        "Fourniture de vêtements de travail",
        "Fournitures courantes et services",
        50_000,
        False,
    ),
    (
        "71221000",
        "Maîtrise d'œuvre pour la rénovation de l'école {school}",
        "Maitrise d'œuvre",
        120_000,
        False,
    ),
    (
        "71351810",
        "Diagnostic amiante et plomb des bâtiments scolaires",
        "Prestations intellectuelles",
        40_000,
        False,
    ),
    (
        "79341000",
        "Campagne de communication « {event} »",
        "Prestations intellectuelles",
        45_000,
        False,
    ),
    (
        "92312000",
        "Programmation artistique de « {event} »",
        "Prestations intellectuelles",
        80_000,
        False,
    ),
    (
        "80500000",
        "Formation des agents aux premiers secours",
        "Prestations intellectuelles",
        30_000,
        False,
    ),
    (
        "85312000",
        "Accueil de jour des personnes sans abri",
        "Fournitures courantes et services",
        250_000,
        False,
    ),
    (
        "66510000",
        "Assurance des bâtiments et de la flotte automobile",
        "Pas de CCAG",
        500_000,
        False,
    ),
    (
        "09310000",
        "Fourniture d'électricité des bâtiments communaux",
        "Fournitures courantes et services",
        2_000_000,
        False,
    ),
]
SCHOOLS = ["Saint-Charles", "Chave", "Bugeaud", "Les Lilas", "Malpassé", "La Busserine",
           "Vauban", "Menpenti", "Saint-Mauront", "Le Canet", "Eydoux", "Ruffi"]  # fmt: skip
GARDENS = ["Longchamp", "Pierre-Puget", "la Colline", "Benedetti", "Bagatelle", "Maison-Blanche"]
GYMS = ["Ruffi", "Vallier", "Saint-Just", "Bombardière", "La Martine"]
POOLS = ["Vallier", "Pont-de-Vivaux", "Luminy", "Frais-Vallon", "Louis-Armand"]
EVENTS = ["Été marseillais", "Fête du Panier", "Marseille en lumière", "Nuit des musées"]
PROCEDURES = [
    ("Procédure adaptée", 55),
    ("Appel d'offres ouvert", 25),
    ("Procédure avec négociation", 8),
    ("Marché passé sans publicité ni mise en concurrence préalable", 7),
    ("Appel d'offres restreint", 3),
    ("Dialogue compétitif", 2),
]
COMPANY_PLACES = ["Provence", "Méditerranée", "Phocéenne", "Calanques", "Massilia", "Estaque",
                  "Canebière", "Huveaune", "Sainte-Victoire", "Vieux-Port", "Frioul",
                  "Joliette"]  # fmt: skip
TRADES = {
    "Travaux": ["Bâtiment", "Travaux Publics", "Toitures", "Éclairage", "Paysages", "Génie Civil"],
    "Fournitures courantes et services": [
        "Services",
        "Propreté",
        "Restauration",
        "Transports",
        "Sécurité",
        "Fournitures",
    ],
    "Techniques de l'information et de la communication": ["Informatique", "Numérique", "Systèmes"],
    "Maitrise d'œuvre": ["Architectes", "Ingénierie"],
    "Prestations intellectuelles": ["Conseil", "Études", "Communication", "Formation"],
    "Pas de CCAG": ["Assurances", "Mutuelle"],
}
FORMS = ["SAS", "SARL", "SA", "SCOP", "EURL"]


@dataclass(frozen=True)
class Party:
    siret: str
    name: str


def luhn_ok(number: str) -> bool:
    total = 0
    for i, digit in enumerate(reversed(number)):
        value = int(digit) * (2 if i % 2 else 1)
        total += value - 9 if value > 9 else value
    return total % 10 == 0


def luhn_siret(prefix: str) -> str:
    """`prefix` and the digit that makes it pass the Luhn check (SIREN and SIRET alike)."""
    return next(prefix + last for last in "0123456789" if luhn_ok(prefix + last))


def buyers() -> list[Party]:
    city = Party("21130055300016", "Ville de Marseille")
    sectors = [
        Party(luhn_siret(f"{CITY_SIREN}{n + 2:03d}0"), f"Ville de Marseille — mairie des {s}")
        for n, s in enumerate(SECTORS)
    ]
    ccas = Party(luhn_siret("2613003490001"), "Centre communal d'action sociale de Marseille")
    return [city, *sectors, ccas]


def suppliers(pick: random.Random) -> dict[str, list[Party]]:
    found: dict[str, list[Party]] = {}
    for ccag, trades in TRADES.items():
        found[ccag] = []
        for _ in range(14):
            siren = luhn_siret(f"{pick.randint(30_000_000, 99_999_999):08d}")
            name = f"{pick.choice(COMPANY_PLACES)} {pick.choice(trades)} {pick.choice(FORMS)}"
            nic = f"000{pick.randint(1, 9)}"
            found[ccag].append(Party(luhn_siret(f"{siren}{nic}"), name))
    return found


def records(count: int, seed: int = SEED) -> list[dict[str, Any]]:
    """`count` DECP v2 marchés; the first N records are the same whatever `count`."""
    pick = random.Random(seed)
    buying = buyers()
    holders = suppliers(pick)
    return [_record(pick, n, buying, holders) for n in range(count)]


def _record(
    pick: random.Random, n: int, buying: list[Party], holders: dict[str, list[Party]]
) -> dict[str, Any]:
    buyer = buying[0] if pick.random() < 0.6 else pick.choice(buying[1:])
    sector = buyer.name.rpartition("des ")[2] if "mairie" in buyer.name else pick.choice(SECTORS)
    code, subject, ccag, typical, works = pick.choice(PURCHASES)
    subject = subject.format(
        school=pick.choice(SCHOOLS),
        garden=pick.choice(GARDENS),
        gym=pick.choice(GYMS),
        pool=pick.choice(POOLS),
        event=pick.choice(EVENTS),
        sector=sector,
    )
    procedure = pick.choices([p for p, _ in PROCEDURES], [w for _, w in PROCEDURES])[0]
    amount = round(typical * pick.lognormvariate(0, 0.6), 2)
    if procedure == "Procédure adaptée":
        amount = min(amount, 5_000_000 if works else 215_000)
    framework = pick.random() < 0.3
    notified = date(2019, 1, 1) + timedelta(days=pick.randint(0, 6 * 365 + 200))
    duration = pick.choice([3, 6, 12, 12, 24, 36, 48] if not works else [2, 4, 6, 9, 12, 18])
    arrondissement = pick.randint(1, 16)
    chosen = pick.sample(holders[ccag], 2 if pick.random() < 0.1 else 1)
    record: dict[str, Any] = {
        "id": f"{notified.year}M{n:06d}",
        "acheteur": {"id": buyer.siret, "nom": buyer.name},
        "nature": "Marché",
        "objet": subject,
        "codeCPV": code,
        "techniques": {"technique": ["Accord-cadre" if framework else "Sans objet"]},
        "modalitesExecution": {
            "modaliteExecution": ["Bons de commande" if framework else "Sans objet"]
        },
        "marcheInnovant": False,
        "ccag": ccag,
        "offresRecues": pick.randint(1, 9),
        "attributionAvance": pick.random() < 0.4,
        "typeGroupementOperateurs": "Solidaire" if len(chosen) > 1 else "Pas de groupement",
        "sousTraitanceDeclaree": pick.random() < 0.2,
        "procedure": procedure,
        "lieuExecution": {"code": f"132{arrondissement:02d}", "typeCode": "Code commune"},
        "dureeMois": duration,
        "dateNotification": notified.isoformat(),
        "datePublicationDonnees": (notified + timedelta(days=pick.randint(3, 40))).isoformat(),
        "montant": amount,
        "typesPrix": {"typePrix": [pick.choice(["Définitif ferme", "Définitif révisable"])]},
        "formePrix": pick.choice(["Forfaitaire", "Unitaire", "Mixte"]),
        "titulaires": [
            {
                "titulaire": {
                    "typeIdentifiant": "SIRET",
                    "id": p.siret,
                    "denominationSociale": p.name,
                }
            }
            for p in chosen
        ],
        "considerationsSociales": {
            "considerationSociale": [
                "Clause sociale" if pick.random() < 0.25 else "Pas de considération sociale"
            ]
        },
        "considerationsEnvironnementales": {
            "considerationEnvironnementale": [
                "Clause environnementale"
                if pick.random() < 0.35
                else "Pas de considération environnementale"
            ]
        },
    }
    if pick.random() < 0.15:
        record["modifications"] = _modifications(pick, notified, amount, duration)
    if pick.random() < 0.05:
        # As some platforms publish them: an amount in French writing, repaired on import.
        record["montant"] = f"{amount:,.2f} €".replace(",", " ").replace(".", ",")
    return record


def _modifications(
    pick: random.Random, notified: date, amount: float, duration: int
) -> list[dict[str, Any]]:
    steps = []
    day = notified
    for position in range(1, pick.randint(1, 2) + 1):
        day += timedelta(days=pick.randint(60, 300))
        amount = round(amount * (1 + pick.uniform(0.03, 0.15)), 2)
        duration += pick.choice([0, 3, 6])
        steps.append(
            {
                "modification": {
                    "id": position,
                    "dureeMois": duration,
                    "montant": amount,
                    "dateNotificationModification": day.isoformat(),
                    "datePublicationDonneesModification": (day + timedelta(days=7)).isoformat(),
                }
            }
        )
    return steps


def load(*, count: int) -> Counts:
    """Import `count` demo contracts (the first `count` of the generator's sequence)."""
    document = {"marches": {"marche": records(count)}}
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / FILE_NAME
        path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
        return import_file(path)
