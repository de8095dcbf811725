from django.contrib import admin

from massalia.eservices.models import (
    Adult,
    Capacity,
    Child,
    Enrolment,
    FamilyDocument,
    Household,
    School,
    SectorLine,
)


class AdultInline(admin.TabularInline):
    model = Adult
    extra = 0
    raw_id_fields = ["user"]


class ChildInline(admin.TabularInline):
    model = Child
    extra = 0


@admin.register(Household)
class HouseholdAdmin(admin.ModelAdmin):
    list_display = ["id", "street_name", "house_number", "quartier"]
    search_fields = ["street_name"]
    inlines = [AdultInline, ChildInline]
    raw_id_fields = ["quartier"]


@admin.register(FamilyDocument)
class FamilyDocumentAdmin(admin.ModelAdmin):
    list_display = ["id", "household", "kind", "valid_until", "verification"]
    list_filter = ["kind", "verification"]
    raw_id_fields = ["household", "upload", "checked_by"]


class CapacityInline(admin.TabularInline):
    model = Capacity
    extra = 0


@admin.register(School)
class SchoolAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "kind"]
    list_filter = ["kind"]
    search_fields = ["code", "name"]
    inlines = [CapacityInline]


@admin.register(SectorLine)
class SectorLineAdmin(admin.ModelAdmin):
    list_display = ["street_name", "first_number", "last_number", "side", "school"]
    search_fields = ["street_name", "school__name"]
    list_filter = ["side"]


@admin.register(Enrolment)
class EnrolmentAdmin(admin.ModelAdmin):
    list_display = ["case", "level", "school_year", "requested_school", "waitlisted_at"]
    list_filter = ["level", "school_year"]
    raw_id_fields = ["case", "household", "child", "sector_school", "requested_school"]
