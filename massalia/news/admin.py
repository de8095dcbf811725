"""The editors' back office: news items and themes, the newsletter's issues (sent from their
list) and, read only, subscribers and deliveries. Open to the rule `news.edit`."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest

from massalia.core.permissions import can, require
from massalia.core.tasks import defer
from massalia.core.uploads import UploadRejected, accept_image
from massalia.news import services, tasks
from massalia.news.models import Delivery, Issue, NewsItem, Subscriber, Theme


class EditorsOnly(admin.ModelAdmin):  # type: ignore[type-arg]  # one admin for several models
    def has_module_permission(self, request: HttpRequest) -> bool:
        return can(request.user, "news.edit")

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return can(request.user, "news.edit")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return can(request.user, "news.edit")

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return can(request.user, "news.edit")

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return can(request.user, "news.edit")


@admin.register(Theme)
class ThemeAdmin(EditorsOnly):
    list_display = ["name", "slug", "order"]
    prepopulated_fields = {"slug": ["name"]}


class NewsItemForm(forms.ModelForm):  # type: ignore[type-arg]
    image_file = forms.FileField(
        required=False,
        label="Nouvelle image",
        help_text="JPEG, PNG, GIF ou WebP ; ses métadonnées (lieu, appareil) sont retirées.",
    )

    class Meta:
        model = NewsItem
        fields = [
            "title", "slug", "summary", "body", "theme", "quartiers", "image_file", "image_alt",
            "published_at",
        ]  # fmt: skip

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        uploaded = data.get("image_file")
        has_image = bool(uploaded) or bool(self.instance.image_id)
        if has_image and not str(data.get("image_alt") or "").strip():
            self.add_error("image_alt", "Décrivez l'image pour qui ne la voit pas.")
        if uploaded and not self.errors:
            try:
                data["image_file"] = accept_image(uploaded)
            except UploadRejected as exc:
                self.add_error("image_file", str(exc))
        return data


@admin.register(NewsItem)
class NewsItemAdmin(EditorsOnly):
    form = NewsItemForm
    list_display = ["title", "theme", "published_at", "author"]
    list_filter = ["theme", "published_at"]
    search_fields = ["title", "summary"]
    prepopulated_fields = {"slug": ["title"]}
    filter_horizontal = ["quartiers"]
    date_hierarchy = "published_at"

    def save_model(self, request: HttpRequest, obj: NewsItem, form: Any, change: bool) -> None:
        services.save_item(item=obj, editor=request.user, image=form.cleaned_data.get("image_file"))


class DeliveryInline(admin.TabularInline):  # type: ignore[type-arg]
    model = Delivery
    extra = 0
    can_delete = False
    fields = ("email", "state", "items", "sent_at", "error")
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Issue)
class IssueAdmin(EditorsOnly):
    list_display = ["subject", "created_at", "sent_at"]
    filter_horizontal = ["items"]
    readonly_fields = ["sent_at"]
    inlines = [DeliveryInline]
    actions = ["send"]

    @admin.action(description="Envoyer aux abonné·es (chaque adresse une seule fois)")
    def send(self, request: HttpRequest, queryset: QuerySet[Issue]) -> None:
        require(request.user, "news.edit")
        for issue in queryset:
            defer(tasks.send_issue, issue_id=issue.pk)
            self.message_user(
                request,
                f"« {issue} » part en arrière-plan ; les envois apparaissent sur sa page.",
                messages.SUCCESS,
            )


@admin.register(Subscriber)
class SubscriberAdmin(EditorsOnly):
    """Read only: an address subscribes and changes its choices itself."""

    list_display = ["email", "confirmed_at"]
    search_fields = ["email"]
    readonly_fields = ["email", "themes", "quartiers", "confirmed_at"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
