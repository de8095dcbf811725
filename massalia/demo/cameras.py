"""Marseille's demo video-protection register: cameras at real places of the city, written
for the demo (places approximate, orders and dates made up), imported through the real import.

Every camera is marked as demonstration data: its identifier starts with "demo-", its order
number with "DEMO-", its operator ends with "(démonstration)". The first places are the
territory's landmarks, the others streets and squares residents know. Dates and purposes come
from a seeded generator, so loading again imports the same file and changes nothing; a few
authorisations have run out and a few cameras are removed, as in any real register.
"""

from __future__ import annotations

import csv
import random
import tempfile
from datetime import date, timedelta
from pathlib import Path

from massalia.cameras import importer
from massalia.cameras.models import Purpose
from massalia.core.models import ImportRun
from massalia.territory.marseille import LANDMARKS

SEED = 2014  # the year the city's network doubled
MARK = "(démonstration)"
CITY = f"Ville de Marseille — centre de supervision urbaine {MARK}"
TRANSPORT = f"Régie des transports métropolitains {MARK}"
PORT = f"Grand port maritime {MARK}"
REMOVED_ON = date(2022, 6, 30)
# Streets and squares beyond the landmarks: (place, latitude, longitude), approximate.
PLACES: tuple[tuple[str, float, float], ...] = (
    ("La Canebière, angle rue de Rome", 43.2967, 5.3779),
    ("La Canebière, Réformés", 43.2994, 5.3857),
    ("Cours Belsunce", 43.2985, 5.3783),
    ("Porte d'Aix", 43.3024, 5.3733),
    ("Marché de Noailles, rue Longue-des-Capucins", 43.2962, 5.3820),
    ("Cours Julien", 43.2937, 5.3838),
    ("Place Jean-Jaurès (la Plaine)", 43.2944, 5.3888),
    ("Place Castellane", 43.2858, 5.3837),
    ("Rond-point du Prado", 43.2711, 5.3929),
    ("Cours Lieutaud, angle boulevard Baille", 43.2898, 5.3846),
    ("Place de la Joliette", 43.3050, 5.3672),
    ("Rue de la République", 43.3005, 5.3714),
    ("Place des Cinq-Avenues", 43.3040, 5.4001),
    ("Boulevard National, Belle de Mai", 43.3087, 5.3874),
    ("Plage des Catalans", 43.2905, 5.3601),
    ("Place Sébastopol", 43.2970, 5.4000),
    ("Métro Bougainville", 43.3225, 5.3642),
    ("Place du Général-de-Gaulle", 43.2959, 5.3765),
)
# A landmark's point may lie where no pole stands (the harbour's water): the camera's spot.
LANDMARK_SPOTS = {"Vieux-Port": ("Vieux-Port, quai des Belges", 43.2957, 5.3752)}
OFFSHORE = {"Château d'If"}  # an island monument of the State, not a city camera's place
WEIGHTS = [
    (Purpose.PEOPLE_AND_PROPERTY, 10),
    (Purpose.TRAFFIC, 5),
    (Purpose.PUBLIC_BUILDINGS, 4),
    (Purpose.TERRORISM, 2),
    (Purpose.RESCUE, 2),
    (Purpose.DUMPING, 1),
]


def rows() -> list[dict[str, str]]:
    """The demo register as CSV rows (the same ones at every load)."""
    pick = random.Random(SEED)
    rows = []
    places = [*(LANDMARK_SPOTS.get(name, (name, lat, lon)) for name, lat, lon in LANDMARKS)]
    places = [p for p in places if p[0] not in OFFSHORE] + list(PLACES)
    for number, (place, lat, lon) in enumerate(places, start=1):
        operator = CITY
        if place.startswith("Métro") or place == "Gare Saint-Charles":
            operator = TRANSPORT
        elif place == "Les Terrasses du Port":
            operator = PORT
        codes = {Purpose.PEOPLE_AND_PROPERTY.value}
        for code, weight in WEIGHTS:
            if pick.random() < weight / 20:
                codes.add(code.value)
        # Most orders are recent; one in eight is from 2016–2019 and has run out; one in
        # thirteen cameras was taken down in 2022.
        removed = number % 13 == 0
        if removed:
            year = 2017
        elif number % 8 == 0:
            year = pick.choice([2016, 2018, 2019])
        else:
            year = pick.choice(range(2021, 2026))
        authorised = date(year, 1, 1) + timedelta(days=pick.randrange(360))
        rows.append(
            {
                "identifiant": f"demo-{number:03d}",
                "adresse": place,
                # a few metres off the named spot, as a pole stands at a corner
                "latitude": f"{lat + pick.uniform(-0.0004, 0.0004):.6f}",
                "longitude": f"{lon + pick.uniform(-0.0004, 0.0004):.6f}",
                "finalites": "|".join(sorted(codes)),
                "exploitant": operator,
                "arrete": f"DEMO-{year}-{100 + number}",
                "date_autorisation": authorised.isoformat(),
                "conservation_jours": str(pick.choice([7, 10, 15, 15, 30])),
                "champ": "dome" if pick.random() < 0.6 else "fixe",
                "statut": "retiree" if removed else "en-service",
                "date_retrait": REMOVED_ON.isoformat() if removed else "",
            }
        )
    return rows


def load() -> ImportRun:
    """Import the demo register (idempotent: the same file each time)."""
    found = rows()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "demo-videoprotection.csv"
        with path.open("w", encoding="utf-8", newline="") as out:
            writer = csv.DictWriter(out, fieldnames=list(found[0]), delimiter=";")
            writer.writeheader()
            writer.writerows(found)
        return importer.import_file(path)
