"""The admin is where the city creates its consultations and their phases (this session has
no agents' page for that yet)."""

from django.contrib import admin

from massalia.participation.models import Answer, Phase, Process, Proposal


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
