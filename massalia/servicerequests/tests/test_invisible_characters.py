"""Invisible characters that reorder or hide text never reach an agent's screen."""

from django.urls import reverse

from massalia.servicerequests.attributes import clean_attributes
from massalia.testing import file_request

SPOOFED = "Facture \u202egnp.exe\u202c à payer sur ad\u200bmin.example"


def test_it_strips_bidirectional_overrides_and_zero_width_characters(city):
    filed = file_request(
        city, "nid-de-poule", description=SPOOFED, address="12 rue\u2066 de Rome", name="A\u200bnna"
    )
    filed.refresh_from_db()
    assert filed.description == "Facture gnp.exe à payer sur admin.example"
    assert filed.address == "12 rue de Rome"
    assert filed.requester_name == "Anna"


def test_it_cleans_answers_to_the_type_questions_too(city):
    # The web form and Open311 both validate answers here.
    answers = clean_attributes(city.types["nid-de-poule"], {"taille": "pe\u202etit"})
    assert answers == {"taille": "petit"}


def test_it_shows_agents_the_cleaned_text(client, city):
    filed = file_request(city, "nid-de-poule", description=SPOOFED)
    client.force_login(city.people["bob"])
    body = client.get(reverse("cases:request", args=[filed.pk])).content.decode()
    assert "\u202e" not in body and "\u200b" not in body
