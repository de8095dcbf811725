"""Admin for configuration: request types and their attributes, the answer templates.

Requests themselves are shown read-only: every change of a request goes through the agents'
back-office, whose services write the audit trail and tell the citizen.
"""

from typing import Any

from django import forms
from django.contrib import admin
from django.http import HttpRequest

from massalia.servicerequests.models import (
    AnswerTemplate,
    AreaAlert,
    Attribute,
    ContributionDecision,
    RequestType,
    ServiceRequest,
)
from massalia.servicerequests.workflows import workflows


class AttributeInline(admin.StackedInline):
    model = Attribute
    extra = 0
    fields = [
        ("code", "datatype", "order"),
        ("required", "variable"),
        "description",
        "datatype_description",
        "values",
    ]


@admin.register(RequestType)
class RequestTypeAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "code",
        "group",
        "department",
        "is_public",
        "is_active",
        "workflow",
        "expected_days",
    ]
    list_filter = ["group", "department", "is_public", "is_active", "workflow"]
    search_fields = ["name", "code", "keywords"]
    prepopulated_fields = {"code": ["name"]}
    inlines = [AttributeInline]

    def formfield_for_dbfield(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "workflow":
            # The workflows are declared in code (each domain registers its own).
            return forms.ChoiceField(
                label=db_field.verbose_name.capitalize(),
                choices=workflows.choices(),
                help_text=db_field.help_text,
            )
        return super().formfield_for_dbfield(db_field, request, **kwargs)


@admin.register(ServiceRequest)
class ServiceRequestAdmin(admin.ModelAdmin):
    list_display = ["id", "request_type", "status", "department", "quartier", "created_at"]
    list_filter = ["status", "department", "request_type"]
    list_select_related = ["request_type", "department", "quartier"]
    search_fields = ["id", "description"]
    date_hierarchy = "created_at"
    show_full_result_count = False  # a COUNT(*) on a large table for every page is wasteful

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(AnswerTemplate)
class AnswerTemplateAdmin(admin.ModelAdmin):
    list_display = ["title", "department", "is_active"]
    list_filter = ["department", "is_active"]
    search_fields = ["title", "body"]


@admin.register(AreaAlert)
class AreaAlertAdmin(admin.ModelAdmin):
    """Read-only, to answer "why do I get these emails?"; an alert may be removed at the
    person's request (they can do it themselves from any of its emails)."""

    list_display = ["__str__", "quartier", "radius_m", "created_at", "confirmed_at"]
    list_filter = ["quartier"]
    list_select_related = ["user", "quartier"]
    search_fields = ["email", "user__email", "address"]
    exclude = ["token"]  # the link's secret: whoever reads it may confirm or remove the alert

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(ContributionDecision)
class ContributionDecisionAdmin(admin.ModelAdmin):
    """The moderation trail of updates and photos, read-only: decisions are taken on the
    agents' moderation pages, which write one row each."""

    list_display = ["decided_at", "moderator_name", "action", "request", "reason"]
    list_filter = ["action"]
    search_fields = ["moderator_name", "reason", "request__id"]
    exclude = ["moderator"]

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
