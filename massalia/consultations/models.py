"""The opinion map's data: a conversation (the question put to residents), the short
statements they submit (public once moderated), their votes, and the groups computed from
the votes (`opinions.py`, in the background: `tasks.py`).

A computation is kept whole in one `OpinionGroups` row (placements, centroids, representative
and consensus statements) so that the page reads one row, and the next computation finds the
previous groups' centroids there to keep their labels.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

STATEMENT_MAX_LENGTH = 280


class Conversation(models.Model):
    slug = models.SlugField(max_length=80, unique=True, verbose_name="identifiant d'URL")
    title = models.CharField(max_length=200, verbose_name="titre")
    question = models.TextField(verbose_name="question posée")
    opens_at = models.DateTimeField(default=timezone.now, verbose_name="ouverture")
    closes_at = models.DateTimeField(null=True, blank=True, verbose_name="clôture")
    is_published = models.BooleanField(default=False, verbose_name="publiée")
    # Set by the first vote after a computation, cleared when the next one starts: votes
    # arriving together ask for one computation, not one each.
    groups_wanted = models.BooleanField(default=False, verbose_name="groupes à recalculer")
    created_at = models.DateTimeField(default=timezone.now, verbose_name="créée le")

    class Meta:
        verbose_name = "carte des opinions"
        verbose_name_plural = "cartes des opinions"
        ordering = ["-opens_at"]

    def __str__(self) -> str:
        return self.title

    def is_open(self, at: Any = None) -> bool:
        at = at or timezone.now()
        return self.is_published and self.opens_at <= at and (
            self.closes_at is None or at < self.closes_at
        )  # fmt: skip

    def latest_groups(self) -> OpinionGroups | None:
        return self.computations.order_by("-computed_at", "-pk").first()


class StatementStatus(models.TextChoices):
    PENDING = "pending", _("En attente de modération")
    PUBLISHED = "published", _("Publiée")
    REJECTED = "rejected", _("Refusée")


class Statement(models.Model):
    conversation = models.ForeignKey(
        Conversation, on_delete=models.CASCADE, related_name="statements",
        verbose_name="carte des opinions",
    )  # fmt: skip
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="opinion_statements", verbose_name="auteur",
    )  # fmt: skip
    text = models.CharField(max_length=STATEMENT_MAX_LENGTH, verbose_name="texte")
    status = models.CharField(
        max_length=12, choices=StatementStatus.choices, default=StatementStatus.PENDING,
        verbose_name="état",
    )  # fmt: skip
    votes_count = models.PositiveIntegerField(default=0, verbose_name="votes")
    created_at = models.DateTimeField(default=timezone.now, verbose_name="proposée le")
    moderated_at = models.DateTimeField(null=True, blank=True, verbose_name="modérée le")
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name="modérée par",
    )  # fmt: skip
    # Told to the author when a moderator refuses the statement.
    refusal_reason = models.CharField(max_length=300, blank=True, verbose_name="motif du refus")

    class Meta:
        verbose_name = "proposition à voter"
        verbose_name_plural = "propositions à voter"
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["conversation", "status", "votes_count"])]
        permissions = [("moderate_statement", "Peut modérer les propositions à voter")]

    def __str__(self) -> str:
        return self.text[:60]


class VoteValue(models.IntegerChoices):
    AGREE = 1, _("D'accord")
    PASS = 0, _("Je passe")
    DISAGREE = -1, _("Pas d'accord")


class Vote(models.Model):
    statement = models.ForeignKey(
        Statement, on_delete=models.CASCADE, related_name="votes", verbose_name="proposition"
    )
    participant = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="opinion_votes",
        verbose_name="participant",
    )  # fmt: skip
    value = models.SmallIntegerField(choices=VoteValue.choices, verbose_name="vote")
    voted_at = models.DateTimeField(default=timezone.now, verbose_name="le")

    class Meta:
        verbose_name = "vote"
        constraints = [
            # One vote per person and statement (a change of mind replaces it).
            models.UniqueConstraint(
                fields=["statement", "participant"], name="consultations_one_vote"
            ),
            models.CheckConstraint(
                condition=models.Q(value__in=[-1, 0, 1]), name="consultations_vote_value"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.participant_id} → {self.statement_id} : {self.value}"


class OpinionGroups(models.Model):
    """One computation of the groups. `placements`: participant id → [group, x, y];
    `profiles`: group → statement id → mean centred vote; `representative`: group → list of
    {statement, direction, share, voters}; `consensus`: the same list, across groups."""

    conversation = models.ForeignKey(
        Conversation, on_delete=models.CASCADE, related_name="computations",
        verbose_name="carte des opinions",
    )  # fmt: skip
    computed_at = models.DateTimeField(default=timezone.now, verbose_name="calculés le")
    participants = models.PositiveIntegerField(verbose_name="participants placés")
    statements = models.PositiveIntegerField(verbose_name="propositions")
    groups = models.PositiveSmallIntegerField(verbose_name="groupes")
    components = models.PositiveSmallIntegerField(verbose_name="composantes")
    silhouette = models.FloatField(verbose_name="netteté des groupes (silhouette)")
    placements = models.JSONField(
        default=dict, verbose_name="positions des participants sur la carte"
    )
    profiles = models.JSONField(default=dict, verbose_name="centroïdes")
    representative = models.JSONField(default=dict, verbose_name="propositions représentatives")
    consensus = models.JSONField(default=list, verbose_name="propositions de consensus")

    class Meta:
        verbose_name = "groupes d'opinion"
        verbose_name_plural = "groupes d'opinion"
        get_latest_by = "computed_at"

    def __str__(self) -> str:
        return f"{self.conversation} — {self.computed_at:%Y-%m-%d %H:%M}"

    def group_of(self, participant_id: int) -> int | None:
        placed = self.placements.get(str(participant_id))
        return None if placed is None else int(placed[0])
