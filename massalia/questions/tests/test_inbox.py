"""The agents' inbox shows the official her questions waiting for an answer (urgent past 30
days) and the moderators the questions to read."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from massalia.core.extensions import sections_for
from massalia.questions.models import Question
from massalia.questions.tests.conftest import ask

pytestmark = pytest.mark.django_db


def _counters(user):
    return {c.label: (c.value, c.urgent) for s in sections_for(user) for c in s.counters
            if s.section.key.startswith("questions.")}  # fmt: skip


def test_it_counts_what_waits_for_each_person(city, recipients):
    alice = city.people["alice"]
    late = ask(recipients.olga, alice)
    Question.objects.filter(pk=late.pk).update(published_at=timezone.now() - timedelta(days=31))
    ask(recipients.olga, alice)
    ask(recipients.town_hall, alice)
    ask(recipients.olga, alice, publish=False)

    assert _counters(city.people["olga"]) == {
        "Questions sans réponse": (2, False),
        "Sans réponse depuis plus de 30 jours": (1, True),
    }
    assert _counters(city.people["dave"])["Questions sans réponse"] == (2, False)
    assert _counters(city.people["bob"]) == {}
    assert _counters(city.people["root"])["Questions à relire"] == (1, True)
