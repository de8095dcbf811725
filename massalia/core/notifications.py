"""The one notification module: email now, other channels later.

A message is a template pair under `templates/notifications/`: `<name>.subject.txt` (one line)
and `<name>.txt` (plain text body). `notify` renders both in French and sends them.
"""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import translation

log = logging.getLogger(__name__)


def render(template: str, context: dict[str, Any]) -> tuple[str, str]:
    full = {"site_url": settings.SITE_URL, "city_name": settings.CITY_NAME, **context}
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string(f"notifications/{template}.subject.txt", full)
        body = render_to_string(f"notifications/{template}.txt", full)
    return " ".join(subject.split()), body.strip() + "\n"


def notify(*, to: str, template: str, context: dict[str, Any]) -> None:
    """Send one message to one address. Raises on transport failure so callers can retry."""
    if not to:
        return
    subject, body = render(template, context)
    EmailMessage(subject=subject, body=body, to=[to]).send(fail_silently=False)
    log.info("notification %s sent", template)
