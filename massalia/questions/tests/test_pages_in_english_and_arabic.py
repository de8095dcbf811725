"""The citizen pages of the questions read in English and Arabic: the list, the form and its
errors, an official's answer times."""

from __future__ import annotations

import html

import pytest
from django.urls import reverse

from massalia.questions import services
from massalia.questions.tests.conftest import ask

pytestmark = pytest.mark.django_db


def _in(client, language: str) -> None:
    client.cookies["django_language"] = language


def test_the_list_and_an_officials_page_read_in_english(client, city, recipients):
    question = ask(recipients.olga, city.people["alice"])
    services.answer_question(question=question, by=city.people["olga"], text="Oui.")
    _in(client, "en")
    listing = html.unescape(client.get(reverse("questions:questions")).content.decode())
    assert "Questions to elected officials" in listing and "Ask a question" in listing
    page = html.unescape(client.get(reverse("questions:recipient", args=["olga"])).content.decode())
    assert "Median time to answer" in page and "Answered within 30 days" in page


def test_the_forms_errors_are_in_arabic(client, city, recipients):
    _in(client, "ar")
    client.force_login(city.people["alice"])
    response = client.post(reverse("questions:ask"), {"recipient": "inconnu", "subject": ""})
    body = html.unescape(response.content.decode())
    assert response.status_code == 400 and 'dir="rtl"' in body
    assert "اختر جهة من القائمة." in body and "أعطِ سؤالك موضوعًا." in body
