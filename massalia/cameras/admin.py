"""The register in the admin: cameras with their purposes; a file import is the usual way in
(`massalia cameras import`), the admin corrects one camera."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from massalia.cameras.models import Camera, CameraPurpose
from massalia.territory import geo


class PurposeInline(admin.TabularInline):
    model = CameraPurpose
    extra = 1


@admin.register(Camera)
class CameraAdmin(admin.ModelAdmin):
    list_display = (
        "identifier",
        "address",
        "quartier",
        "operator",
        "order_reference",
        "expires_on",
        "status",
    )
    list_filter = ("status", "operator", "field_of_view", "quartier__arrondissement")
    search_fields = ("identifier", "address", "order_reference")
    readonly_fields = ("quartier", "updated_at")
    inlines = [PurposeInline]
    fieldsets = [
        (None, {"fields": ("identifier", "address", ("latitude", "longitude"), "quartier")}),
        (
            "Autorisation",
            {
                "fields": (
                    "operator",
                    "legal_basis",
                    "order_reference",
                    ("authorised_on", "expires_on"),
                )
            },
        ),
        (
            "Fonctionnement",
            {"fields": ("retention_days", "field_of_view", ("status", "removed_on"), "updated_at")},
        ),
    ]

    def save_model(self, request: HttpRequest, obj: Camera, form: Any, change: bool) -> None:
        place = geo.locate(obj.latitude, obj.longitude)
        obj.quartier_id = place.quartier_id if place else None
        super().save_model(request, obj, form, change)
