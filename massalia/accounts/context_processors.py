"""What every page may need to know of the account: whom a mediator is acting for."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from massalia.accounts import mandates


def mediation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not hasattr(request, "session"):
        return {}
    return {"acting_for": mandates.current(request)}
