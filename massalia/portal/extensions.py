"""What the portal offers the other apps: its pages as links, and its navigation entries."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from massalia.core.extensions import MenuEntry, menu, provide


def _signed_in(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False))


def register() -> None:
    provide("portal.home", lambda: reverse("portal:home"))
    provide("portal.report", lambda: reverse("portal:report"))
    provide("servicerequests.mine", lambda: reverse("portal:my_requests"))
    provide("servicerequests.public_page", lambda pk: reverse("portal:request_detail", args=[pk]))
    provide("servicerequests.attachment", lambda pk: reverse("portal:attachment", args=[pk]))
    provide("servicerequests.reply_link", lambda t: reverse("portal:reply_by_link", args=[t]))
    provide(
        "servicerequests.reply_document",
        lambda token, pk: reverse("portal:reply_document", args=[token, pk]),
    )
    provide(
        "servicerequests.confirmation",
        lambda token: reverse("portal:confirm_request", args=[token]),
    )
    for entry in (
        MenuEntry("portal.report", "Signaler", lambda: reverse("portal:report"), order=10),
        MenuEntry("portal.requests", "Demandes", lambda: reverse("portal:requests"), order=20),
        MenuEntry("portal.map", "Carte", lambda: reverse("portal:map"), order=30),
        MenuEntry(
            "portal.mine",
            "Mes demandes",
            lambda: reverse("portal:my_requests"),
            order=40,
            visible=_signed_in,
        ),
    ):
        menu.register(entry)
