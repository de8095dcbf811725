"""The rows behind notifications: a person's choices, each message, each digest.

A person is an account (`user`) or, for anonymous followers, a bare confirmed address
(`email` with no user). Messages and digests are unique per person and key, so that sending
again (a retried event delivery, a job run twice) finds the row and sends nothing twice.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from massalia.core.notifications.registry import Channel, Frequency

ACCOUNT = Q(user__isnull=False)
BARE_ADDRESS = Q(user__isnull=True)


def _one_person(name: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=ACCOUNT | (BARE_ADDRESS & ~Q(email="")), name=f"{name}_names_a_person"
    )


class Subscription(models.Model):
    """One person's choice for one kind of notification; without a row, the kind's default."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="notification_subscriptions",
        verbose_name="compte",
    )
    email = models.EmailField(blank=True, verbose_name="adresse électronique")
    topic = models.CharField(max_length=100, verbose_name="type de notification")
    channel = models.CharField(
        max_length=10, choices=Channel.choices, default=Channel.EMAIL, verbose_name="canal"
    )
    frequency = models.CharField(max_length=12, choices=Frequency.choices, verbose_name="fréquence")
    # When the kind was last switched on: what happened before is not sent.
    since = models.DateTimeField(default=timezone.now, verbose_name="depuis le")
    updated_at = models.DateTimeField(auto_now=True, verbose_name="modifié le")

    class Meta:
        verbose_name = "préférence de notification"
        verbose_name_plural = "préférences de notification"
        constraints = [
            _one_person("subscription"),
            models.UniqueConstraint(
                fields=["user", "topic"], condition=ACCOUNT, name="one_choice_per_account"
            ),
            models.UniqueConstraint(
                fields=["email", "topic"], condition=BARE_ADDRESS, name="one_choice_per_address"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user or self.email} · {self.topic} · {self.frequency}"


class Digest(models.Model):
    """One person's digest for one period: built once, sent once, retried if it failed."""

    class State(models.TextChoices):
        PENDING = "pending", "à envoyer"
        SENT = "sent", "envoyé"
        FAILED = "failed", "abandonné"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="notification_digests",
        verbose_name="compte",
    )
    email = models.EmailField(blank=True, verbose_name="adresse électronique")
    frequency = models.CharField(max_length=12, choices=Frequency.choices, verbose_name="fréquence")
    # The first day of the period (the day, or the Monday of the week).
    period = models.DateField(verbose_name="période")
    state = models.CharField(
        max_length=10, choices=State.choices, default=State.PENDING, verbose_name="état"
    )
    attempts = models.PositiveIntegerField(default=0, verbose_name="tentatives")
    next_attempt_at = models.DateTimeField(
        default=timezone.now, verbose_name="prochaine tentative le"
    )
    last_error = models.TextField(blank=True, verbose_name="dernière erreur")
    created_at = models.DateTimeField(default=timezone.now, verbose_name="créé le")
    sent_at = models.DateTimeField(null=True, blank=True, verbose_name="envoyé le")

    class Meta:
        verbose_name = "résumé de notifications"
        verbose_name_plural = "résumés de notifications"
        constraints = [
            _one_person("digest"),
            models.UniqueConstraint(
                fields=["user", "frequency", "period"],
                condition=ACCOUNT,
                name="one_digest_per_account_and_period",
            ),
            models.UniqueConstraint(
                fields=["email", "frequency", "period"],
                condition=BARE_ADDRESS,
                name="one_digest_per_address_and_period",
            ),
        ]
        indexes = [models.Index(fields=["state", "next_attempt_at"])]

    def __str__(self) -> str:
        return f"{self.user or self.email} · {self.frequency} {self.period} ({self.state})"


class Notification(models.Model):
    """One message for one person: sent at once, or kept for their next digest."""

    class State(models.TextChoices):
        PENDING = "pending", "à envoyer"
        QUEUED = "queued", "en attente du résumé"
        SENT = "sent", "envoyé"
        WITHDRAWN = "withdrawn", "retiré"
        FAILED = "failed", "abandonné"

    topic = models.CharField(max_length=100, verbose_name="type de notification")
    # What the message is about, unique within the topic and person (e.g. "audit:42").
    key = models.CharField(max_length=200, verbose_name="objet (clé)")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="notifications",
        verbose_name="compte",
    )
    # The address: a bare one, or the account's when the message was made.
    email = models.EmailField(blank=True, verbose_name="adresse électronique")
    channel = models.CharField(
        max_length=10, choices=Channel.choices, default=Channel.EMAIL, verbose_name="canal"
    )
    frequency = models.CharField(max_length=12, choices=Frequency.choices, verbose_name="fréquence")
    subject = models.CharField(max_length=255, verbose_name="sujet")
    body = models.TextField(verbose_name="texte")
    # The message's lines in a digest.
    digest_text = models.TextField(verbose_name="texte dans un résumé")
    state = models.CharField(max_length=10, choices=State.choices, verbose_name="état")
    digest = models.ForeignKey(
        Digest,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="items",
        verbose_name="résumé",
    )
    attempts = models.PositiveIntegerField(default=0, verbose_name="tentatives")
    next_attempt_at = models.DateTimeField(
        null=True, blank=True, verbose_name="prochaine tentative le"
    )
    last_error = models.TextField(blank=True, verbose_name="dernière erreur")
    created_at = models.DateTimeField(default=timezone.now, db_index=True, verbose_name="créée le")
    sent_at = models.DateTimeField(null=True, blank=True, verbose_name="envoyée le")

    class Meta:
        verbose_name = "notification"
        verbose_name_plural = "notifications"
        ordering = ["id"]
        constraints = [
            _one_person("notification"),
            models.UniqueConstraint(
                fields=["topic", "key", "user"],
                condition=ACCOUNT,
                name="one_notification_per_account",
            ),
            models.UniqueConstraint(
                fields=["topic", "key", "email"],
                condition=BARE_ADDRESS,
                name="one_notification_per_address",
            ),
        ]
        indexes = [models.Index(fields=["state", "next_attempt_at"])]

    def __str__(self) -> str:
        return f"{self.topic} {self.key} → {self.user or self.email} ({self.state})"
