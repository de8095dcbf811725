"""The imported timetable in the admin, read-only: it changes only by importing a feed again."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from massalia.transit.models import Feed, Route, Stop


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Feed)
class FeedAdmin(ReadOnly):
    list_display = ("code", "name", "timezone", "imported_at")


@admin.register(Route)
class RouteAdmin(ReadOnly):
    list_display = ("short_name", "long_name", "feed", "route_type")
    list_filter = ("feed",)
    search_fields = ("short_name", "long_name", "gtfs_id")


@admin.register(Stop)
class StopAdmin(ReadOnly):
    list_display = ("name", "gtfs_id", "code", "quartier", "feed")
    list_filter = ("feed",)
    search_fields = ("name", "gtfs_id", "code")
