"""A person's questions are in their download; erasing the account keeps the published ones
without name or pseudonym and deletes the others; refused ones are purged after a year."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from massalia.questions import privacy, services
from massalia.questions.models import Question
from massalia.questions.tests.conftest import ask

pytestmark = pytest.mark.django_db


def test_it_exports_and_erases_a_persons_questions(city, recipients):
    alice = city.people["alice"]
    public = ask(recipients.olga, alice, pseudonym="Une voisine")
    ask(recipients.olga, alice, subject="En attente", publish=False)
    exported = privacy.PERSONAL_DATA.exported(alice)["questions_to_officials"]
    assert {q["subject"] for q in exported} == {public.subject, "En attente"}
    assert privacy.PERSONAL_DATA.erased(alice) == {
        "unpublished_questions": 1, "anonymised_questions": 1,
    }  # fmt: skip
    kept = Question.objects.get()
    assert kept.pk == public.pk and kept.author is None and kept.pseudonym == ""
    assert kept.asked_by == "Anonyme"


def test_it_purges_old_refused_questions(city, recipients):
    question = ask(recipients.olga, city.people["alice"], publish=False)
    services.moderate_question(
        question=question, moderator=city.people["root"], publish_it=False, reason="Hors sujet."
    )
    later = timezone.now() + timedelta(days=366)
    assert privacy.PERSONAL_DATA.purged(later, True) == {"refused_questions": 1}
    assert privacy.PERSONAL_DATA.purged(timezone.now(), False) == {"refused_questions": 0}
    assert privacy.PERSONAL_DATA.purged(later, False) == {"refused_questions": 1}
    assert not Question.objects.exists()
