"""Recipients are set up here (an official, their account and cabinet; a sector town hall);
questions are read here, moderated and answered on the back-office pages."""

from __future__ import annotations

from django.contrib import admin

from massalia.questions.models import Question, Recipient


@admin.register(Recipient)
class RecipientAdmin(admin.ModelAdmin):
    list_display = ["name", "role", "kind", "sector", "account", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "role"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["account", "staff"]


@admin.register(Question)
class QuestionAdmin(admin.ModelAdmin):
    list_display = ["subject", "recipient", "status", "asked_at", "answered_at"]
    list_filter = ["status", "recipient"]
    search_fields = ["subject", "text"]
    date_hierarchy = "asked_at"
    # Moderation and answers go through the services (their events, the asker's email).
    readonly_fields = [f.name for f in Question._meta.fields]

    def has_add_permission(self, request: object) -> bool:
        return False
