from typing import Any

from django.contrib import admin

from massalia.consultations.models import (
    Conversation,
    Observation,
    OpinionGroups,
    Part,
    Regulation,
    Statement,
    Zone,
)


@admin.register(Conversation)
class ConversationAdmin(admin.ModelAdmin):
    list_display = ["title", "opens_at", "closes_at", "is_published"]
    prepopulated_fields = {"slug": ["title"]}
    exclude = ["groups_wanted"]


@admin.register(Statement)
class StatementAdmin(admin.ModelAdmin):
    list_display = ["text", "conversation", "status", "votes_count", "created_at"]
    list_filter = ["status", "conversation"]
    readonly_fields = ["author", "votes_count", "moderated_at", "moderated_by", "created_at"]


@admin.register(OpinionGroups)
class OpinionGroupsAdmin(admin.ModelAdmin):
    list_display = ["conversation", "computed_at", "participants", "groups", "silhouette"]
    readonly_fields = [field.name for field in OpinionGroups._meta.fields]


@admin.register(Regulation)
class RegulationAdmin(admin.ModelAdmin):
    """The document and its register's dates; its text and its zones come from the import
    commands (`massalia consultations import-document` / `import-zones`)."""

    list_display = ["title", "opens_at", "closes_at", "is_published", "last_number"]
    prepopulated_fields = {"slug": ["title"]}
    readonly_fields = ["last_number", "created_at"]
    raw_id_fields = ["commissioner"]


@admin.register(Part)
class PartAdmin(admin.ModelAdmin):
    list_display = ["intitule", "regulation", "kind", "anchor", "removed"]
    list_filter = ["regulation", "kind", "removed"]
    readonly_fields = ["regulation", "parent", "kind", "number", "anchor", "position"]

    @admin.display(description="intitulé")
    def intitule(self, part: Part) -> str:
        return part.heading


@admin.register(Zone)
class ZoneAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "regulation"]
    list_filter = ["regulation"]
    filter_horizontal = ["articles"]


@admin.register(Observation)
class ObservationAdmin(admin.ModelAdmin):
    """Read only: the register is moderated and answered from the agents' pages, which keep
    the trail."""

    list_display = ["number", "regulation", "target", "theme", "status", "created_at"]
    list_filter = ["regulation", "status", "theme", "target"]

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_add_permission(self, request: Any) -> bool:
        return False
