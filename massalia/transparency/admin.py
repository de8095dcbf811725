"""Admin: contracts read-only (they are rebuilt from their sources), quarantine to review.

A quarantined record's `raw` can be corrected here and re-imported with the action
« Réimporter » (services.reimport); its reasons are updated when it still fails.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest

from massalia.transparency import services
from massalia.transparency.models import (
    Buyer,
    Contract,
    ContractSource,
    ContractSupplier,
    Modification,
    QuarantinedRecord,
    QuarantineStatus,
    Supplier,
)


class ReadOnly:
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ModificationInline(ReadOnly, admin.TabularInline):
    model = Modification
    extra = 0
    fields = ["position", "decp_id", "notified_on", "amount", "amount_after", "duration_after"]


class HolderInline(ReadOnly, admin.TabularInline):
    model = ContractSupplier
    extra = 0
    fields = ["supplier", "since"]


class SourceInline(ReadOnly, admin.TabularInline):
    model = ContractSource
    extra = 0
    # Dates set by the import itself: no form can hold them, so every field is shown as text.
    # Tuples, not lists: the stubs type both attributes as covariant sequences only this way.
    readonly_fields = ("name", "platform", "changes", "first_seen", "last_seen")
    fields = readonly_fields


@admin.register(Contract)
class ContractAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ["decp_id", "kind", "buyer", "subject", "notified_on", "current_amount"]
    list_filter = ["kind", "year", "schema_version"]
    search_fields = ["decp_id", "subject", "buyer__siret", "buyer__name", "cpv"]
    inlines = [HolderInline, ModificationInline, SourceInline]


@admin.register(Buyer)
class BuyerAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ["siret", "name"]
    search_fields = ["siret", "name"]


@admin.register(Supplier)
class SupplierAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ["identifier", "id_type", "name"]
    search_fields = ["identifier", "name"]


@admin.register(QuarantinedRecord)
class QuarantinedRecordAdmin(admin.ModelAdmin):
    list_display = ["source", "position", "kind", "schema_version", "status", "created_at"]
    list_filter = ["status", "kind", "schema_version", "source"]
    readonly_fields = ["source", "position", "digest", "reasons", "contract", "run", "status"]
    fields = ["source", "position", "schema_version", "kind", "status", "reasons", "raw"]
    actions = ["reimport", "dismiss"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    @admin.action(description="Réimporter les enregistrements choisis (après correction)")
    def reimport(self, request: HttpRequest, queryset: QuerySet[QuarantinedRecord]) -> None:
        done = failed = 0
        for record in queryset.exclude(status=QuarantineStatus.REIMPORTED):
            if services.reimport(record):
                done += 1
            else:
                failed += 1
        self.message_user(request, f"{done} réimporté(s), {failed} encore refusé(s).")
        if failed:
            self.message_user(
                request, "Les raisons des refus ont été mises à jour.", messages.WARNING
            )

    @admin.action(description="Écarter les enregistrements choisis")
    def dismiss(self, request: HttpRequest, queryset: QuerySet[QuarantinedRecord]) -> None:
        count = queryset.update(status=QuarantineStatus.DISMISSED)
        self.message_user(request, f"{count} enregistrement(s) écarté(s).")
