from django.contrib import admin
from django.http import HttpRequest
from django.utils import timezone

from massalia.portal.models import SitePage


@admin.register(SitePage)
class SitePageAdmin(admin.ModelAdmin):
    """The city's own text of an information page, for one language; without a row the page
    shows the text shipped with the platform."""

    list_display = ["key", "language", "title", "updated_at", "updated_by"]
    list_filter = ["key", "language"]
    readonly_fields = ["updated_at", "updated_by"]

    def save_model(self, request: HttpRequest, obj: SitePage, form: object, change: bool) -> None:
        obj.updated_at = timezone.now()
        obj.updated_by = request.user  # type: ignore[assignment]
        super().save_model(request, obj, form, change)
