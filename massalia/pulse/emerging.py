"""Emerging topics: what many people started saying this week that fits no known topic.

Recent enriched messages that the classifier could not place (no topic, or a low score that
nobody corrected) are turned into TF-IDF vectors and grouped by average-linkage clustering on
cosine distance. A group is kept when it has at least MIN_MESSAGES messages from at least
MIN_AUTHORS distinct people (a message without a known author counts as its own person) and
when it is new: the previous weeks held fewer similar messages than the group has now. Each
group keeps the words that weigh most in its centre, and is titled by a short phrase of its
most representative message (massalia.pulse.titles).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

import numpy as np
from django.db.models import Q
from django.utils import timezone
from scipy import sparse
from sklearn.cluster import AgglomerativeClustering
from sklearn.feature_extraction.text import TfidfVectorizer

from massalia.pulse import titles
from massalia.pulse.models import Message

WINDOW_DAYS = 7
PREVIOUS_DAYS = 28
MAX_MESSAGES = 2000  # the most recent unplaced messages clustered
MAX_PREVIOUS = 20000  # the most recent earlier messages compared with
MAX_TOPIC_SCORE = 0.5  # below it, the classifier's topic is a guess
DISTANCE_THRESHOLD = 0.75  # cosine distance under which groups merge (average linkage)
SIMILAR = 0.3  # cosine similarity to a group's centre that makes an earlier message "similar"
MIN_MESSAGES = 5
MIN_AUTHORS = 3
TERMS = 3
EXAMPLES = 5

# Words that say nothing about a subject: French function words and the pulse's placeholders.
_STOP_WORDS = """
    a à afin ai aie aient ainsi alors au aucun aucune aujourd aupres auquel aura aurai auraient
    aurais aurait auront aussi autre autres aux avaient avais avait avant avec avez aviez avoir
    avons ayant bah beaucoup bien bon c ça car ce ceci cela celle celles celui cependant ces cet
    cette ceux chaque chez ci comme comment compte courriel d dans de depuis des deux devant
    dit doit donc dont du elle elles en encore entre es est et étaient était étant été être eu
    eux fait faire fois font hier ici il ils immatriculation j jamais je jour jours l la là le
    les leur leurs lui m ma mais me même mêmes merci mes moi moins mon n ne ni nom non nos
    notre nous on ont ou où par parce pas peu peut plus pour pourquoi qu quand que quel quelle
    quelles quels qui quoi rien s sa sans se sera ses si sien son sont sous suis sur t ta tant
    te téléphone tes toi ton tous tout toute toutes très tu un une va vers veut via voici voilà
    vos votre vous vraiment y iban
"""
STOP_WORDS = frozenset(_STOP_WORDS.split())


@dataclass
class Emerging:
    """One group of recent unplaced messages saying the same new thing."""

    terms: list[str]
    message_ids: list[int]
    authors: int
    cohesion: float  # mean cosine similarity of the messages to the group's centre
    previous: int  # similar messages in the previous weeks
    examples: list[int] = field(default_factory=list)
    arrondissement_id: int | None = None
    phrase: str = ""  # a short phrase of its most representative message

    @property
    def size(self) -> int:
        return len(self.message_ids)


def unplaced(since: dt.datetime, until: dt.datetime) -> list[Message]:
    """Enriched messages of the period that fit no known topic, most recent first (bounded)."""
    no_topic = Q(topic__isnull=True) | Q(topic_score__lt=MAX_TOPIC_SCORE, topic_corrected=False)
    rows = (
        Message.objects.enriched()
        .shown()
        .filter(no_topic, published_at__gte=since, published_at__lt=until)
        .order_by("-published_at")
        .only("id", "text", "author", "arrondissement_id")
    )
    return list(rows[:MAX_MESSAGES])


def find(day: dt.date) -> list[Emerging]:
    """Emerging topics of the WINDOW_DAYS days ending with `day`, largest first."""
    until = _midnight(day + dt.timedelta(days=1))
    since = until - dt.timedelta(days=WINDOW_DAYS)
    messages = unplaced(since, until)
    if len(messages) < MIN_MESSAGES:
        return []
    vectorizer = _vectorizer()
    try:
        vectors = vectorizer.fit_transform([m.text for m in messages])
    except ValueError:  # nothing but stop words
        return []
    groups = [g for g in _clusters(vectors) if _voices(messages, g) >= MIN_AUTHORS]
    if not groups:
        return []
    earlier = _earlier_vectors(vectorizer, since)
    vocabulary = vectorizer.get_feature_names_out()
    found = []
    for members in groups:
        group = _describe(messages, vectors, members, vocabulary, earlier)
        if group.previous < group.size:
            found.append(group)
    return sorted(found, key=lambda g: (-g.size, -g.cohesion))


def _vectorizer() -> TfidfVectorizer:
    return TfidfVectorizer(
        lowercase=True,
        token_pattern=r"(?u)\b[^\W\d_]{3,}\b",
        stop_words=sorted(STOP_WORDS),
        ngram_range=(1, 2),
        min_df=2,
        sublinear_tf=True,
    )


def _clusters(vectors: sparse.csr_matrix) -> list[list[int]]:
    """Indices of the messages of each group big enough to matter."""
    if vectors.shape[0] < 2:
        return []
    similarity = (vectors @ vectors.T).toarray()
    distance = np.clip(1.0 - similarity, 0.0, 2.0)
    np.fill_diagonal(distance, 0.0)
    labels = AgglomerativeClustering(
        n_clusters=None,
        metric="precomputed",
        linkage="average",
        distance_threshold=DISTANCE_THRESHOLD,
    ).fit_predict(distance)
    # Messages with no known word have a zero vector; they must not form a group together.
    empty = np.asarray(vectors.getnnz(axis=1) == 0)
    members: dict[int, list[int]] = {}
    for index, label in enumerate(labels):
        if not empty[index]:
            members.setdefault(int(label), []).append(index)
    return [group for group in members.values() if len(group) >= MIN_MESSAGES]


def _voices(messages: list[Message], members: list[int]) -> int:
    """Distinct authors; a message without a known author counts as one more voice."""
    authors = [messages[i].author for i in members]
    return len({a for a in authors if a}) + sum(1 for a in authors if not a)


def _earlier_vectors(vectorizer: TfidfVectorizer, since: dt.datetime) -> sparse.csr_matrix:
    texts = list(
        Message.objects.shown()
        .filter(published_at__gte=since - dt.timedelta(days=PREVIOUS_DAYS), published_at__lt=since)
        .order_by("-published_at")
        .values_list("text", flat=True)[:MAX_PREVIOUS]
    )
    if not texts:
        return sparse.csr_matrix((0, len(vectorizer.vocabulary_)))
    return vectorizer.transform(texts)


def _describe(
    messages: list[Message],
    vectors: sparse.csr_matrix,
    members: list[int],
    vocabulary: np.ndarray,
    earlier: sparse.csr_matrix,
) -> Emerging:
    rows = vectors[members]
    centre = np.asarray(rows.mean(axis=0)).ravel()
    norm = np.linalg.norm(centre)
    unit = centre / norm if norm else centre
    closeness = rows @ unit
    previous = int((earlier @ unit >= SIMILAR).sum()) if earlier.shape[0] else 0
    order = np.argsort(-closeness)
    places = Counter(messages[i].arrondissement_id for i in members)
    place, count = places.most_common(1)[0]
    terms = _terms(centre, vocabulary)
    return Emerging(
        terms=terms,
        message_ids=[messages[i].pk for i in members],
        authors=_voices(messages, members),
        cohesion=float(closeness.mean()),
        previous=previous,
        examples=[messages[members[i]].pk for i in order[:EXAMPLES]],
        arrondissement_id=place if place and count * 2 > len(members) else None,
        phrase=titles.headline(messages[members[order[0]]].text, terms),
    )


def _terms(centre: np.ndarray, vocabulary: np.ndarray) -> list[str]:
    """The heaviest words of the centre, skipping a word already inside a chosen phrase."""
    chosen: list[str] = []
    for index in np.argsort(-centre):
        if centre[index] <= 0 or len(chosen) == TERMS:
            break
        term = str(vocabulary[index])
        words = set(term.split())
        if any(words & set(c.split()) for c in chosen):
            continue
        chosen.append(term)
    return chosen


def _midnight(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))
