"""Admin of the pulse: topics and sources are configured here; models and alerts are only shown.

A source's config is checked by its connector before it is saved (and a password is refused:
mailboxes name an environment variable instead). "Relever maintenant" polls the selected
sources and says what came in or what went wrong.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest

from massalia.core.admin import ReadOnlyMixin
from massalia.pulse.connectors import config_problem, poll
from massalia.pulse.models import Alert, Source, Topic, TopicModel


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "department", "is_active"]
    list_filter = ["is_active", "department"]
    search_fields = ["name", "slug", "description"]
    prepopulated_fields = {"slug": ["name"]}


class SourceForm(forms.ModelForm):
    class Meta:
        model = Source
        fields = ["name", "channel", "config", "is_active"]
        help_texts = {
            "config": (
                'Flux : {"url": …} · Mastodon : {"base_url": …, "hashtag": …} ou '
                '{"base_url": …, "timeline": "public", "local": true} · Courriel : '
                '{"host", "port", "ssl", "username", "password_env", "mailbox"} — '
                "le mot de passe reste dans une variable d'environnement, jamais ici."
            )
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if "channel" in data and "config" in data:
            problem = config_problem(data["channel"], data["config"])
            if problem:
                self.add_error("config", problem)
        return data


@admin.action(description="Relever maintenant")
def poll_now(modeladmin: admin.ModelAdmin, request: HttpRequest, queryset: QuerySet) -> None:
    for source in queryset:
        outcome = poll(source)
        level = messages.WARNING if outcome.error else messages.SUCCESS
        modeladmin.message_user(request, str(outcome), level)


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    form = SourceForm
    list_display = ["name", "channel", "is_active", "last_polled_at", "state"]
    list_filter = ["channel", "is_active"]
    search_fields = ["name"]
    readonly_fields = ["cursor", "last_polled_at", "last_error"]
    actions = [poll_now]

    @admin.display(description="état")
    def state(self, obj: Source) -> str:
        if obj.last_error:
            return f"erreur : {obj.last_error[:120]}"
        return "—" if obj.last_polled_at is None else "ok"


@admin.register(TopicModel)
class TopicModelAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["version", "created_at", "is_active", "accuracy", "macro_f1"]
    exclude = ["blob"]

    @admin.display(description="exactitude")
    def accuracy(self, obj: TopicModel) -> str:
        return _share(obj.quality.get("accuracy"))

    @admin.display(description="F1 macro")
    def macro_f1(self, obj: TopicModel) -> str:
        return _share(obj.quality.get("macro_f1"))


def _share(value: Any) -> str:
    return f"{value:.3f}" if isinstance(value, int | float) else "—"


@admin.register(Alert)
class AlertAdmin(admin.ModelAdmin):
    list_display = ["day", "kind", "title", "arrondissement", "observed", "expected", "score"]
    list_filter = ["kind", "topic", "arrondissement"]
    date_hierarchy = "day"
    search_fields = ["title"]
    # Alerts are found by the detector; here one can only read them (or delete a wrong one).
    readonly_fields = [field.name for field in Alert._meta.fields]

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
