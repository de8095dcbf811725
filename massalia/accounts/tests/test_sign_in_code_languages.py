"""The sign-in code pages read in English and Arabic, their refusals too."""

import html

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_the_code_pages_read_in_english(client, city):
    client.cookies["django_language"] = "en"
    login = client.get(reverse("accounts:login")).content.decode()
    assert "Get a code by email" in login
    ask = client.get(reverse("accounts:code_request")).content.decode()
    assert "Get the code" in ask
    body = client.post(
        reverse("accounts:code_enter"), {"email": "alice@example.org", "code": "12"}
    ).content.decode()
    assert "The code is made of 6 digits, for example 123456." in body
    wrong = client.post(
        reverse("accounts:code_enter"), {"email": "alice@example.org", "code": "123456"}
    ).content.decode()
    assert "This is not the right code for this address." in html.unescape(wrong)


def test_the_code_pages_read_in_arabic(client, city):
    client.cookies["django_language"] = "ar"
    ask = client.get(reverse("accounts:code_request")).content.decode()
    assert "تلقّي الرمز" in ask and 'dir="rtl"' in ask
    body = client.get(reverse("accounts:code_enter")).content.decode()
    assert "10 دقائق" in body  # 3 to 10: the "few" form
