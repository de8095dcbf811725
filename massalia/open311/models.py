"""Open311 clients: what they filed (their keys are core's `ApiKey`), confirmed addresses."""

from __future__ import annotations

from django.db import models

from massalia.core.api.models import ApiKey
from massalia.servicerequests.models import ServiceRequest


class ConfirmedAddress(models.Model):
    """An email address whose owner confirmed they want the messages about requests filed
    with it by Open311 clients. Only a keyed hash of the address is kept."""

    email_hash = models.CharField(max_length=64, unique=True)
    confirmed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "adresse email confirmée"
        verbose_name_plural = "adresses email confirmées"

    def __str__(self) -> str:
        return f"{self.email_hash[:12]}…"


class ApiSubmission(models.Model):
    """Which client filed which request: the trail behind source="open311"."""

    api_key = models.ForeignKey(
        ApiKey, on_delete=models.PROTECT, related_name="submissions", verbose_name="clé d'API"
    )
    request = models.OneToOneField(
        ServiceRequest,
        on_delete=models.CASCADE,
        related_name="open311_submission",
        verbose_name="demande",
    )
    created_at = models.DateTimeField("reçue le", auto_now_add=True)

    class Meta:
        ordering = ["-id"]
        verbose_name = "demande reçue par Open311"
        verbose_name_plural = "demandes reçues par Open311"

    def __str__(self) -> str:
        return f"{self.api_key.name} → {self.request_id}"
