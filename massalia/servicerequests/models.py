"""Service requests: the case engine every demand rides on (Open311's "service requests")."""

from __future__ import annotations

import re
import secrets
import statistics
from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from massalia.core import moderation
from massalia.core.models import ModerationDecisionBase, Upload
from massalia.core.text import clean_text, scrub
from massalia.servicerequests.workflows import (
    REPORT,
    State,
    Workflow,
    closed_states,
    open_states,
    resolving_states,
    workflows,
)
from massalia.territory.models import Arrondissement, Department, Quartier


class RequestType(models.Model):
    """What a citizen can report or ask for (an Open311 "service")."""

    code = models.SlugField(max_length=60, unique=True)
    name = models.CharField("nom", max_length=120)
    group = models.CharField("groupe", max_length=80)
    description = models.TextField(blank=True)
    keywords = models.CharField("mots-clés", max_length=300, blank=True)
    department = models.ForeignKey(
        Department,
        on_delete=models.PROTECT,
        related_name="request_types",
        help_text="Service par défaut quand aucune couverture par arrondissement ne s'applique.",
        verbose_name="service municipal",
    )
    is_public = models.BooleanField(
        "public",
        default=True,
        help_text="Une demande d'un type non public n'apparaît ni sur les pages publiques, ni "
        "dans Open311, ni dans les exports : seuls son service et son demandeur la voient.",
    )
    is_active = models.BooleanField("actif", default=True)
    workflow = models.CharField(
        "circuit de traitement",
        max_length=40,
        default=REPORT.code,
        help_text="Les statuts par lesquels passe une demande de ce type.",
    )
    expected_days = models.PositiveSmallIntegerField("délai de traitement (jours)", default=14)
    duplicate_radius_m = models.PositiveIntegerField("rayon des doublons (m)", default=50)

    class Meta:
        ordering = ["group", "name"]
        verbose_name = "type de demande"
        verbose_name_plural = "types de demande"

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.workflow not in dict(workflows.choices()):
            raise ValidationError({"workflow": "Circuit de traitement inconnu."})

    @property
    def has_attributes(self) -> bool:
        return self.attributes.exists()

    @property
    def flow(self) -> Workflow:
        return workflows.get(self.workflow)


class Attribute(models.Model):
    """An extra typed field of a request type (Open311 service definition attribute)."""

    class Datatype(models.TextChoices):
        STRING = "string", "texte court"
        NUMBER = "number", "nombre"
        DATETIME = "datetime", "date et heure"
        TEXT = "text", "texte long"
        SINGLEVALUELIST = "singlevaluelist", "choix unique"
        MULTIVALUELIST = "multivaluelist", "choix multiple"

    request_type = models.ForeignKey(
        RequestType,
        on_delete=models.CASCADE,
        related_name="attributes",
        verbose_name="type de demande",
    )
    code = models.SlugField(max_length=60)
    datatype = models.CharField("type de valeur", max_length=20, choices=Datatype.choices)
    required = models.BooleanField("obligatoire", default=False)
    variable = models.BooleanField("à remplir par le demandeur", default=True)
    description = models.CharField("question", max_length=300)
    datatype_description = models.CharField("aide à la saisie", max_length=300, blank=True)
    order = models.PositiveSmallIntegerField("ordre", default=0)
    values = models.JSONField(
        "valeurs proposées",
        default=list,
        blank=True,
        help_text='Pour les listes : [{"key": "…", "name": "…"}, …]',
    )

    class Meta:
        verbose_name = "champ complémentaire"
        verbose_name_plural = "champs complémentaires"
        ordering = ["request_type", "order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["request_type", "code"], name="one_attribute_code_per_type"
            )
        ]

    def __str__(self) -> str:
        return f"{self.request_type.code}.{self.code}"

    def value_keys(self) -> list[str]:
        return [str(v["key"]) for v in self.values]


class Status(models.TextChoices):
    """The states of a problem report (`workflows.REPORT`), by name for code and tests."""

    NEW = "new", "nouvelle"
    ACKNOWLEDGED = "acknowledged", "prise en compte"
    IN_PROGRESS = "in_progress", "en cours"
    RESOLVED = "resolved", "résolue"
    REJECTED = "rejected", "rejetée"
    DUPLICATE = "duplicate", "doublon"


class ServiceRequestQuerySet(models.QuerySet["ServiceRequest"]):
    """The rules of "which requests" in one place: every page, export and figure uses them."""

    def confirmed(self) -> ServiceRequestQuerySet:
        """Work for a department: confirmed requests (an anonymous one waits for its email)."""
        return self.filter(confirmed_at__isnull=False)

    def published(self) -> ServiceRequestQuerySet:
        """What the public may see: confirmed requests of public types."""
        return self.confirmed().filter(request_type__is_public=True)

    def open(self) -> ServiceRequestQuerySet:
        return self.filter(self.open_q())

    @staticmethod
    def open_q() -> models.Q:
        return models.Q(status__in=open_states())

    def closed(self) -> ServiceRequestQuerySet:
        return self.filter(status__in=closed_states())

    def for_departments(self, ids: set[int]) -> ServiceRequestQuerySet:
        return self.filter(department_id__in=ids)

    def overdue(self, now: datetime | None = None) -> ServiceRequestQuerySet:
        return self.filter(self.overdue_q(now))

    @staticmethod
    def overdue_q(now: datetime | None = None) -> models.Q:
        """Open and past its expected date (as a condition, for counts in one query)."""
        return ServiceRequestQuerySet.open_q() & models.Q(expected_at__lt=now or timezone.now())

    @staticmethod
    def resolved_q(since: datetime, until: datetime | None = None) -> models.Q:
        """Answered favourably between `since` and `until` (closed_at in that span)."""
        span = models.Q(status__in=resolving_states(), closed_at__gte=since)
        return span & models.Q(closed_at__lt=until) if until else span

    def resolved(self, since: datetime, until: datetime | None = None) -> ServiceRequestQuerySet:
        return self.filter(self.resolved_q(since, until))

    def with_unread_answer(self) -> ServiceRequestQuerySet:
        """Cases whose requester wrote a message no agent of the department opened yet."""
        unread = CaseMessage.objects.filter(
            request=models.OuterRef("pk"), sender=CaseMessage.Sender.REQUESTER, read_at=None
        )
        return self.filter(models.Exists(unread))

    def in_arrondissement(self, arrondissement_id: int) -> ServiceRequestQuerySet:
        """Placed in the arrondissement, or in one of its quartiers (placed by quartier only)."""
        return self.filter(
            models.Q(arrondissement_id=arrondissement_id)
            | models.Q(arrondissement=None, quartier__arrondissement_id=arrondissement_id)
        )

    def median_days_by(self, key: str) -> dict[object, float]:
        """Median days from filing to closing of these (closed) rows, per value of `key`."""
        spans: dict[object, list[float]] = {}
        for value, created, closed in self.exclude(closed_at=None).values_list(
            key, "created_at", "closed_at"
        ):
            spans.setdefault(value, []).append((closed - created).total_seconds() / 86400)
        return {value: round(statistics.median(days), 1) for value, days in spans.items()}


class ServiceRequest(models.Model):
    request_type = models.ForeignKey(
        RequestType,
        on_delete=models.PROTECT,
        related_name="requests",
        verbose_name="type de demande",
    )
    # As the citizen wrote it, for the agents; the public copy hides personal data.
    description = models.TextField()
    public_description = models.TextField("description publique", blank=True)
    attributes = models.JSONField("champs complémentaires", default=dict, blank=True)
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    address = models.CharField("adresse", max_length=250, blank=True)
    quartier = models.ForeignKey(Quartier, on_delete=models.PROTECT, null=True, blank=True)
    arrondissement = models.ForeignKey(
        Arrondissement, on_delete=models.PROTECT, null=True, blank=True
    )
    # A state of the type's workflow (`request_type.flow`).
    status = models.CharField("statut", max_length=40, default=Status.NEW, db_index=True)
    department = models.ForeignKey(
        Department,
        on_delete=models.PROTECT,
        related_name="requests",
        verbose_name="service municipal",
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_requests",
        verbose_name="agent chargé",
    )
    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="service_requests",
        verbose_name="demandeur",
    )
    requester_email = models.EmailField("adresse électronique du demandeur", blank=True)
    requester_name = models.CharField("nom du demandeur", max_length=120, blank=True)
    confirmation_token = models.CharField(
        "jeton de confirmation", max_length=64, blank=True, db_index=True
    )
    confirmed_at = models.DateTimeField("confirmée le", null=True, blank=True, db_index=True)
    source = models.CharField(max_length=30, default="web")
    merged_into = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="merged",
        verbose_name="fusionnée dans",
    )
    created_at = models.DateTimeField("créée le", default=timezone.now, db_index=True)
    updated_at = models.DateTimeField("modifiée le", default=timezone.now, db_index=True)
    expected_at = models.DateTimeField("échéance", null=True, blank=True, db_index=True)
    closed_at = models.DateTimeField("clôturée le", null=True, blank=True)

    objects = ServiceRequestQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "demande"
        indexes = [
            models.Index(fields=["department", "status", "created_at"]),
            models.Index(fields=["request_type", "status"]),
            models.Index(fields=["updated_at", "id"]),
        ]

    def __str__(self) -> str:
        return f"n° {self.pk} — {self.request_type.name}"

    def set_description(self, text: str) -> None:
        """Keep the citizen's text for the agents and its public copy without personal data."""
        self.description = clean_text(text).strip()
        self.public_description = scrub(self.description)

    @property
    def flow(self) -> Workflow:
        return self.request_type.flow

    @property
    def state(self) -> State:
        return self.flow.state(self.status)

    def get_status_display(self) -> str:
        return self.state.label

    @property
    def is_open(self) -> bool:
        return self.state.is_open

    @property
    def is_public(self) -> bool:
        return self.confirmed_at is not None and self.request_type.is_public

    @property
    def is_overdue(self) -> bool:
        return self.is_open and self.expected_at is not None and self.expected_at < timezone.now()

    def can_move_to(self, status: str) -> bool:
        return self.flow.can_move(self.status, status)

    def allowed_statuses(self) -> list[tuple[str, str]]:
        return [(s.code, s.label) for s in self.flow.next_states(self.status)]

    def compute_expected_at(self) -> None:
        self.expected_at = self.created_at + timedelta(days=self.request_type.expected_days)

    def new_confirmation_token(self) -> str:
        self.confirmation_token = secrets.token_urlsafe(32)
        return self.confirmation_token

    @property
    def contact_email(self) -> str:
        if self.requester_id and self.requester and self.requester.email:
            return self.requester.email
        return self.requester_email


class CaseMessage(models.Model):
    """A message between the requester and the department handling the case.

    Only they read it (and administrators): it is never public, never in Open311 or an export.
    A requester writes once signed in; an agent's message also reaches the requester by email.
    """

    class Sender(models.TextChoices):
        REQUESTER = "requester", "le demandeur"
        DEPARTMENT = "department", "le service"

    request = models.ForeignKey(ServiceRequest, on_delete=models.CASCADE, related_name="messages")
    sender = models.CharField(max_length=12, choices=Sender.choices)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    body = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)
    # When the other side first opened it (an agent of the department, or the requester).
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = "message"
        indexes = [models.Index(fields=["request", "sender", "read_at"])]

    def __str__(self) -> str:
        return f"message of {self.get_sender_display()} on request {self.request_id}"

    @property
    def from_requester(self) -> bool:
        return self.sender == self.Sender.REQUESTER


class AttachmentQuerySet(models.QuerySet["Attachment"]):
    def photos(self) -> AttachmentQuerySet:
        """The pictures filed with the case (not the documents of its correspondence)."""
        return self.filter(message__isnull=True)

    def public(self) -> AttachmentQuerySet:
        """What anyone who may see the case sees: its public photos a moderator did not hold
        back or hide (`contributions`)."""
        return self.photos().filter(is_public=True, moderation=moderation.State.PUBLISHED)


class Attachment(models.Model):
    """A file attached to a case: a photo filed with it, or a document of its correspondence.

    Both went through the one upload pipeline (`core.uploads`); a document is never public.
    """

    request = models.ForeignKey(
        ServiceRequest, on_delete=models.CASCADE, related_name="attachments"
    )
    upload = models.OneToOneField(Upload, on_delete=models.CASCADE)
    is_public = models.BooleanField(default=True)
    # Set for a document sent with a message of the correspondence.
    message = models.ForeignKey(
        CaseMessage, on_delete=models.CASCADE, null=True, blank=True, related_name="documents"
    )
    # A photo's moderation (`contributions`): who added it, with which update, and its state.
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="ajoutée par",
    )
    contribution = models.ForeignKey(
        "Contribution",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="photos",
        verbose_name="complément",
    )
    moderation = models.CharField(
        max_length=12,
        choices=moderation.State.choices,
        default=moderation.State.PUBLISHED,
        verbose_name="modération",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = AttachmentQuerySet.as_manager()

    class Meta:
        ordering = ["id"]
        verbose_name = "pièce jointe"

    def __str__(self) -> str:
        return f"attachment {self.upload_id} of request {self.request_id}"

    @property
    def is_pdf(self) -> bool:
        return self.upload.content_type == "application/pdf"


class Contribution(models.Model):
    """A public update someone added to a case (text, photos or both), published at once or
    after a moderator, as `SERVICEREQUESTS_HOLD_CONTRIBUTIONS` says (`contributions`).

    The text is kept as written for the department and moderators; the public copy hides
    personal data (`core.text.scrub`), like a request's description."""

    request = models.ForeignKey(
        ServiceRequest,
        on_delete=models.CASCADE,
        related_name="contributions",
        verbose_name="demande",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="auteur",
    )
    text = models.TextField(blank=True, verbose_name="texte")
    public_text = models.TextField(blank=True, verbose_name="texte public")
    moderation = models.CharField(
        max_length=12,
        choices=moderation.State.choices,
        default=moderation.State.PENDING,
        verbose_name="modération",
    )
    created_at = models.DateTimeField(default=timezone.now, verbose_name="ajoutée le")

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = "contribution"
        indexes = [models.Index(fields=["moderation", "created_at"])]

    def __str__(self) -> str:
        return f"contribution {self.pk} to request {self.request_id}"

    @property
    def is_published(self) -> bool:
        return self.moderation == moderation.State.PUBLISHED


class ContributionDecision(ModerationDecisionBase):
    """The moderation trail of a case's contributions: one row per decision on an update or
    a photo (`core.models.ModerationDecisionBase`: who, when, which decision, why)."""

    request = models.ForeignKey(
        ServiceRequest,
        on_delete=models.CASCADE,
        related_name="moderation_decisions",
        verbose_name="demande",
    )
    contribution = models.ForeignKey(
        Contribution,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="decisions",
        verbose_name="complément",
    )
    attachment = models.ForeignKey(
        Attachment,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="decisions",
        verbose_name="photo",
    )

    class Meta(ModerationDecisionBase.Meta):
        verbose_name = "décision de modération"
        verbose_name_plural = "décisions de modération"


class Follow(models.Model):
    """Someone who wants an email at every public change of a request."""

    request = models.ForeignKey(ServiceRequest, on_delete=models.CASCADE, related_name="follows")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True
    )
    email = models.EmailField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["request", "user"], name="one_follow_per_user"),
        ]

    def __str__(self) -> str:
        return f"{self.user or self.email} follows {self.request_id}"


class HistoryEntry(models.Model):
    """One line of a case's history, the audit trail: every change, public or internal (not a
    domain event, which `events.py` declares, nor an outbox row)."""

    class Kind(models.TextChoices):
        CREATED = "created", "demande déposée"
        CONFIRMED = "confirmed", "adresse email confirmée"
        STATUS = "status", "changement de statut"
        ASSIGNED = "assigned", "attribution"
        REASSIGNED = "reassigned", "changement de service"
        MERGED = "merged", "fusion"
        COMMENT = "comment", "note"
        PHOTO = "photo", "photo ajoutée"
        MESSAGE = "message", "message"
        CONTRIBUTION = "contribution", "contribution ajoutée"

    request = models.ForeignKey(ServiceRequest, on_delete=models.CASCADE, related_name="history")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    from_status = models.CharField(max_length=40, blank=True)
    to_status = models.CharField(max_length=40, blank=True)
    public_note = models.TextField(blank=True)
    internal_note = models.TextField(blank=True)
    data = models.JSONField(default=dict, blank=True)
    is_public = models.BooleanField(default=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["created_at", "id"]
        # The latest public note of a request (Open311 status_notes, public pages).
        indexes = [models.Index(fields=["request", "is_public", "created_at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.created_at:%d/%m/%Y %H:%M})"

    @property
    def to_status_label(self) -> str:
        return self.request.flow.label_of(self.to_status) if self.to_status else ""

    @property
    def from_status_label(self) -> str:
        return self.request.flow.label_of(self.from_status) if self.from_status else ""


class AnswerTemplate(models.Model):
    """A ready answer an agent starts from (a status note, a message), with placeholders.

    Placeholders in braces are filled from the case: {numero}, {type}, {adresse},
    {quartier}, {service}, {deposee_le}, {echeance}; an unknown one is left as written.
    """

    PLACEHOLDERS = ("numero", "type", "adresse", "quartier", "service", "deposee_le", "echeance")

    department = models.ForeignKey(
        Department,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="answer_templates",
        help_text="Vide : proposée à tous les services.",
        verbose_name="service municipal",
    )
    title = models.CharField("titre", max_length=120)
    body = models.TextField(
        "texte",
        help_text="Repères remplacés : {numero}, {type}, {adresse}, {quartier}, {service}, "
        "{deposee_le}, {echeance}.",
    )
    is_active = models.BooleanField("proposée", default=True)

    class Meta:
        ordering = ["title", "id"]
        verbose_name = "réponse type"
        verbose_name_plural = "réponses types"

    def __str__(self) -> str:
        return self.title

    def fill(self, case: ServiceRequest) -> str:
        """The text for `case`, its placeholders replaced (any other brace stays as written)."""
        values = _case_values(case)
        return _PLACEHOLDER.sub(lambda m: values.get(m.group(1), m.group(0)), self.body)


_PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")


def _case_values(case: ServiceRequest) -> dict[str, str]:
    local = timezone.localtime
    return {
        "numero": str(case.pk),
        "type": case.request_type.name,
        "adresse": case.address or (case.quartier.display_name if case.quartier else ""),
        "quartier": case.quartier.display_name if case.quartier else "",
        "service": case.department.name,
        "deposee_le": f"{local(case.created_at):%d/%m/%Y}",
        "echeance": f"{local(case.expected_at):%d/%m/%Y}" if case.expected_at else "",
    }


# Area alerts (`area_alerts.py`) ------------------------------------------------------------

ALERT_RADIUS_MIN_M = 250
ALERT_RADIUS_MAX_M = 2000


class AreaAlert(models.Model):
    """A person who wants to hear of every new public request in a quartier or around a point.

    The person is an account or, for someone without one, a bare address that proved itself
    by opening the confirmation link (`confirmed_at`), as for notifications. The area is a
    quartier, or a point (the address they typed, geocoded) with a radius. Without a type or
    group chosen, every public type alerts.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="area_alerts",
        verbose_name="compte",
    )
    email = models.EmailField("adresse électronique", blank=True)
    quartier = models.ForeignKey(
        Quartier,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="area_alerts",
        verbose_name="quartier",
    )
    latitude = models.FloatField("latitude", null=True, blank=True)
    longitude = models.FloatField("longitude", null=True, blank=True)
    radius_m = models.PositiveIntegerField("rayon (m)", null=True, blank=True)
    address = models.CharField("adresse saisie", max_length=250, blank=True)
    request_types = models.ManyToManyField(
        RequestType,
        blank=True,
        related_name="area_alerts",
        verbose_name="types de demande",
        help_text="Vide, avec aucun groupe : tous les types publics.",
    )
    groups = models.JSONField("groupes de types", default=list, blank=True)
    # Proves the confirmation link, then the "delete this alert" link of its emails.
    token = models.CharField("jeton", max_length=64, db_index=True)
    created_at = models.DateTimeField("créée le", default=timezone.now)
    confirmed_at = models.DateTimeField("confirmée le", null=True, blank=True, db_index=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = "alerte de quartier"
        verbose_name_plural = "alertes de quartier"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(user__isnull=False)
                | (models.Q(user__isnull=True) & ~models.Q(email="")),
                name="area_alert_names_a_person",
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(quartier__isnull=False)
                    & models.Q(latitude__isnull=True, longitude__isnull=True, radius_m__isnull=True)
                )
                | (
                    models.Q(quartier__isnull=True)
                    & models.Q(latitude__isnull=False, longitude__isnull=False)
                    & models.Q(radius_m__gte=ALERT_RADIUS_MIN_M, radius_m__lte=ALERT_RADIUS_MAX_M)
                ),
                name="area_alert_is_a_quartier_or_a_circle",
            ),
        ]
        indexes = [models.Index(fields=["latitude", "longitude"], name="area_alert_point")]

    def __str__(self) -> str:
        where = self.quartier.display_name if self.quartier else f"{self.radius_m} m"
        return f"{self.user or self.email} · {where}"
