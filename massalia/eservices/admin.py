from decimal import Decimal
from typing import Any

from django import forms
from django.contrib import admin
from django.http import HttpRequest

from massalia.eservices import creches, psu
from massalia.eservices.models import (
    Adult,
    AllocationRound,
    Appeal,
    Appointment,
    Capacity,
    Child,
    Closure,
    Creche,
    CrecheAbsence,
    CrecheApplication,
    CrecheChoice,
    CrecheContract,
    CrecheExtraHours,
    CrecheGroup,
    CreditNote,
    Criterion,
    CriterionAnswer,
    Enrolment,
    FamilyDocument,
    Household,
    Invoice,
    InvoiceLine,
    Offer,
    OpeningHours,
    PsuScale,
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


# Crèche billing --------------------------------------------------------------------------------


def _rate_field(children: int) -> str:
    return f"rate_{children}"


def _rate(label: str) -> forms.DecimalField:
    return forms.DecimalField(
        label=f"Taux d'effort, {label} (% par heure)",
        max_digits=6,
        decimal_places=4,
        localize=True,
    )


class PsuScaleForm(forms.ModelForm):
    """The barème as agents read the CNAF's tables: euros, and one effort rate (%) a column."""

    floor = forms.DecimalField(
        label="Plancher (€ par mois)", max_digits=9, decimal_places=2, localize=True
    )
    ceiling = forms.DecimalField(
        label="Plafond (€ par mois)", max_digits=9, decimal_places=2, localize=True
    )
    rate_1 = _rate("1 enfant")
    rate_2 = _rate("2 enfants")
    rate_3 = _rate("3 enfants")
    rate_4 = _rate("4 enfants")
    rate_5 = _rate("5 enfants")
    rate_6 = _rate("6 enfants")
    rate_7 = _rate("7 enfants")
    rate_8 = _rate("8 enfants et plus")

    class Meta:
        model = PsuScale
        fields = ["starts_on", "source"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        scale = self.instance
        if scale.pk:
            self.initial["floor"] = Decimal(scale.floor_cents) / 100
            self.initial["ceiling"] = Decimal(scale.ceiling_cents) / 100
            for key, value in (scale.effort_rates or {}).items():
                self.initial[_rate_field(int(key))] = Decimal(str(value))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.errors:
            return data
        self.instance.floor_cents = int(data["floor"] * 100)
        self.instance.ceiling_cents = int(data["ceiling"] * 100)
        self.instance.effort_rates = {
            str(n): str(data[_rate_field(n)]) for n in psu.CHILDREN_COLUMNS
        }
        try:
            psu.check(
                self.instance.floor_cents,
                self.instance.ceiling_cents,
                psu.parse_rates(self.instance.effort_rates),
            )
        except psu.ScaleError as error:
            raise forms.ValidationError(str(error)) from error
        return data


@admin.register(PsuScale)
class PsuScaleAdmin(admin.ModelAdmin):
    form = PsuScaleForm
    list_display = ["starts_on", "floor_euros", "ceiling_euros"]
    fields = [
        "starts_on",
        "floor",
        "ceiling",
        *(_rate_field(n) for n in psu.CHILDREN_COLUMNS),
        "source",
    ]

    @admin.display(description="plancher")
    def floor_euros(self, scale: PsuScale) -> str:
        return _euros(scale.floor_cents)

    @admin.display(description="plafond")
    def ceiling_euros(self, scale: PsuScale) -> str:
        return _euros(scale.ceiling_cents)


def _euros(cents: int) -> str:
    return f"{Decimal(cents) / 100:.2f} €".replace(".", ",")


class ReadOnly:
    """Invoices and credit notes are never edited: a correction is a credit note."""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class InvoiceLineInline(ReadOnly, admin.TabularInline):
    model = InvoiceLine
    extra = 0
    fields = ["position", "label", "hours", "rate_cents", "amount_cents"]


@admin.register(Invoice)
class InvoiceAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ["number", "month", "child_name", "total_cents", "status", "due_on"]
    list_filter = ["status", "year"]
    search_fields = ["number", "child_name"]
    date_hierarchy = "month"
    inlines = [InvoiceLineInline]


@admin.register(CreditNote)
class CreditNoteAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ["number", "invoice", "amount_cents", "refund_cents", "issued_on"]
    search_fields = ["number", "invoice__number"]


# Crèches, criteria, applications and rounds --------------------------------------------------


class CrecheGroupInline(admin.TabularInline):
    model = CrecheGroup
    extra = 1


@admin.register(Creche)
class CrecheAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "quartier", "department", "is_active"]
    list_filter = ["department", "is_active"]
    search_fields = ["name", "code", "address"]
    readonly_fields = ["quartier", "latitude", "longitude"]
    inlines = [CrecheGroupInline]

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        # The address is placed by the territory's gazetteer, as a household's is.
        creches.locate(obj)
        super().save_model(request, obj, form, change)


@admin.register(Criterion)
class CriterionAdmin(admin.ModelAdmin):
    list_display = ["label", "code", "points", "answer", "needs_document", "is_published"]
    list_editable = ["points", "is_published"]
    list_filter = ["answer", "is_published"]


class CrecheChoiceInline(ReadOnly, admin.TabularInline):
    model = CrecheChoice
    extra = 0
    fields = ["rank", "creche"]


class CriterionAnswerInline(admin.TabularInline):
    model = CriterionAnswer
    extra = 0
    fields = ["criterion", "upload", "refused"]
    readonly_fields = ["criterion", "upload"]

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(CrecheApplication)
class CrecheApplicationAdmin(admin.ModelAdmin):
    list_display = ["case", "child", "age_group", "start_on", "score", "waiting_since"]
    list_filter = ["age_group"]
    raw_id_fields = ["case", "household", "child", "renews"]
    readonly_fields = ["score", "score_detail", "scored_on"]
    inlines = [CrecheChoiceInline, CriterionAnswerInline]


@admin.register(AllocationRound)
class AllocationRoundAdmin(admin.ModelAdmin):
    list_display = ["name", "department", "held_on", "rule", "status"]
    list_filter = ["status", "rule", "department"]
    readonly_fields = ["status", "totals", "run_at", "run_by", "published_at", "published_by"]


@admin.register(Offer)
class OfferAdmin(ReadOnly, admin.ModelAdmin):
    # Read only: decisions change through the commission's screen, which records the reason.
    list_display = ["round", "application", "position", "score", "creche", "status"]
    list_filter = ["round", "status"]


@admin.register(Appeal)
class AppealAdmin(ReadOnly, admin.ModelAdmin):
    # Read only: the family files and the commission answers on their pages (the answer
    # changes the decision through the override, and tells the family).
    list_display = ["__str__", "offer", "filed_at", "status", "answered_at"]
    list_filter = ["status"]


class CrecheAbsenceInline(admin.TabularInline):
    model = CrecheAbsence
    extra = 0
    fields = ("kind", "first_day", "last_day", "proof", "recorded_by", "recorded_at")
    readonly_fields = ("kind", "first_day", "last_day", "proof", "recorded_by", "recorded_at")


class CrecheExtraHoursInline(admin.TabularInline):
    model = CrecheExtraHours
    extra = 0
    fields = readonly_fields = ("day", "hours", "recorded_by", "recorded_at")


@admin.register(CrecheContract)
class CrecheContractAdmin(admin.ModelAdmin):
    # Read only here: figures change on the billing screen's contract page, which checks
    # that the contract can still be billed and records who changed it.
    list_display = ["__str__", "child", "creche", "starts_on", "ends_on", "hours_per_week"]
    list_filter = ["creche"]
    search_fields = ["child__first_name", "child__last_name"]
    raw_id_fields = ["offer", "household", "child"]
    readonly_fields = [f.name for f in CrecheContract._meta.fields]
    inlines = [CrecheAbsenceInline, CrecheExtraHoursInline]

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
