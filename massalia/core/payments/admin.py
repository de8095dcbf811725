"""The treasury's window on payments: read-only, since only providers' notifications change them.

Registered on the admin site when this module is imported (core/admin.py imports it).
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from massalia.core.payments.models import Payment, PaymentTrailEntry


class PaymentTrailInline(admin.TabularInline):
    model = PaymentTrailEntry
    fields = ("at", "step", "detail")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Payment)
class PaymentAdmin(admin.ModelAdmin):
    list_display = ("reference", "created_at", "paid_at", "amount", "label", "status", "purpose")
    list_filter = ("status", "purpose", "provider")
    search_fields = ("reference", "transaction_id", "object_id", "label")
    date_hierarchy = "created_at"
    list_select_related = ("started_by",)
    readonly_fields = (
        "reference",
        "amount",
        "currency",
        "label",
        "purpose",
        "object_id",
        "status",
        "provider",
        "transaction_id",
        "started_by",
        "created_at",
        "paid_at",
        "closed_at",
    )
    fields = readonly_fields
    inlines = [PaymentTrailInline]

    @admin.display(description="montant", ordering="amount_cents")
    def amount(self, payment: Payment) -> str:
        return payment.amount_display

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
