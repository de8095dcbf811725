"""The spam score of comments, learnt from the moderators' own decisions.

Each comment a moderator decided on is an example: its latest decision "hide" says spam or
abuse, "restore" says acceptable. A character n-gram TF-IDF and a logistic regression
(scikit-learn) give every comment in the queue a probability, which only sorts the queue:
the score never hides nor restores anything by itself. Until the moderators have decided both
ways at least once, there is no model and the queue keeps its plain order.

The model is rebuilt when a new decision arrives (it is cached by the latest decision and the
number of decisions). Its precision and recall are not measured yet (no bench).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline, make_pipeline

from massalia.participation.models import Comment, ModerationAction, ModerationDecision

_cache: dict[str, Any] = {"key": None, "model": None}


def examples() -> tuple[list[str], list[int]]:
    """(texts, labels): 1 for a comment whose latest decision hid it, 0 for a restored one."""
    latest: dict[int, tuple[str, str]] = {}
    rows = ModerationDecision.objects.order_by("decided_at", "pk")
    for comment_id, action, text in rows.values_list("comment_id", "action", "comment__text"):
        latest[comment_id] = (action, text)
    texts = [text for _, text in latest.values()]
    labels = [int(action == ModerationAction.HIDE) for action, _ in latest.values()]
    return texts, labels


def train(texts: Sequence[str], labels: Sequence[int]) -> Pipeline | None:
    """A fitted pipeline, or None while the examples hold only one class."""
    if len(set(labels)) < 2:
        return None
    model = make_pipeline(
        TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 4), lowercase=True, sublinear_tf=True),
        LogisticRegression(class_weight="balanced", max_iter=1000),
    )
    return model.fit(list(texts), list(labels))


def model() -> Pipeline | None:
    """The model of the current decisions (rebuilt after a new one)."""
    latest = ModerationDecision.objects.order_by("-pk").values_list("pk", "decided_at").first()
    key = (latest, ModerationDecision.objects.count()) if latest is not None else None
    if _cache["key"] != key:
        _cache["model"] = train(*examples()) if key is not None else None
        _cache["key"] = key
    return _cache["model"]


def scores(comments: Iterable[Comment]) -> dict[int, float]:
    """Comment id → probability of being hidden by a moderator; empty without a model."""
    found = model()
    rows = list(comments)
    if found is None or not rows:
        return {}
    spam_column = list(found.classes_).index(1)
    probabilities = found.predict_proba([c.text for c in rows])[:, spam_column]
    return {c.pk: float(p) for c, p in zip(rows, probabilities, strict=True)}


def pre_sorted(comments: Iterable[Comment]) -> list[Comment]:
    """The queue with, within each state (waiting first), the likeliest spam first; each
    comment carries its `spam_score` (None without a model). The order of the queue's rows
    is kept between equal scores."""
    rows = list(comments)
    found = scores(rows)
    for c in rows:
        c.spam_score = found.get(c.pk)  # type: ignore[attr-defined]
    if not found:
        return rows
    waiting_first = {c.pk: i for i, c in enumerate(rows)}
    return sorted(
        rows,
        key=lambda c: (c.status != "pending", -found[c.pk], waiting_first[c.pk]),
    )
