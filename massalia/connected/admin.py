from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from massalia.connected.models import DailyAggregate, Device, RejectedReading, Suspicion


@admin.register(Device)
class DeviceAdmin(admin.ModelAdmin):
    list_display = ("identifier", "kind", "state", "quartier", "battery_percent", "last_seen_at")
    list_filter = ("kind", "state")
    search_fields = ("identifier", "name", "address")
    raw_id_fields = ("subscriber",)
    readonly_fields = ("key_prefix", "last_seen_at", "created_at")


@admin.register(Suspicion)
class SuspicionAdmin(admin.ModelAdmin):
    list_display = ("device", "kind", "start", "end", "ongoing", "closed_at")
    list_filter = ("kind", "ongoing")
    raw_id_fields = ("device", "case")


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(RejectedReading)
class RejectedReadingAdmin(ReadOnly):
    list_display = ("received_at", "channel", "device_identifier", "position", "reason")
    list_filter = ("channel",)
    search_fields = ("device_identifier", "reason")


@admin.register(DailyAggregate)
class DailyAggregateAdmin(ReadOnly):
    list_display = ("device", "day", "litres", "hours", "estimated_hours")
    raw_id_fields = ("device",)
