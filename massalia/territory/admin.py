"""Admin of the territory: geometries are shown as a size summary, never edited by hand."""

from __future__ import annotations

from typing import Any

from django.contrib import admin

from massalia.territory.models import (
    Arrondissement,
    Coverage,
    Department,
    Quartier,
    SectorTownHall,
    Street,
)


def _geometry_summary(geometry: Any) -> str:
    if not geometry:
        return "—"
    kind = geometry.get("type", "?")
    parts = len(geometry.get("coordinates") or [])
    return f"{kind} ({parts} partie(s)) — modifiable uniquement par import"


@admin.register(SectorTownHall)
class SectorTownHallAdmin(admin.ModelAdmin):
    list_display = ["number", "name", "address"]


@admin.register(Arrondissement)
class ArrondissementAdmin(admin.ModelAdmin):
    list_display = ["number", "name", "insee_code", "postcode", "sector", "is_approximate"]
    list_filter = ["is_approximate", "sector"]
    exclude = ["geometry"]
    readonly_fields = ["geometry_summary", "is_approximate"]

    @admin.display(description="géométrie")
    def geometry_summary(self, obj: Arrondissement) -> str:
        return _geometry_summary(obj.geometry)


@admin.register(Quartier)
class QuartierAdmin(admin.ModelAdmin):
    list_display = ["name", "arrondissement", "is_approximate"]
    list_filter = ["arrondissement", "is_approximate"]
    search_fields = ["name", "slug"]
    exclude = ["geometry"]
    readonly_fields = ["geometry_summary", "is_approximate"]

    @admin.display(description="géométrie")
    def geometry_summary(self, obj: Quartier) -> str:
        return _geometry_summary(obj.geometry)


@admin.register(Street)
class StreetAdmin(admin.ModelAdmin):
    list_display = ["name", "quartier", "latitude", "longitude"]
    search_fields = ["name", "normalized"]
    list_select_related = ["quartier"]
    raw_id_fields = ["quartier"]
    readonly_fields = ["normalized"]


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "email"]
    search_fields = ["name", "code"]
    prepopulated_fields = {"code": ["name"]}


@admin.register(Coverage)
class CoverageAdmin(admin.ModelAdmin):
    list_display = ["category", "arrondissement", "department"]
    list_filter = ["department", "arrondissement"]
    search_fields = ["category"]
