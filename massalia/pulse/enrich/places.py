"""Where is a message about? Its coordinates, or the places it names.

Coordinates win (the quartier containing the point). Otherwise the text is searched for the
names the gazetteer knows — streets ("rue de Rome", "la Canebière", "bd National"),
landmarks ("Vieux-Port") and quartiers ("Noailles") — folded like the gazetteer folds them
(accents, case, articles, "bd"/"av"/"r." abbreviations), the longest name winning, and for
arrondissement mentions ("13003", "dans le 3e", "3ème arrondissement").

Some quartier names are everyday words ("La Plage", "Les Crottes", "La Rose"): those count
only when written as a name — capital letters, not at the start of a sentence, in a text
that is not all capitals, after a preposition of place ("aux Crottes"). A name followed by
another capitalised word is part of a longer name ("rue Jean" in "rue Jean Jaurès"). A
street found in several quartiers names its arrondissement when they share one (or the one
the text mentions), else nothing. The index is derived from the gazetteer's names
(`gazetteer.names()`), so it is rebuilt whenever the gazetteer is (the territory importers
invalidate it). The city's name and postcodes come from the configured commune and the
arrondissements in the database: nothing here knows Marseille.
"""

from __future__ import annotations

import re
import threading
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache

from unidecode import unidecode

from massalia.territory import commune, gazetteer, geo
from massalia.territory.models import Arrondissement, Quartier

COORDINATES = "coordonnées"

# Everyday words found in place names: a name made only of these must be written as a name.
COMMON_WORDS = frozenset(
    {
        "plage",
        "rose",
        "pomme",
        "iles",
        "ile",
        "olives",
        "olive",
        "medecins",
        "crottes",
        "crotte",
        "hotel",
        "ville",
        "prefecture",
        "opera",
        "palais",
        "justice",
        "conception",
        "croix",
        "rouge",
        "pointe",
        "treille",
        "chapitre",
        "viste",
        "merlan",
        "rouet",
        "calade",
        "canet",
        "cabot",
        "villette",
        "cinq",
        "avenues",
        "avenue",
        "grands",
        "carmes",
        "baille",
        "gare",
        "port",
        "parc",
        "stade",
        "marche",
        "eglise",
        "ecole",
        "mairie",
        "place",
        "pont",
        "fort",
        "cite",
        "chateau",
        "jardin",
        "plaine",
        "vieux",
        "vieille",
        "chapelle",
        "blanc",
        "blanche",
        "vert",
        "verte",
        "rond",
        "bon",
        "secours",
        "camas",
        "panouse",
        "rosiers",
        "valentine",
        "millieres",
    }
)

_WORD = re.compile(r"[^\W_]+")
_NEXT_WORD = re.compile(r"[ \t]+([^\W\d_][\w'’-]*)")
_SPLIT = re.compile(r"[^a-z0-9]+")
_ORD = r"(?:e|è|é|ème|eme|ième|ieme|er|ère|ere)"
_N = r"([1-9]\d?|0[1-9])"
# "13 003", "13003": a postcode, written with or without the space.
_POSTCODE = re.compile(r"\b(\d{2})\s?(\d{3})\b")
# An arrondissement by its number: "3e arrondissement", "<city> 3e", "dans le 3e".
_NUMBER_PATTERNS = (
    rf"\b{_N}\s?{_ORD}\s+arr(?:ondissement|dt|t|\.)?\b",
    rf"\b{{city}}\s+{_N}\s?{_ORD}\b",
    rf"\b(?:dans|du|au|le)\s+(?:le\s+)?{_N}\s?{_ORD}(?=\s*(?:$|[,.;:!?)\]]|et\b|ou\b))",
)


@dataclass
class PlaceHit:
    quartier_id: int | None
    arrondissement_id: int | None
    found_by: str


# How a name must be written to count: as is, with capitals, or with capitals after a
# preposition of place ("aux Crottes", "à la Plage").
ANY, CAPITALS, LOCATIVE = "any", "capitals", "locative"
_LOCATIVES = frozenset(
    {"a", "au", "aux", "dans", "vers", "quartier", "sur", "pres", "cote", "depuis", "habite"}
)
_COUNTRY = frozenset({"france", "cedex"})
_SENTENCE_END = (".", "!", "?", ":", ";", "\n", '"', "«")


@dataclass(frozen=True)
class _Name:
    quartiers: frozenset[int]
    rule: str


@dataclass(frozen=True)
class _Token:
    word: str  # folded, expanded
    start: int  # span in the original text
    end: int
    capitalised: bool


class _Index:
    """Folded names → the quartiers they designate, with the lengths to try per first word."""

    def __init__(self, source: gazetteer.Names, city: commune.Commune) -> None:
        self.source = source
        self.city = city
        arrondissements = Arrondissement.objects.values_list("number", "postcode", "id")
        self.arrondissement_by_number = {number: pk for number, _, pk in arrondissements}
        self.arrondissement_by_postcode = {code: pk for _, code, pk in arrondissements}
        self.arrondissement_of = dict(Quartier.objects.values_list("id", "arrondissement_id"))
        name = r"[\s-]+".join(map(re.escape, city.folded_name))
        self.number_patterns = [
            re.compile(pattern.replace("{city}", name), re.IGNORECASE)
            for pattern in _NUMBER_PATTERNS
        ]
        self.locality = _COUNTRY | {city.locality}
        self.names: dict[str, _Name] = {}
        self.lengths: dict[str, list[int]] = defaultdict(list)
        for key, quartiers in source.quartiers_by_name.items():
            words = key.split()
            if not quartiers or not words:
                continue
            self.names[key] = _Name(quartiers, _rule(key, words, source.quartier_names))
            if len(words) not in self.lengths[words[0]]:
                self.lengths[words[0]].append(len(words))
        for lengths in self.lengths.values():
            lengths.sort(reverse=True)


def _rule(key: str, words: list[str], quartier_keys: frozenset[str]) -> str:
    if key in quartier_keys and all(w in COMMON_WORDS for w in words):
        return LOCATIVE
    if len(words) == 1 and key not in quartier_keys:
        return CAPITALS  # a one-word street or landmark: "Canebière", "Mucem"
    return ANY


_lock = threading.Lock()
_current: list[_Index] = []


def _index() -> _Index:
    """The index for the gazetteer's current names (rebuilt after it is invalidated)."""
    source = gazetteer.names()
    city = commune.current()
    with _lock:
        if _current and _current[0].source is source and _current[0].city == city:
            return _current[0]
    built = _Index(source, city)
    with _lock:
        _current[:] = [built]
    return built


def find(text: str, latitude: float | None, longitude: float | None) -> PlaceHit | None:
    """The place a message is about: by its coordinates, else by the names in its text."""
    if latitude is not None and longitude is not None:
        place = geo.locate(latitude, longitude)
        if place is not None:
            return PlaceHit(place.quartier_id, place.arrondissement_id, COORDINATES)
    return find_in_text(text)


def find_many(items: list[tuple[str, float | None, float | None]]) -> list[PlaceHit | None]:
    """`find` for many (text, latitude, longitude) at once (one spatial query for all)."""
    with_point = [
        (i, (lat, lon))
        for i, (_, lat, lon) in enumerate(items)
        if lat is not None and lon is not None and geo.valid_coordinates(lat, lon)
    ]
    located = geo.locate_many([point for _, point in with_point])
    hits: list[PlaceHit | None] = [None] * len(items)
    for (i, _), place in zip(with_point, located, strict=True):
        if place is not None:
            hits[i] = PlaceHit(place.quartier_id, place.arrondissement_id, COORDINATES)
    for i, (text, _, _) in enumerate(items):
        if hits[i] is None:
            hits[i] = find_in_text(text)
    return hits


def find_in_text(text: str) -> PlaceHit | None:
    """The longest place name in the text, else the arrondissement it mentions."""
    if not text:
        return None
    index = _index()
    arrondissement, mention = _arrondissement(text, index)
    best: tuple[int, PlaceHit] | None = None
    for span, name in _names(text, index):
        hit = _resolve(name, arrondissement, index, text[span[0] : span[1]])
        length = span[1] - span[0]
        if hit is not None and (best is None or length > best[0]):
            best = (length, hit)
    if best is not None:
        return best[1]
    if arrondissement is not None:
        return PlaceHit(None, arrondissement, mention)
    return None


def _names(text: str, index: _Index) -> list[tuple[tuple[int, int], _Name]]:
    """Names found in the text, scanning left to right, the longest at each position."""
    tokens = _tokens(text)
    words = [t.word for t in tokens]
    found: list[tuple[tuple[int, int], _Name]] = []
    i = 0
    while i < len(tokens):
        step = 1
        for length in index.lengths.get(words[i], ()):
            if i + length > len(words):
                continue
            name = index.names.get(" ".join(words[i : i + length]))
            if name is not None and _written_as_name(
                text, tokens[i : i + length], name.rule, index
            ):
                found.append(((tokens[i].start, tokens[i + length - 1].end), name))
                step = length
                break
        i += step
    return found


def _written_as_name(text: str, tokens: list[_Token], rule: str, index: _Index) -> bool:
    """Whether the words found are this name, as the text writes them."""
    start, end = tokens[0].start, tokens[-1].end
    if _continues(text, end, index):
        return False  # "rue Jean" in "rue Jean Jaurès" is another street
    if rule == ANY:
        return True
    before = text[:start].rstrip()
    if not all(token.capitalised for token in tokens) or _mostly_capitals(text):
        return False
    if not before or before.endswith(_SENTENCE_END):
        return False  # a capital at the start of a sentence says nothing
    return rule == CAPITALS or _after_locative(before)


def _continues(text: str, end: int, index: _Index) -> bool:
    following = _NEXT_WORD.match(text, end)
    if following is None or not following.group(1)[:1].isupper():
        return False
    folded = "".join(_SPLIT.split(unidecode(following.group(1)).lower()))
    return folded not in index.locality  # "rue de Rome Marseille" ends at "Rome"


def _after_locative(before: str) -> bool:
    words = [unidecode(w).lower() for w in _WORD.findall(before[-40:])]
    while words and words[-1] in gazetteer.ARTICLES:
        words.pop()
    return bool(words) and words[-1] in _LOCATIVES


def _resolve(
    name: _Name, arrondissement: int | None, index: _Index, found_by: str
) -> PlaceHit | None:
    quartiers = name.quartiers
    if arrondissement is not None and len(quartiers) > 1:
        inside = frozenset(q for q in quartiers if index.arrondissement_of.get(q) == arrondissement)
        quartiers = inside or quartiers
    if len(quartiers) == 1:
        (quartier,) = quartiers
        return PlaceHit(quartier, index.arrondissement_of.get(quartier), found_by)
    shared = {index.arrondissement_of.get(q) for q in quartiers}
    if len(shared) == 1 and None not in shared:
        return PlaceHit(None, shared.pop(), found_by)
    return None


def _tokens(text: str) -> list[_Token]:
    """Folded words with their position; abbreviations expanded, articles dropped."""
    tokens: list[_Token] = []
    for match in _WORD.finditer(text):
        original = match.group(0)
        capitalised = original[:1].isupper()
        for word in _fold(original):
            tokens.append(_Token(word, match.start(), match.end(), capitalised))
    return tokens


@lru_cache(maxsize=200_000)
def _fold(original: str) -> tuple[str, ...]:
    """One word of the text as the gazetteer's keys spell it (words repeat: cached)."""
    return tuple(
        word
        for part in _SPLIT.split(unidecode(original).lower())
        for word in gazetteer.ABBREVIATIONS.get(part, part).split()
        if word and word not in gazetteer.ARTICLES
    )


def _arrondissement(text: str, index: _Index) -> tuple[int | None, str]:
    """The arrondissement the text mentions (its postcode, else its number), with the words."""
    for match in _POSTCODE.finditer(text):
        found = index.arrondissement_by_postcode.get(match.group(1) + match.group(2))
        if found is not None:
            return found, match.group(0)
    for pattern in index.number_patterns:
        for match in pattern.finditer(text):
            found = index.arrondissement_by_number.get(int(match.group(1)))
            if found is not None:
                return found, match.group(0)
    return None, ""


def _mostly_capitals(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 12 and sum(c.isupper() for c in letters) > 0.6 * len(letters)
