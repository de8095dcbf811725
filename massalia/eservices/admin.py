from django.contrib import admin

from massalia.eservices.models import (
    Adult,
    Appointment,
    Capacity,
    Child,
    Closure,
    Enrolment,
    FamilyDocument,
    Household,
    OpeningHours,
    School,
    SectorLine,
    Site,
    Slot,
    Stop,
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


class OpeningHoursInline(admin.TabularInline):
    model = OpeningHours
    extra = 0


class StopInline(admin.TabularInline):
    model = Stop
    extra = 0
    raw_id_fields = ["quartier"]


class ClosureInline(admin.TabularInline):
    model = Closure
    extra = 0


@admin.register(Site)
class SiteAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "desks", "slot_minutes", "active"]
    list_filter = ["kind", "active"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [OpeningHoursInline, StopInline, ClosureInline]


@admin.register(Slot)
class SlotAdmin(admin.ModelAdmin):
    list_display = ["site", "starts_at", "capacity", "booked"]
    list_filter = ["site"]
    date_hierarchy = "starts_at"
    # Desks are taken and freed by the booking service only.
    readonly_fields = ["booked"]


@admin.register(Appointment)
class AppointmentAdmin(admin.ModelAdmin):
    list_display = ["reference", "slot", "motive", "status"]
    list_filter = ["status", "motive", "slot__site"]
    search_fields = ["reference", "ants_number", "name", "email"]
    raw_id_fields = ["slot", "user", "marked_by"]
    readonly_fields = ["slot", "status", "reminded_at"]
