"""The pulse: what people say about the city, from the platform and from outside, enriched and
counted.

A `Message` is one thing someone said (a service request, a forum post, a toot, an email). It
arrives through a `Source` (a channel), is cleaned of personal data on arrival, then enriched
in the background (language, topic, sentiment, place, near-duplicates). `DailySignal` keeps
the counts per day × topic × quartier × channel; those aggregates outlive the messages, which
are deleted after PULSE_RETENTION_DAYS. Nothing here describes a person: authors are only a
keyed hash, used to count distinct voices and never shown.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone

from massalia.territory.models import Arrondissement, Department, Quartier


class Channel(models.TextChoices):
    PLATFORM = "platform", "Plateforme"
    RSS = "rss", "Forums, blogs et presse (RSS/Atom)"
    MASTODON = "mastodon", "Mastodon"
    IMPORT = "import", "Import de réseau social (CSV/JSON)"
    EMAIL = "email", "Boîte aux lettres électronique"


class Sentiment(models.TextChoices):
    NEGATIVE = "negative", "négatif"
    NEUTRAL = "neutral", "neutre"
    POSITIVE = "positive", "positif"


class Topic(models.Model):
    """One subject of the city's taxonomy: a department's field, or a free topic."""

    slug = models.SlugField("identifiant d'URL", max_length=60, unique=True)
    name = models.CharField("nom", max_length=120)
    description = models.CharField(max_length=300, blank=True)
    department = models.ForeignKey(
        Department,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="topics",
        verbose_name="service municipal",
    )
    # Request types whose requests train this topic (codes, comma-separated).
    request_types = models.CharField("types de demande", max_length=500, blank=True)
    # A few sentences written for the topic, one per line: lets a new city start on day one.
    seed = models.TextField("exemples d'amorçage", blank=True)
    is_active = models.BooleanField("actif", default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = "thème"

    def __str__(self) -> str:
        return self.name

    def request_type_codes(self) -> list[str]:
        return [code.strip() for code in self.request_types.split(",") if code.strip()]

    def seed_examples(self) -> list[str]:
        return [line.strip() for line in self.seed.splitlines() if line.strip()]


class Source(models.Model):
    """A channel the city listens to: a feed, a hashtag, a mailbox, an import, the platform."""

    name = models.CharField("nom", max_length=120, unique=True)
    channel = models.CharField("canal", max_length=20, choices=Channel.choices)
    # Connector settings: url, hashtag, host, mailbox, ... (see massalia.pulse.connectors).
    config = models.JSONField("configuration", default=dict, blank=True)
    # Where the connector stopped last time: ETag, last id, last UID...
    cursor = models.JSONField("position de lecture", default=dict, blank=True)
    is_active = models.BooleanField("active", default=True)
    last_polled_at = models.DateTimeField("dernier relevé le", null=True, blank=True)
    last_error = models.TextField("dernière erreur", blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = "source"

    def __str__(self) -> str:
        return self.name


class TopicModel(models.Model):
    """One trained version of the topic classifier, with its measured quality."""

    version = models.PositiveIntegerField(unique=True)
    created_at = models.DateTimeField("entraînée le", default=timezone.now)
    # What it learnt from: {"requests": n, "corrections": n, "seeds": n}.
    trained_on = models.JSONField("données d'entraînement", default=dict)
    # Held-out quality: {"accuracy": x, "macro_f1": x, "n_test": n, "per_topic": {...}}.
    quality = models.JSONField("qualité mesurée", default=dict)
    blob = models.BinaryField("modèle enregistré")
    is_active = models.BooleanField("en service", default=False, db_index=True)

    class Meta:
        verbose_name = "version du classifieur de thèmes"
        verbose_name_plural = "versions du classifieur de thèmes"
        ordering = ["-version"]

    def __str__(self) -> str:
        return f"v{self.version}"


class MessageQuerySet(models.QuerySet["Message"]):
    def enriched(self) -> MessageQuerySet:
        return self.filter(enriched_at__isnull=False)

    def pending(self) -> MessageQuerySet:
        return self.filter(enriched_at__isnull=True)

    def shown(self) -> MessageQuerySet:
        """Messages whose text may be shown: not those of private demands, which only count."""
        return self.filter(is_private=False)


class Message(models.Model):
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="messages")
    channel = models.CharField(max_length=20, choices=Channel.choices, db_index=True)
    # The id at the source (toot id, feed entry id, Message-ID, "servicerequest:42").
    external_id = models.CharField(max_length=300)
    url = models.URLField(max_length=500, blank=True)
    # Keyed hash of the author's handle at the source; never reversible, never shown.
    author = models.CharField(max_length=32, blank=True)
    # The text with emails, phone numbers and detectable names removed.
    text = models.TextField()
    # A private demand (a request of a non-public type): counted in the figures by topic and
    # place, its text shown to nobody on the pulse (only its department opens the request).
    is_private = models.BooleanField(default=False)
    published_at = models.DateTimeField(db_index=True)
    received_at = models.DateTimeField(default=timezone.now)
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    # Enrichment (empty until enriched_at is set).
    enriched_at = models.DateTimeField(null=True, blank=True)
    language = models.CharField(max_length=8, blank=True)
    topic = models.ForeignKey(
        Topic, on_delete=models.SET_NULL, null=True, blank=True, related_name="messages"
    )
    topic_score = models.FloatField(null=True, blank=True)
    # The words that weighed most: [[word, weight], ...].
    topic_reasons = models.JSONField(default=list, blank=True)
    topic_model = models.ForeignKey(TopicModel, on_delete=models.SET_NULL, null=True, blank=True)
    topic_corrected = models.BooleanField(default=False)
    sentiment = models.CharField(max_length=10, choices=Sentiment.choices, blank=True)
    sentiment_score = models.FloatField(null=True, blank=True)  # -1 … 1
    sentiment_reasons = models.JSONField(default=list, blank=True)
    quartier = models.ForeignKey(Quartier, on_delete=models.SET_NULL, null=True, blank=True)
    arrondissement = models.ForeignKey(
        Arrondissement, on_delete=models.SET_NULL, null=True, blank=True
    )
    # How the place was found: "coordinates", or the name found in the text.
    place_found_by = models.CharField(max_length=200, blank=True)
    # Near-duplicates point at the first message of their group.
    duplicate_of = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="duplicates"
    )
    fingerprint = models.BigIntegerField(null=True, blank=True)  # 64-bit SimHash, signed

    objects = MessageQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at"]
        verbose_name = "message"
        constraints = [
            models.UniqueConstraint(fields=["source", "external_id"], name="pulse_message_once")
        ]
        indexes = [
            models.Index(fields=["topic", "published_at"]),
            models.Index(fields=["arrondissement", "published_at"]),
            # Distinct voices over a span read only this index.
            models.Index(fields=["published_at", "author"], name="pulse_message_voices"),
            # Only the few messages waiting for enrichment, oldest first.
            models.Index(
                fields=["published_at"],
                condition=models.Q(enriched_at__isnull=True),
                name="pulse_message_pending",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} · {self.published_at:%Y-%m-%d}"


class TopicCorrection(models.Model):
    """An agent's "wrong topic": kept as training data for the next version."""

    # The correction outlives its message (retention): it keeps the text it was about.
    message = models.ForeignKey(
        Message, on_delete=models.SET_NULL, null=True, blank=True, related_name="corrections"
    )
    from_topic = models.ForeignKey(
        Topic, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    to_topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="+")
    text = models.TextField()
    corrected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "correction de thème"

    def __str__(self) -> str:
        return f"→ {self.to_topic}"


class DailySignal(models.Model):
    """Counts and sentiment for one day × topic × quartier × channel. Kept after messages go."""

    day = models.DateField()
    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, null=True, blank=True)
    quartier = models.ForeignKey(Quartier, on_delete=models.CASCADE, null=True, blank=True)
    arrondissement = models.ForeignKey(
        Arrondissement, on_delete=models.CASCADE, null=True, blank=True
    )
    channel = models.CharField(max_length=20, choices=Channel.choices)
    messages = models.PositiveIntegerField(default=0)
    negative = models.PositiveIntegerField(default=0)
    neutral = models.PositiveIntegerField(default=0)
    positive = models.PositiveIntegerField(default=0)
    sentiment_sum = models.FloatField(default=0.0)

    class Meta:
        verbose_name = "signal quotidien"
        # One row per cell: `aggregates.rebuild` replaces whole days at once.
        indexes = [
            models.Index(fields=["day", "topic"]),
            models.Index(fields=["day", "arrondissement"]),
        ]

    def __str__(self) -> str:
        return f"{self.day} · {self.messages} messages"


class Alert(models.Model):
    """One episode: a rise that lasts several days is one alert that grows (its first and last
    days, its peak day and value); after a few quiet days it is over, and a new rise is a new
    alert (massalia.pulse.alerts)."""

    class Kind(models.TextChoices):
        SPIKE = "spike", "hausse inhabituelle"
        EMERGING = "emerging", "sujet émergent"

    class State(models.TextChoices):
        RISING = "rising", "en cours"
        OVER = "over", "terminée"

    kind = models.CharField("nature", max_length=10, choices=Kind.choices)
    # The peak day (the day with the most messages): `observed` and `expected` are its figures.
    day = models.DateField("jour du pic", db_index=True)
    first_day = models.DateField("premier jour")
    last_day = models.DateField("dernier jour", db_index=True)
    state = models.CharField("état", max_length=10, choices=State.choices, default=State.RISING)
    # Spikes: the messages of its topic and place from first_day to last_day (all its days);
    # emerging topics: the messages of its groups (message_ids).
    total = models.PositiveIntegerField("messages de l'épisode", default=0)
    message_ids = models.JSONField("messages", default=list, blank=True)
    topic = models.ForeignKey(
        Topic, on_delete=models.CASCADE, null=True, blank=True, verbose_name="thème"
    )
    arrondissement = models.ForeignKey(
        Arrondissement, on_delete=models.CASCADE, null=True, blank=True
    )
    title = models.CharField("titre", max_length=200)
    observed = models.PositiveIntegerField("observé", default=0)
    expected = models.FloatField("attendu", default=0.0)
    # Probability of seeing at least `observed` under the baseline (spikes); cohesion (emerging).
    score = models.FloatField("indice", default=0.0)
    # Emerging topics: their most telling words, and example message ids.
    terms = models.JSONField("mots caractéristiques", default=list, blank=True)
    examples = models.JSONField("exemples", default=list, blank=True)
    created_at = models.DateTimeField("détectée le", default=timezone.now)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        verbose_name="prise en compte par",
    )
    acknowledged_at = models.DateTimeField("prise en compte le", null=True, blank=True)
    emailed_at = models.DateTimeField("envoyée par courriel le", null=True, blank=True)

    class Meta:
        ordering = ["-day", "-score"]
        verbose_name = "alerte"

    def __str__(self) -> str:
        return self.title

    def save(self, *args: Any, **kwargs: Any) -> None:
        # An alert raised for one day is an episode of that day until it grows.
        self.first_day = self.first_day or self.day
        self.last_day = self.last_day or self.day
        super().save(*args, **kwargs)

    @property
    def days(self) -> int:
        return (self.last_day - self.first_day).days + 1
