"""The citizen pages of requests read in English and Arabic: the page's text, the forms' labels
and errors, the workflow's state labels, the menu and the messages after an action. French
stays the default (the other tests read it)."""

from __future__ import annotations

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def _in(client, language: str) -> None:
    client.cookies["django_language"] = language


def test_a_request_page_in_arabic_names_its_state_and_the_menu_in_arabic(client, reports):
    url = reverse("servicerequests:request_detail", args=[reports.pothole.pk])
    assert ">nouvelle<" in client.get(url).content.decode()
    _in(client, "ar")
    body = client.get(url).content.decode()
    assert ">جديد<" in body  # the state "nouvelle"
    assert f"رقم {reports.pothole.pk}" in body  # "n° …"
    assert "السجلّ" in body and "قُدِّم الطلب" in body  # "Historique", "Demande déposée"
    assert ">الخريطة<" in body  # the menu's "Carte"
    assert "nouvelle" not in body and "Historique" not in body


def test_the_map_lists_the_states_of_each_kind_in_english(client, reports):
    _in(client, "en")
    body = client.get(reverse("servicerequests:map")).content.decode()
    assert "<strong>2 requests</strong> out of 2" in body
    assert "(new, filed)" in body  # the lazy labels of both workflows, joined
    assert "(rejected, duplicate, refused, withdrawn)" in body


def test_the_filters_say_what_is_applied_in_english(client, reports):
    _in(client, "en")
    body = client.get(reverse("servicerequests:map"), {"status": "open"}).content.decode()
    assert "filters: Status: Open" in body


def test_the_report_form_s_errors_are_in_english(client, reports):
    _in(client, "en")
    url = reverse("servicerequests:report_form", args=[reports.pothole.request_type.code])
    body = client.post(url, {"description": ""}).content.decode()
    assert "The form contains errors" in body
    assert "Describe the problem in a few words." in body
    assert "At most 3 photos (JPEG, PNG, GIF or WebP)." in body


def test_following_a_request_is_confirmed_in_arabic(client, city, reports, login):
    login("bob")
    _in(client, "ar")
    url = reverse("servicerequests:follow", args=[reports.pothole.pk])
    body = client.post(url, follow=True).content.decode()
    assert "أنت تتابع هذا الطلب" in body
    assert "Vous suivez cette demande" not in body
