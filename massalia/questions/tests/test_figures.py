"""Each recipient's answer times, computed in SQL: the median delay of the answered
questions, the share answered within 30 days among those due, the counts."""

from __future__ import annotations

import statistics
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from massalia.questions import selectors, services
from massalia.questions.models import Question
from massalia.questions.tests.conftest import ask

pytestmark = pytest.mark.django_db


def _published_days_ago(question: Question, days: float) -> None:
    Question.objects.filter(pk=question.pk).update(
        published_at=timezone.now() - timedelta(days=days)
    )


def test_it_computes_the_median_and_the_share_within_30_days(client, city, recipients):
    alice, olga = city.people["alice"], city.people["olga"]
    delays = [2, 10, 40, 5]  # answered after these many days
    for days in delays:
        question = ask(recipients.olga, alice, subject=f"Après {days} jours")
        _published_days_ago(question, days)
        services.answer_question(question=question, by=olga, text="Réponse.")
    late = ask(recipients.olga, alice, subject="Toujours rien")
    _published_days_ago(late, 45)
    ask(recipients.olga, alice, subject="Hier")  # not due yet
    ask(recipients.town_hall, alice, subject="Ailleurs")

    found = selectors.figures()[recipients.olga.pk]
    assert found.asked == 6 and found.answered == 4
    assert found.median_days == pytest.approx(statistics.median(delays), abs=0.1)
    assert (found.within, found.due, found.within_share) == (3, 5, 60)
    assert selectors.figures()[recipients.town_hall.pk].median_days is None

    page = client.get(reverse("questions:recipient", args=["olga"])).content.decode()
    assert "7,5 jours" in page and "60 %" in page


def test_an_odd_count_takes_the_middle_delay(city, recipients):
    for days in (1, 3, 20):
        question = ask(recipients.town_hall, city.people["alice"])
        _published_days_ago(question, days)
        services.answer_question(question=question, by=city.people["root"], text="Vu.")
    assert selectors.figures([recipients.town_hall.pk])[recipients.town_hall.pk].median_days == 3.0
