"""The site's own information pages as the city edits them (accessibility statement, legal
notice, terms of use, personal data): one row per page and language replaces the shipped
text of `site_pages.DEFAULTS` for that language."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from massalia.portal import site_pages


class SitePage(models.Model):
    key = models.CharField("page", max_length=32, choices=site_pages.CHOICES)
    language = models.CharField("langue", max_length=8, choices=settings.LANGUAGES)
    title = models.CharField("titre", max_length=200)
    body = models.TextField("texte", help_text=site_pages.SYNTAX)
    updated_at = models.DateTimeField("modifiée le", default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="modifiée par",
    )

    class Meta:
        ordering = ["key", "language"]
        verbose_name = "page d'information du site"
        verbose_name_plural = "pages d'information du site"
        constraints = [
            models.UniqueConstraint(fields=["key", "language"], name="portal_site_page_once")
        ]

    def __str__(self) -> str:
        return f"{self.get_key_display()} ({self.language})"
