"""Readable titles for emerging topics: a short phrase a person wrote, not a list of words.

`headline(text, terms)` takes the most representative message of a group (the closest to its
centre), removes personal data from it (massalia.core.text.scrub) and keeps the few words of
one of its clauses that hold the most of the group's telling words. When none of them is in
the message, the title is the group's top two-word phrases in their order of weight.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from massalia.core.text import scrub

MAX_WORDS = 9
MIN_WORDS = 4  # a phrase shorter than this keeps the words before its first telling word
# Clauses: split on sentence ends, semicolons, colons, brackets, dashes and commas.
_CLAUSES = re.compile(r"[.!?;:()\[\]…\n]+(?=\s|$)|[!?;:()…\n]+|,\s+|\s+[-–—]\s+")
_EDGES = "\"'“”«»‘’`*#,;:.!?()"
_ELISION = re.compile(r"^(?:[ldjmnstc]|qu|jusqu|lorsqu|puisqu)['’]", re.IGNORECASE)
# Words a phrase should not end on: it would read as cut in the middle.
_DANGLING_WORDS = """
    a à au aux avec ce ces cet cette d dans de des du en et l la le les leur leurs ma mais mes
    mon ni nos notre ou par pour que qui sa sans ses son sur ta tes ton un une vers votre vos
    très plus
"""
_DANGLING = frozenset(_DANGLING_WORDS.split())
_ARTICLE_WORDS = "le la les l un une des du d au aux ce cette ces mon ma mes nos"
_ARTICLES = frozenset(_ARTICLE_WORDS.split())
_PLACEHOLDER = re.compile(r"\[[a-zéèêàç]+\]")


def headline(text: str, terms: Iterable[str], *, max_words: int = MAX_WORDS) -> str:
    """The short phrase of `text` that says the most of `terms` (scrubbed, first letter
    capitalised); the top two-word terms when `text` holds none of them."""
    terms = list(terms)
    wanted = {_stem(word) for term in terms for word in term.split()} - {""}
    best: tuple[tuple[int, int, int], list[str]] | None = None
    for position, clause in enumerate(_CLAUSES.split(scrub(text))):
        words = clause.split()
        for start in range(max(len(words) - max_words, 0) + 1):
            window = words[start : start + max_words]
            hits = len({_stem(w) for w in window} & wanted)
            if not hits:
                continue
            placeholders = sum(1 for w in window if _PLACEHOLDER.search(w))
            # Most telling words, then no placeholder, then the earliest.
            rank = (hits, -placeholders, -(position * 1000 + start))
            if best is None or rank > best[0]:
                best = (rank, _trim(window, wanted))
    if best is None:
        return top_bigrams(terms)
    phrase = " ".join(best[1])
    return phrase[:1].upper() + phrase[1:]


def top_bigrams(terms: Iterable[str]) -> str:
    """The two-word terms in their order of weight (the single words if there are none)."""
    terms = [t for t in terms if t]
    pairs = [t for t in terms if " " in t]
    return ", ".join(pairs or terms)


def _trim(window: list[str], wanted: set[str]) -> list[str]:
    """Words without their edge punctuation, starting at the first telling word (with its
    article) when enough is left, and no dangling word at the end."""
    words = [w for w in (w.strip(_EDGES) for w in window) if w]
    first = next(i for i, w in enumerate(words) if _stem(w) in wanted)
    if first and words[first - 1].lower() in _ARTICLES:
        first -= 1
    if len(words) - first >= MIN_WORDS:
        words = words[first:]
    while len(words) > 1 and words[-1].lower() in _DANGLING and _stem(words[-1]) not in wanted:
        words.pop()
    return words


def _stem(word: str) -> str:
    """Lower case, no edge punctuation, no elided article, no plural mark: "l'école" and
    "écoles" meet."""
    word = _ELISION.sub("", word.strip(_EDGES).lower())
    return word.rstrip("sx") if len(word) > 3 else word
