"""Enrichment of stored messages: language, topic, sentiment, place, near-duplicates.

`enrich_messages` is queued by `ingest.receive` for the messages it created; `enrich_pending`
catches up on any message left without enrichment (a worker died, the queue was lost). Both
work in batches, with one classifier call and one sentiment call per batch and no query per
message, and both may be re-run: a message gets the same enrichment again, its chosen or
corrected topic is kept, and the days it touches are recounted from scratch.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from django.db import connection, transaction
from django.db.models import Field
from django.utils import timezone

from massalia.core.tasks import task
from massalia.pulse import aggregates, taxonomy
from massalia.pulse.enrich import duplicates, language, places, sentiment, topics
from massalia.pulse.models import Message, Topic, TopicModel

BATCH = 500
_ENRICHED_FIELDS = [
    "language",
    "topic",
    "topic_score",
    "topic_reasons",
    "topic_model",
    "sentiment",
    "sentiment_score",
    "sentiment_reasons",
    "quartier",
    "arrondissement",
    "place_found_by",
    "fingerprint",
    "duplicate_of",
    "enriched_at",
]


@task
def enrich_messages(*, ids: list[int]) -> int:
    """Enrich the messages `ids` (in order of publication) and recount the days they touch."""
    unique = sorted(set(ids))
    if not unique:
        return 0
    model = ensure_topic_model()
    done = 0
    days: set[date] = set()
    for start in range(0, len(unique), BATCH):
        batch = _load(unique[start : start + BATCH])
        _enrich_batch(batch, model)
        done += len(batch)
        days.update(timezone.localdate(message.published_at) for message in batch)
    aggregates.rebuild(days)
    return done


def enrich_pending(limit: int = 5000) -> int:
    """Enrich up to `limit` messages still waiting, oldest first."""
    ids = list(
        Message.objects.pending()
        .order_by("published_at", "id")
        .values_list("id", flat=True)[: max(limit, 0)]
    )
    return enrich_messages(ids=ids)


def ensure_topic_model() -> TopicModel | None:
    """The active topic model; a new city gets its topics and a first model on first use."""
    # Not the weights: they run to megabytes, this is called for every message received, and
    # topics.classify loads them once per process.
    active = TopicModel.objects.filter(is_active=True).defer("blob").order_by("-version").first()
    if active is not None:
        return active
    if not Topic.objects.filter(is_active=True).exists():
        taxonomy.ensure_topics()
    if not Topic.objects.filter(is_active=True).exists():
        return None
    return topics.train_version()


def _load(ids: Sequence[int]) -> list[Message]:
    return list(Message.objects.filter(pk__in=ids).order_by("published_at", "id"))


def _enrich_batch(messages: list[Message], model: TopicModel | None) -> None:
    if not messages:
        return
    texts = [message.text for message in messages]
    for message, text in zip(messages, texts, strict=True):
        message.language = language.detect(text)
    _classify(messages, model)
    for message, scored in zip(messages, sentiment.score_many(texts), strict=True):
        message.sentiment = scored.label
        message.sentiment_score = scored.score
        message.sentiment_reasons = _pairs(scored.reasons)
    _locate(messages)
    duplicates.mark(messages)
    now = timezone.now()
    for message in messages:
        message.enriched_at = now
    _save(messages)


def _save(messages: list[Message]) -> None:
    """One UPDATE statement run for all rows (Django's bulk_update builds a CASE per field and
    row, which costs more than the whole enrichment)."""
    fields: list[Field[Any, Any]] = [
        field
        for name in _ENRICHED_FIELDS
        if isinstance(field := Message._meta.get_field(name), Field)
    ]
    quote = connection.ops.quote_name
    assignments = ", ".join(f"{quote(field.column)} = %s" for field in fields)
    sql = f"UPDATE {quote(Message._meta.db_table)} SET {assignments} WHERE id = %s"
    rows = [
        [field.get_db_prep_save(getattr(m, field.attname), connection) for field in fields] + [m.pk]
        for m in messages
    ]
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.executemany(sql, rows)


def _classify(messages: list[Message], model: TopicModel | None) -> None:
    """Predict a topic for messages whose topic nobody chose (the author or an agent)."""
    todo = [m for m in messages if _needs_topic(m)]
    if not todo or model is None:
        return
    slugs = dict(Topic.objects.values_list("slug", "id"))
    predictions = topics.classify([m.text for m in todo])
    for message, prediction in zip(todo, predictions, strict=True):
        if prediction is None or prediction.slug not in slugs:
            continue
        message.topic_id = slugs[prediction.slug]
        message.topic_score = prediction.score
        message.topic_reasons = _pairs(prediction.reasons)
        message.topic_model_id = prediction.model_id or model.pk


def _needs_topic(message: Message) -> bool:
    if message.topic_corrected:
        return False
    chosen = message.topic_id is not None and message.topic_model_id is None
    return not chosen


def _locate(messages: list[Message]) -> None:
    found = places.find_many([(m.text, m.latitude, m.longitude) for m in messages])
    for message, hit in zip(messages, found, strict=True):
        message.quartier_id = hit.quartier_id if hit else None
        message.arrondissement_id = hit.arrondissement_id if hit else None
        message.place_found_by = hit.found_by[:200] if hit else ""


def _pairs(reasons: Iterable[tuple[str, float]]) -> list[list[object]]:
    return [[word, round(float(weight), 4)] for word, weight in reasons]
