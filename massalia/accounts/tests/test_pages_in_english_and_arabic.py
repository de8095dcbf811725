"""The account pages read in English and Arabic: the forms' labels and errors, the retention
periods with the plural each language needs, the menu; French stays the default."""

from __future__ import annotations

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def _in(client, language: str) -> None:
    client.cookies["django_language"] = language


def test_a_failed_sign_in_is_explained_in_english(client, city):
    _in(client, "en")
    url = reverse("accounts:login")
    body = client.post(url, {"username": "alice", "password": "wrong"}).content.decode()
    assert "Incorrect username or password." in body
    assert "Email address or username" in body and "Forgotten your password?" in body
    assert ">Sign up<" in body  # the menu's "Inscription"


def test_my_account_in_arabic_counts_days_with_the_arabic_plural(client, city):
    client.force_login(city.people["alice"])
    _in(client, "ar")
    body = client.get(reverse("accounts:my_account")).content.decode()
    assert "بياناتي الشخصية" in body  # "Mes données personnelles"
    assert "7 أيام" in body  # 3 to 10: the "few" form
    assert "365 يومًا" in body  # 11 to 99 (mod 100): the "many" form
    assert ">حسابي<" in body and "Mon compte" not in body


def test_the_sign_up_errors_are_in_arabic(client, city):
    _in(client, "ar")
    data = {"email": "x", "display_name": "X", "password1": "a-long-one-1", "password2": "other"}
    body = client.post(reverse("accounts:signup"), data).content.decode()
    assert "أدخل بريدًا إلكترونيًّا صالحًا" in body  # BAD_EMAIL
    assert "كلمتا المرور غير متطابقتين." in body
