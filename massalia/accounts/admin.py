"""Admin for accounts: people and their department memberships."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from massalia.accounts.models import Mandate, Membership, User


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 1
    verbose_name = "service"
    verbose_name_plural = "services (agents et responsables)"


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    inlines = [MembershipInline]
    list_display = ["username", "display_name", "email", "is_official", "is_staff", "is_active"]
    list_filter = [
        "is_official",
        "is_staff",
        "is_superuser",
        "is_active",
        "memberships__department",
    ]
    search_fields = ["username", "display_name", "first_name", "last_name", "email"]
    fieldsets = (
        *(BaseUserAdmin.fieldsets or ()),
        (
            "Massalia",
            {"fields": ("display_name", "is_official", "is_mediator", "email_verified_at")},
        ),
    )
    add_fieldsets = (
        *(BaseUserAdmin.add_fieldsets or ()),
        ("Massalia", {"fields": ("email", "display_name", "is_official")}),
    )


@admin.register(Mandate)
class MandateAdmin(admin.ModelAdmin):
    list_display = ["mediator", "person", "method", "recorded_at", "expires_at", "revoked_at"]
    list_filter = ["method"]
    search_fields = ["mediator__username", "person__username", "person__display_name"]
    raw_id_fields = ["mediator", "person"]
