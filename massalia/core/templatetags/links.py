"""`{% link "servicerequests.report" as url %}`: a page another app provides, or "" if none does."""

from __future__ import annotations

from typing import Any

from django import template

from massalia.core.extensions import url_for

register = template.Library()


@register.simple_tag
def link(key: str, *args: Any) -> str:
    return url_for(key, *args) or ""
