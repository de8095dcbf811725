"""Kinds of notification declared for a test only, and taken out of the registry after it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from massalia.core.notifications import registry
from massalia.core.notifications.registry import Frequency, Topic

NEWS = "tests.newsletter"  # anyone, weekly unless chosen otherwise
REMINDER = "tests.reminder"  # anyone, at once, cannot be turned off
STAFF = "tests.staff_only"  # agents and officials only


@pytest.fixture
def kinds() -> Iterator[dict[str, Topic]]:
    declared = {
        NEWS: Topic(
            name=NEWS, label="Lettre d'information", default=Frequency.WEEKLY, link=lambda: "/"
        ),
        REMINDER: Topic(name=REMINDER, label="Rappels de rendez-vous", optional=False),
        STAFF: Topic(
            name=STAFF,
            label="Réservé au personnel",
            audience=lambda user: user.is_official or user.is_superuser,
        ),
    }
    for kind in declared.values():
        registry.declare(kind)
    yield declared
    for name in declared:
        registry._topics.pop(name, None)  # test-only: the registry has no public removal
