"""The admin of API keys: scopes chosen among those the APIs declared, the key shown once."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone

from massalia.core.api import keys, scopes
from massalia.core.api.models import ApiKey


class ApiKeyForm(forms.ModelForm):
    scopes = forms.MultipleChoiceField(
        label="Droits",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Ce que la clé permet, API par API.",
    )

    class Meta:
        model = ApiKey
        fields = ["name", "owner", "scopes", "is_active"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Read at each form, not at import: the APIs declare their scopes when they start.
        field = self.fields["scopes"]
        assert isinstance(field, forms.MultipleChoiceField)
        field.choices = scopes.choices()
        if self.instance.pk is None:
            self.initial.setdefault("scopes", scopes.defaults())


@admin.register(ApiKey)
class ApiKeyAdmin(admin.ModelAdmin):
    form = ApiKeyForm
    list_display = ["name", "owner", "prefix", "scope_list", "is_active", "last_used_at"]
    list_filter = ["is_active"]
    search_fields = ["name", "owner", "prefix"]
    readonly_fields = ["prefix", "created_at", "last_used_at", "revoked_at"]
    fields = [
        "name",
        "owner",
        "scopes",
        "is_active",
        "prefix",
        "created_at",
        "last_used_at",
        "revoked_at",
    ]
    actions = ["revoke"]

    @admin.display(description="droits")
    def scope_list(self, obj: ApiKey) -> str:
        return ", ".join(obj.scopes or []) or "—"

    def save_model(self, request: HttpRequest, obj: ApiKey, form: Any, change: bool) -> None:
        if change:
            if obj.is_active:
                obj.revoked_at = None
            elif obj.revoked_at is None:
                obj.revoked_at = timezone.now()
            super().save_model(request, obj, form, change)
            return
        raw, obj.prefix, obj.key_hash = keys.new_secret()
        obj.revoked_at = None if obj.is_active else timezone.now()
        super().save_model(request, obj, form, change)
        # Shown once: only the hash is kept.
        messages.warning(
            request, f"Clé créée, copiez-la maintenant (elle ne sera plus affichée) : {raw}"
        )

    @admin.action(description="Révoquer les clés choisies")
    def revoke(self, request: HttpRequest, queryset: QuerySet[ApiKey]) -> None:
        for key in queryset.filter(is_active=True):
            keys.revoke_key(name=key.name)
        messages.success(request, "Clés révoquées.")
