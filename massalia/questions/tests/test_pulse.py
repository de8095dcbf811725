"""A published question reaches the pulse as something residents say; a refused one does not."""

from __future__ import annotations

import pytest

from massalia.pulse.models import Message
from massalia.questions import services
from massalia.questions.tests.conftest import ask

pytestmark = pytest.mark.django_db


def test_a_published_question_reaches_the_pulse(city, recipients, on_commit):
    with on_commit():
        published = ask(recipients.olga, city.people["alice"], text="Les poubelles débordent.")
        refused = ask(recipients.olga, city.people["alice"], publish=False)
        services.moderate_question(
            question=refused, moderator=city.people["root"], publish_it=False, reason="Hors sujet."
        )
    said = Message.objects.get()
    assert said.external_id == f"question:{published.pk}"
    assert "Les poubelles débordent." in said.text
