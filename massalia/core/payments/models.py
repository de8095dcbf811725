"""A payment and its trail: what was asked of the provider, what it answered, and when."""

from __future__ import annotations

import base64
import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q


def new_reference() -> str:
    """120 random bits in 24 capitals and digits: unguessable, and short enough for the
    treasury's reference field (PayFiP takes at most 30 alphanumeric characters)."""
    return base64.b32encode(secrets.token_bytes(15)).decode()


class PaymentQuerySet(models.QuerySet["Payment"]):
    def paid(self) -> PaymentQuerySet:
        return self.filter(status=Payment.Status.PAID)

    def pending(self) -> PaymentQuerySet:
        return self.filter(status=Payment.Status.PENDING)

    def for_object(self, purpose: str, object_id: object) -> PaymentQuerySet:
        return self.filter(purpose=purpose, object_id=str(object_id))


class Payment(models.Model):
    """One attempt to pay one thing (purpose + object id) online, in euro cents."""

    class Status(models.TextChoices):
        PENDING = "pending", "en attente"
        PAID = "paid", "payé"
        REFUSED = "refused", "refusé"
        CANCELLED = "cancelled", "abandonné"
        EXPIRED = "expired", "expiré"

    reference = models.CharField(
        max_length=32, unique=True, default=new_reference, editable=False, verbose_name="référence"
    )
    amount_cents = models.PositiveIntegerField(verbose_name="montant (centimes)")
    currency = models.CharField(max_length=3, default="EUR", editable=False, verbose_name="devise")
    label = models.CharField(max_length=200, verbose_name="objet")
    purpose = models.CharField(max_length=80, verbose_name="nature")
    object_id = models.CharField(max_length=64, verbose_name="identifiant de l'objet payé")
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.PENDING, verbose_name="état"
    )
    provider = models.CharField(max_length=40, verbose_name="prestataire")
    transaction_id = models.CharField(
        max_length=100, blank=True, verbose_name="numéro de transaction du prestataire"
    )
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,  # the treasury keeps the payment when the account goes
        related_name="payments",
        verbose_name="payé par",
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name="commencé le")
    paid_at = models.DateTimeField(null=True, blank=True, verbose_name="payé le")
    closed_at = models.DateTimeField(null=True, blank=True, verbose_name="terminé le")

    objects = PaymentQuerySet.as_manager()

    class Meta:
        verbose_name = "paiement en ligne"
        verbose_name_plural = "paiements en ligne"
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["purpose", "object_id"]),
            models.Index(fields=["status", "created_at"]),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(amount_cents__gt=0), name="payment_amount_positive"),
            models.CheckConstraint(condition=Q(currency="EUR"), name="payment_in_euros"),
            models.CheckConstraint(
                condition=~Q(status="paid") | Q(paid_at__isnull=False), name="payment_paid_has_date"
            ),
            # One object waits for one payment at a time, so it cannot be paid twice in parallel.
            models.UniqueConstraint(
                fields=["purpose", "object_id"],
                condition=Q(status="pending"),
                name="one_pending_payment_per_object",
            ),
            # One bank transaction pays one payment, however often it is notified.
            models.UniqueConstraint(
                fields=["provider", "transaction_id"],
                condition=~Q(transaction_id=""),
                name="one_payment_per_transaction",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference} ({self.amount_display})"

    @property
    def amount_display(self) -> str:
        """The amount as the French write it: 1 234,50 €."""
        euros, cents = divmod(self.amount_cents, 100)
        return f"{euros:,}".replace(",", "\u202f") + f",{cents:02d}\u00a0€"

    @property
    def is_final(self) -> bool:
        return self.status != self.Status.PENDING


class PaymentTrailEntry(models.Model):
    """One step in a payment's life, kept for the treasury: a payment's audit trail."""

    class Step(models.TextChoices):
        CREATED = "created", "créé"
        SENT = "sent", "envoyé au prestataire"
        PAID = "paid", "payé"
        REFUSED = "refused", "refusé"
        CANCELLED = "cancelled", "abandonné"
        EXPIRED = "expired", "expiré"
        REPEATED = "repeated", "notification répétée (sans effet)"
        LATE = "late", "notification tardive (sans effet, à rapprocher)"

    payment = models.ForeignKey(
        Payment, on_delete=models.CASCADE, related_name="trail", verbose_name="paiement"
    )
    step = models.CharField(max_length=12, choices=Step.choices, verbose_name="étape")
    at = models.DateTimeField(auto_now_add=True, verbose_name="le")
    detail = models.CharField(max_length=300, blank=True, verbose_name="détail")

    class Meta:
        verbose_name = "étape de paiement"
        verbose_name_plural = "étapes de paiement"
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.payment_id}: {self.get_step_display()}"
