"""The RSS and Atom feeds parse as XML, give absolute links, the image as an enclosure, and
a theme's feed only that theme's published items."""

import xml.etree.ElementTree as ET

import pytest

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


def test_it_serves_valid_rss_and_atom_feeds(client, write, settings):
    settings.SITE_URL = "https://ville.example.org"
    write("Le port en fête", image=True)
    write("Rentrée des écoles", theme="ecoles", days_ago=2)
    write("Brouillon secret", draft=True)

    rss = client.get("/actualites/flux.rss")
    assert rss.status_code == 200 and rss["Content-Type"].startswith("application/rss+xml")
    channel = ET.fromstring(rss.content).find("channel")
    items = channel.findall("item")
    assert [i.findtext("title") for i in items] == ["Le port en fête", "Rentrée des écoles"]
    assert (
        items[0].findtext("link")
        == "https://ville.example.org/actualites/articles/le-port-en-f-te/"
    )
    enclosure = items[0].find("enclosure")
    assert enclosure.get("url").startswith("https://ville.example.org/actualites/articles/")
    assert enclosure.get("type") == "image/png" and int(enclosure.get("length")) > 0

    atom = client.get("/actualites/themes/ecoles/flux.atom")
    assert atom.status_code == 200 and atom["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(atom.content)
    assert "Écoles" in feed.findtext(f"{ATOM}title")
    entries = feed.findall(f"{ATOM}entry")
    assert [e.findtext(f"{ATOM}title") for e in entries] == ["Rentrée des écoles"]
    assert entries[0].find(f"{ATOM}link").get("href").startswith("https://ville.example.org/")

    assert client.get("/actualites/themes/inconnu/flux.rss").status_code == 404
