"""The one notification module: email now, other channels later; preferences and digests.

A message is a template pair under `templates/notifications/`: `<name>.subject.txt` (one line)
and `<name>.txt` (plain text body), rendered in French by the "text" template engine, which
escapes nothing (a note reads "l'équipe", not "l&#x27;équipe").

- `notify(to=, template=, context=)` sends a message a person cannot refuse (a confirmation
  link, an acknowledgement).
- Everything else belongs to a kind of notification (a `Topic`) an app declares in the
  registry (`registry.declare`); `services.send(kind=, to=, key=, ...)` then honours the
  person's choice for that kind (immediately, daily or weekly digest, never), sends each item
  once per person, and every email carries a signed one-click unsubscribe link (`mail`).
- `digests.send_digests` (the scheduled job `tasks.deliver`) sends one digest per person per
  period with what waited for it.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.template import TemplateDoesNotExist
from django.template.loader import render_to_string
from django.utils import translation

from massalia.core.notifications.registry import Channel, Frequency, Topic, declare, topic, topics

__all__ = [
    "Channel",
    "Frequency",
    "Topic",
    "declare",
    "notify",
    "render",
    "render_digest_text",
    "topic",
    "topics",
]

log = logging.getLogger(__name__)
# The template engine of plain-text emails (settings.TEMPLATES): it escapes nothing.
TEXT = "text"


def _context(context: dict[str, Any]) -> dict[str, Any]:
    return {"site_url": settings.SITE_URL, "city_name": settings.CITY_NAME, **context}


def render(template: str, context: dict[str, Any]) -> tuple[str, str]:
    full = _context(context)
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string(f"notifications/{template}.subject.txt", full, using=TEXT)
        body = render_to_string(f"notifications/{template}.txt", full, using=TEXT)
    return " ".join(subject.split()), body.strip() + "\n"


def render_digest_text(template: str, context: dict[str, Any]) -> str:
    """The item's lines in a digest (`<template>.digest.txt`), or "" if it has none."""
    try:
        with translation.override(settings.LANGUAGE_CODE):
            text = render_to_string(
                f"notifications/{template}.digest.txt", _context(context), using=TEXT
            )
    except TemplateDoesNotExist:
        return ""
    return text.strip()


def notify(
    *,
    to: str,
    template: str,
    context: dict[str, Any],
    attachments: Sequence[tuple[str, bytes, str]] = (),
) -> None:
    """Send one message to one address, with `attachments` as (file name, content, MIME
    type). Raises on transport failure so callers can retry."""
    if not to:
        return
    subject, body = render(template, context)
    message = EmailMessage(subject=subject, body=body, to=[to])
    for name, content, mimetype in attachments:
        message.attach(name, content, mimetype)
    message.send(fail_silently=False)
    log.info("notification %s sent", template)
