"""An item's page carries Open Graph and Twitter-card metadata with absolute addresses and its
image's text alternative; a draft or a future item is not found."""

import datetime as dt
import html

import pytest
from django.utils import timezone

pytestmark = pytest.mark.django_db


def meta(page: str, key: str) -> str:
    attribute = "name" if key.startswith("twitter:") else "property"
    marker = f'<meta {attribute}="{key}" content="'
    assert marker in page, key
    return html.unescape(page.split(marker, 1)[1].split('"', 1)[0])


def test_it_shares_an_item_with_open_graph_and_twitter_tags(client, write, settings):
    settings.SITE_URL = "https://ville.example.org"
    write("Le port en fête", image=True, quartiers=("LA JOLIETTE",))
    page = client.get("/actualites/articles/le-port-en-f-te/").content.decode()
    url = "https://ville.example.org/actualites/articles/le-port-en-f-te/"
    assert meta(page, "og:url") == url
    assert meta(page, "og:type") == "article"
    assert meta(page, "og:title") == "Le port en fête"
    assert meta(page, "og:description") == "Le port en fête : ce qui change pour les habitants."
    assert meta(page, "og:image") == url + "image/"
    assert meta(page, "og:image:alt") == "Le Vieux-Port au lever du soleil"
    assert meta(page, "twitter:card") == "summary_large_image"
    assert meta(page, "twitter:image") == url + "image/"
    assert f'<link rel="canonical" href="{url}">' in page
    assert 'alt="Le Vieux-Port au lever du soleil"' in page
    assert "<p>Second paragraphe.</p>" in page
    image = client.get("/actualites/articles/le-port-en-f-te/image/")
    assert image.status_code == 200 and image["Content-Type"] == "image/png"


def test_it_hides_drafts_and_items_not_yet_published(client, write):
    write("Brouillon", draft=True)
    later = write("Plus tard")
    later.published_at = timezone.now() + dt.timedelta(days=2)
    later.save()
    assert client.get("/actualites/articles/brouillon/").status_code == 404
    assert client.get("/actualites/articles/plus-tard/").status_code == 404
    assert b"Plus tard" not in client.get("/actualites/").content
