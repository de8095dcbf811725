"""Where is this address? Street, landmark and quartier names → a point, forgiving typing.

Residents type "12 bd de la blancrde, 13004 Marseille", "av. du prado", "St Barnabé": the text
is normalised (accents, case, abbreviations, articles), stripped of a house number and of the
city/postcode, then matched exactly or, failing that, fuzzily (rapidfuzz) against an in-memory
index of the gazetteer (streets and quartiers). The index is built once per process and
forgotten by `invalidate()` (the importers call it).
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

from rapidfuzz import fuzz, process
from unidecode import unidecode

from massalia.core.lazy import ProcessCache
from massalia.territory import geo, marseille
from massalia.territory.models import Quartier, Street

# Below this score a fuzzy candidate is not an answer at all.
MIN_SEARCH_SCORE = 60.0
# `geocode` answers only when it is reasonably sure.
MIN_GEOCODE_SCORE = 75.0
# A postcode or "Marseille 4e" in the text favours streets of that arrondissement.
POSTCODE_BONUS = 3.0

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
_LOCALITY_WORDS = frozenset({"marseille", "france", "cedex", "arrondissement", "arr", "arrt"})
_POSTCODE = re.compile(r"^13\d{3}$")
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
    keys, postcode = _query_keys(text)
    if not keys or limit <= 0:
        return []
    index = _index.get()
    best: dict[int, float] = {}
    for key in keys:
        for entry_id, score in index.candidates(key, limit=limit + 5):
            if postcode and index.entries[entry_id][5] == postcode:
                score = min(100.0, score + POSTCODE_BONUS)
            if score > best.get(entry_id, -1.0):
                best[entry_id] = score
    ranked = sorted(best.items(), key=lambda item: (-item[1], len(index.entries[item[0]][0])))
    return [index.match(entry_id, score) for entry_id, score in ranked[:limit]]


def invalidate() -> None:
    """Forget the index; the next search rebuilds it from the database."""
    _index.invalidate()


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
        for qid, q_name, lat, lon in rows:
            label = _APPROXIMATE_LABEL.sub("", q_name).strip()
            entry = (Quartier(name=label).display_name, lat, lon, qid, q_name, quartiers[qid][1])
            self._add(by_key, normalize(label), entry)
        self._add_landmarks(by_key)
        self.by_key = dict(by_key)
        self.keys = list(self.by_key)

    def _add_landmarks(self, by_key: dict[str, list[int]]) -> None:
        points = [(lat, lon) for _, lat, lon in marseille.LANDMARKS]
        places = geo.locate_many(points)
        postcodes = dict(Quartier.objects.values_list("id", "arrondissement__postcode"))
        for (name, lat, lon), place in zip(marseille.LANDMARKS, places, strict=True):
            if place is not None:  # a landmark outside the configured territory is no answer
                postcode = postcodes.get(place.quartier_id, "")
                entry = (name, lat, lon, place.quartier_id, place.quartier_name, postcode)
                self._add(by_key, normalize(name), entry)

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
        name, lat, lon, quartier_id, quartier_name, _ = self.entries[entry_id]
        return Match(name, lat, lon, quartier_id, quartier_name, round(score, 1))


def _query_keys(text: str) -> tuple[list[str], str]:
    """Normalised variants of the query (with/without house number and locality) + postcode."""
    raw = unidecode(text or "").lower().strip()
    if not raw:
        return [], ""
    segments = [s.strip() for s in raw.split(",") if s.strip()]
    postcode = ""
    kept = []
    for segment in segments:
        hint = _locality_postcode(segment)
        if hint is None:
            kept.append(segment)
        elif hint:
            postcode = hint
    if not kept:
        kept = segments
    street = " ".join(kept)
    variants = [street]
    stripped, hint = _strip_trailing_locality(street)
    postcode = postcode or hint
    variants.append(stripped)
    variants += [_HOUSE_NUMBER.sub("", v) for v in list(variants)]
    keys: list[str] = []
    for variant in variants:
        key = normalize(variant)
        if key and key not in keys:
            keys.append(key)
    return keys, postcode


def _locality_postcode(segment: str) -> str | None:
    """None if the segment is not only a locality; else the postcode it names ('' if none)."""
    words = re.split(r"[^a-z0-9]+", segment)
    words = [w for w in words if w]
    postcode = ""
    for position, word in enumerate(words):
        if _POSTCODE.match(word):
            postcode = word
        elif word in _LOCALITY_WORDS:
            continue
        elif (m := _ORDINAL.match(word)) and position > 0 and 1 <= int(m.group(1)) <= 16:
            postcode = postcode or f"130{int(m.group(1)):02d}"
        else:
            return None
    return postcode


def _strip_trailing_locality(text: str) -> tuple[str, str]:
    """'bd blancarde 13004 marseille' → ('bd blancarde', '13004')."""
    words = [w for w in re.split(r"[^a-z0-9']+", text) if w]
    postcode = ""
    while len(words) > 1:
        last = words[-1]
        if _POSTCODE.match(last):
            postcode = postcode or last
        elif last in _LOCALITY_WORDS:
            pass
        elif (m := _ORDINAL.match(last)) and (
            words[-2] in ("marseille", "arrondissement") or (m.group(2) and len(words) > 2)
        ):
            postcode = postcode or f"130{int(m.group(1)):02d}"
        else:
            break
        words.pop()
    return " ".join(words), postcode


_index: ProcessCache[_Index] = ProcessCache(_Index)
