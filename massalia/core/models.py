"""The rows behind the shared mechanisms: the event outbox, uploads, import runs, schedule."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from massalia.core.moderation import Action


class OutboxEvent(models.Model):
    """A domain event, written in the same transaction as the change it describes."""

    name = models.CharField(max_length=120, db_index=True, verbose_name="nom")
    payload = models.JSONField(verbose_name="contenu")
    created_at = models.DateTimeField(auto_now_add=True, db_index=True, verbose_name="créé le")

    class Meta:
        verbose_name = "événement à diffuser"
        verbose_name_plural = "événements à diffuser"
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.name}#{self.pk}"


class EventDelivery(models.Model):
    """One subscriber's copy of one event: retried with backoff until it succeeds."""

    class State(models.TextChoices):
        PENDING = "pending", "en attente"
        DONE = "done", "livré"
        FAILED = "failed", "abandonné"

    event = models.ForeignKey(
        OutboxEvent, on_delete=models.CASCADE, related_name="deliveries", verbose_name="événement"
    )
    subscriber = models.CharField(max_length=200, verbose_name="abonné")
    state = models.CharField(
        max_length=10, choices=State.choices, default=State.PENDING, verbose_name="état"
    )
    attempts = models.PositiveIntegerField(default=0, verbose_name="tentatives")
    next_attempt_at = models.DateTimeField(db_index=True, verbose_name="prochaine tentative le")
    last_error = models.TextField(blank=True, verbose_name="dernière erreur")
    delivered_at = models.DateTimeField(null=True, blank=True, verbose_name="livré le")

    class Meta:
        verbose_name = "livraison d'événement"
        verbose_name_plural = "livraisons d'événement"
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "subscriber"], name="one_delivery_per_subscriber"
            )
        ]
        indexes = [models.Index(fields=["state", "next_attempt_at"])]

    def __str__(self) -> str:
        return f"{self.subscriber} ← {self.event_id} ({self.state})"


class Upload(models.Model):
    """A file that went through the upload pipeline: re-encoded, metadata stripped."""

    file = models.FileField(upload_to="uploads/%Y/%m/", verbose_name="fichier")
    content_type = models.CharField(max_length=60, verbose_name="type de contenu")
    size = models.PositiveIntegerField(verbose_name="taille (octets)")
    width = models.PositiveIntegerField(null=True, blank=True, verbose_name="largeur (pixels)")
    height = models.PositiveIntegerField(null=True, blank=True, verbose_name="hauteur (pixels)")
    sha256 = models.CharField(max_length=64, db_index=True, verbose_name="empreinte SHA-256")
    original_name = models.CharField(max_length=255, blank=True, verbose_name="nom d'origine")
    created_at = models.DateTimeField(auto_now_add=True, verbose_name="reçu le")

    class Meta:
        verbose_name = "fichier reçu"
        verbose_name_plural = "fichiers reçus"

    def __str__(self) -> str:
        return self.original_name or self.file.name


class ImportRun(models.Model):
    """One run of the import framework: what came in, what was kept, what was rejected."""

    kind = models.CharField(max_length=60, verbose_name="nature")
    source = models.CharField(max_length=500)
    started_at = models.DateTimeField(auto_now_add=True, verbose_name="commencé le")
    finished_at = models.DateTimeField(null=True, blank=True, verbose_name="terminé le")
    created = models.PositiveIntegerField(default=0, verbose_name="créés")
    updated = models.PositiveIntegerField(default=0, verbose_name="mis à jour")
    unchanged = models.PositiveIntegerField(default=0, verbose_name="inchangés")
    rejected = models.PositiveIntegerField(default=0, verbose_name="rejetés")

    class Meta:
        verbose_name = "import"
        verbose_name_plural = "imports"

    def __str__(self) -> str:
        return f"{self.kind} {self.source} ({self.started_at:%Y-%m-%d %H:%M})"

    @property
    def total(self) -> int:
        return self.created + self.updated + self.unchanged + self.rejected


class RejectedRecord(models.Model):
    """An input record that failed validation, kept with its reasons so nothing is lost."""

    run = models.ForeignKey(
        ImportRun, on_delete=models.CASCADE, related_name="rejected_records", verbose_name="import"
    )
    position = models.PositiveIntegerField()
    record = models.JSONField(verbose_name="enregistrement")
    reasons = models.JSONField(verbose_name="raisons")

    class Meta:
        verbose_name = "enregistrement rejeté"
        verbose_name_plural = "enregistrements rejetés"
        ordering = ["run", "position"]

    def __str__(self) -> str:
        return f"#{self.position}: {'; '.join(self.reasons)}"


class ScheduledEntry(models.Model):
    """One entry of settings.SCHEDULE as the in-process scheduler runs it (core/scheduler.py).

    The row is the entry's lock: a scheduler runs an entry only after moving `locked_until`
    forward in one conditional UPDATE, so two schedulers (a demo and `massalia scheduler`, two
    machines) never run one entry at the same time. Celery beat keeps its own state instead.
    """

    name = models.CharField(max_length=100, unique=True)
    next_run_at = models.DateTimeField()
    locked_until = models.DateTimeField(null=True, blank=True)
    locked_by = models.CharField(max_length=120, blank=True)
    last_started_at = models.DateTimeField(null=True, blank=True)
    last_finished_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ModerationDecisionBase(models.Model):
    """One moderation decision (`core.moderation`): who published or hid what, when and why.

    Each domain's concrete trail subclasses it and adds what the decision is about. Rows are
    only added, one per decision; the moderator's name is kept as it was, so the trail
    survives a deleted account."""

    moderator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name="modérateur",
    )
    moderator_name = models.CharField(max_length=150, verbose_name="nom du modérateur")
    action = models.CharField(max_length=20, choices=Action.choices, verbose_name="décision")
    reason = models.TextField(verbose_name="motif")
    decided_at = models.DateTimeField(default=timezone.now, verbose_name="le")

    class Meta:
        abstract = True
        ordering = ["-decided_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_action_display()} ({self.moderator_name}, {self.decided_at:%Y-%m-%d})"


# The notification module, the API pieces (massalia.core.api) and online payment keep their
# rows beside their code; Django finds models through here.
from massalia.core.api.models import ApiKey  # noqa: E402,F401
from massalia.core.notifications.models import Digest, Notification, Subscription  # noqa: E402,F401
from massalia.core.payments.models import Payment, PaymentTrailEntry  # noqa: E402,F401
