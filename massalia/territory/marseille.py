"""Facts about Marseille the project holds without any data file.

Arrondissements (INSEE codes, postcodes, names, a reference point), the eight sector town
halls, a coarse outline of the commune and approximate points of well-known quartiers. The
coordinates are approximate (a few hundred metres): they serve the approximate territory
built by `massalia.territory.approximate` until the official quartiers file is imported.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ArrondissementFact:
    number: int
    latitude: float
    longitude: float

    @property
    def insee_code(self) -> str:
        return f"132{self.number:02d}"

    @property
    def postcode(self) -> str:
        return f"130{self.number:02d}"

    @property
    def name(self) -> str:
        return f"{ordinal(self.number)} arrondissement"

    @property
    def sector(self) -> int:
        return SECTOR_OF[self.number]


@dataclass(frozen=True)
class TownHallFact:
    sector: int
    arrondissements: tuple[int, int]
    address: str
    latitude: float
    longitude: float

    @property
    def name(self) -> str:
        first, second = self.arrondissements
        return f"Mairie des {ordinal(first)} et {ordinal(second)} arrondissements"


def ordinal(number: int) -> str:
    """1 → '1er', 2 → '2e' (French ordinal abbreviation)."""
    return "1er" if number == 1 else f"{number}e"


# Reference point of each arrondissement (roughly its centre of population).
ARRONDISSEMENTS: tuple[ArrondissementFact, ...] = (
    ArrondissementFact(1, 43.2990, 5.3810),
    ArrondissementFact(2, 43.3050, 5.3660),
    ArrondissementFact(3, 43.3110, 5.3850),
    ArrondissementFact(4, 43.3050, 5.4010),
    ArrondissementFact(5, 43.2920, 5.3990),
    ArrondissementFact(6, 43.2870, 5.3810),
    ArrondissementFact(7, 43.2830, 5.3620),
    ArrondissementFact(8, 43.2500, 5.3850),
    ArrondissementFact(9, 43.2350, 5.4350),
    ArrondissementFact(10, 43.2790, 5.4200),
    ArrondissementFact(11, 43.2950, 5.4850),
    ArrondissementFact(12, 43.3070, 5.4450),
    ArrondissementFact(13, 43.3500, 5.4300),
    ArrondissementFact(14, 43.3400, 5.3950),
    ArrondissementFact(15, 43.3550, 5.3650),
    ArrondissementFact(16, 43.3600, 5.3250),
)

TOWN_HALLS: tuple[TownHallFact, ...] = (
    TownHallFact(1, (1, 7), "61 La Canebière, 13001 Marseille", 43.2984, 5.3817),
    TownHallFact(2, (2, 3), "2 place de la Major, 13002 Marseille", 43.2996, 5.3655),
    TownHallFact(3, (4, 5), "13 square Sidi-Brahim, 13005 Marseille", 43.2955, 5.3985),
    TownHallFact(4, (6, 8), "125 rue du Commandant Rolland, 13008 Marseille", 43.2637, 5.3828),
    TownHallFact(5, (9, 10), "150 boulevard Paul Claudel, 13009 Marseille", 43.2585, 5.4075),
    TownHallFact(6, (11, 12), "Avenue des Caillols, 13012 Marseille", 43.3020, 5.4380),
    TownHallFact(7, (13, 14), "72 rue Paul Coxe, 13014 Marseille", 43.3400, 5.4030),
    TownHallFact(8, (15, 16), "246 rue de Lyon, 13015 Marseille", 43.3350, 5.3660),
)

SECTOR_OF: dict[int, int] = {n: hall.sector for hall in TOWN_HALLS for n in hall.arrondissements}

# A coarse outline of the commune as (lon, lat): generous on the sea side so that the islands
# (Frioul, If, Planier, Riou) and the coast stay inside; the land borders follow the
# neighbouring communes (Le Rove, Septèmes, Allauch, Aubagne, Cassis) roughly.
OUTLINE: tuple[tuple[float, float], ...] = (
    (5.215, 43.165),
    (5.215, 43.335),
    (5.270, 43.350),
    (5.272, 43.393),
    (5.305, 43.393),
    (5.330, 43.382),
    (5.360, 43.388),
    (5.390, 43.393),
    (5.420, 43.396),
    (5.450, 43.392),
    (5.470, 43.372),
    (5.490, 43.352),
    (5.510, 43.338),
    (5.535, 43.332),
    (5.545, 43.318),
    (5.545, 43.298),
    (5.535, 43.280),
    (5.540, 43.250),
    (5.535, 43.220),
    (5.515, 43.192),
    (5.450, 43.190),
    (5.405, 43.168),
    (5.360, 43.160),
    (5.215, 43.165),
)

# Approximate points (lat, lon) of well-known quartiers, by arrondissement number.
QUARTIER_POINTS: dict[int, tuple[tuple[str, float, float], ...]] = {
    1: (
        ("Noailles", 43.2955, 5.3810),
        ("Belsunce", 43.2995, 5.3770),
        ("Saint-Charles", 43.3030, 5.3810),
        ("Le Chapitre", 43.2995, 5.3875),
    ),
    2: (
        ("La Joliette", 43.3040, 5.3660),
        ("Hôtel de Ville", 43.2975, 5.3690),
        ("Arenc", 43.3130, 5.3670),
    ),
    3: (
        ("Belle-de-Mai", 43.3110, 5.3900),
        ("Saint-Mauront", 43.3150, 5.3780),
        ("Saint-Lazare", 43.3070, 5.3790),
    ),
    4: (
        ("Les Chartreux", 43.3100, 5.4020),
        ("Cinq-Avenues", 43.3040, 5.3990),
        ("La Blancarde", 43.2980, 5.4060),
        ("Chutes-Lavie", 43.3120, 5.3960),
    ),
    5: (
        ("Baille", 43.2910, 5.3930),
        ("La Conception", 43.2900, 5.4000),
        ("Le Camas", 43.2960, 5.3930),
        ("Saint-Pierre", 43.2900, 5.4110),
    ),
    6: (
        ("Castellane", 43.2860, 5.3830),
        ("Notre-Dame-du-Mont", 43.2920, 5.3850),
        ("Vauban", 43.2830, 5.3730),
        ("Préfecture", 43.2900, 5.3790),
    ),
    7: (
        ("Saint-Victor", 43.2910, 5.3660),
        ("Endoume", 43.2820, 5.3550),
        ("Roucas-Blanc", 43.2740, 5.3660),
        ("Les Îles", 43.2780, 5.3000),
    ),
    8: (
        ("Périer", 43.2770, 5.3830),
        ("Sainte-Anne", 43.2600, 5.3950),
        ("Bonneveine", 43.2530, 5.3850),
        ("Pointe Rouge", 43.2450, 5.3730),
        ("Montredon", 43.2330, 5.3680),
        ("Les Goudes", 43.2120, 5.3450),
    ),
    9: (
        ("Sainte-Marguerite", 43.2650, 5.4030),
        ("Mazargues", 43.2500, 5.4030),
        ("La Panouse", 43.2380, 5.4200),
        ("Le Redon", 43.2460, 5.4270),
        ("Vaufrèges", 43.2300, 5.4450),
        ("Sormiou", 43.2100, 5.4200),
        ("Carpiagne", 43.2450, 5.4950),
    ),
    10: (
        ("La Timone", 43.2880, 5.4020),
        ("Menpenti", 43.2850, 5.3960),
        ("La Capelette", 43.2810, 5.4070),
        ("Saint-Loup", 43.2780, 5.4320),
        ("Saint-Tronc", 43.2690, 5.4200),
    ),
    11: (
        ("La Pomme", 43.2930, 5.4450),
        ("Saint-Marcel", 43.2880, 5.4650),
        ("La Barasse", 43.2780, 5.4800),
        ("La Valentine", 43.3050, 5.4850),
        ("Les Camoins", 43.3030, 5.5150),
        ("Eoures", 43.3130, 5.5250),
    ),
    12: (
        ("Saint-Barnabé", 43.3030, 5.4200),
        ("Montolivet", 43.3160, 5.4240),
        ("Saint-Julien", 43.3130, 5.4440),
        ("Les Caillols", 43.3020, 5.4550),
        ("Les Trois-Lucs", 43.3110, 5.4660),
    ),
    13: (
        ("Saint-Just", 43.3220, 5.4080),
        ("Saint-Jérôme", 43.3350, 5.4140),
        ("La Rose", 43.3300, 5.4250),
        ("Les Olives", 43.3300, 5.4450),
        ("Château-Gombert", 43.3570, 5.4360),
        ("Saint-Mitre", 43.3550, 5.4150),
        ("Les Mourets", 43.3720, 5.4450),
    ),
    14: (
        ("Le Canet", 43.3270, 5.3900),
        ("Saint-Barthélemy", 43.3330, 5.3950),
        ("Le Merlan", 43.3400, 5.4050),
        ("Sainte-Marthe", 43.3450, 5.3950),
        ("Saint-Joseph", 43.3550, 5.3900),
    ),
    15: (
        ("Les Crottes", 43.3280, 5.3720),
        ("La Cabucelle", 43.3320, 5.3650),
        ("Saint-Louis", 43.3450, 5.3600),
        ("Les Aygalades", 43.3550, 5.3750),
        ("La Viste", 43.3550, 5.3600),
        ("Verduron", 43.3700, 5.3550),
    ),
    16: (
        ("Saint-André", 43.3550, 5.3450),
        ("Saint-Henri", 43.3600, 5.3350),
        ("L'Estaque", 43.3620, 5.3150),
        ("Les Riaux", 43.3650, 5.3000),
    ),
}

# Places residents name instead of an address: (name, lat, lon), approximate.
LANDMARKS: tuple[tuple[str, float, float], ...] = (
    ("Vieux-Port", 43.2950, 5.3740),
    ("Notre-Dame de la Garde", 43.2840, 5.3712),
    ("Gare Saint-Charles", 43.3027, 5.3806),
    ("Stade Vélodrome", 43.2697, 5.3958),
    ("Mucem", 43.2968, 5.3610),
    ("Hôtel de Ville", 43.2965, 5.3698),
    ("Palais Longchamp", 43.3043, 5.3946),
    ("Cathédrale de la Major", 43.2997, 5.3650),
    ("Abbaye Saint-Victor", 43.2903, 5.3656),
    ("Fort Saint-Jean", 43.2955, 5.3618),
    ("Palais du Pharo", 43.2943, 5.3580),
    ("Château d'If", 43.2799, 5.3253),
    ("Parc Borély", 43.2590, 5.3800),
    ("Vallon des Auffes", 43.2855, 5.3505),
    ("Cité Radieuse", 43.2615, 5.3963),
    ("Friche la Belle de Mai", 43.3100, 5.3906),
    ("Hôpital de la Timone", 43.2895, 5.4020),
    ("Vieille Charité", 43.3005, 5.3679),
    ("Les Terrasses du Port", 43.3050, 5.3655),
    ("Palais de Justice", 43.2913, 5.3749),
)
