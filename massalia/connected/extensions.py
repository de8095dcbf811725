"""What the connected city adds to the site: the link to the subscriber's page.

A link, not a menu entry: whether someone has a meter costs a query, and a menu entry's test
would run it on every page; "my account" shows the link instead."""

from __future__ import annotations

from django.urls import reverse

from massalia.core.extensions import provide


def register() -> None:
    provide("connected.my_water", lambda: reverse("connected:my_water"))
