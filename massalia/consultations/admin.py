from django.contrib import admin

from massalia.consultations.models import Conversation, OpinionGroups, Statement


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
