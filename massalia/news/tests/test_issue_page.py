"""A sent newsletter has a page (linked from the subscription form): its introduction and its
published items; an issue not sent yet is not found."""

import html

import pytest

from massalia.news import services

pytestmark = pytest.mark.django_db


def test_it_shows_a_sent_issue_and_hides_one_not_sent(client, write, subscribe, issue_of, outbox):
    subscribe("voisine@example.org")
    sent = issue_of("La lettre de mars", write("Plage nettoyée"), write("Brouillon", draft=True))
    services.send_issue(issue=sent)
    waiting = issue_of("La lettre d'avril", write("Rentrée des écoles", theme="ecoles"))
    page = html.unescape(client.get(f"/actualites/lettre/numeros/{sent.pk}/").content.decode())
    assert "La lettre de mars" in page and "Bonjour à toutes et à tous." in page
    assert "Plage nettoyée" in page and "Brouillon" not in page
    assert client.get(f"/actualites/lettre/numeros/{waiting.pk}/").status_code == 404
    form = html.unescape(client.get("/actualites/lettre/").content.decode())
    assert "La lettre de mars" in form and "La lettre d'avril" not in form
