"""The public register of video-protection cameras: where each one is, what for, on what
authority, by whom and for how long its recordings are kept.

It holds no image and no video, ever: a camera here is a place and a set of legal facts. A
camera on the public highway is authorised by the prefect (Code de la sécurité intérieure,
L252-1) for five years, renewable; its recordings are kept at most thirty days (L252-3).
"""

from __future__ import annotations

import datetime

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from massalia.territory.models import Quartier

AUTHORISATION_YEARS = 5
MOST_RETENTION_DAYS = 30
LEGAL_BASIS = "Code de la sécurité intérieure, articles L251-2 et L252-1"


class Purpose(models.TextChoices):
    """The ends a public-space camera may serve (CSI L251-2), in the register's words."""

    PUBLIC_BUILDINGS = "batiments-publics", _("Protection des bâtiments et installations publics")
    DEFENCE = "defense-nationale", _("Sauvegarde des installations de la défense nationale")
    TRAFFIC = "trafic", _("Régulation des flux de transport")
    TRAFFIC_OFFENCES = "infractions-routieres", _("Constatation des infractions routières")
    PEOPLE_AND_PROPERTY = (
        "personnes-et-biens",
        _("Prévention des atteintes aux personnes et aux biens"),
    )
    TERRORISM = "terrorisme", _("Prévention d'actes de terrorisme")
    NATURAL_RISKS = "risques", _("Prévention des risques naturels ou technologiques")
    RESCUE = "secours", _("Secours aux personnes et défense contre l'incendie")
    DUMPING = "depots-sauvages", _("Prévention des dépôts sauvages de déchets")


class FieldOfView(models.TextChoices):
    FIXED = "fixe", _("Fixe")
    DOME = "dome", _("Dôme orientable")


class Status(models.TextChoices):
    IN_SERVICE = "en-service", _("En service")
    REMOVED = "retiree", _("Retirée")


class CameraQuerySet(models.QuerySet["Camera"]):
    def in_service(self) -> CameraQuerySet:
        return self.filter(status=Status.IN_SERVICE)

    def expired(self, today: datetime.date | None = None) -> CameraQuerySet:
        """Cameras in service whose authorisation has run out: they must be renewed or
        switched off."""
        return self.in_service().filter(expires_on__lt=today or timezone.localdate())


class Camera(models.Model):
    identifier = models.SlugField("identifiant", max_length=40, unique=True)
    address = models.CharField("adresse ou lieu", max_length=200)
    latitude = models.FloatField("latitude")
    longitude = models.FloatField("longitude")
    quartier = models.ForeignKey(
        Quartier,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="quartier",
    )
    operator = models.CharField("exploitant", max_length=120)
    legal_basis = models.CharField("fondement légal", max_length=200, default=LEGAL_BASIS)
    order_reference = models.CharField("arrêté préfectoral n°", max_length=60)
    authorised_on = models.DateField("autorisée le")
    expires_on = models.DateField("autorisation valable jusqu'au")
    retention_days = models.PositiveSmallIntegerField(
        "durée de conservation (jours)",
        validators=[MinValueValidator(1), MaxValueValidator(MOST_RETENTION_DAYS)],
        help_text="30 jours au plus (Code de la sécurité intérieure, L252-3).",
    )
    field_of_view = models.CharField("champ de vision", max_length=10, choices=FieldOfView.choices)
    status = models.CharField(
        "état", max_length=12, choices=Status.choices, default=Status.IN_SERVICE
    )
    removed_on = models.DateField("retirée le", null=True, blank=True)
    updated_at = models.DateTimeField("mise à jour le", auto_now=True)

    objects = CameraQuerySet.as_manager()

    class Meta:
        verbose_name = "caméra de vidéoprotection"
        verbose_name_plural = "caméras de vidéoprotection"
        ordering = ["identifier"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(retention_days__gte=1, retention_days__lte=MOST_RETENTION_DAYS),
                name="camera_retention_within_the_law",
                violation_error_message="La durée de conservation va de 1 à 30 jours.",
            ),
            models.CheckConstraint(
                condition=models.Q(expires_on__gt=models.F("authorised_on")),
                name="camera_expires_after_authorisation",
                violation_error_message="L'autorisation doit finir après sa date.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.identifier} — {self.address}"

    @property
    def purpose_codes(self) -> list[str]:
        return [p.purpose for p in self.purposes.all()]

    def purpose_labels(self) -> list[str]:
        return [str(Purpose(code).label) for code in self.purpose_codes]

    @property
    def is_expired(self) -> bool:
        return self.status == Status.IN_SERVICE and self.expires_on < timezone.localdate()


class CameraPurpose(models.Model):
    camera = models.ForeignKey(
        Camera, on_delete=models.CASCADE, related_name="purposes", verbose_name="caméra"
    )
    purpose = models.CharField("finalité", max_length=30, choices=Purpose.choices)

    class Meta:
        verbose_name = "finalité"
        verbose_name_plural = "finalités"
        ordering = ["purpose"]
        constraints = [
            models.UniqueConstraint(fields=["camera", "purpose"], name="camera_purpose_once")
        ]

    def __str__(self) -> str:
        return str(self.get_purpose_display())


def expiry_for(authorised_on: datetime.date) -> datetime.date:
    """Five years to the day (a 29 February gives 28 February)."""
    try:
        return authorised_on.replace(year=authorised_on.year + AUTHORISATION_YEARS)
    except ValueError:
        return authorised_on.replace(year=authorised_on.year + AUTHORISATION_YEARS, day=28)
