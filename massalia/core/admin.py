"""Admin for the shared mechanisms: read-only windows on the outbox, imports and uploads."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest

from massalia.core import events
from massalia.core.models import EventDelivery, ImportRun, OutboxEvent, RejectedRecord, Upload


class ReadOnlyMixin:
    """Rows written by the platform itself: shown, never edited by hand."""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ReadOnlyInline(ReadOnlyMixin, admin.TabularInline):
    extra = 0
    can_delete = False
    show_change_link = False


@admin.action(description="Relancer toutes les livraisons abandonnées")
def retry_failed_deliveries(
    modeladmin: admin.ModelAdmin, request: HttpRequest, queryset: QuerySet
) -> None:
    # The outbox's own retry: every abandoned delivery goes back to the queue, not only the
    # selected rows, since a fixed cause usually concerns them all.
    count = events.retry_failed()
    modeladmin.message_user(
        request, f"{count} livraison(s) remise(s) en file d'attente.", messages.SUCCESS
    )


class DeliveryInline(ReadOnlyInline):
    model = EventDelivery
    # Tuples, not lists: the stubs type both attributes as covariant sequences only this way.
    readonly_fields = (
        "subscriber",
        "state",
        "attempts",
        "next_attempt_at",
        "delivered_at",
        "last_error",
    )
    fields = readonly_fields


@admin.register(OutboxEvent)
class OutboxEventAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["id", "name", "created_at"]
    list_filter = ["name"]
    date_hierarchy = "created_at"
    readonly_fields = ["name", "payload", "created_at"]
    inlines = [DeliveryInline]
    actions = [retry_failed_deliveries]


@admin.register(EventDelivery)
class EventDeliveryAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["id", "event", "subscriber", "state", "attempts", "next_attempt_at"]
    list_filter = ["state", "subscriber"]
    list_select_related = ["event"]
    readonly_fields = [
        "event",
        "subscriber",
        "state",
        "attempts",
        "next_attempt_at",
        "last_error",
        "delivered_at",
    ]
    actions = [retry_failed_deliveries]


class RejectedRecordInline(ReadOnlyInline):
    model = RejectedRecord
    readonly_fields = ("position", "reasons", "record")
    fields = readonly_fields


@admin.register(ImportRun)
class ImportRunAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["kind", "source", "started_at", "finished_at", "created", "updated", "rejected"]
    list_filter = ["kind"]
    readonly_fields = [
        "kind",
        "source",
        "started_at",
        "finished_at",
        "created",
        "updated",
        "unchanged",
        "rejected",
    ]
    inlines = [RejectedRecordInline]


@admin.register(Upload)
class UploadAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["id", "original_name", "content_type", "size", "width", "height", "created_at"]
    readonly_fields = [
        "file",
        "content_type",
        "size",
        "width",
        "height",
        "sha256",
        "original_name",
        "created_at",
    ]


from massalia.core.api import admin as api_admin  # noqa: E402,F401
from massalia.core.notifications import admin as notifications_admin  # noqa: E402,F401
from massalia.core.payments import admin as payments_admin  # noqa: E402,F401
