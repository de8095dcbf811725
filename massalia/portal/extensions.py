"""What the portal offers the other apps: the home page, as a link."""

from __future__ import annotations

from django.urls import reverse

from massalia.core.extensions import provide


def register() -> None:
    provide("portal.home", lambda: reverse("portal:home"))
