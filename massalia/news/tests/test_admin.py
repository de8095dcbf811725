"""Editors write in the admin: an image goes through the upload pipeline and needs its text
alternative, a file that is not an image is refused with a message, and the list's action
sends an issue once."""

import html

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from massalia.news.models import Delivery, NewsItem
from massalia.news.tests.conftest import png

pytestmark = pytest.mark.django_db


def _form(themes, **extra):
    return {
        "title": "Le port en fête", "slug": "port", "summary": "Le port en fête.",
        "body": "Texte.", "theme": themes["mer"].pk, "image_alt": "",
        "published_at_0": "2026-03-01", "published_at_1": "10:00", **extra,
    }  # fmt: skip


def test_it_takes_an_image_only_with_its_text_alternative(client, city, themes, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(city.people["root"])
    url = "/admin/news/newsitem/add/"
    refused = client.post(url, _form(themes, image_file=png()))
    assert refused.status_code == 200
    assert "Décrivez l'image" in html.unescape(refused.content.decode())
    not_an_image = SimpleUploadedFile("a.png", b"%PDF-1.4 pas une image", "image/png")
    refused = client.post(url, _form(themes, image_file=not_an_image, image_alt="Le port"))
    assert "n'est pas une image acceptée" in html.unescape(refused.content.decode())
    assert not NewsItem.objects.exists()
    saved = client.post(url, _form(themes, image_file=png(), image_alt="Le Vieux-Port"))
    assert saved.status_code == 302
    item = NewsItem.objects.get()
    assert item.image is not None and item.image.content_type == "image/png"
    assert item.author == city.people["root"]


def test_it_sends_an_issue_from_the_admin_once(
    client, city, write, subscribe, issue_of, outbox, on_commit
):
    subscribe("voisine@example.org")
    issue = issue_of("La lettre de mars", write("Plage nettoyée"))
    client.force_login(city.people["root"])
    for _ in range(2):
        with on_commit():
            response = client.post(
                "/admin/news/issue/", {"action": "send", "_selected_action": [issue.pk]}
            )
        assert response.status_code == 302
    assert len(outbox) == 1
    assert Delivery.objects.get().state == Delivery.State.SENT
