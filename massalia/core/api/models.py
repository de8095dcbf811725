"""API keys: one table for every API, each key with the scopes it was given."""

from __future__ import annotations

from django.db import models


class ApiKeyQuerySet(models.QuerySet["ApiKey"]):
    def active(self) -> ApiKeyQuerySet:
        return self.filter(is_active=True)


class ApiKey(models.Model):
    """A key a machine client sends (X-Api-Key, or api_key); only a hash of it is stored."""

    name = models.CharField("nom", max_length=80, unique=True)
    owner = models.CharField(
        "responsable",
        max_length=200,
        blank=True,
        help_text="Qui utilise la clé et comment le joindre (organisation, email).",
    )
    prefix = models.CharField(
        "début de la clé", max_length=16, help_text="Pour reconnaître une clé sans la stocker."
    )
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    scopes = models.JSONField(
        "droits",
        default=list,
        blank=True,
        help_text="Ce que la clé permet, API par API (par exemple open311:write).",
    )
    created_at = models.DateTimeField("créée le", auto_now_add=True)
    last_used_at = models.DateTimeField("dernière utilisation", null=True, blank=True)
    is_active = models.BooleanField("active", default=True)
    revoked_at = models.DateTimeField("révoquée le", null=True, blank=True)

    objects = ApiKeyQuerySet.as_manager()

    class Meta:
        app_label = "core"
        ordering = ["name"]
        verbose_name = "clé d'API"
        verbose_name_plural = "clés d'API"

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    def allows(self, scope: str) -> bool:
        return self.is_active and scope in (self.scopes or [])
