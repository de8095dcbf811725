"""The official (or her cabinet) answers a published question from the back-office: the
answer is public, signed, timed, and its asker is emailed."""

from __future__ import annotations

import html

import pytest
from django.core import mail
from django.urls import reverse

from massalia.core.models import OutboxEvent
from massalia.questions.tests.conftest import ask

pytestmark = pytest.mark.django_db


def test_the_official_answers_and_the_asker_is_emailed(client, city, recipients, on_commit):
    question = ask(recipients.olga, city.people["alice"])
    client.force_login(city.people["olga"])
    desk = client.get(reverse("questions_agents:desk"))
    assert question.subject in desk.content.decode()
    with on_commit():
        response = client.post(
            reverse("questions_agents:answer", args=[question.pk]),
            {"text": "Deux passages par jour dès lundi."},
        )
    assert response.status_code == 302
    question.refresh_from_db()
    assert question.answered_by == city.people["olga"]
    assert question.answer_signature == str(recipients.olga)
    assert question.answer_days is not None and question.answer_days < 1
    assert OutboxEvent.objects.filter(name="questions.question_answered").count() == 1
    [sent] = mail.outbox
    assert sent.to == ["alice@example.org"] and "Deux passages par jour" in sent.body
    client.logout()
    page = html.unescape(
        client.get(reverse("questions:question", args=[question.pk])).content.decode()
    )
    assert "Deux passages par jour dès lundi." in page and "Olga Martin" in page


def test_her_cabinet_answers_in_its_own_name(client, city, recipients):
    question = ask(recipients.olga, city.people["alice"])
    client.force_login(city.people["dave"])
    client.post(reverse("questions_agents:answer", args=[question.pk]), {"text": "C'est noté."})
    question.refresh_from_db()
    assert question.answer_signature == "Le cabinet de Olga Martin"


def test_someone_else_may_not_answer(client, city, recipients):
    question = ask(recipients.olga, city.people["alice"])
    client.force_login(city.people["bob"])
    url = reverse("questions_agents:answer", args=[question.pk])
    assert client.post(url, {"text": "Je réponds à sa place."}).status_code == 403
    question.refresh_from_db()
    assert question.answered_at is None


def test_a_question_is_answered_once(client, city, recipients):
    question = ask(recipients.olga, city.people["alice"])
    client.force_login(city.people["olga"])
    url = reverse("questions_agents:answer", args=[question.pk])
    client.post(url, {"text": "Première réponse."})
    assert client.post(url, {"text": "Seconde réponse."}).status_code == 404
    question.refresh_from_db()
    assert question.answer == "Première réponse."
