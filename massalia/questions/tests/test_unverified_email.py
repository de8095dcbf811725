"""Asking needs a confirmed email address: without one, the page says how to confirm it."""

from __future__ import annotations

import html

import pytest
from django.urls import reverse

from massalia.questions.models import Question

pytestmark = pytest.mark.django_db


def test_it_asks_to_confirm_the_address_first(client, city, recipients):
    alice = city.people["alice"]
    alice.email_verified_at = None
    alice.save()
    client.force_login(alice)
    for response in (
        client.get(reverse("questions:ask")),
        client.post(reverse("questions:ask"), {"recipient": "olga", "subject": "A", "text": "B"}),
    ):
        assert response.status_code == 403
        assert "Confirmez votre adresse email" in html.unescape(response.content.decode())
    assert not Question.objects.exists()


def test_anonymous_visitors_sign_in_first(client, city, recipients):
    response = client.get(reverse("questions:ask"))
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]
