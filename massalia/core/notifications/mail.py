"""Putting a notification on the wire: the unsubscribe link, its headers and the footer.

The link carries a signed token (django.core.signing) naming the person and the kinds to turn
off, so that it works without a session; RFC 8058's `List-Unsubscribe-Post` header lets a
mail client unsubscribe in one click with a POST to the same address.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMessage
from django.urls import reverse

SALT = "massalia.notifications.unsubscribe"


@dataclass(frozen=True)
class Person:
    """Who a notification is for: an account (user_id) or a bare address."""

    user_id: int | None
    email: str

    @classmethod
    def of(cls, to: Any) -> Person:
        if isinstance(to, str):
            return cls(user_id=None, email=normalise(to))
        return cls(user_id=to.pk, email=getattr(to, "email", "") or "")

    def rows(self) -> dict[str, Any]:
        """The lookup of this person's rows (Subscription, Notification, Digest)."""
        if self.user_id is not None:
            return {"user_id": self.user_id}
        return {"user__isnull": True, "email": self.email}


def normalise(address: str) -> str:
    return address.strip().lower()


def unsubscribe_token(person: Person, topics: list[str]) -> str:
    who = f"u:{person.user_id}" if person.user_id is not None else f"e:{person.email}"
    return signing.dumps({"p": who, "t": sorted(topics)}, salt=SALT, compress=True)


def read_token(token: str) -> tuple[Person, list[str]]:
    """The person and kinds a token names; raises signing.BadSignature if it was altered."""
    data = signing.loads(token, salt=SALT)
    try:
        kind, _, ref = data["p"].partition(":")
        names = [name for name in data["t"] if isinstance(name, str)]
        if kind == "u":
            return Person(user_id=int(ref), email=""), names
        if kind == "e" and ref:
            return Person(user_id=None, email=ref), names
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise signing.BadSignature("malformed unsubscribe token") from exc
    raise signing.BadSignature("malformed unsubscribe token")


def unsubscribe_url(person: Person, topics: list[str]) -> str:
    token = unsubscribe_token(person, topics)
    return settings.SITE_URL + reverse("notifications:unsubscribe", args=[token])


def transmit(*, to: str, subject: str, body: str, person: Person, topics: list[str]) -> None:
    """Send one email with its footer; `topics` are the optional kinds its link turns off.

    Raises on transport failure (the caller records it for a retry).
    """
    headers: dict[str, str] = {}
    footer = []
    if person.user_id is not None:  # the preferences page is in "my account"
        footer.append(
            f"Choisir vos notifications : {settings.SITE_URL}{reverse('notifications:preferences')}"
        )
    if topics:
        link = unsubscribe_url(person, topics)
        footer.insert(0, f"Ne plus recevoir ces courriels : {link}")
        headers["List-Unsubscribe"] = f"<{link}>"
        headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    text = body.rstrip() + "\n\n-- \n" + "\n".join(footer) + "\n"
    EmailMessage(subject=subject, body=text, to=[to], headers=headers).send(fail_silently=False)
