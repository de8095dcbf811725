"""Alerts for the tests of area alerts, made and confirmed through the real services."""

from __future__ import annotations

from typing import Any

from massalia.servicerequests import area_alerts
from massalia.servicerequests.models import AreaAlert
from massalia.testing import City

NEIGHBOUR = "voisine@example.org"


def quartier_alert(city: City, where: str = "NOAILLES", **extra: Any) -> AreaAlert:
    """dave, signed in with a confirmed address, watches a quartier."""
    extra.setdefault("user", city.people["dave"])
    extra.setdefault("quartier", city.quartiers[where])
    return area_alerts.create_alert(**extra)


def neighbour_alert(**area: Any) -> AreaAlert:
    """A neighbour without an account asks for alerts and opens the confirmation link (where
    they choose how often)."""
    frequency = area.pop("frequency", None)
    alert = area_alerts.create_alert(email=NEIGHBOUR, **area)
    confirmed = area_alerts.confirm_alert(token=alert.token, frequency=frequency)
    assert confirmed is not None
    return confirmed


def alerted(outbox: list[Any]) -> list[str]:
    """The addresses that received an area alert (not the other emails)."""
    return sorted(
        to for m in outbox if "Nouvelle demande près de chez vous" in m.subject for to in m.to
    )
