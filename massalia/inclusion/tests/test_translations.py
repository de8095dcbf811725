"""The directory in Arabic and English: its pages, the needs and the official labels translated,
the official codes the same in every language."""

from __future__ import annotations

import datetime

import pytest
from data_inclusion.schema import v1
from django.urls import reverse
from django.utils import timezone, translation

from massalia.inclusion import forms, services, vocabulary
from massalia.inclusion.tests.conftest import make_place


@pytest.fixture
def place(city):
    return make_place("wifi", horaires="Mo-Fr 09:00-12:00", langues=("fr", "ar"))


def test_every_official_label_shown_is_written_out_for_translation():
    shown = [*v1.Public, *v1.Frais, *v1.ModeAccueil, *v1.Categorie]
    assert {item.label for item in shown} <= set(vocabulary.OFFICIAL_LABELS)


def test_the_report_choices_are_the_services_labels():
    assert list(services.WHAT.values()) == list(forms.WHAT_LABELS)


def test_labels_follow_the_language_and_codes_do_not():
    with translation.override("ar"):
        assert vocabulary.PUBLICS["tous-publics"] == "الجميع"
        assert dict(vocabulary.need_labels())["internet"] == "الوصول إلى الإنترنت، Wi-Fi مجاني"
    with translation.override("fr"):
        assert vocabulary.PUBLICS["tous-publics"] == "Tous publics"
    assert "tous-publics" in vocabulary.PUBLICS and vocabulary.INTERNET == "internet"


def test_the_search_reads_in_arabic(client, place):
    client.cookies["django_language"] = "ar"
    body = client.get(reverse("inclusion:search"), {"besoin": "internet"}).text
    assert "الوصول إلى الإنترنت وشبكة Wi-Fi مجانية" in body  # the page's title
    assert "مكان واحد" in body  # "1 lieu"
    assert '<option value="internet" selected>الوصول إلى الإنترنت، Wi-Fi مجاني</option>' in body
    assert "Trouver de l'aide" not in body and "Rechercher" not in body


def test_the_map_says_in_arabic_whether_a_place_is_open(client, place, monkeypatch):
    monday_night = timezone.make_aware(datetime.datetime(2025, 6, 2, 22, 0))
    monkeypatch.setattr(timezone, "now", lambda: monday_night)
    client.cookies["django_language"] = "ar"
    data = client.get(reverse("inclusion:search_geojson")).json()
    assert data["features"][0]["properties"]["status_label"] == "مغلق"


def test_an_entry_reads_in_english(client, place):
    body = client.get(reverse("inclusion:entry", args=[place.pk]), HTTP_ACCEPT_LANGUAGE="en").text
    assert "Opening hours this week" in body and "Monday" in body and "9:00 – 12:00" in body
    assert "Free" in body and "For: Everyone" in body and "Format: In person" in body
    assert "French, Arabic" in body  # the languages spoken there
    assert "Horaires" not in body and "Gratuit" not in body
