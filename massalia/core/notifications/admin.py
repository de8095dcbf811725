"""Admin windows on notifications: people's choices can be corrected, messages only read."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from massalia.core.notifications.models import Digest, Notification, Subscription


class _ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Subscription)
class SubscriptionAdmin(admin.ModelAdmin):
    list_display = ["topic", "user", "email", "frequency", "channel", "since"]
    list_filter = ["topic", "frequency", "channel"]
    search_fields = ["email", "user__email", "user__username"]
    raw_id_fields = ["user"]


@admin.register(Notification)
class NotificationAdmin(_ReadOnly):
    list_display = ["topic", "key", "user", "email", "frequency", "state", "created_at", "sent_at"]
    list_filter = ["topic", "state", "frequency"]
    search_fields = ["key", "email", "user__email"]
    date_hierarchy = "created_at"


@admin.register(Digest)
class DigestAdmin(_ReadOnly):
    list_display = ["user", "email", "frequency", "period", "state", "attempts", "sent_at"]
    list_filter = ["frequency", "state"]
    search_fields = ["email", "user__email"]
