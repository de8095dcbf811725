"""Where is this address? Street, landmark and quartier names → a point, forgiving typing.

Residents type "12 bd de la blancrde, 13004 Marseille", "av. du prado", "St Barnabé": the text
is normalised (accents, case, abbreviations, articles), stripped of a house number and of the
city/postcode, then matched exactly or, failing that, fuzzily (rapidfuzz) against an in-memory
index of the gazetteer (streets and quartiers). The other way round, `nearest_street` gives
the street (or landmark) whose point is nearest a point: reverse geocoding. The index is built
once per process and forgotten by `invalidate()` (the importers call it). The commune's name
and postcodes come from the configuration (`territory.commune`), the arrondissements' from the
database.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from dataclasses import dataclass

import shapely
from rapidfuzz import fuzz, process
from unidecode import unidecode

from massalia.core.lazy import ProcessCache
from massalia.territory import commune, geo, marseille
from massalia.territory.models import Arrondissement, Quartier, Street

# Below this score a fuzzy candidate is not an answer at all.
MIN_SEARCH_SCORE = 60.0
# `geocode` answers only when it is reasonably sure.
MIN_GEOCODE_SCORE = 75.0
# A postcode or "Marseille 4e" in the text favours streets of that arrondissement.
POSTCODE_BONUS = 3.0
# Reverse geocoding: a street whose point is farther than this is not "the address" of a point
# (the index holds one point per street and quartier, not every house).
NEAREST_STREET_M = 400.0

ABBREVIATIONS: dict[str, str] = {
    "bd": "boulevard",
    "bld": "boulevard",
    "blvd": "boulevard",
    "bvd": "boulevard",
    "boul": "boulevard",
    "av": "avenue",
    "ave": "avenue",
    "aven": "avenue",
    "pl": "place",
    "r": "rue",
    "ch": "chemin",
    "chem": "chemin",
    "che": "chemin",
    "imp": "impasse",
    "all": "allee",
    "crs": "cours",
    "sq": "square",
    "qu": "quai",
    "qua": "quai",
    "rte": "route",
    "tra": "traverse",
    "trav": "traverse",
    "tse": "traverse",
    "mte": "montee",
    "esp": "esplanade",
    "pass": "passage",
    "rpt": "rond point",
    "rdpt": "rond point",
    "st": "saint",
    "ste": "sainte",
    "sts": "saints",
    "mal": "marechal",
    "mar": "marechal",
    "gal": "general",
    "gen": "general",
    "pdt": "president",
    "pres": "president",
    "cdt": "commandant",
    "cmdt": "commandant",
    "cne": "capitaine",
    "cap": "capitaine",
    "lt": "lieutenant",
    "dr": "docteur",
    "doc": "docteur",
    "pr": "professeur",
    "prof": "professeur",
    "mgr": "monseigneur",
    "n": "notre",
    "nd": "notre dame",
}
ARTICLES = frozenset({"de", "du", "des", "la", "le", "les", "l", "d", "au", "aux", "et"})
_LOCALITY_WORDS = frozenset({"france", "cedex", "arrondissement", "arr", "arrt"})
_ORDINAL = re.compile(r"^(\d{1,2})(e|eme|er|ere|eme)?$")
_HOUSE_NUMBER = re.compile(r"^\s*\d+\s*(bis|ter|quater|[abt])?\b[\s,]*")
_APPROXIMATE_LABEL = re.compile(r"\(approximatif\)", re.IGNORECASE)


@dataclass(frozen=True)
class Match:
    name: str
    latitude: float
    longitude: float
    quartier_id: int | None
    quartier_name: str
    score: float
    postcode: str = ""


def normalize(text: str) -> str:
    """Fold accents, case, abbreviations, articles: "Bd de l'Évêché" → "boulevard eveche"."""
    words = re.split(r"[^a-z0-9]+", unidecode(text).lower())
    out: list[str] = []
    for word in words:
        if not word:
            continue
        expanded = ABBREVIATIONS.get(word, word)
        out.extend(w for w in expanded.split() if w not in ARTICLES)
    return " ".join(out)


def geocode(text: str) -> Match | None:
    """The best match for an address, street, place or quartier name, or None when unsure."""
    found = search(text, limit=1)
    if found and found[0].score >= MIN_GEOCODE_SCORE:
        return found[0]
    return None


def search(text: str, limit: int = 8) -> list[Match]:
    """Up to `limit` matches, best first (score 0–100), for autocompletion and pickers."""
    if limit <= 0:
        return []
    index = _index.get()
    keys, postcode = _Query(commune.current(), index.postcode_of).keys(text)
    if not keys:
        return []
    best: dict[int, float] = {}
    for key in keys:
        for entry_id, score in index.candidates(key, limit=limit + 5):
            if postcode and index.entries[entry_id][5] == postcode:
                score = min(100.0, score + POSTCODE_BONUS)
            if score > best.get(entry_id, -1.0):
                best[entry_id] = score
    ranked = sorted(best.items(), key=lambda item: (-item[1], len(index.entries[item[0]][0])))
    return [index.match(entry_id, score) for entry_id, score in ranked[:limit]]


def nearest_street(lat: float, lon: float, within_m: float = NEAREST_STREET_M) -> Match | None:
    """The street or landmark whose point is nearest (lat, lon), within `within_m` metres, or
    None; its score is 100 (a name known for sure, only its distance varies)."""
    if not geo.valid_coordinates(lat, lon):
        return None
    return _index.get().nearest(lat, lon, within_m)


def house_number(text: str) -> str:
    """The house number a typed address starts with ("42 bis" of "42 bis la canebiere"), or ''."""
    found = _HOUSE_NUMBER.match(unidecode(text or ""))
    return " ".join(found.group(0).replace(",", " ").split()) if found else ""


def invalidate() -> None:
    """Forget the index; the next search rebuilds it from the database."""
    _index.invalidate()


@dataclass(frozen=True)
class Names:
    """Every name the gazetteer knows (streets, landmarks, quartiers), folded by `normalize`,
    with the quartiers each designates; the same object until the gazetteer is invalidated,
    so that a reader can derive its own index from it and know when to rebuild."""

    quartiers_by_name: dict[str, frozenset[int]]
    quartier_names: frozenset[str]  # the folded names of the quartiers themselves


def names() -> Names:
    """The gazetteer's names (see `Names`), for readers that look for places in free text."""
    return _index.get().names


# name, latitude, longitude, quartier_id, quartier_name, postcode
_Entry = tuple[str, float, float, int | None, str, str]


class _Index:
    def __init__(self) -> None:
        self.entries: list[_Entry] = []
        by_key: dict[str, list[int]] = defaultdict(list)
        # values_list: never load the quartiers' geometries (megabytes of JSON) here.
        quartiers = {
            qid: (name, postcode)
            for qid, name, postcode in Quartier.objects.values_list(
                "id", "name", "arrondissement__postcode"
            )
        }
        streets = Street.objects.order_by("id").values_list(
            "name", "normalized", "latitude", "longitude", "quartier_id"
        )
        for name, normalized, lat, lon, quartier_id in streets:
            q_name, postcode = quartiers.get(quartier_id, ("", ""))
            entry = (name, lat, lon, quartier_id, q_name, postcode)
            self._add(by_key, normalized or normalize(name), entry)
        rows = Quartier.objects.order_by("id").values_list(
            "id", "name", "centroid_latitude", "centroid_longitude"
        )
        quartier_names = set()
        first_quartier = len(self.entries)
        for qid, q_name, lat, lon in rows:
            label = _APPROXIMATE_LABEL.sub("", q_name).strip()
            entry = (Quartier(name=label).display_name, lat, lon, qid, q_name, quartiers[qid][1])
            self._add(by_key, normalize(label), entry)
            quartier_names.add(normalize(label))
        quartiers_end = len(self.entries)
        self._add_landmarks(by_key)
        self._plant_street_tree(range(first_quartier, quartiers_end))
        self.by_key = dict(by_key)
        self.keys = list(self.by_key)
        self.postcode_of = dict(Arrondissement.objects.values_list("number", "postcode"))
        self.names = Names(
            {
                key: frozenset(q for i in ids if (q := self.entries[i][3]) is not None)
                for key, ids in self.by_key.items()
            },
            frozenset(quartier_names),
        )

    def _add_landmarks(self, by_key: dict[str, list[int]]) -> None:
        points = [(lat, lon) for _, lat, lon in marseille.LANDMARKS]
        places = geo.locate_many(points)
        postcodes = dict(Quartier.objects.values_list("id", "arrondissement__postcode"))
        for (name, lat, lon), place in zip(marseille.LANDMARKS, places, strict=True):
            if place is not None:  # a landmark outside the configured territory is no answer
                postcode = postcodes.get(place.quartier_id, "")
                entry = (name, lat, lon, place.quartier_id, place.quartier_name, postcode)
                self._add(by_key, normalize(name), entry)

    def _plant_street_tree(self, quartier_entries: range) -> None:
        """A tree over the points of the streets and landmarks (not the quartiers' centres),
        in metres east and north of the city's mean latitude, for `nearest`."""
        self.street_ids = [i for i in range(len(self.entries)) if i not in quartier_entries]
        lats = [self.entries[i][1] for i in self.street_ids]
        self.cos_lat = math.cos(math.radians(sum(lats) / len(lats))) if lats else 1.0
        self.street_tree = shapely.STRtree(
            [self._metres(self.entries[i][1], self.entries[i][2]) for i in self.street_ids]
        )

    def _metres(self, lat: float, lon: float) -> shapely.Point:
        # A local plane: over a city, a degree of longitude is cos(latitude) of one of latitude.
        scale = geo.METRES_PER_DEGREE
        return shapely.Point(lon * scale * self.cos_lat, lat * scale)

    def nearest(self, lat: float, lon: float, within_m: float) -> Match | None:
        if not self.street_ids:
            return None
        position = self.street_tree.nearest(self._metres(lat, lon))
        if position is None:
            return None
        entry_id = self.street_ids[int(position)]
        entry = self.entries[entry_id]
        if geo.distance_m(lat, lon, entry[1], entry[2]) > within_m:
            return None
        return self.match(entry_id, 100.0)

    def _add(self, by_key: dict[str, list[int]], key: str, entry: _Entry) -> None:
        if key:
            by_key[key].append(len(self.entries))
            self.entries.append(entry)

    def candidates(self, key: str, *, limit: int) -> list[tuple[int, float]]:
        exact = self.by_key.get(key)
        if exact:
            return [(entry_id, 100.0) for entry_id in exact]
        # WRatio copes with typos (plain ratio) and with missing words such as the street
        # type (partial and token ratios, scaled down so that a full match still wins).
        found = process.extract(
            key, self.keys, scorer=fuzz.WRatio, limit=limit, score_cutoff=MIN_SEARCH_SCORE
        )
        return [(entry_id, float(score)) for k, score, _ in found for entry_id in self.by_key[k]]

    def match(self, entry_id: int, score: float) -> Match:
        name, lat, lon, quartier_id, quartier_name, postcode = self.entries[entry_id]
        return Match(name, lat, lon, quartier_id, quartier_name, round(score, 1), postcode)


class _Query:
    """Reads a typed address: the street part, and the postcode it names, if any."""

    def __init__(self, city: commune.Commune, postcode_of: dict[int, str]) -> None:
        self.city = city
        # "Marseille 4e", "4ème arrondissement": arrondissement number → its postcode.
        self.postcode_of = postcode_of
        self.locality_words = _LOCALITY_WORDS | {city.locality}
        # Another commune's postcode ("13100") is not a locality here: it stays in the text.
        self.postcodes = frozenset(city.postcodes) | frozenset(postcode_of.values())

    def keys(self, text: str) -> tuple[list[str], str]:
        """Normalised variants of the query (with/without house number and locality) + postcode."""
        raw = unidecode(text or "").lower().strip()
        if not raw:
            return [], ""
        # A city name of several words ("aix-en-provence") becomes one locality word.
        raw = self.city.name_pattern.sub(self.city.locality, raw)
        segments = [s.strip() for s in raw.split(",") if s.strip()]
        postcode = ""
        kept = []
        for segment in segments:
            hint = self._locality_postcode(segment)
            if hint is None:
                kept.append(segment)
            elif hint:
                postcode = hint
        if not kept:
            kept = segments
        street = " ".join(kept)
        variants = [street]
        stripped, hint = self._strip_trailing_locality(street)
        postcode = postcode or hint
        variants.append(stripped)
        variants += [_HOUSE_NUMBER.sub("", v) for v in list(variants)]
        keys: list[str] = []
        for variant in variants:
            key = normalize(variant)
            if key and key not in keys:
                keys.append(key)
        return keys, postcode

    def _ordinal(self, word: str) -> tuple[str, bool] | None:
        """'4e' → (postcode of the 4th arrondissement, whether a suffix was written)."""
        m = _ORDINAL.match(word)
        if m and int(m.group(1)) in self.postcode_of:
            return self.postcode_of[int(m.group(1))], bool(m.group(2))
        return None

    def _locality_postcode(self, segment: str) -> str | None:
        """None if the segment is not only a locality; else the postcode it names ('' if none)."""
        words = re.split(r"[^a-z0-9]+", segment)
        words = [w for w in words if w]
        postcode = ""
        for position, word in enumerate(words):
            if word in self.postcodes:
                postcode = word
            elif word in self.locality_words:
                continue
            elif position > 0 and (found := self._ordinal(word)):
                postcode = postcode or found[0]
            else:
                return None
        return postcode

    def _strip_trailing_locality(self, text: str) -> tuple[str, str]:
        """'bd blancarde 13004 marseille' → ('bd blancarde', '13004')."""
        words = [w for w in re.split(r"[^a-z0-9']+", text) if w]
        postcode = ""
        while len(words) > 1:
            last = words[-1]
            found = self._ordinal(last)
            if last in self.postcodes:
                postcode = postcode or last
            elif last in self.locality_words:
                pass
            elif found and (
                words[-2] in (self.city.locality, "arrondissement") or (found[1] and len(words) > 2)
            ):
                postcode = postcode or found[0]
            else:
                break
            words.pop()
        return " ".join(words), postcode


_index: ProcessCache[_Index] = ProcessCache(_Index)
