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


# Document consultations (a PLU or any regulation) and their public register ------------------


class Regulation(models.Model):
    """A document put to consultation (a PLU modification, a bylaw), with its register's
    dates: observations are received from `opens_at` to `closes_at`, no sooner, no later."""

    slug = models.SlugField(max_length=80, unique=True, verbose_name="identifiant d'URL")
    title = models.CharField(max_length=200, verbose_name="titre")
    summary = models.TextField(blank=True, verbose_name="présentation")
    opens_at = models.DateTimeField(verbose_name="ouverture du registre")
    closes_at = models.DateTimeField(verbose_name="clôture du registre")
    commissioner_name = models.CharField(
        max_length=120, blank=True, verbose_name="commissaire enquêteur (nom affiché)"
    )
    commissioner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name="compte du commissaire enquêteur",
    )  # fmt: skip
    is_published = models.BooleanField(default=False, verbose_name="publiée")
    # The last number given in the register: read under a row lock to number the next one.
    last_number = models.PositiveIntegerField(default=0, verbose_name="dernier numéro attribué")
    created_at = models.DateTimeField(default=timezone.now, verbose_name="créée le")

    class Meta:
        verbose_name = "consultation d'un document"
        verbose_name_plural = "consultations de documents"
        ordering = ["-opens_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closes_at__gt=models.F("opens_at")),
                name="consultations_regulation_dates",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def is_open(self, at: Any = None) -> bool:
        at = at or timezone.now()
        return self.is_published and self.opens_at <= at < self.closes_at

    def has_closed(self, at: Any = None) -> bool:
        return (at or timezone.now()) >= self.closes_at


class PartKind(models.TextChoices):
    CHAPTER = "chapter", _("Chapitre")
    SECTION = "section", _("Section")
    ARTICLE = "article", _("Article")


class Part(models.Model):
    """A chapter, section or article of the document. `anchor` comes from the heading's number
    ("Article UA 7" → "article-ua-7"), so it stays the same when the text is imported again;
    a part missing from a later import is kept, marked `removed`, for the observations on it."""

    regulation = models.ForeignKey(
        Regulation, on_delete=models.CASCADE, related_name="parts", verbose_name="document"
    )
    parent = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="children",
        verbose_name="partie parente",
    )  # fmt: skip
    kind = models.CharField(max_length=8, choices=PartKind.choices, verbose_name="nature")
    number = models.CharField(max_length=30, blank=True, verbose_name="numéro")
    title = models.CharField(max_length=300, verbose_name="titre")
    anchor = models.SlugField(max_length=80, verbose_name="ancre")
    body = models.TextField(blank=True, verbose_name="texte")
    position = models.PositiveIntegerField(default=0, verbose_name="ordre")
    removed = models.BooleanField(default=False, verbose_name="retiré du texte")

    class Meta:
        verbose_name = "partie du document"
        verbose_name_plural = "parties du document"
        ordering = ["regulation", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["regulation", "anchor"], name="consultations_part_anchor"
            )
        ]

    def __str__(self) -> str:
        return self.heading

    @property
    def heading(self) -> str:
        label = {"chapter": _("Chapitre"), "section": _("Section"), "article": _("Article")}
        if not self.number:
            return self.title
        return f"{label[self.kind]} {self.number} — {self.title}"

    def paragraphs(self) -> list[str]:
        return [p.strip() for p in self.body.split("\n\n") if p.strip()]


class Zone(models.Model):
    """A zone of the zoning map: its code (UA, N…), its name, its outline (a GeoJSON Polygon
    or MultiPolygon, WGS84) and the articles that rule it."""

    regulation = models.ForeignKey(
        Regulation, on_delete=models.CASCADE, related_name="zones", verbose_name="document"
    )
    code = models.CharField(max_length=12, verbose_name="code")
    name = models.CharField(max_length=200, verbose_name="nom")
    geometry = models.JSONField(verbose_name="contour (GeoJSON)")
    articles = models.ManyToManyField(
        Part, blank=True, related_name="zones", verbose_name="articles applicables"
    )
    # Articles the zone file names beyond those numbered with the zone's code (general rules).
    declared_articles = models.JSONField(default=list, blank=True, verbose_name="articles cités")
    position = models.PositiveIntegerField(default=0, verbose_name="ordre")

    class Meta:
        verbose_name = "zone du plan de zonage"
        verbose_name_plural = "zones du plan de zonage"
        ordering = ["regulation", "position", "code"]
        constraints = [
            models.UniqueConstraint(fields=["regulation", "code"], name="consultations_zone_code")
        ]

    def __str__(self) -> str:
        return f"{self.code} — {self.name}"


class Theme(models.TextChoices):
    HEIGHTS = "hauteurs", _("Hauteurs et densité")
    HOUSING = "logement", _("Logement")
    NATURE = "nature", _("Nature, espaces verts et paysage")
    HERITAGE = "patrimoine", _("Patrimoine et architecture")
    MOBILITY = "deplacements", _("Déplacements et stationnement")
    SHOPS = "commerces", _("Commerces et activités")
    RISKS = "risques", _("Risques et nuisances")
    OTHER = "autre", _("Autre")


class TargetKind(models.TextChoices):
    DOCUMENT = "document", _("Le document en général")
    ARTICLE = "article", _("Un article")
    PASSAGE = "passage", _("Un passage d'un article")
    ZONE = "zone", _("Une zone")
    POINT = "point", _("Un lieu sur la carte")


class ObservationStatus(models.TextChoices):
    PENDING = "pending", _("En attente de modération")
    PUBLISHED = "published", _("Publiée")
    REJECTED = "rejected", _("Refusée")


class AnswerRole(models.TextChoices):
    COMMISSIONER = "commissioner", _("Le commissaire enquêteur")
    CITY = "city", _("La Ville")


class Observation(models.Model):
    """One observation of the register. `number` is given in order of arrival, per document,
    without gaps; it is public once a moderator publishes it. A passage keeps its article, its
    character range in the article's text and the quoted words, to be found again when the
    text is imported again (`orphaned` when the words are gone)."""

    regulation = models.ForeignKey(
        Regulation, on_delete=models.CASCADE, related_name="observations",
        verbose_name="document",
    )  # fmt: skip
    number = models.PositiveIntegerField(verbose_name="numéro")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="register_observations", verbose_name="compte de l'auteur",
    )  # fmt: skip
    author_name = models.CharField(max_length=120, blank=True, verbose_name="nom de l'auteur")
    author_email = models.EmailField(blank=True, verbose_name="courriel de l'auteur")
    # What the public register shows: the name the author chose, or "Anonyme" when blank.
    display_name = models.CharField(max_length=80, blank=True, verbose_name="nom affiché")
    text = models.TextField(verbose_name="observation")
    theme = models.CharField(max_length=16, choices=Theme.choices, verbose_name="thème")
    target = models.CharField(max_length=10, choices=TargetKind.choices, verbose_name="objet")
    part = models.ForeignKey(
        Part, on_delete=models.SET_NULL, null=True, blank=True, related_name="observations",
        verbose_name="article",
    )  # fmt: skip
    start = models.PositiveIntegerField(null=True, blank=True, verbose_name="début du passage")
    end = models.PositiveIntegerField(null=True, blank=True, verbose_name="fin du passage")
    quote = models.TextField(blank=True, verbose_name="passage cité")
    orphaned = models.BooleanField(default=False, verbose_name="passage disparu du texte")
    zone = models.ForeignKey(
        Zone, on_delete=models.SET_NULL, null=True, blank=True, related_name="observations",
        verbose_name="zone du plan",
    )  # fmt: skip
    latitude = models.FloatField(null=True, blank=True, verbose_name="latitude")
    longitude = models.FloatField(null=True, blank=True, verbose_name="longitude")
    place = models.CharField(max_length=200, blank=True, verbose_name="adresse indiquée")
    status = models.CharField(
        max_length=12, choices=ObservationStatus.choices, default=ObservationStatus.PENDING,
        verbose_name="état",
    )  # fmt: skip
    created_at = models.DateTimeField(default=timezone.now, verbose_name="déposée le")
    moderated_at = models.DateTimeField(null=True, blank=True, verbose_name="modérée le")
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name="modérée par",
    )  # fmt: skip
    refusal_reason = models.CharField(max_length=300, blank=True, verbose_name="motif du refus")
    answer = models.TextField(blank=True, verbose_name="réponse")
    answer_role = models.CharField(
        max_length=12, choices=AnswerRole.choices, blank=True, verbose_name="réponse de"
    )
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name="réponse écrite par",
    )  # fmt: skip
    answered_at = models.DateTimeField(null=True, blank=True, verbose_name="répondue le")

    class Meta:
        verbose_name = "observation du registre"
        verbose_name_plural = "observations du registre"
        ordering = ["regulation", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["regulation", "number"], name="consultations_observation_number"
            )
        ]
        indexes = [models.Index(fields=["regulation", "status", "number"])]
        permissions = [
            ("moderate_observation", "Peut modérer les observations des registres"),
            ("answer_observation", "Peut répondre aux observations des registres"),
        ]

    def __str__(self) -> str:
        return f"Observation n° {self.number}"

    @property
    def shown_name(self) -> str:
        return self.display_name or str(_("Anonyme"))


class ObservationFile(models.Model):
    observation = models.ForeignKey(
        Observation, on_delete=models.CASCADE, related_name="files", verbose_name="observation"
    )
    upload = models.ForeignKey(
        "core.Upload", on_delete=models.PROTECT, related_name="+", verbose_name="fichier"
    )

    class Meta:
        verbose_name = "pièce jointe"
        verbose_name_plural = "pièces jointes"

    def __str__(self) -> str:
        return f"{self.observation} — {self.upload}"


class ObservationDecision(models.Model):
    """The moderation trail: each publication, refusal and answer, by whom and when."""

    observation = models.ForeignKey(
        Observation, on_delete=models.CASCADE, related_name="decisions",
        verbose_name="observation",
    )  # fmt: skip
    action = models.CharField(
        max_length=12,
        choices=[("published", "publiée"), ("rejected", "refusée"), ("answered", "répondue")],
        verbose_name="décision",
    )
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+",
        verbose_name="par",
    )  # fmt: skip
    at = models.DateTimeField(default=timezone.now, verbose_name="le")
    note = models.CharField(max_length=300, blank=True, verbose_name="note")

    class Meta:
        verbose_name = "décision sur une observation"
        verbose_name_plural = "décisions sur les observations"
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.observation} {self.get_action_display()} le {self.at:%Y-%m-%d}"
