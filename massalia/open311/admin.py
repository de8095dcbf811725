from django.contrib import admin
from django.http import HttpRequest

from massalia.open311.models import ApiSubmission


@admin.register(ApiSubmission)
class ApiSubmissionAdmin(admin.ModelAdmin):
    list_display = ["request", "api_key", "created_at"]
    list_filter = ["api_key"]
    raw_id_fields = ["request"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False
