"""The admin is where the city creates its consultations and their phases (this session has
no agents' page for that yet)."""

from typing import Any

from django.contrib import admin

from massalia.participation.models import (
    Answer,
    Budget,
    BudgetProject,
    Comment,
    ModerationDecision,
    Phase,
    Process,
    Proposal,
)


class PhaseInline(admin.TabularInline):
    model = Phase
    extra = 0


@admin.register(Process)
class ProcessAdmin(admin.ModelAdmin):
    list_display = ["title", "scope", "department", "support_threshold", "is_published"]
    list_filter = ["scope", "is_published", "department"]
    search_fields = ["title", "slug"]
    prepopulated_fields = {"slug": ["title"]}
    raw_id_fields = ["quartier"]
    inlines = [PhaseInline]


@admin.register(Budget)
class BudgetAdmin(admin.ModelAdmin):
    list_display = ["process", "envelope", "ballot_rule", "max_projects", "by_census", "by_agent"]


@admin.register(BudgetProject)
class BudgetProjectAdmin(admin.ModelAdmin):
    list_display = ["title", "process", "cost", "category", "quartier"]
    list_filter = ["process", "category"]
    search_fields = ["title"]
    raw_id_fields = ["quartier", "image"]


class AnswerInline(admin.TabularInline):
    model = Answer
    extra = 0
    readonly_fields = ["verdict", "text", "official", "official_name", "answered_at"]
    can_delete = False


@admin.register(Proposal)
class ProposalAdmin(admin.ModelAdmin):
    """Read-mostly: supports and answers go through the services (their counts and events)."""

    list_display = ["title", "process", "status", "supports_count", "created_at"]
    list_filter = ["status", "process"]
    search_fields = ["title", "text"]
    readonly_fields = ["supports_count", "status", "in_review_at", "author"]
    raw_id_fields = ["quartier"]
    inlines = [AnswerInline]


class DecisionInline(admin.TabularInline):
    model = ModerationDecision
    extra = 0
    readonly_fields = ["action", "reason", "moderator_name", "decided_at"]
    exclude = ["moderator"]
    can_delete = False

    def has_add_permission(self, request: Any, obj: Any = None) -> bool:
        return False


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    """Read-only: hiding and restoring go through the moderation queue (its audit rows)."""

    list_display = ["__str__", "status", "reports_count", "created_at"]
    list_filter = ["status"]
    search_fields = ["text"]
    readonly_fields = [
        "proposal",
        "process",
        "parent",
        "author",
        "text",
        "status",
        "agree_count",
        "disagree_count",
        "reports_count",
        "created_at",
    ]
    inlines = [DecisionInline]
