"""The one permission policy: `can(user, action, obj)`.

Apps register a rule per action in their `rules.py` (imported by their AppConfig.ready):

    @rule("servicerequests.change_status")
    def change_status(user, request): ...

An action without a rule is refused, so a forgotten rule fails closed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import PermissionDenied

Rule = Callable[[Any, Any], bool]
_rules: dict[str, Rule] = {}


def rule(action: str) -> Callable[[Rule], Rule]:
    def register(fn: Rule) -> Rule:
        if action in _rules:
            raise ValueError(f"a rule for {action!r} is already registered")
        _rules[action] = fn
        return fn

    return register


def can(user: Any, action: str, obj: Any = None) -> bool:
    """True if `user` (possibly anonymous) may do `action` on `obj`."""
    check = _rules.get(action)
    if check is None:
        return False
    if getattr(user, "is_authenticated", False) and not user.is_active:
        return False
    return bool(check(user, obj))


def require(user: Any, action: str, obj: Any = None) -> None:
    """Raise PermissionDenied (a 403 page) unless `can(user, action, obj)`."""
    if not can(user, action, obj):
        raise PermissionDenied(action)


def actions() -> list[str]:
    return sorted(_rules)
