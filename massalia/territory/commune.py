"""The commune the platform serves: its name, INSEE code, postcodes, centre and bounding box.

Read once from the environment by the settings (`MASSALIA_CITY_*`, Marseille by default; a
bad value stops start-up) and found at `settings.CITY`. The gazetteer, the importers and the
pulse's place finder ask `current()` instead of knowing Marseille.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from functools import cached_property

from unidecode import unidecode

from massalia.core.config import env_list, env_str, fail

MARSEILLE_INSEE_CODE = "13055"
_INSEE = re.compile(r"^(\d{5}|2[AB]\d{3})$")
_POSTCODE = re.compile(r"^\d{5}$")


@dataclass(frozen=True)
class Commune:
    name: str
    insee_code: str
    postcodes: tuple[str, ...]
    center: tuple[float, float]  # latitude, longitude
    bounds: tuple[float, float, float, float]  # min_lon, min_lat, max_lon, max_lat

    @cached_property
    def folded_name(self) -> tuple[str, ...]:
        """The name's words, without accents or case: "Aix-en-Provence" → (aix, en, provence)."""
        return tuple(w for w in re.split(r"[^a-z0-9]+", unidecode(self.name).lower()) if w)

    @cached_property
    def locality(self) -> str:
        """The name as one folded word ("aixenprovence"), for text where it names the city."""
        return "".join(self.folded_name)

    @cached_property
    def name_pattern(self) -> re.Pattern[str]:
        """The folded name in folded text, whatever separates its words."""
        return re.compile(r"\b" + r"[^a-z0-9]+".join(map(re.escape, self.folded_name)) + r"\b")

    def contains(self, bounds: tuple[float, float, float, float]) -> bool:
        """Whether a (min_lon, min_lat, max_lon, max_lat) box lies inside the commune's box."""
        min_lon, min_lat, max_lon, max_lat = bounds
        return (
            self.bounds[0] <= min_lon <= max_lon <= self.bounds[2]
            and self.bounds[1] <= min_lat <= max_lat <= self.bounds[3]
        )


MARSEILLE = Commune(
    name="Marseille",
    insee_code=MARSEILLE_INSEE_CODE,
    postcodes=tuple(f"130{n:02d}" for n in range(1, 17)),
    center=(43.2965, 5.3698),
    bounds=(5.0, 43.0, 5.8, 43.6),
)


def from_environment() -> Commune:
    """The commune named by `MASSALIA_CITY_*`, Marseille for every variable left unset."""
    name = env_str("MASSALIA_CITY_NAME", MARSEILLE.name).strip()
    if not re.search(r"\w", name):
        fail("MASSALIA_CITY_NAME", name, "expected the commune's name")
    code = env_str("MASSALIA_CITY_INSEE_CODE", MARSEILLE.insee_code).strip().upper()
    if not _INSEE.match(code):
        fail("MASSALIA_CITY_INSEE_CODE", code, "expected a 5-character INSEE code, e.g. 13055")
    postcodes = tuple(env_list("MASSALIA_CITY_POSTCODES", list(MARSEILLE.postcodes)))
    wrong = [p for p in postcodes if not _POSTCODE.match(p)]
    if not postcodes or wrong:
        fail(
            "MASSALIA_CITY_POSTCODES",
            os.environ.get("MASSALIA_CITY_POSTCODES", ""),
            "expected a comma-separated list of 5-digit postcodes",
        )
    center = _numbers("MASSALIA_CITY_CENTER", MARSEILLE.center, 2, "latitude,longitude")
    bounds = _numbers(
        "MASSALIA_CITY_BOUNDS", MARSEILLE.bounds, 4, "min_lon,min_lat,max_lon,max_lat"
    )
    commune = Commune(name, code, postcodes, (center[0], center[1]), _box(bounds))
    if not commune.contains((center[1], center[0], center[1], center[0])):
        fail("MASSALIA_CITY_CENTER", ",".join(map(str, center)), "outside MASSALIA_CITY_BOUNDS")
    return commune


def _numbers(name: str, default: tuple[float, ...], count: int, form: str) -> tuple[float, ...]:
    raw = os.environ.get(name)
    if raw is None or not raw.strip():
        return default
    try:
        values = tuple(float(part) for part in raw.split(","))
    except ValueError:
        fail(name, raw, f"expected {form} in decimal degrees (WGS84)")
    if len(values) != count:
        fail(name, raw, f"expected {count} numbers: {form}")
    lats, lons = (values[0::2], values[1::2]) if count == 2 else (values[1::2], values[0::2])
    if not all(-90 <= v <= 90 for v in lats) or not all(-180 <= v <= 180 for v in lons):
        fail(name, raw, f"expected {form} in decimal degrees (WGS84)")
    return values


def _box(values: tuple[float, ...]) -> tuple[float, float, float, float]:
    min_lon, min_lat, max_lon, max_lat = values
    if min_lon >= max_lon or min_lat >= max_lat:
        fail(
            "MASSALIA_CITY_BOUNDS",
            ",".join(map(str, values)),
            "the minimum must be below the maximum",
        )
    return min_lon, min_lat, max_lon, max_lat


def current() -> Commune:
    """The configured commune (`settings.CITY`)."""
    from django.conf import settings

    return settings.CITY  # type: ignore[no-any-return]  # set by massalia.settings
