"""Consultations ("processes"), their phases, the proposals people make in them, the supports
they gather and the city's official answers.

A process's current phase is not stored: it follows from today's date and the phases' dates
(`Process.phase_on`), so a consultation moves on by itself, without a job.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from massalia.territory.models import Arrondissement, Department, Quartier


class Scope(models.TextChoices):
    CITY = "city", _("Toute la ville")
    ARRONDISSEMENT = "arrondissement", _("Un arrondissement")
    QUARTIER = "quartier", _("Un quartier")


class PhaseKind(models.TextChoices):
    INFORMATION = "information", _("Information")
    CONTRIBUTIONS = "contributions", _("Propositions")
    REVIEW = "review", _("Examen par la Ville")
    VOTE = "vote", _("Vote")
    RESULTS = "results", _("Résultats")


# What each kind of phase lets people do. The vote itself belongs to the participatory budget
# (not built yet); a vote phase only says so for now.
PROPOSE = "propose"
SUPPORT = "support"
EDIT = "edit"
VOTE = "vote"
ALLOWS: dict[str, frozenset[str]] = {
    PhaseKind.INFORMATION: frozenset(),
    PhaseKind.CONTRIBUTIONS: frozenset({PROPOSE, SUPPORT, EDIT}),
    PhaseKind.REVIEW: frozenset(),
    PhaseKind.VOTE: frozenset({VOTE}),
    PhaseKind.RESULTS: frozenset(),
}
ALLOWS_TEXT = {
    PhaseKind.INFORMATION: _("Découvrez le projet et ses enjeux."),
    PhaseKind.CONTRIBUTIONS: _("Déposez vos propositions et soutenez celles des autres."),
    PhaseKind.REVIEW: _("Les services de la Ville étudient les propositions et y répondent."),
    PhaseKind.VOTE: _("Les habitants votent."),
    PhaseKind.RESULTS: _("Les résultats et les décisions de la Ville sont publiés."),
}


class ProcessQuerySet(models.QuerySet["Process"]):
    def published(self) -> ProcessQuerySet:
        return self.filter(is_published=True)


class Process(models.Model):
    slug = models.SlugField(max_length=80, unique=True, verbose_name="identifiant d'URL")
    title = models.CharField(max_length=200, verbose_name="titre")
    summary = models.CharField(max_length=300, verbose_name="résumé")
    body = models.TextField(blank=True, verbose_name="présentation")
    scope = models.CharField(
        max_length=20, choices=Scope.choices, default=Scope.CITY, verbose_name="périmètre"
    )
    arrondissement = models.ForeignKey(
        Arrondissement,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="arrondissement",
    )
    quartier = models.ForeignKey(
        Quartier,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="quartier",
    )
    # The department that examines the proposals and answers them.
    department = models.ForeignKey(
        Department, on_delete=models.PROTECT, related_name="+", verbose_name="service"
    )
    support_threshold = models.PositiveIntegerField(
        default=50, verbose_name="soutiens nécessaires pour un examen"
    )
    is_published = models.BooleanField(default=True, verbose_name="publiée")
    created_at = models.DateTimeField(default=timezone.now, verbose_name="créée le")

    objects = ProcessQuerySet.as_manager()

    class Meta:
        verbose_name = "consultation"
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                name="participation_process_scope",
                condition=(
                    Q(scope="city", arrondissement__isnull=True, quartier__isnull=True)
                    | Q(scope="arrondissement", arrondissement__isnull=False, quartier__isnull=True)
                    | Q(scope="quartier", quartier__isnull=False)
                ),
            ),
            models.CheckConstraint(
                name="participation_threshold_positive", condition=Q(support_threshold__gte=1)
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def phase_on(self, day: datetime.date) -> Phase | None:
        """The phase running on `day` (the one begun last when two overlap), or None."""
        running = [p for p in self.ordered_phases() if p.starts_on <= day <= p.ends_on]
        return running[-1] if running else None

    def current_phase(self) -> Phase | None:
        return self.phase_on(timezone.localdate())

    def ordered_phases(self) -> list[Phase]:
        # Sorted in Python: the list is prefetched on list pages, and has five rows at most.
        return sorted(self.phases.all(), key=lambda p: (p.starts_on, p.ends_on, p.pk))

    def allows(self, action: str, day: datetime.date | None = None) -> bool:
        phase = self.phase_on(day or timezone.localdate())
        return phase is not None and action in ALLOWS[phase.kind]

    def is_over(self, day: datetime.date | None = None) -> bool:
        phases = self.ordered_phases()
        return bool(phases) and max(p.ends_on for p in phases) < (day or timezone.localdate())

    def place_label(self) -> str:
        if self.scope == Scope.QUARTIER and self.quartier is not None:
            return self.quartier.display_name
        if self.scope == Scope.ARRONDISSEMENT and self.arrondissement is not None:
            return str(self.arrondissement)
        return str(Scope.CITY.label)

    def quartiers(self) -> models.QuerySet[Quartier]:
        """The quartiers a proposal of this process may be placed in."""
        rows = Quartier.objects.select_related("arrondissement")
        if self.scope == Scope.QUARTIER:
            return rows.filter(pk__in=[self.quartier_id])
        if self.scope == Scope.ARRONDISSEMENT:
            return rows.filter(arrondissement__in=[self.arrondissement_id])
        return rows.all()


class Phase(models.Model):
    process = models.ForeignKey(
        Process, on_delete=models.CASCADE, related_name="phases", verbose_name="consultation"
    )
    kind = models.CharField(max_length=20, choices=PhaseKind.choices, verbose_name="étape")
    starts_on = models.DateField(verbose_name="début")
    ends_on = models.DateField(verbose_name="fin")
    description = models.TextField(blank=True, verbose_name="description")

    class Meta:
        verbose_name = "étape"
        constraints = [
            models.UniqueConstraint(fields=["process", "kind"], name="participation_one_phase"),
            models.CheckConstraint(
                name="participation_phase_dates", condition=Q(ends_on__gte=models.F("starts_on"))
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.starts_on} → {self.ends_on})"

    def allows_text(self) -> str:
        return str(ALLOWS_TEXT[PhaseKind(self.kind)])

    def state_on(self, day: datetime.date) -> str:
        if day < self.starts_on:
            return "upcoming"
        return "past" if day > self.ends_on else "current"


class ProposalStatus(models.TextChoices):
    PUBLISHED = "published", _("Publiée")
    IN_REVIEW = "in_review", _("En examen")
    ANSWERED = "answered", _("Réponse de la Ville")


class Proposal(models.Model):
    process = models.ForeignKey(
        Process, on_delete=models.CASCADE, related_name="proposals", verbose_name="consultation"
    )
    # Null once the author's account is deleted: the proposal stays, without a name.
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="proposals",
        verbose_name="auteur",
    )
    title = models.CharField(max_length=150, verbose_name="titre")
    text = models.TextField(verbose_name="texte")
    address = models.CharField(max_length=250, blank=True, verbose_name="adresse")
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    quartier = models.ForeignKey(
        Quartier,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="quartier",
    )
    status = models.CharField(
        max_length=20,
        choices=ProposalStatus.choices,
        default=ProposalStatus.PUBLISHED,
        verbose_name="état",
    )
    # Kept with the Support rows in one transaction (an F() update), so lists need no COUNT.
    supports_count = models.PositiveIntegerField(default=0, verbose_name="soutiens")
    created_at = models.DateTimeField(default=timezone.now, verbose_name="déposée le")
    changed_at = models.DateTimeField(default=timezone.now, verbose_name="modifiée le")
    in_review_at = models.DateTimeField(null=True, blank=True, verbose_name="en examen depuis")

    class Meta:
        verbose_name = "proposition"
        ordering = ["-supports_count", "-created_at", "-pk"]
        indexes = [models.Index(fields=["process", "status"], name="participation_prop_status")]

    def __str__(self) -> str:
        return self.title

    def latest_answer(self) -> Answer | None:
        return self.answers.order_by("-answered_at", "-pk").first()


class Support(models.Model):
    proposal = models.ForeignKey(
        Proposal, on_delete=models.CASCADE, related_name="supports", verbose_name="proposition"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="proposal_supports",
        verbose_name="personne",
    )
    created_at = models.DateTimeField(default=timezone.now, verbose_name="le")

    class Meta:
        verbose_name = "soutien"
        constraints = [
            # One support per person and proposal, whatever the number of parallel requests.
            models.UniqueConstraint(fields=["proposal", "user"], name="participation_one_support")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} → {self.proposal_id}"


class Verdict(models.TextChoices):
    ACCEPTED = "accepted", _("Acceptée")
    REJECTED = "rejected", _("Refusée")
    UNDER_STUDY = "under_study", _("À l'étude")


class Answer(models.Model):
    """The city's official answer. A proposal may get several (under study, then accepted):
    each is kept and dated, the latest is the one that stands."""

    proposal = models.ForeignKey(
        Proposal, on_delete=models.CASCADE, related_name="answers", verbose_name="proposition"
    )
    verdict = models.CharField(max_length=20, choices=Verdict.choices, verbose_name="réponse")
    text = models.TextField(verbose_name="texte")
    official = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name="répondu par",
    )
    # The name shown publicly, kept as it was when the answer was given.
    official_name = models.CharField(max_length=150, verbose_name="nom affiché")
    department_name = models.CharField(max_length=120, verbose_name="service")
    answered_at = models.DateTimeField(default=timezone.now, verbose_name="le")

    class Meta:
        verbose_name = "réponse officielle"
        verbose_name_plural = "réponses officielles"
        ordering = ["-answered_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_verdict_display()} ({self.official_name})"


class CommentStatus(models.TextChoices):
    VISIBLE = "visible", _("Publié")
    PENDING = "pending", _("En attente de modération")
    HIDDEN = "hidden", _("Masqué par la modération")


class Comment(models.Model):
    """A comment on a proposal or on a process (exactly one of the two), or a reply to one.

    Threads are one level deep: a reply's parent is always a top-level comment of the same
    target (the service attaches a reply to a reply to its parent). Two plain foreign keys
    and a check constraint, so the database itself knows what a comment is about."""

    proposal = models.ForeignKey(
        Proposal,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="comments",
        verbose_name="proposition",
    )
    process = models.ForeignKey(
        Process,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="comments",
        verbose_name="consultation",
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="replies",
        verbose_name="en réponse à",
    )
    # Null once the author's account is deleted: the comment stays, without a name.
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="participation_comments",
        verbose_name="auteur",
    )
    text = models.TextField(verbose_name="texte")
    status = models.CharField(
        max_length=20,
        choices=CommentStatus.choices,
        default=CommentStatus.VISIBLE,
        verbose_name="état",
    )
    # Kept with their rows in one transaction (F() updates), so the page needs no COUNT.
    agree_count = models.PositiveIntegerField(default=0, verbose_name="d'accord")
    disagree_count = models.PositiveIntegerField(default=0, verbose_name="pas d'accord")
    # Reports since the last restore: a restored comment starts again from zero (the rows
    # stay, and the people who reported it cannot report it twice).
    reports_count = models.PositiveIntegerField(default=0, verbose_name="signalements")
    created_at = models.DateTimeField(default=timezone.now, verbose_name="publié le")

    class Meta:
        verbose_name = "commentaire"
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                name="participation_comment_one_target",
                condition=(
                    Q(proposal__isnull=False, process__isnull=True)
                    | Q(proposal__isnull=True, process__isnull=False)
                ),
            ),
        ]
        indexes = [models.Index(fields=["status", "created_at"], name="participation_cmt_status")]

    def __str__(self) -> str:
        return self.text[:60]

    @property
    def target_process(self) -> Process:
        """The consultation the comment belongs to, whichever its target."""
        if self.proposal is not None:
            return self.proposal.process
        assert self.process is not None
        return self.process

    @property
    def is_visible(self) -> bool:
        return self.status == CommentStatus.VISIBLE


class CommentVote(models.Model):
    AGREE = 1
    DISAGREE = -1

    comment = models.ForeignKey(
        Comment, on_delete=models.CASCADE, related_name="votes", verbose_name="commentaire"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="participation_comment_votes",
        verbose_name="personne",
    )
    value = models.SmallIntegerField(
        choices=[(AGREE, "d'accord"), (DISAGREE, "pas d'accord")], verbose_name="avis"
    )
    voted_at = models.DateTimeField(default=timezone.now, verbose_name="le")

    class Meta:
        verbose_name = "avis sur un commentaire"
        constraints = [
            # One vote per person and comment: changing one's mind updates the row.
            models.UniqueConstraint(fields=["comment", "user"], name="participation_one_vote"),
            models.CheckConstraint(name="participation_vote_value", condition=Q(value__in=[1, -1])),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} → {self.comment_id} ({self.value})"


class ReportReason(models.TextChoices):
    SPAM = "spam", _("Publicité ou spam")
    ABUSE = "abuse", _("Propos injurieux, haineux ou menaçants")
    PERSONAL = "personal", _("Données personnelles d'autrui")
    OFF_TOPIC = "off_topic", _("Hors sujet")
    OTHER = "other", _("Autre raison")


class CommentReport(models.Model):
    comment = models.ForeignKey(
        Comment, on_delete=models.CASCADE, related_name="reports", verbose_name="commentaire"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="participation_comment_reports",
        verbose_name="signalé par",
    )
    reason = models.CharField(max_length=20, choices=ReportReason.choices, verbose_name="motif")
    details = models.CharField(max_length=500, blank=True, verbose_name="précisions")
    reported_at = models.DateTimeField(default=timezone.now, verbose_name="le")

    class Meta:
        verbose_name = "signalement de commentaire"
        ordering = ["reported_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["comment", "user"], name="participation_one_report")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} → {self.comment_id} ({self.reason})"


class ModerationAction(models.TextChoices):
    HIDE = "hide", "Masquer"
    RESTORE = "restore", "Rétablir"


class ModerationDecision(models.Model):
    """The audit trail of moderation: who hid or restored which comment, when and why.

    Rows are only added (the service writes one per decision, the admin cannot edit them);
    the moderator's name is kept as it was, so the trail survives a deleted account."""

    comment = models.ForeignKey(
        Comment, on_delete=models.CASCADE, related_name="decisions", verbose_name="commentaire"
    )
    moderator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name="modérateur",
    )
    moderator_name = models.CharField(max_length=150, verbose_name="nom du modérateur")
    action = models.CharField(
        max_length=20, choices=ModerationAction.choices, verbose_name="décision"
    )
    reason = models.TextField(verbose_name="motif")
    decided_at = models.DateTimeField(default=timezone.now, verbose_name="le")

    class Meta:
        verbose_name = "décision de modération"
        verbose_name_plural = "décisions de modération"
        ordering = ["-decided_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.comment_id} ({self.moderator_name})"


# Participatory budget ----------------------------------------------------------------------


class BallotRuleKind(models.TextChoices):
    # The same codes as budget.BallotRule, the pure rules the pages and the count apply.
    KNAPSACK = "knapsack", _("Choix dans l'enveloppe")
    APPROVAL = "approval", _("Vote par approbation")


class Budget(models.Model):
    """A process's participatory budget: its envelope, its ballot rule and how residents
    are verified before they vote (one person, one vote).

    The vote runs during the process's "vote" phase; the results are public once it is
    over. Both follow from the phases' dates, like every phase of a process."""

    process = models.OneToOneField(
        Process, on_delete=models.CASCADE, related_name="budget", verbose_name="consultation"
    )
    envelope = models.PositiveIntegerField(verbose_name="enveloppe (euros)")
    ballot_rule = models.CharField(
        max_length=20,
        choices=BallotRuleKind.choices,
        default=BallotRuleKind.KNAPSACK,
        verbose_name="règle du bulletin",
    )
    max_projects = models.PositiveIntegerField(
        null=True, blank=True, verbose_name="nombre maximal de projets (approbation)"
    )
    by_census = models.BooleanField(
        default=True, verbose_name="vérification par le fichier des habitants"
    )
    by_agent = models.BooleanField(
        default=True, verbose_name="vérification par un agent ou un médiateur"
    )

    class Meta:
        verbose_name = "budget participatif"
        verbose_name_plural = "budgets participatifs"
        constraints = [
            models.CheckConstraint(
                name="participation_budget_rule",
                condition=(
                    Q(ballot_rule="knapsack", max_projects__isnull=True)
                    | Q(ballot_rule="approval", max_projects__gte=1)
                ),
            ),
            models.CheckConstraint(
                name="participation_budget_envelope", condition=Q(envelope__gte=1)
            ),
            models.CheckConstraint(
                name="participation_budget_verified", condition=Q(by_census=True) | Q(by_agent=True)
            ),
        ]

    def __str__(self) -> str:
        return f"Budget de {self.process}"

    def vote_phase(self) -> Phase | None:
        return next((p for p in self.process.ordered_phases() if p.kind == PhaseKind.VOTE), None)

    def is_open(self, day: datetime.date | None = None) -> bool:
        """Ballots are taken, and changed, while the vote phase runs."""
        phase, day = self.vote_phase(), day or timezone.localdate()
        return phase is not None and phase.starts_on <= day <= phase.ends_on

    def is_closed(self, day: datetime.date | None = None) -> bool:
        """The vote phase is over: the results are public."""
        phase = self.vote_phase()
        return phase is not None and phase.ends_on < (day or timezone.localdate())


class BudgetProject(models.Model):
    """A project on the ballot of a participatory budget."""

    process = models.ForeignKey(
        Process,
        on_delete=models.CASCADE,
        related_name="budget_projects",
        verbose_name="consultation",
    )
    title = models.CharField(max_length=150, verbose_name="titre")
    description = models.TextField(verbose_name="description")
    cost = models.PositiveIntegerField(verbose_name="coût (euros)")
    category = models.CharField(max_length=80, verbose_name="thème")
    address = models.CharField(max_length=250, blank=True, verbose_name="adresse")
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    quartier = models.ForeignKey(
        Quartier,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="quartier",
    )
    image = models.ForeignKey(
        "core.Upload",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="illustration",
    )
    image_alt = models.CharField(
        max_length=250, blank=True, verbose_name="texte de remplacement de l'image"
    )
    created_at = models.DateTimeField(default=timezone.now, verbose_name="déposé le")

    class Meta:
        verbose_name = "projet du budget participatif"
        verbose_name_plural = "projets du budget participatif"
        ordering = ["category", "title", "pk"]
        constraints = [
            models.CheckConstraint(name="participation_project_cost", condition=Q(cost__gte=1)),
            models.CheckConstraint(
                name="participation_project_image_alt",
                condition=Q(image__isnull=True) | ~Q(image_alt=""),
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Ballot(models.Model):
    """A resident's ballot. One per process and person (the database says so); changing it
    replaces its choices until the vote closes. `voter` is emptied when the person's
    account is erased: the ballot stays counted, without a name."""

    process = models.ForeignKey(
        Process, on_delete=models.CASCADE, related_name="ballots", verbose_name="consultation"
    )
    voter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="participation_ballots",
        verbose_name="votant",
    )
    cast_at = models.DateTimeField(default=timezone.now, verbose_name="déposé le")
    updated_at = models.DateTimeField(default=timezone.now, verbose_name="modifié le")

    class Meta:
        verbose_name = "bulletin"
        constraints = [
            models.UniqueConstraint(fields=["process", "voter"], name="participation_one_ballot")
        ]

    def __str__(self) -> str:
        return f"Bulletin n° {self.pk}"


class BallotChoice(models.Model):
    ballot = models.ForeignKey(
        Ballot, on_delete=models.CASCADE, related_name="choices", verbose_name="bulletin"
    )
    project = models.ForeignKey(
        BudgetProject, on_delete=models.CASCADE, related_name="+", verbose_name="projet"
    )

    class Meta:
        verbose_name = "choix d'un bulletin"
        constraints = [
            models.UniqueConstraint(fields=["ballot", "project"], name="participation_one_choice")
        ]

    def __str__(self) -> str:
        return f"{self.ballot_id} → {self.project_id}"


class VerificationMethod(models.TextChoices):
    CENSUS = "census", _("Fichier des habitants")
    AGENT = "agent", _("Vérification par un agent ou un médiateur")


class CensusEntry(models.Model):
    """A resident listed in a process's census file, kept as a keyed hash of the name, birth
    date and postcode (`census.identity_key`): never the clear data."""

    process = models.ForeignKey(
        Process, on_delete=models.CASCADE, related_name="census", verbose_name="consultation"
    )
    key = models.CharField(max_length=64, verbose_name="empreinte")

    class Meta:
        verbose_name = "habitant du fichier"
        verbose_name_plural = "habitants du fichier"
        constraints = [
            models.UniqueConstraint(fields=["process", "key"], name="participation_census_once")
        ]

    def __str__(self) -> str:
        return self.key[:12]


class Verification(models.Model):
    """That an account belongs to a resident, for one process: by the census file or by an
    agent who saw an identity document, with the person's consent.

    `key` is the identity's keyed hash: one identity verifies one account per process, so a
    second account of the same person cannot vote. An erased account leaves the row without
    a person (the key still stands, the ballot stays counted)."""

    process = models.ForeignKey(
        Process,
        on_delete=models.CASCADE,
        related_name="verifications",
        verbose_name="consultation",
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="participation_verifications",
        verbose_name="habitant",
    )
    key = models.CharField(max_length=64, verbose_name="empreinte de l'identité")
    method = models.CharField(
        max_length=20, choices=VerificationMethod.choices, verbose_name="méthode"
    )
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="vérifié par",
    )
    verified_by_name = models.CharField(max_length=150, blank=True, verbose_name="nom de l'agent")
    consent = models.BooleanField(verbose_name="consentement")
    verified_at = models.DateTimeField(default=timezone.now, verbose_name="le")

    class Meta:
        verbose_name = "vérification d'un habitant"
        verbose_name_plural = "vérifications des habitants"
        ordering = ["-verified_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["process", "person"], name="participation_verified_once"
            ),
            models.UniqueConstraint(fields=["process", "key"], name="participation_identity_once"),
            models.CheckConstraint(name="participation_consent", condition=Q(consent=True)),
        ]

    def __str__(self) -> str:
        return f"{self.person_id} ({self.get_method_display()})"
