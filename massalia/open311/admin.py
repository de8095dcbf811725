import secrets

from django.contrib import admin, messages
from django.http import HttpRequest

from massalia.open311.models import ApiKey, ApiSubmission
from massalia.open311.services import KEY_PREFIX, hash_key


@admin.register(ApiKey)
class ApiKeyAdmin(admin.ModelAdmin):
    list_display = ["name", "prefix", "is_active", "created_at", "last_used_at"]
    list_filter = ["is_active"]
    search_fields = ["name", "prefix"]
    readonly_fields = ["prefix", "created_at", "last_used_at"]
    fields = ["name", "is_active", "prefix", "created_at", "last_used_at"]

    def save_model(self, request: HttpRequest, obj: ApiKey, form: object, change: bool) -> None:
        if change:
            super().save_model(request, obj, form, change)
            return
        raw = KEY_PREFIX + secrets.token_urlsafe(32)
        obj.prefix, obj.key_hash = raw[:12], hash_key(raw)
        super().save_model(request, obj, form, change)
        # Shown once: only the hash is kept.
        messages.warning(
            request, f"Clé créée, copiez-la maintenant (elle ne sera plus affichée) : {raw}"
        )


@admin.register(ApiSubmission)
class ApiSubmissionAdmin(admin.ModelAdmin):
    list_display = ["request", "api_key", "created_at"]
    list_filter = ["api_key"]
    raw_id_fields = ["request"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False
