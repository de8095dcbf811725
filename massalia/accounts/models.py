"""Who: people with an account and their roles.

Roles: a citizen is any signed-in person; an agent or a department manager is a member of one
or more departments (`Membership`); an elected official reads dashboards (`is_official`); an
administrator is a superuser; a mediator (`is_mediator`, or any agent at a counter) files
procedures for a person who consented (`Mandate`).
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone

from massalia.territory.models import Department

EMAIL_TAKEN = "Un compte existe déjà avec cette adresse email."


class User(AbstractUser):
    display_name = models.CharField("nom affiché", max_length=120, blank=True)
    is_official = models.BooleanField("élu·e", default=False)
    # Helps people who are not online with their procedures, under their recorded consent.
    # db_default: rows written by code that predates the column (older migrations) get False.
    is_mediator = models.BooleanField("médiateur·rice", default=False, db_default=False)
    # An account made by an administrator, the demo or a test is vouched for; one made by
    # signing up waits for its emailed link (`services.verify_email`).
    email_verified_at = models.DateTimeField(
        "adresse email confirmée le", null=True, blank=True, default=timezone.now
    )

    class Meta:
        verbose_name = "utilisateur"
        constraints = [
            # Emails are compared without case everywhere (sign-up, sign-in); staff accounts
            # made by an administrator may have none.
            models.UniqueConstraint(
                Lower("email"),
                condition=~models.Q(email=""),
                name="one_account_per_email",
                violation_error_message=EMAIL_TAKEN,
            )
        ]

    def __str__(self) -> str:
        return self.display_name or self.get_full_name() or self.username

    def department_ids(self, *, managed_only: bool = False) -> set[int]:
        cache_key = "_managed_ids" if managed_only else "_department_ids"
        if not hasattr(self, cache_key):
            rows = self.memberships.all()
            if managed_only:
                rows = rows.filter(role=Membership.Role.MANAGER)
            setattr(self, cache_key, set(rows.values_list("department_id", flat=True)))
        return set(getattr(self, cache_key))

    @property
    def email_verified(self) -> bool:
        """The person proved they read this address (what an anonymous report's link proves)."""
        return self.email_verified_at is not None

    @property
    def is_agent(self) -> bool:
        return bool(self.department_ids())


class Membership(models.Model):
    class Role(models.TextChoices):
        AGENT = "agent", "agent"
        MANAGER = "manager", "responsable de service"

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="memberships", verbose_name="compte"
    )
    department = models.ForeignKey(
        Department,
        on_delete=models.CASCADE,
        related_name="members",
        verbose_name="service municipal",
    )
    role = models.CharField("rôle", max_length=10, choices=Role.choices, default=Role.AGENT)

    class Meta:
        verbose_name = "appartenance à un service"
        constraints = [
            models.UniqueConstraint(
                fields=["user", "department"], name="one_membership_per_department"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.department} ({self.get_role_display()})"


class Mandate(models.Model):
    """A person's consent that a mediator (or an agent at a counter) files procedures for them:
    who gave it, to whom, how it was given, until when. Acting for someone needs one in force;
    every procedure filed under it names the mediator in its trail."""

    class Method(models.TextChoices):
        SIGNED_FORM = "signed_form", "formulaire de consentement signé"
        IN_PERSON = "in_person", "accord donné en personne, devant le médiateur"
        PHONE = "phone", "accord donné par téléphone, rappelé pour confirmer"

    mediator = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="mandates_held", verbose_name="médiateur"
    )
    person = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="mandates_given", verbose_name="personne"
    )
    method = models.CharField("recueil du consentement", max_length=12, choices=Method.choices)
    note = models.CharField("précisions", max_length=300, blank=True)
    recorded_at = models.DateTimeField("enregistré le", default=timezone.now)
    expires_at = models.DateTimeField("valable jusqu'au")
    revoked_at = models.DateTimeField("retiré le", null=True, blank=True)

    class Meta:
        verbose_name = "mandat de médiation"
        verbose_name_plural = "mandats de médiation"
        ordering = ["-recorded_at"]

    def __str__(self) -> str:
        return f"{self.mediator} pour {self.person}"

    @property
    def in_force(self) -> bool:
        return self.revoked_at is None and self.expires_at > timezone.now()


class SignInCode(models.Model):
    """A one-time code emailed to sign in without the password (`codes`, `services`).

    Only a keyed hash of the code is kept; a code serves once, for `codes.VALID_MINUTES`, and is
    void after `codes.MAX_TRIES` wrong guesses. Purged after `RETENTION_SIGN_IN_CODES_DAYS`.
    """

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="sign_in_codes", verbose_name="compte"
    )
    code_hash = models.CharField("empreinte du code", max_length=64)
    created_at = models.DateTimeField("demandé le", default=timezone.now)
    expires_at = models.DateTimeField("valable jusqu'au")
    failed_attempts = models.PositiveSmallIntegerField("essais erronés", default=0)
    used_at = models.DateTimeField("utilisé le", null=True, blank=True)

    class Meta:
        verbose_name = "code de connexion"
        verbose_name_plural = "codes de connexion"
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["created_at"], name="sign_in_code_created")]

    def __str__(self) -> str:
        return f"Code de connexion de {self.user} ({self.created_at:%d/%m/%Y %H:%M})"
