"""How a message feels: negative, neutral or positive, with the words that made it so.

`score` is the production scorer. It needs no training data: a French lexicon written for the
city's conversations (complaints about the street, thanks to the teams), with negation
("ne ... pas", "jamais"), intensifiers ("très", "vraiment"), capitals, "!!!" and emojis. Each
result gives the words that weighed most, so a person can see why.

`SentimentModel` is a trainable model (TF-IDF words and characters plus the lexicon's own
figures, then a logistic regression) for cities that have labelled examples; the evaluation
command measures both against each other.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from unidecode import unidecode

NEGATIVE = "negative"
NEUTRAL = "neutral"
POSITIVE = "positive"

# |score| at or above this is no longer neutral.
THRESHOLD = 0.2
# Squashes a sum of valences into (-1, 1): s / sqrt(s² + ALPHA).
ALPHA = 6.0

# Valence of words, written without accents; a trailing "*" matches any ending (a stem).
_WORDS = """
merci 2 remerci* 2 bravo 2.5 felicit* 2.5 chapeau 1.5 super 2 genial* 2.5 excellent* 2.5
parfait* 2 magnifique* 2.5 superbe* 2.5 formidable* 2.5 merveill* 2.5 incroyable* 1.5
bien 1 bon 1 bonne 1 bons 1 bonnes 1 beau 1.5 belle 1.5 beaux 1.5 belles 1.5 joli* 1.5
top 2 cool 1.5 sympa* 1.5 chouette 1.5 agreable* 2 content* 2 heureu* 2 ravi 2 ravie* 2
satisf* 1.5 efficace* 1.5 rapide* 0.8 rapidement 0.8 propre 1 propres 1 reussi* 2
aime 1.5 aimons 1.5 adore* 2.5 plaisir 2 joie 2 bonheur 2.5 impeccable* 2 nickel 1.5
ameliore* 1 amelioration* 1 progres 1 solution* 0.5 soutien* 1 gratuit* 0.8 securise* 1
calme 1 tranquille* 1 apprec* 1.5 recommand* 1 espoir 1 fier 1.5 fiere* 1.5 fierte 2
victoire* 1.5 succes 2 vivement 1 hate 1 bienvenue 1.5 enfin 1 ouf 0.5 respect 1 innov* 1
utile* 1 pratique 0.5 vert* 0.3 gagne* 1 gagnant* 1 bienveillan* 1.5 accueillant* 1.5
ameliorer 0.3 rire 1 drole* 1.5 fete 1 festi* 1 ensoleill* 1 rassur* 1.5 souriant* 1.5
dangereu* -2 danger* -2 inadmissible* -3 inacceptable* -3 scandal* -3 honte* -2.5
nul -2 nulle* -2 nuls -2 catastroph* -2.5 horrible* -2.5 affreu* -2.5 degout* -2.5
degueulasse* -3 sale -1.5 sales -1.5 salete* -1.5 insupportable* -2.5 insalubr* -2
lamentable* -2.5 deplorable* -2.5 desastr* -2.5 pire* -2 mauvais* -1.5 probleme* -1
panne* -1.5 casse -1.5 cassee* -1.5 casses -1.5 abandonn* -1 marre -2.5 colere -2
enerv* -2 furieu* -2.5 insecurite -2 peur -1.5 risque* -1 accident* -1.5 impossible -1.5
inexistant* -1.5 impraticable* -2 infernal* -2.5 invivable* -2.5 irrespirable* -2.5
gaspill* -1.5 vandalis* -2 degrad* -1.5 deborde* -1.5 retard* -1 greve* -1 triste* -2
dommage -1 decu* -2 decevant* -2 decept* -2 inquiet* -1.5 inquietant* -2 grave -1.5
mort -2 morts -2 tue -2 tues -2 victime* -1.5 crise* -1.5 pollution* -1.5 pollu* -1.5
vol -1 vole -1 agress* -2 violen* -2 terrible* -2 pauvre* -1 malheureu* -2 souffr* -2
galere* -2 fatigu* -1 injust* -2 abus* -2 arnaque* -2.5 mensonge* -2 menteur* -2
incompeten* -2.5 laxis* -2 mepris* -2 ridicule* -2 absurde* -1.5 pathetique* -2.5
stupide* -2 idiot* -2 con -2 connard* -3 merde* -2.5 putain -1.5 bordel -1.5 chiant* -2
naze* -2 pourri* -2.5 echec* -2 perte* -1 perdu* -1 interdit* -0.5 bloque* -1
menace* -1.5 urgence* -1 urgent* -1 rats -1.5 cafards -1.5 puant* -2 pue -2 odeur* -1
bruit* -1 tapage* -2 insult* -2 sinistre* -1.5 fuite* -0.5 trou -0.5 trous -1
defonce* -2 effondr* -2 inonde* -1.5 insecur* -2 trafic* -1 squat* -1.5 cambriol* -2
attente* -0.5 interminable* -2 jamais -0.5 personne -0.3 aucun* -0.5 rien -0.5
deteste* -2.5 hais -2.5 haine -2.5 fous -1 fou -1 folie -1 pitie -1.5 helas -1.5
malheureusement -1.5 ennui* -1 souci* -1 plainte* -1 plaindre -1 dangereusement -2
abime* -1.5 vetuste* -1.5 delabr* -2 oublie* -1 ignore* -1 laisse-pour-compte -2
sature* -1.5 bonde* -1.5 supprime* -1 ferme -0.5 fermee -0.5 epave* -1.5 dechet* -0.5
inond* -1.5 evacu* -1 penurie* -1.5 canicule* -1 secheresse* -1 incendie* -1.5 feux -1
toxique* -2 contamin* -2 radioactiv* -1.5 rechauffement -1 deforest* -1.5 extinction -1.5
disparition* -1 disparu* -1 negatif* -1 negative* -1 cher -0.5 chere -0.5 chers -0.5
hausse* -0.3 dangers -2 alerte* -1 polemique* -1 critique* -1 conflit* -1.5 echoue* -2
positif* 1 positive* 1 renouvelable* 0.7 preserv* 1 proteg* 0.7 protection 0.5 sauve* 1
engage* 0.5 record 0.5 nouveau 0.3 nouvelle 0.3 nouveaux 0.3 inaugur* 1 capable 0.5
durable* 0.5 encourag* 1.5 partag* 0.5 ensemble 0.5 solidar* 1.5 gratuite* 1
"""

# Expressions, matched before single words (accents removed, apostrophes as spaces).
_PHRASES: tuple[tuple[str, float], ...] = (
    ("toujours pas", -2), ("toujours rien", -2), ("toujours aucun*", -2),
    ("encore une fois", -1.5), ("ras le bol", -3), ("en a marre", -2.5),
    ("n importe quoi", -2.5), ("depuis des mois", -1.5), ("depuis des semaines", -1.5),
    ("depuis des annees", -1.5), ("aucune reponse", -2), ("sans reponse", -2),
    ("personne ne", -1.5), ("rien ne", -1), ("ne marche plus", -2), ("ne marche pas", -2),
    ("ne fonctionne plus", -2), ("ne fonctionne pas", -2), ("pas mal", 1.5),
    ("grand merci", 3), ("merci beaucoup", 3), ("mille mercis", 3),
    # "Merci de faire le nécessaire" is a polite request, usually about a problem.
    ("merci de", -1.7), ("merci d", -1.7), ("merci par avance", -1.7), ("merci d avance", -1.7),
    ("c est la honte", -3), ("on n en peut plus", -3), ("quelle honte", -3), ("a quand", -1),
    ("j en peux plus", -3), ("ca suffit", -2.5), ("il faut agir", -1), ("bon courage", -0.5),
    ("bonne nouvelle", 2.5), ("bonne initiative", 2.5), ("bonne idee", 2), ("tres bien", 0.5),
)  # fmt: skip


def _parse(table: str) -> tuple[dict[str, float], dict[str, float]]:
    exact: dict[str, float] = {}
    stems: dict[str, float] = {}
    tokens = table.split()
    for word, value in zip(tokens[::2], tokens[1::2], strict=True):
        if word.endswith("*"):
            stems[word[:-1]] = float(value)
        else:
            exact[word] = float(value)
    return exact, stems


def _compile_phrases() -> list[tuple[re.Pattern[str], str, float]]:
    compiled = []
    for words, value in _PHRASES:
        body = r"\s+".join(
            re.escape(w[:-1]) + r"\w*" if w.endswith("*") else re.escape(w) for w in words.split()
        )
        compiled.append((re.compile(rf"\b{body}\b"), words.replace("*", ""), float(value)))
    return compiled


_EXACT, _STEMS = _parse(_WORDS)
_STEM_LENGTHS = sorted({len(stem) for stem in _STEMS}, reverse=True)
_PHRASE_TABLE = _compile_phrases()

_NEGATORS = {"ne", "n", "pas", "jamais", "aucun", "aucune", "rien", "sans", "ni", "guere"}
_NEGATION_SPAN = 3
_INTENSIFIERS = {
    "tres": 1.5,
    "vraiment": 1.5,
    "trop": 1.4,
    "tellement": 1.6,
    "si": 1.3,
    "completement": 1.6,
    "totalement": 1.6,
    "absolument": 1.6,
    "extremement": 1.8,
    "vachement": 1.5,
    "hyper": 1.6,
    "franchement": 1.3,
    "particulierement": 1.4,
    "super": 1.5,
    "plutot": 0.7,
    "assez": 0.8,
    "peu": 0.5,
}
_EMOJIS = {
    "😀": 2.0, "😃": 2.0, "😄": 2.0, "😁": 2.0, "😊": 2.0, "🙂": 1.0, "😍": 2.5, "🥰": 2.5,
    "❤": 2.0, "💚": 2.0, "💙": 2.0, "👍": 1.5, "👏": 2.0, "🙏": 1.0, "🎉": 2.0, "✨": 1.0,
    "😂": 1.0, "🤣": 1.0, "😉": 1.0, "💪": 1.5, "🌞": 1.0, "☀": 1.0, "🥳": 2.0, "🤩": 2.5,
    "😡": -2.5, "😠": -2.5, "🤬": -3.0, "👎": -2.0, "😤": -2.0, "😢": -2.0, "😭": -2.0,
    "💩": -2.0, "🙄": -1.5, "😒": -1.5, "😞": -2.0, "😩": -2.0, "😫": -2.0, "🤮": -2.5,
    "😱": -1.5, "⚠": -1.0, "😔": -1.5, "🤦": -2.0, "😕": -1.0, "😬": -1.0, "💔": -2.0,
}  # fmt: skip
_SMILEYS = {":)": 1.5, ":-)": 1.5, ":d": 2.0, ";)": 1.0, "<3": 2.0, ":(": -2.0, ":-(": -2.0}

_TOKEN = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*|[!?]+|:-?[)(d]|;\)|<3", re.IGNORECASE)


@dataclass
class Scored:
    label: str
    score: float  # -1 … 1
    reasons: list[tuple[str, float]] = field(default_factory=list)


def score(text: str) -> Scored:
    """The sentiment of one text, with the words that weighed most."""
    contributions = _contributions(text or "")
    total = sum(value for _, value in contributions)
    if _shouts(text or ""):
        total *= 1.25
    value = total / math.sqrt(total * total + ALPHA) if total else 0.0
    return Scored(_label(value), round(value, 4), _reasons(contributions))


def score_many(texts: Sequence[str]) -> list[Scored]:
    return [score(text) for text in texts]


def _label(value: float) -> str:
    if value >= THRESHOLD:
        return POSITIVE
    if value <= -THRESHOLD:
        return NEGATIVE
    return NEUTRAL


def _reasons(contributions: list[tuple[str, float]], keep: int = 5) -> list[tuple[str, float]]:
    merged: dict[str, float] = {}
    for word, value in contributions:
        merged[word] = merged.get(word, 0.0) + value
    ranked = sorted(merged.items(), key=lambda item: -abs(item[1]))
    return [(word, round(value, 3)) for word, value in ranked[:keep] if value]


def _contributions(text: str) -> list[tuple[str, float]]:
    """(word, signed weight) for every word, phrase or emoji that carries feeling."""
    lowered = text.lower()
    found: list[tuple[str, float]] = []
    for char, value in _EMOJIS.items():
        if char in text:
            found.append((char, value * text.count(char)))
    plain = unidecode(lowered).replace("'", " ").replace("’", " ")
    for pattern, words, value in _PHRASE_TABLE:
        if pattern.search(plain):
            found.append((words, value))
            plain = pattern.sub(" _ ", plain)
    found.extend(_word_contributions(text, plain))
    return found


def _word_contributions(original: str, plain: str) -> list[tuple[str, float]]:
    tokens = _TOKEN.findall(plain)
    capitals = {unidecode(w.lower()) for w in re.findall(r"\b[A-ZÀ-Ý]{3,}\b", original)}
    # Reasons show the word as written ("défoncé"), matching is done without accents.
    written = {unidecode(w): w for w in _TOKEN.findall(original.lower())}
    found = []
    negated_until = -1
    boost = 1.0
    for index, token in enumerate(tokens):
        if token in _SMILEYS:
            found.append((token, _SMILEYS[token]))
            continue
        if token in _NEGATORS:
            negated_until = index + _NEGATION_SPAN
            if token in _EXACT:
                found.append((token, _EXACT[token]))
            continue
        if token in _INTENSIFIERS and index + 1 < len(tokens):
            boost = _INTENSIFIERS[token]
            continue
        value = _valence(token)
        if value:
            if index <= negated_until:
                value *= -0.6
            if token in capitals:
                value *= 1.3
            found.append((written.get(token, token), value * boost))
        boost = 1.0
    return found


def _valence(token: str) -> float:
    if token in _EXACT:
        return _EXACT[token]
    for length in _STEM_LENGTHS:
        if len(token) >= length and token[:length] in _STEMS:
            return _STEMS[token[:length]]
    return 0.0


def _shouts(text: str) -> bool:
    return "!!" in text or "?!" in text


def features(texts: Sequence[str]) -> Any:
    """The lexicon's figures for each text: score, positive and negative weight, count."""
    import numpy as np

    rows = []
    for text in texts:
        contributions = _contributions(text or "")
        positive = sum(v for _, v in contributions if v > 0)
        negative = -sum(v for _, v in contributions if v < 0)
        total = positive - negative
        squashed = total / math.sqrt(total * total + ALPHA) if total else 0.0
        rows.append(
            [squashed, math.log1p(positive), math.log1p(negative), float(_shouts(text or ""))]
        )
    return np.asarray(rows, dtype=float)


class SentimentModel:
    """A trainable scorer: TF-IDF words + characters + lexicon figures → logistic regression."""

    def __init__(self, c: float = 2.0) -> None:
        self.c = c
        self.pipeline: Any = None

    def fit(self, texts: Sequence[str], labels: Sequence[str]) -> SentimentModel:
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.linear_model import LogisticRegression
        from sklearn.pipeline import FeatureUnion, make_pipeline
        from sklearn.preprocessing import FunctionTransformer

        union = FeatureUnion(
            [
                ("words", TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, min_df=1)),
                (
                    "chars",
                    TfidfVectorizer(
                        analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True, min_df=2
                    ),
                ),
                ("lexicon", FunctionTransformer(features)),
            ]
        )
        self.pipeline = make_pipeline(
            union, LogisticRegression(C=self.c, max_iter=2000, class_weight="balanced")
        )
        self.pipeline.fit(list(texts), list(labels))
        return self

    def predict(self, texts: Sequence[str]) -> list[str]:
        return [str(label) for label in self.pipeline.predict(list(texts))]
