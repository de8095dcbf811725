"""The city card in the admin: validators and gates are set up here; cards, the ledger and the
counts are read-only (they change only through the services: a tap, a top-up, the office)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from massalia.citycard.models import Card, Device, Entry, TapCount, Transaction


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Device)
class DeviceAdmin(admin.ModelAdmin):
    list_display = ("code", "kind", "line", "stop", "facility", "place", "fare_cents", "is_active")
    list_filter = ("kind", "facility", "is_active")
    search_fields = ("code", "line", "stop", "place")


@admin.register(Card)
class CardAdmin(ReadOnly):
    # The hash is no use to a reader; the office page finds a card by its number.
    list_display = ("__str__", "status", "anonymous", "created_at")
    list_filter = ("status", "anonymous")
    exclude = ("number_hash",)


class EntryInline(admin.TabularInline):
    model = Entry
    extra = 0
    can_delete = False
    readonly_fields = ("account", "amount_cents")

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Transaction)
class TransactionAdmin(ReadOnly):
    list_display = ("label", "kind", "at", "payment_reference")
    list_filter = ("kind",)
    search_fields = ("payment_reference",)
    inlines = [EntryInline]


@admin.register(TapCount)
class TapCountAdmin(ReadOnly):
    list_display = ("device", "hour", "reason", "count")
    list_filter = ("reason", "accepted")
    date_hierarchy = "hour"
