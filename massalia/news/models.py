"""News items by theme and quartier, the newsletter's subscribers, its issues and deliveries.

A subscriber is a confirmed address (double opt-in) with the themes and quartiers it chose;
none chosen means all. Whether the address still receives the newsletter is its choice for the
notification kind `news.newsletter` (`core.notifications`), which the one-click unsubscribe
link turns off. A delivery row per issue and address makes sending again send nothing twice.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from massalia.territory.models import Quartier


class Theme(models.Model):
    name = models.CharField(max_length=80, unique=True, verbose_name="nom")
    slug = models.SlugField(max_length=80, unique=True, verbose_name="identifiant d'URL")
    order = models.PositiveIntegerField(default=100, verbose_name="ordre d'affichage")

    class Meta:
        verbose_name = "thème des actualités"
        verbose_name_plural = "thèmes des actualités"
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


class NewsItemQuerySet(models.QuerySet["NewsItem"]):
    def published(self, now: dt.datetime | None = None) -> NewsItemQuerySet:
        """What the public reads: items whose publication time has come, newest first."""
        return self.filter(published_at__lte=now or timezone.now()).order_by("-published_at", "-pk")

    def in_quartier(self, quartier: Quartier) -> NewsItemQuerySet:
        """Items about this quartier, and those about the whole city (no quartier named)."""
        return self.filter(Q(quartiers=quartier) | Q(quartiers__isnull=True)).distinct()


class NewsItem(models.Model):
    title = models.CharField(max_length=200, verbose_name="titre")
    slug = models.SlugField(max_length=220, unique=True, verbose_name="identifiant d'URL")
    summary = models.CharField(
        max_length=300, verbose_name="chapô", help_text="Une ou deux phrases : la liste, les "
        "flux et les réseaux sociaux montrent ce texte."
    )  # fmt: skip
    body = models.TextField(
        verbose_name="texte", help_text="Texte brut ; une ligne vide sépare deux paragraphes."
    )
    theme = models.ForeignKey(
        Theme, on_delete=models.PROTECT, related_name="items", verbose_name="thème"
    )
    quartiers = models.ManyToManyField(
        Quartier,
        blank=True,
        related_name="+",
        verbose_name="quartiers concernés",
        help_text="Aucun : toute la ville.",
    )
    image = models.ForeignKey(
        "core.Upload",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="image",
    )
    image_alt = models.CharField(
        max_length=250, blank=True, verbose_name="texte de remplacement de l'image"
    )
    # Empty: a draft. In the future: published at that time.
    published_at = models.DateTimeField(null=True, blank=True, verbose_name="publiée le")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="auteur",
    )
    # When NewsPublished was published, so that saving again does not announce it twice.
    announced_at = models.DateTimeField(null=True, blank=True, verbose_name="annoncée le")
    created_at = models.DateTimeField(default=timezone.now, verbose_name="créée le")
    updated_at = models.DateTimeField(auto_now=True, verbose_name="modifiée le")

    objects = NewsItemQuerySet.as_manager()

    class Meta:
        verbose_name = "actualité"
        verbose_name_plural = "actualités"
        ordering = ["-published_at", "-pk"]
        permissions = [("edit_news", "Peut rédiger les actualités et envoyer la lettre")]
        constraints = [
            models.CheckConstraint(
                name="news_item_image_alt",
                condition=Q(image__isnull=True) | ~Q(image_alt=""),
            ),
        ]
        indexes = [models.Index(fields=["published_at"])]

    def __str__(self) -> str:
        return self.title

    def is_published(self, now: dt.datetime | None = None) -> bool:
        return self.published_at is not None and self.published_at <= (now or timezone.now())


class Subscriber(models.Model):
    email = models.EmailField(unique=True, verbose_name="adresse électronique")
    themes = models.ManyToManyField(
        Theme, blank=True, related_name="+", verbose_name="thèmes choisis"
    )
    quartiers = models.ManyToManyField(
        Quartier, blank=True, related_name="+", verbose_name="quartiers choisis"
    )
    confirmed_at = models.DateTimeField(verbose_name="confirmée le")
    updated_at = models.DateTimeField(auto_now=True, verbose_name="modifiée le")

    class Meta:
        verbose_name = "abonné·e à la lettre"
        verbose_name_plural = "abonné·es à la lettre"
        ordering = ["email"]

    def __str__(self) -> str:
        return self.email


class Issue(models.Model):
    """One newsletter: a selection of news items, each subscriber receiving those that match
    their themes and quartiers (and nothing when none does)."""

    subject = models.CharField(max_length=200, verbose_name="objet")
    introduction = models.TextField(blank=True, verbose_name="texte d'introduction")
    items = models.ManyToManyField(NewsItem, related_name="issues", verbose_name="actualités")
    created_at = models.DateTimeField(default=timezone.now, verbose_name="créée le")
    sent_at = models.DateTimeField(null=True, blank=True, verbose_name="envoyée le")

    class Meta:
        verbose_name = "lettre d'information"
        verbose_name_plural = "lettres d'information"
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.subject


class Delivery(models.Model):
    """One issue for one address: claimed, then sent or failed; never sent twice."""

    class State(models.TextChoices):
        SENDING = "sending", "en cours d'envoi"
        SENT = "sent", "envoyée"
        FAILED = "failed", "échec"

    issue = models.ForeignKey(
        Issue, on_delete=models.CASCADE, related_name="deliveries", verbose_name="lettre"
    )
    email = models.EmailField(verbose_name="adresse électronique")
    state = models.CharField(max_length=10, choices=State.choices, verbose_name="état")
    items = models.PositiveIntegerField(default=0, verbose_name="actualités envoyées")
    error = models.CharField(max_length=500, blank=True, verbose_name="erreur")
    created_at = models.DateTimeField(default=timezone.now, verbose_name="créée le")
    sent_at = models.DateTimeField(null=True, blank=True, verbose_name="envoyée le")

    class Meta:
        verbose_name = "envoi de la lettre"
        verbose_name_plural = "envois de la lettre"
        ordering = ["issue", "email"]
        constraints = [
            models.UniqueConstraint(fields=["issue", "email"], name="news_one_delivery_per_address")
        ]

    def __str__(self) -> str:
        return f"{self.issue} → {self.email} ({self.state})"
