"""Open311 clients: their API keys (only a hash is stored) and what they filed."""

from __future__ import annotations

from django.db import models

from massalia.servicerequests.models import ServiceRequest


class ApiKey(models.Model):
    """A key an Open311 client sends as `api_key` to file requests."""

    name = models.CharField("nom", max_length=80, unique=True)
    prefix = models.CharField(
        "début de la clé", max_length=16, help_text="Pour reconnaître une clé sans la stocker."
    )
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField("créée le", auto_now_add=True)
    last_used_at = models.DateTimeField("dernière utilisation", null=True, blank=True)
    is_active = models.BooleanField("active", default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = "clé d'API Open311"
        verbose_name_plural = "clés d'API Open311"

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"


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

    api_key = models.ForeignKey(ApiKey, on_delete=models.PROTECT, related_name="submissions")
    request = models.OneToOneField(
        ServiceRequest, on_delete=models.CASCADE, related_name="open311_submission"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-id"]
        verbose_name = "demande reçue par Open311"
        verbose_name_plural = "demandes reçues par Open311"

    def __str__(self) -> str:
        return f"{self.api_key.name} → {self.request_id}"
