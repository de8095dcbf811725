"""The subscription form answers hostile input with a 400 and a French message; nothing is
stored and no email leaves."""

import html

import pytest

from massalia.news.models import Subscriber

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "Indiquez votre adresse électronique."),
        ({"email": "pas-une-adresse"}, "Cette adresse électronique n'est pas valide."),
        ({"email": "a@example.org\r\nBcc: x@example.org"}, "n'est pas valide"),
        ({"email": "x" * 300 + "@example.org"}, "caractères"),
        ({"email": "a@example.org", "themes": ["999999"]}, "Ce choix n'existe pas."),
        ({"email": "a@example.org", "themes": ["'; DROP TABLE"]}, "Ce choix n'existe pas."),
        ({"email": "a@example.org", "quartiers": ["1e9"]}, "Ce choix n'existe pas."),
    ],
)
def test_it_refuses_hostile_input_with_a_message(client, themes, outbox, data, message):
    response = client.post("/actualites/lettre/", data)
    assert response.status_code == 400
    assert message in html.unescape(response.content.decode())
    assert outbox == []
    assert not Subscriber.objects.exists()


def test_it_refuses_a_confirmation_link_that_is_not_one(client, db):
    for token in ["x", "a" * 2000, "%00", "abc.def:ghi"]:
        response = client.post(f"/actualites/lettre/confirmer/{token}/")
        assert response.status_code == 400, token
    assert not Subscriber.objects.exists()
