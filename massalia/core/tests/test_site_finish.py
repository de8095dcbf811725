"""What every page of the site gets: a readable 405, compressed HTML, the site's icon."""

from __future__ import annotations

import gzip
import json

from django.contrib.staticfiles import finders
from django.test import Client
from django.urls import reverse


def test_opening_an_action_as_a_page_says_what_to_do(client: Client, city):
    follow = reverse("servicerequests:follow", args=[1])
    response = client.get(follow)
    assert response.status_code == 405 and response["Allow"] == "POST"
    page = response.content.decode()
    assert "Cette adresse sert à envoyer un formulaire" in page and "<html" in page


def test_another_method_is_named_and_an_api_client_gets_json(client: Client, db):
    refused = client.delete(reverse("servicerequests:requests_geojson"))
    assert refused.status_code == 405
    assert "La méthode DELETE n&#x27;est pas acceptée ici" in refused.content.decode()
    as_json = client.get(reverse("pulse:digest"), HTTP_ACCEPT="application/json")
    assert as_json.status_code == 405 and as_json["Content-Type"].startswith("application/json")
    assert "formulaire" in json.dumps(json.loads(as_json.content), ensure_ascii=False)


def test_html_leaves_compressed_for_a_browser_that_accepts_it(client: Client, db):
    plain = client.get(reverse("portal:home"))
    packed = client.get(reverse("portal:home"), HTTP_ACCEPT_ENCODING="gzip, br")
    assert packed["Content-Encoding"] == "gzip" and "Content-Encoding" not in plain
    assert gzip.decompress(packed.content).decode().startswith("<!doctype html>")
    assert len(packed.content) * 2 < len(plain.content)


def test_the_icon_is_the_sites_own(client: Client, db):
    response = client.get("/favicon.ico")
    assert response.status_code == 301 and response["Location"].endswith("massalia/favicon.svg")
    assert finders.find("massalia/favicon.svg")
    assert 'rel="icon"' in client.get(reverse("portal:home")).content.decode()
