"""The newsletter on the wire: its kind of notification, the confirmation link, the message.

Unsubscribing is the notification module's: the kind `news.newsletter` is declared there, each
issue carries its signed one-click link (`core.notifications.mail`, RFC 8058 headers) and the
module's page turns the kind off for that address. The kind is hidden from the accounts'
preferences page (`audience`): the newsletter belongs to an address, chosen on its own page.

The confirmation link (double opt-in) carries, signed and dated, the address and the choices
made on the form, so that nothing is stored before the address's owner confirms it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from massalia.core.notifications import Frequency, Topic, declare
from massalia.core.notifications.mail import (
    Person,
    normalise,
    unsubscribe_token,
    unsubscribe_url,
)

KIND = "news.newsletter"
CONFIRM_SALT = "massalia.news.confirm"
# How long a confirmation link works.
CONFIRM_MAX_AGE = 7 * 24 * 3600


TOPIC = declare(
    Topic(
        name=KIND,
        label="La lettre d'information de la Ville",
        # Nothing is sent before a confirmation, which sets the choice.
        default=Frequency.NEVER,
        audience=lambda user: False,
    )
)


@dataclass(frozen=True)
class Choice:
    """What a confirmation link asks for: an address, themes and quartiers (ids)."""

    email: str
    themes: tuple[int, ...]
    quartiers: tuple[int, ...]


def confirmation_token(choice: Choice) -> str:
    data = {"e": choice.email, "t": list(choice.themes), "q": list(choice.quartiers)}
    return signing.dumps(data, salt=CONFIRM_SALT, compress=True)


def read_confirmation(token: str) -> Choice:
    """Raises signing.SignatureExpired for an old link, signing.BadSignature for a bad one."""
    data = signing.loads(token, salt=CONFIRM_SALT, max_age=CONFIRM_MAX_AGE)
    try:
        email = normalise(str(data["e"]))
        themes = tuple(int(v) for v in data["t"])
        quartiers = tuple(int(v) for v in data["q"])
    except (KeyError, TypeError, ValueError) as exc:
        raise signing.BadSignature("malformed confirmation token") from exc
    if not email:
        raise signing.BadSignature("malformed confirmation token")
    return Choice(email=email, themes=themes, quartiers=quartiers)


def confirmation_url(choice: Choice) -> str:
    return settings.SITE_URL + reverse("news:confirm", args=[confirmation_token(choice)])


def stop_url(email: str) -> str:
    """The signed one-click unsubscribe link of an address (the notification module's)."""
    return unsubscribe_url(Person(user_id=None, email=normalise(email)), [KIND])


def stop_path(email: str) -> str:
    """The same link as a path on this site (for a page)."""
    token = unsubscribe_token(Person(user_id=None, email=normalise(email)), [KIND])
    return reverse("notifications:unsubscribe", args=[token])


def transmit(*, to: str, subject: str, context: dict[str, Any]) -> None:
    """Send one issue to one address, as text and HTML, with RFC 8058's headers.

    Raises on transport failure (the caller records it).
    """
    link = stop_url(to)
    full = {
        "site_url": settings.SITE_URL,
        "city_name": settings.CITY_NAME,
        "unsubscribe_url": link,
        **context,
    }
    with translation.override(settings.LANGUAGE_CODE):
        text = render_to_string("news/email/issue.txt", full, using="text")
        html = render_to_string("news/email/issue.html", full)
    message = EmailMultiAlternatives(
        subject=subject,
        body=text.strip() + "\n",
        to=[to],
        headers={
            "List-Unsubscribe": f"<{link}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
    message.attach_alternative(html, "text/html")
    message.send(fail_silently=False)
