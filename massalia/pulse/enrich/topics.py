"""Which topic a message is about, and the words that made the classifier say so.

The classifier is a TF-IDF over words, word pairs and character n-grams feeding a linear SVM:
fast, small, and explainable — each prediction lists the words whose weight for the chosen topic
counted most in this very text. Versions are trained from the city's own service requests
(their request type names the topic), agents' corrections and every topic's seed sentences,
measured on held-out data, stored in the database, and the newest one is used by every process.
"""

from __future__ import annotations

import math
import pickle
import re
import threading
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import numpy as np
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from scipy.sparse import hstack
from sklearn.feature_extraction.text import strip_accents_unicode

from massalia.pulse.models import Message, Topic, TopicCorrection, TopicModel

MAX_REQUESTS = 30_000
HELD_OUT = 0.2
REASONS = 5

# Words too common to tell topics apart, and to be shown as a reason.
_STOP_TEXT = """
    a à au aux avec c ça ce cela celle celui ces cet cette ceux chez ci comme d dans de des
    du elle elles en est et été être eu il ils j je l la le les leur leurs lui m ma mais me
    même mes moi mon n ne ni nos notre nous on ont ou où par pas pour qu que quel quelle qui
    s sa sans se ses si son sont sur t ta te tes toi ton tous tout toute toutes tu un une
    vos votre vous y ai as avait avons avez était sera fait faire très plus moins encore
    aussi alors depuis donc car bien peu trop tant déjà là ici cet été merci bonjour
    """
STOP_WORDS = frozenset(_STOP_TEXT.split())
_STOP_PLAIN = frozenset(strip_accents_unicode(word) for word in STOP_WORDS)
_TOKEN_PATTERN = r"(?u)\b\w\w+\b"
Reasons = list[tuple[str, float]]


@dataclass
class Prediction:
    slug: str
    score: float  # confidence in the chosen topic, 0 … 1
    reasons: list[tuple[str, float]]
    model_id: int | None = None  # the TopicModel that said so


class Classifier:
    """TF-IDF words, word pairs and character n-grams → linear SVM, with explanations.

    Character n-grams absorb typos and word forms ("lampadaires", "lampadère"); explanations
    are drawn from the word features only, which a person can read.
    """

    def __init__(self, c: float = 0.5, sharpness: float = 3.0) -> None:
        self.c = c
        # Turns the SVM's margins into a confidence between 0 and 1 (a softmax).
        self.sharpness = sharpness
        self.words: Any = None
        self.chars: Any = None
        self.model: Any = None
        self._names: Any = None  # feature names, rebuilt on demand, never stored

    def __getstate__(self) -> dict[str, Any]:
        return {**self.__dict__, "_names": None}

    @property
    def labels(self) -> list[str]:
        return [str(label) for label in self.model.classes_]

    def fit(self, texts: Sequence[str], labels: Sequence[str]) -> Classifier:
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.svm import LinearSVC

        self.words = TfidfVectorizer(
            ngram_range=(1, 2),
            sublinear_tf=True,
            strip_accents="unicode",
            token_pattern=_TOKEN_PATTERN,
            dtype=np.float32,
        )
        self.chars = TfidfVectorizer(
            analyzer="char_wb",
            ngram_range=(3, 5),
            sublinear_tf=True,
            strip_accents="unicode",
            min_df=2,
            dtype=np.float32,
        )
        texts = list(texts)
        matrix = hstack([self.words.fit_transform(texts), self.chars.fit_transform(texts)])
        self.model = LinearSVC(C=self.c, class_weight="balanced")
        self.model.fit(matrix.tocsr(), list(labels))
        self.model.coef_ = self.model.coef_.astype(np.float32)  # half the size, same answers
        self._names = None
        return self

    def predict(self, texts: Sequence[str]) -> list[tuple[str, float]]:
        """(topic, confidence) for each text."""
        return [(label, confidence) for label, confidence, _ in self._run(texts, explain=False)]

    def predict_explained(self, texts: Sequence[str]) -> list[tuple[str, float, Reasons]]:
        """(topic, confidence, reasons) for each text, in one pass."""
        return self._run(texts, explain=True)

    def explain(self, text: str, label: str, keep: int = REASONS) -> Reasons:
        """The text's words that pushed hardest towards `label` (weight × tf-idf)."""
        words = self.words.transform([text]).tocsr()
        return self._reasons([text], words, [self.labels.index(label)], keep)[0]

    def _run(self, texts: Sequence[str], explain: bool) -> list[tuple[str, float, Reasons]]:
        if not texts:
            return []
        texts = list(texts)
        words = self.words.transform(texts).tocsr()
        margins = self._margins(hstack([words, self.chars.transform(texts)]).tocsr())
        best = margins.argmax(axis=1)
        scaled = np.exp(self.sharpness * (margins - margins.max(axis=1, keepdims=True)))
        confidence = scaled[np.arange(len(texts)), best] / scaled.sum(axis=1)
        reasons = self._reasons(texts, words, list(best), REASONS) if explain else [[]] * len(texts)
        labels = self.labels
        return [
            (labels[i], round(float(c), 4), why)
            for i, c, why in zip(best, confidence, reasons, strict=True)
        ]

    def _margins(self, matrix: Any) -> Any:
        margins = np.asarray(self.model.decision_function(matrix), dtype=float)
        if margins.ndim == 1:  # two topics: one margin, positive for the second
            margins = np.column_stack([-margins, margins])
        return margins

    def _coefficients(self) -> Any:
        coef = self.model.coef_
        if coef.shape[0] == 1:
            coef = np.vstack([-coef, coef])
        return coef[:, : len(self.words.vocabulary_)]

    def _reasons(
        self, texts: Sequence[str], words: Any, rows: Sequence[int], keep: int
    ) -> list[Reasons]:
        if self._names is None:
            self._names = self.words.get_feature_names_out()
        coefficients = self._coefficients()
        result = []
        for index, row in enumerate(rows):
            start, end = words.indptr[index], words.indptr[index + 1]
            columns = words.indices[start:end]
            weights = words.data[start:end] * coefficients[row, columns]
            written = _as_written(texts[index])
            ranked: Reasons = []
            for i in np.argsort(-weights):
                if weights[i] <= 0 or len(ranked) == keep:
                    break
                parts = str(self._names[columns[i]]).split()
                if _STOP_PLAIN.isdisjoint(parts):
                    name = " ".join(written.get(part, part) for part in parts)
                    ranked.append((name, round(float(weights[i]), 3)))
            result.append(ranked)
        return result

    def dumps(self) -> bytes:
        return pickle.dumps(self, protocol=pickle.HIGHEST_PROTOCOL)

    @staticmethod
    def loads(blob: bytes | memoryview) -> Classifier:
        loaded = pickle.loads(bytes(blob))  # our own blob, from our own database
        if not isinstance(loaded, Classifier):
            raise TypeError("not a topic classifier")
        return loaded


def _as_written(text: str) -> dict[str, str]:
    """Each word of the text without accents → as written ("eclairage" → "éclairage")."""
    words = re.findall(_TOKEN_PATTERN, text.lower())
    return {strip_accents_unicode(word): word for word in words}


# The active version's classifier, per process: {"id": TopicModel id, "classifier": ...}.
_ACTIVE: dict[str, Any] = {}
_ACTIVE_LOCK = threading.Lock()


def _active_classifier() -> tuple[int, Classifier] | None:
    """The active version, reloaded only when another one was activated since."""
    current = TopicModel.objects.filter(is_active=True).values_list("id", flat=True).first()
    if current is None:
        return None
    with _ACTIVE_LOCK:
        if _ACTIVE.get("id") != current:
            blob = TopicModel.objects.values_list("blob", flat=True).get(pk=current)
            _ACTIVE.update(id=current, classifier=Classifier.loads(blob))
        return current, _ACTIVE["classifier"]


def classify(texts: list[str]) -> list[Prediction | None]:
    """The topic of each text by the active version (None for all when there is none)."""
    active = _active_classifier()
    if active is None:
        return [None] * len(texts)
    model_id, classifier = active
    return [
        Prediction(slug, confidence, reasons, model_id)
        for slug, confidence, reasons in classifier.predict_explained(texts)
    ]


def training_data() -> tuple[list[tuple[str, str]], list[tuple[str, str]], list[tuple[str, str]]]:
    """(text, topic slug) from requests, corrections and seeds of the active topics."""
    from massalia.servicerequests.models import ServiceRequest

    topics = list(Topic.objects.filter(is_active=True))
    by_code = {code: topic.slug for topic in topics for code in topic.request_type_codes()}
    requests = [
        (text, by_code[code])
        for text, code in ServiceRequest.objects.filter(
            request_type__code__in=list(by_code), confirmed_at__isnull=False
        )
        .order_by("-created_at", "-id")
        .values_list("description", "request_type__code")[:MAX_REQUESTS]
        if text and text.strip()
    ]
    corrections = [
        (text, slug)
        for text, slug in TopicCorrection.objects.filter(to_topic__is_active=True)
        .order_by("-created_at")
        .values_list("text", "to_topic__slug")
        if text and text.strip()
    ]
    seeds = [(line, topic.slug) for topic in topics for line in topic.seed_examples()]
    return requests, corrections, seeds


def measure(labelled: list[tuple[str, str]], always: list[tuple[str, str]]) -> dict[str, Any]:
    """Quality on a stratified held-out part of `labelled`; `always` only ever trains."""
    from sklearn.metrics import accuracy_score, f1_score

    counts = Counter(label for _, label in labelled)
    if len(labelled) < 10 or len(counts) < 2:
        return {"accuracy": None, "macro_f1": None, "n_test": 0, "per_topic": {}}
    train, test = _split(labelled, counts)
    classifier = _fit(train + always)
    truth = [label for _, label in test]
    predicted = [label for label, _ in classifier.predict([text for text, _ in test])]
    present = sorted(set(truth))
    per_topic = f1_score(truth, predicted, labels=present, average=None, zero_division=0)
    return {
        "accuracy": round(float(accuracy_score(truth, predicted)), 4),
        "macro_f1": round(
            float(f1_score(truth, predicted, labels=present, average="macro", zero_division=0)),
            4,
        ),
        "n_test": len(test),
        "per_topic": {slug: round(float(f), 4) for slug, f in zip(present, per_topic, strict=True)},
    }


def _split(
    labelled: list[tuple[str, str]], counts: Counter[str]
) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """A held-out part with every topic in its share, when there are enough examples for it."""
    from sklearn.model_selection import train_test_split

    held_out = math.ceil(HELD_OUT * len(labelled))
    stratified = min(counts.values()) >= 2 and len(counts) <= min(
        held_out, len(labelled) - held_out
    )
    stratify = [label for _, label in labelled] if stratified else None
    train, test = train_test_split(labelled, test_size=held_out, random_state=0, stratify=stratify)
    return list(train), list(test)


def _fit(rows: list[tuple[str, str]]) -> Classifier:
    return Classifier().fit([text for text, _ in rows], [label for _, label in rows])


# Versions whose weights are kept (to go back to one); older ones keep only their record.
KEEP_WEIGHTS = 5


def train_version() -> TopicModel:
    """Train, measure, store and activate a new version (older ones are kept, inactive)."""
    requests, corrections, seeds = training_data()
    if len({label for _, label in requests + corrections + seeds}) < 3:
        raise ValueError("Il faut au moins trois thèmes actifs avec des exemples pour entraîner.")
    quality = measure(requests + corrections, seeds)
    classifier = _fit(requests + corrections + seeds)
    with transaction.atomic():
        latest = TopicModel.objects.select_for_update().aggregate(v=Max("version"))["v"] or 0
        TopicModel.objects.filter(is_active=True).update(is_active=False)
        # Every version keeps its record and quality; only the last few keep their weights.
        TopicModel.objects.filter(version__lte=latest + 1 - KEEP_WEIGHTS).update(blob=b"")
        return TopicModel.objects.create(
            version=latest + 1,
            trained_on={
                "requests": len(requests),
                "corrections": len(corrections),
                "seeds": len(seeds),
            },
            quality=quality,
            blob=classifier.dumps(),
            is_active=True,
        )


def correct(message: Message, topic: Topic, user: Any) -> TopicCorrection:
    """An agent's "wrong topic": kept for the next version, applied now, day recounted."""
    from massalia.pulse import aggregates

    with transaction.atomic():
        correction = TopicCorrection.objects.create(
            message=message,
            from_topic=message.topic,
            to_topic=topic,
            text=message.text,
            corrected_by=user if user is not None and user.is_authenticated else None,
        )
        message.topic = topic
        message.topic_corrected = True
        message.topic_reasons = []
        message.save(update_fields=["topic", "topic_corrected", "topic_reasons"])
    aggregates.rebuild([_local_day(message.published_at)])
    return correction


def _local_day(moment: datetime) -> Any:
    return timezone.localdate(moment) if timezone.is_aware(moment) else moment.date()
