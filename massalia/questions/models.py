"""Questions to elected officials: whom one may ask (`Recipient`: a named official or a sector
town hall) and the questions, each with its moderation and its answer.

A question is read by anyone once a moderator published it; the time its answer took
(`answer_days`, from publication to answer) is what each recipient's figures are made of.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _

from massalia.territory.models import SectorTownHall

SUBJECT_MAX = 160
TEXT_MAX = 3000
PSEUDONYM_MAX = 60
ANSWER_MAX = 6000
# The answer-time figures' promise: an answer within this many days.
ANSWER_WITHIN_DAYS = 30


class RecipientQuerySet(models.QuerySet["Recipient"]):
    def answered_by(self, user: object) -> RecipientQuerySet:
        """The recipients `user` answers for: as the official, or one of their staff."""
        pk = getattr(user, "pk", None)
        if pk is None:
            return self.none()
        return self.filter(models.Q(account_id=pk) | models.Q(staff__pk=pk)).distinct()


class Recipient(models.Model):
    """Whom a resident may ask: a named elected official (a deputy mayor, a sector mayor) or
    a sector town hall. Who answers: the official's account and the accounts of their staff
    (`staff`, the cabinet), and administrators."""

    class Kind(models.TextChoices):
        OFFICIAL = "official", "élu·e"
        TOWN_HALL = "town_hall", "mairie de secteur"

    kind = models.CharField("nature", max_length=10, choices=Kind.choices)
    slug = models.SlugField("identifiant d'URL", max_length=80, unique=True)
    name = models.CharField("nom", max_length=120)
    role = models.CharField(
        "fonction", max_length=200, blank=True, help_text="Par exemple : adjointe au maire."
    )
    sector = models.ForeignKey(
        SectorTownHall,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="question_recipients",
        verbose_name="mairie de secteur",
    )
    account = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="question_recipients",
        verbose_name="compte de l'élu·e",
    )
    staff = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="questions_answered_for",
        verbose_name="cabinet (comptes qui répondent)",
    )
    is_active = models.BooleanField("reçoit des questions", default=True)

    objects = RecipientQuerySet.as_manager()

    class Meta:
        verbose_name = "destinataire des questions"
        verbose_name_plural = "destinataires des questions"
        ordering = ["kind", "name"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(kind="town_hall") | models.Q(sector__isnull=False),
                name="town_hall_recipient_has_sector",
                violation_error_message="Une mairie de secteur doit désigner son secteur.",
            ),
            models.UniqueConstraint(
                fields=["sector"],
                condition=models.Q(kind="town_hall"),
                name="one_town_hall_recipient_per_sector",
                violation_error_message="Cette mairie de secteur reçoit déjà des questions.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name}, {self.role}" if self.role else self.name

    def answered_by(self, user: object) -> bool:
        """`user` is the official or one of their staff."""
        pk = getattr(user, "pk", None)
        if pk is None:
            return False
        return self.account_id == pk or self.staff.filter(pk=pk).exists()


class Status(models.TextChoices):
    PENDING = "pending", "en attente de relecture"
    PUBLISHED = "published", "publiée"
    REFUSED = "refused", "refusée"


class QuestionQuerySet(models.QuerySet["Question"]):
    def published(self) -> QuestionQuerySet:
        return self.filter(status=Status.PUBLISHED)

    def answered(self) -> QuestionQuerySet:
        return self.exclude(answered_at=None)

    def unanswered(self) -> QuestionQuerySet:
        return self.filter(answered_at=None)

    def waiting_too_long(self) -> QuestionQuerySet:
        """Published, unanswered and past the promised delay."""
        limit = timezone.now() - timedelta(days=ANSWER_WITHIN_DAYS)
        return self.published().unanswered().filter(published_at__lt=limit)


class Question(models.Model):
    recipient = models.ForeignKey(
        Recipient, on_delete=models.PROTECT, related_name="questions", verbose_name="destinataire"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="questions_asked",
        verbose_name="auteur",
    )
    pseudonym = models.CharField("pseudonyme", max_length=PSEUDONYM_MAX, blank=True)
    subject = models.CharField("objet", max_length=SUBJECT_MAX)
    text = models.TextField("question")
    status = models.CharField(
        "statut", max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    asked_at = models.DateTimeField("posée le", default=timezone.now)
    moderated_at = models.DateTimeField("relue le", null=True, blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="relue par",
    )
    refusal_reason = models.CharField("motif du refus", max_length=300, blank=True)
    published_at = models.DateTimeField("publiée le", null=True, blank=True, db_index=True)
    answer = models.TextField("réponse", blank=True)
    answer_signature = models.CharField("réponse signée", max_length=200, blank=True)
    answered_at = models.DateTimeField("répondue le", null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="répondue par",
    )
    # From publication to answer, written with the answer: the figures' median reads it in SQL.
    answer_days = models.FloatField("délai de réponse (jours)", null=True, blank=True)

    objects = QuestionQuerySet.as_manager()

    class Meta:
        verbose_name = "question aux élus"
        verbose_name_plural = "questions aux élus"
        ordering = ["-published_at", "-asked_at"]
        permissions = [("moderate_question", "Peut relire et publier les questions aux élus")]
        indexes = [models.Index(fields=["recipient", "status"], name="question_recipient_status")]

    def __str__(self) -> str:
        return self.subject

    @property
    def is_public(self) -> bool:
        return self.status == Status.PUBLISHED

    @property
    def asked_by(self) -> str:
        """The name shown: the pseudonym chosen, else the account's name, else "Anonyme"."""
        if self.pseudonym:
            return self.pseudonym
        return str(self.author) if self.author is not None else _("Anonyme")
