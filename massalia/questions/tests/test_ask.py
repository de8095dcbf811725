"""A resident with a confirmed address asks an official: the question waits for a reader,
with an event; nothing is public yet."""

from __future__ import annotations

import pytest
from django.urls import reverse

from massalia.core.models import OutboxEvent
from massalia.questions.models import Question, Status

pytestmark = pytest.mark.django_db


def test_it_files_the_question_for_moderation(client, city, recipients):
    client.force_login(city.people["alice"])
    response = client.post(
        reverse("questions:ask"),
        {"recipient": "olga", "subject": "Les bancs de la place", "text": "Où sont-ils passés ?",
         "pseudonym": "Une voisine"},
    )  # fmt: skip
    asked = Question.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("questions:question", args=[asked.pk])
    assert asked.status == Status.PENDING and asked.recipient == recipients.olga
    assert asked.asked_by == "Une voisine"
    event = OutboxEvent.objects.get(name="questions.question_asked")
    assert event.payload == {"question_id": asked.pk, "recipient_id": recipients.olga.pk}
    client.logout()
    assert client.get(reverse("questions:question", args=[asked.pk])).status_code == 404
