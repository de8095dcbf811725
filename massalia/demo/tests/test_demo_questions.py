"""The demo's questions to elected officials: five deputy mayors and the eight sector town
halls, forty questions, most published, many answered, a few waiting or refused, answer
times on each official's page; nothing made twice."""

from __future__ import annotations

from html import unescape

import pytest
from django.urls import reverse

from massalia.demo import questions
from massalia.questions import selectors
from massalia.questions.models import Question, Recipient

pytestmark = pytest.mark.django_db


def test_it_loads_questions_with_answers_once(client):
    assert questions.load() == questions.COUNT
    assert Recipient.objects.filter(kind="town_hall").count() == 8
    published = Question.objects.published()
    assert published.count() > 25 and published.answered().count() > 10
    assert Question.objects.filter(status="pending").exists()
    assert Question.objects.filter(status="refused").count() == 2
    mine = Recipient.objects.get(account__username="elu")
    figures = selectors.figures([mine.pk])[mine.pk]
    assert figures.answered and figures.median_days is not None
    assert questions.load() == 0 and Question.objects.count() == questions.COUNT
    page = unescape(client.get(reverse("questions:recipient", args=[mine.slug])).content.decode())
    assert "Délai médian de réponse" in page and mine.name in page
