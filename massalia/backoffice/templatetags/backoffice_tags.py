from django import template

from massalia.servicerequests.models import Status

register = template.Library()


@register.filter
def status_label(value: str) -> str:
    """'in_progress' → 'en cours' (an unknown code is shown as it is)."""
    return Status(value).label if value in Status.values else value
