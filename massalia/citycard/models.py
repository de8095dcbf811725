"""The city card's records: cards, products, the ledger, devices, taps and their counts.

A card's number is never stored: only its keyed hash (`numbers.digest`) and its last four
digits, which the holder reads on the plastic. Money moves only as balanced transactions of
the ledger (`Transaction` with its `Entry` rows summing to zero); a card's purse is its
`Account`, whose balance the database refuses to see below zero. A `Tap` names a card for
48 hours (`CITYCARD_TAP_RETENTION_HOURS`), then it becomes anonymous counts (`TapCount`).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q


class Card(models.Model):
    class Status(models.TextChoices):
        ACTIVE = "active", "active"
        LOST = "lost", "déclarée perdue"
        BLOCKED = "blocked", "bloquée"

    number_hash = models.CharField("empreinte du numéro", max_length=64, unique=True)
    last_digits = models.CharField("quatre derniers chiffres", max_length=4)
    holder = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="titulaire",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="city_cards",
    )
    anonymous = models.BooleanField("anonyme", default=False)
    status = models.CharField("état", max_length=10, choices=Status, default=Status.ACTIVE)
    status_changed_at = models.DateTimeField("état changé le", null=True, blank=True)
    status_note = models.CharField("motif", max_length=200, blank=True)
    created_at = models.DateTimeField("créée le", auto_now_add=True)

    class Meta:
        verbose_name = "carte de la ville"
        verbose_name_plural = "cartes de la ville"
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"Carte …{self.last_digits}"

    @property
    def is_usable(self) -> bool:
        return self.status == self.Status.ACTIVE


class Facility(models.TextChoices):
    MUSEUM = "museum", "musées"
    POOL = "pool", "piscines"
    SPORTS = "sports", "équipements sportifs"


class Product(models.Model):
    """What a card carries: a transport pass for a period, a purse (its balance is the card's
    account), or access to a kind of facility for a period or a number of entries."""

    class Kind(models.TextChoices):
        TRANSPORT_PASS = "pass", "abonnement de transport"
        STORED_VALUE = "purse", "porte-monnaie"
        FACILITY = "facility", "accès aux équipements"

    card = models.ForeignKey(Card, on_delete=models.CASCADE, related_name="products")
    kind = models.CharField("type", max_length=10, choices=Kind)
    label = models.CharField("intitulé", max_length=120)
    facility = models.CharField("équipements", max_length=10, choices=Facility, blank=True)
    valid_from = models.DateTimeField("valable du", null=True, blank=True)
    valid_until = models.DateTimeField("valable jusqu'au", null=True, blank=True)
    entries_left = models.PositiveIntegerField("entrées restantes", null=True, blank=True)
    created_at = models.DateTimeField("ajouté le", auto_now_add=True)

    class Meta:
        verbose_name = "titre"
        verbose_name_plural = "titres"
        ordering = ["kind", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["card"], condition=Q(kind="purse"), name="citycard_one_purse_per_card"
            ),
            models.CheckConstraint(
                condition=~Q(kind="facility") | ~Q(facility=""),
                name="citycard_facility_product_names_its_facility",
            ),
        ]

    def __str__(self) -> str:
        return self.label

    def valid_at(self, moment: object) -> bool:
        if self.valid_from is not None and moment < self.valid_from:  # type: ignore[operator]
            return False
        return self.valid_until is None or moment < self.valid_until  # type: ignore[operator]


class Account(models.Model):
    """One side of the ledger. A card's purse may never go below zero (a database check); the
    city's own accounts (top-ups received, fares earned) hold the other side."""

    class Kind(models.TextChoices):
        PURSE = "purse", "porte-monnaie d'une carte"
        TOPUPS = "topups", "rechargements encaissés"
        FARES = "fares", "recettes des validations"

    kind = models.CharField("type", max_length=10, choices=Kind)
    card = models.OneToOneField(
        Card, null=True, blank=True, on_delete=models.PROTECT, related_name="account"
    )
    balance_cents = models.BigIntegerField("solde (centimes)", default=0)

    class Meta:
        verbose_name = "compte"
        verbose_name_plural = "comptes"
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="purse") | Q(balance_cents__gte=0),
                name="citycard_purse_never_negative",
            ),
            models.CheckConstraint(
                condition=Q(kind="purse", card__isnull=False) | Q(~Q(kind="purse"), card=None),
                name="citycard_purse_has_its_card",
            ),
            models.UniqueConstraint(
                fields=["kind"], condition=~Q(kind="purse"), name="citycard_one_city_account"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk}"


class Transaction(models.Model):
    """One movement of money: two entries or more, summing to zero."""

    class Kind(models.TextChoices):
        TOPUP = "topup", "rechargement"
        FARE = "fare", "validation"
        ADJUSTMENT = "adjustment", "régularisation"

    kind = models.CharField("type", max_length=12, choices=Kind)
    label = models.CharField("libellé", max_length=120)
    at = models.DateTimeField("date")
    # A top-up's payment reference: a payment credits a card once, whatever is delivered again.
    payment_reference = models.CharField(
        "référence du paiement", max_length=40, null=True, blank=True, unique=True
    )

    class Meta:
        verbose_name = "mouvement"
        verbose_name_plural = "mouvements"
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.label} ({self.at:%d/%m/%Y})"


class Entry(models.Model):
    transaction = models.ForeignKey(
        Transaction, on_delete=models.PROTECT, related_name="entries", verbose_name="mouvement"
    )
    account = models.ForeignKey(
        Account, on_delete=models.PROTECT, related_name="entries", verbose_name="compte"
    )
    amount_cents = models.BigIntegerField("montant (centimes)")

    class Meta:
        verbose_name = "écriture"
        verbose_name_plural = "écritures"
        constraints = [
            models.CheckConstraint(condition=~Q(amount_cents=0), name="citycard_entry_not_zero")
        ]

    def __str__(self) -> str:
        return f"{self.amount_cents:+d} c"


class Device(models.Model):
    """A validator on a line or at a stop, or a gate of a facility."""

    class Kind(models.TextChoices):
        VALIDATOR = "validator", "valideur"
        GATE = "gate", "portique"

    code = models.SlugField("identifiant", max_length=40, unique=True)
    kind = models.CharField("type", max_length=10, choices=Kind)
    line = models.CharField("ligne", max_length=40, blank=True)
    stop = models.CharField("arrêt", max_length=120, blank=True)
    facility = models.CharField("équipements", max_length=10, choices=Facility, blank=True)
    place = models.CharField("lieu", max_length=120, blank=True)
    # What the purse pays when no pass or access covers the tap (0: a pass is required).
    fare_cents = models.PositiveIntegerField("tarif à l'unité (centimes)", default=0)
    is_active = models.BooleanField("en service", default=True)

    class Meta:
        verbose_name = "valideur ou portique"
        verbose_name_plural = "valideurs et portiques"
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="validator", facility="") | Q(kind="gate", line="", stop=""),
                name="citycard_device_is_transport_or_facility",
            ),
            models.CheckConstraint(
                condition=~Q(kind="gate") | ~Q(facility=""), name="citycard_gate_has_facility"
            ),
        ]

    def __str__(self) -> str:
        return self.code


class Reason(models.TextChoices):
    PASS = "pass", "abonnement valable"
    ACCESS = "access", "accès valable"
    PAID = "paid", "payé avec le porte-monnaie"
    NO_PRODUCT = "no_product", "aucun titre"
    EXPIRED = "expired", "titre expiré"
    INSUFFICIENT_BALANCE = "insufficient_balance", "solde insuffisant"
    CARD_BLOCKED = "card_blocked", "carte bloquée"
    UNKNOWN_CARD = "unknown_card", "carte inconnue"


class Tap(models.Model):
    """A card presented to a device, with the decision; identifying, so kept 48 hours."""

    device = models.ForeignKey(
        Device, on_delete=models.PROTECT, related_name="taps", verbose_name="appareil"
    )
    card_hash = models.CharField("carte (empreinte du numéro)", max_length=64)
    at = models.DateTimeField("présentée le")
    accepted = models.BooleanField("acceptée")
    reason = models.CharField("motif", max_length=24, choices=Reason)
    offline = models.BooleanField("envoyée hors ligne", default=False)
    received_at = models.DateTimeField("reçue le", auto_now_add=True)
    transaction = models.OneToOneField(
        Transaction,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="tap",
        verbose_name="mouvement",
    )

    class Meta:
        verbose_name = "validation"
        verbose_name_plural = "validations"
        constraints = [
            models.UniqueConstraint(
                fields=["device", "card_hash", "at"], name="citycard_tap_counted_once"
            )
        ]
        indexes = [models.Index(fields=["at"], name="citycard_tap_at")]

    def __str__(self) -> str:
        return f"{self.device_id} {self.at:%d/%m %H:%M} {self.reason}"


class TapCount(models.Model):
    """Anonymous counts of taps by device and hour, what stays of taps after 48 hours."""

    device = models.ForeignKey(
        Device, on_delete=models.PROTECT, related_name="counts", verbose_name="appareil"
    )
    hour = models.DateTimeField("heure")
    accepted = models.BooleanField("acceptées")
    reason = models.CharField("motif", max_length=24, choices=Reason)
    count = models.PositiveIntegerField("nombre", default=0)

    class Meta:
        verbose_name = "comptage"
        verbose_name_plural = "comptages"
        constraints = [
            models.UniqueConstraint(
                fields=["device", "hour", "reason"], name="citycard_one_count_per_hour"
            )
        ]

    def __str__(self) -> str:
        return f"{self.device_id} {self.hour:%d/%m %H h} {self.reason}: {self.count}"


class TopUp(models.Model):
    """A top-up a holder asked for: the payment's object (purpose `citycard.topup`)."""

    card = models.ForeignKey(Card, on_delete=models.PROTECT, related_name="topups")
    amount_cents = models.PositiveIntegerField("montant (centimes)")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField("demandé le", auto_now_add=True)
    credited = models.OneToOneField(
        Transaction, null=True, blank=True, on_delete=models.PROTECT, related_name="topup"
    )

    class Meta:
        verbose_name = "rechargement"
        verbose_name_plural = "rechargements"
        constraints = [
            models.CheckConstraint(
                condition=Q(amount_cents__gte=100, amount_cents__lte=15000),
                name="citycard_topup_amount_bounds",
            )
        ]

    def __str__(self) -> str:
        return f"Rechargement de {self.amount_cents / 100:.2f} €"
