"""Moderation shared by the domains: the states of a contribution, the decisions on it and the
rule that says which contributions wait for a moderator.

A domain keeps its own rows (a contribution carries a `moderation` field with `State`, its
audit rows subclass `core.models.ModerationDecisionBase`, one per decision: who, when, what,
why) and asks `HoldRule.holds(published_before)` whether a new contribution waits. The rule
is a setting, one value per domain:

- `none`: everything is published at once;
- `all`: everything waits for a moderator;
- `first`: an account's first contribution waits; once one is published, the next ones go
  out at once;
- `first:N`: the same with N (an account with fewer than N published contributions waits).

This module imports no model, so `settings.py` checks the value at start-up with `parse`.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _

from massalia.core.config import fail


class State(models.TextChoices):
    PENDING = "pending", _("En attente de modération")
    PUBLISHED = "published", _("Publié")
    HIDDEN = "hidden", _("Masqué par la modération")


class Action(models.TextChoices):
    PUBLISH = "publish", "Publier"
    HIDE = "hide", "Masquer"


# The state each decision leads to.
AFTER = {Action.PUBLISH: State.PUBLISHED, Action.HIDE: State.HIDDEN}
REASON_MAX = 1000


@dataclass(frozen=True)
class HoldRule:
    """Hold a contribution while its author has fewer than `first` published ones
    (`first=None`: hold all of them; `first=0`: hold none)."""

    first: int | None

    def holds(self, published_before: int) -> bool:
        """Whether a new contribution of someone with `published_before` published
        contributions waits for a moderator (an anonymous person counts 0)."""
        if self.first is None:
            return True
        return published_before < self.first

    def initial(self, published_before: int) -> State:
        return State.PENDING if self.holds(published_before) else State.PUBLISHED

    @classmethod
    def parse(cls, name: str, value: str) -> HoldRule:
        """The rule a setting's value names; an unknown one stops start-up."""
        text = value.strip().lower()
        if text == "none":
            return cls(first=0)
        if text == "all":
            return cls(first=None)
        if text == "first":
            return cls(first=1)
        count = text.removeprefix("first:")
        if count != text and count.isdigit() and int(count) > 0:
            return cls(first=int(count))
        fail(name, value, 'expected "none", "all", "first" or "first:N" (N a whole number >= 1)')
