"""What residents type: street names mangled the way people write addresses."""

from __future__ import annotations

import random
import re

from unidecode import unidecode

SHORT = {
    "Boulevard": ["Bd", "bd.", "Bld", "boulevard"],
    "Avenue": ["Av.", "av", "ave"],
    "Place": ["Pl.", "pl"],
    "Rue": ["R.", "rue"],
    "Chemin": ["Ch.", "ch"],
    "Impasse": ["Imp.", "imp"],
    "Traverse": ["Trav.", "tra"],
    "Allée": ["All.", "allee"],
    "Cours": ["Crs", "cours"],
    "Square": ["Sq.", "square"],
    "Quai": ["Qu.", "quai"],
    "Route": ["Rte", "route"],
    "Saint": ["St"],
    "Sainte": ["Ste"],
    "Maréchal": ["Mal"],
}
ARTICLES = re.compile(r"\b(de la |de l'|du |des |de |d'|l')", re.IGNORECASE)
SUFFIXES = [", Marseille", " {postcode}", ", {postcode} Marseille", " Marseille {n}e", ""]


def mangle(name: str, postcode: str, rng: random.Random) -> str:
    """Abbreviate, drop accents/articles, add a typo, a house number and the city."""
    words = name.split()
    words = [rng.choice(SHORT[w]) if w in SHORT and rng.random() < 0.8 else w for w in words]
    text = " ".join(words)
    if rng.random() < 0.5:
        text = ARTICLES.sub("", text)
    if rng.random() < 0.6:
        text = unidecode(text)
    if rng.random() < 0.5:
        text = text.lower()
    text = _typo(text, rng)
    if rng.random() < 0.4:
        text = f"{rng.randint(1, 180)} {text}"
    suffix = rng.choice(SUFFIXES).format(postcode=postcode, n=int(postcode[-2:]))
    return text + suffix


def _typo(text: str, rng: random.Random) -> str:
    """One typo in the longest word (people rarely misspell 'rue')."""
    words = text.split(" ")
    i = max(range(len(words)), key=lambda k: len(words[k]))
    word = words[i]
    if len(word) < 5:
        return text
    j = rng.randrange(1, len(word) - 1)
    kind = rng.choice(["drop", "swap", "replace"])
    if kind == "drop":
        word = word[:j] + word[j + 1 :]
    elif kind == "swap":
        word = word[:j] + word[j + 1] + word[j] + word[j + 2 :]
    else:
        word = word[:j] + rng.choice("aeioustrn") + word[j + 1 :]
    words[i] = word
    return " ".join(words)
