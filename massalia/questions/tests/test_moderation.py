"""The City's moderators read a question before it is public: published, its answer time
starts; refused, its asker reads the reason by email. The official does not moderate."""

from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse

from massalia.questions.models import Status
from massalia.questions.tests.conftest import ask

pytestmark = pytest.mark.django_db


def test_it_publishes_a_question(client, city, recipients):
    question = ask(recipients.olga, city.people["alice"], publish=False)
    client.force_login(city.people["root"])
    response = client.post(
        reverse("questions_agents:moderate", args=[question.pk]),
        {f"q{question.pk}-decision": "publish"},
    )
    assert response.status_code == 302
    question.refresh_from_db()
    assert question.status == Status.PUBLISHED and question.published_at is not None
    assert question.moderated_by == city.people["root"]
    client.logout()
    page = client.get(reverse("questions:question", args=[question.pk]))
    assert page.status_code == 200 and "Quand seront-elles vidées ?" in page.content.decode()


def test_it_tells_the_asker_why_a_question_is_refused(client, city, recipients, on_commit):
    question = ask(recipients.olga, city.people["alice"], publish=False)
    client.force_login(city.people["root"])
    url = reverse("questions_agents:moderate", args=[question.pk])
    assert client.post(url, {f"q{question.pk}-decision": "refuse"}).status_code == 400
    with on_commit():
        client.post(url, {f"q{question.pk}-decision": "refuse",
                          f"q{question.pk}-reason": "Elle nomme un voisin."})  # fmt: skip
    question.refresh_from_db()
    assert question.status == Status.REFUSED and question.published_at is None
    [sent] = mail.outbox
    assert sent.to == ["alice@example.org"] and "Elle nomme un voisin." in sent.body


def test_the_official_does_not_moderate_questions_to_her(client, city, recipients):
    question = ask(recipients.olga, city.people["alice"], publish=False)
    client.force_login(city.people["olga"])
    assert client.get(reverse("questions_agents:moderation")).status_code == 403
    url = reverse("questions_agents:moderate", args=[question.pk])
    assert client.post(url, {f"q{question.pk}-decision": "publish"}).status_code == 403
    question.refresh_from_db()
    assert question.status == Status.PENDING
