"""Filing observations from the pages (an article, a passage, a zone, a place), the register's
dates enforced with a clear refusal, and the public register: what it shows, its filters, its
CSV and its printable page."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from massalia.consultations import register
from massalia.consultations.models import Observation, ObservationStatus
from massalia.consultations.tests.conftest import IN_N, observe
from massalia.testing import pdf_file

pytestmark = pytest.mark.django_db
BASE = "/participer/debats/enquetes/plu-centre/"
OBSERVE = BASE + "observer/"


def post(client, **data):
    return client.post(OBSERVE, {"theme": "hauteurs", "text": "Trop haut.", **data})


def test_a_signed_in_resident_comments_an_article(plu, client, city):
    client.force_login(city.people["alice"])
    page = client.get(BASE + "articles/article-ua-7/")
    assert page.status_code == 200
    assert "Commenter l'article" in page.content.decode()
    response = post(client, target="article", article="article-ua-7", display_name="Alice")
    assert response.status_code == 302 and response["Location"] == BASE + "articles/article-ua-7/"
    filed = Observation.objects.get()
    assert (filed.number, filed.part.anchor, filed.status) == (1, "article-ua-7", "pending")
    assert filed.author == city.people["alice"] and filed.author_email == "alice@example.org"


def test_a_passage_is_found_in_the_article_or_refused(plu, client, city):
    client.force_login(city.people["alice"])
    response = post(
        client, target="passage", article="article-ua-7", quote="  ne peut   excéder 16 mètres "
    )
    assert response.status_code == 302
    filed = Observation.objects.get()
    body = filed.part.body
    assert body[filed.start : filed.end] == filed.quote == "ne peut excéder 16 mètres"
    missing = post(client, target="passage", article="article-ua-7", quote="20 mètres")
    assert missing.status_code == 400
    assert "Ce passage ne se trouve pas dans l&#x27;article UA 7" in missing.content.decode()
    assert Observation.objects.count() == 1


def test_someone_not_signed_in_gives_a_name_and_an_address(plu, client):
    refused = post(client, target="zone", zone="UA")
    assert refused.status_code == 400
    text = refused.content.decode()
    assert "Indiquez votre nom" in text and "Indiquez votre adresse électronique" in text
    done = post(client, target="zone", zone="UA", author_name="Paul Durand",
                author_email="paul@example.org")  # fmt: skip
    assert done.status_code == 302 and done["Location"] == BASE + "zones/UA/"
    filed = Observation.objects.get()
    assert (filed.zone.code, filed.author, filed.author_name) == ("UA", None, "Paul Durand")
    assert filed.shown_name == "Anonyme"


def test_a_place_gets_its_zone_from_the_map(plu, client, city):
    client.force_login(city.people["alice"])
    assert client.get(OBSERVE + "?cible=point").status_code == 200
    done = post(client, target="point", latitude=str(IN_N[0]), longitude=str(IN_N[1]))
    assert done.status_code == 302
    assert Observation.objects.get().zone.code == "N"
    outside = post(client, target="point", latitude="43.35", longitude="5.45")
    assert outside.status_code == 400
    assert "hors des zones du plan" in outside.content.decode()
    unknown = post(client, target="point", place="zzzz qqqq introuvable")
    assert unknown.status_code == 400
    assert "Cette adresse est introuvable" in unknown.content.decode()


def test_the_register_refuses_observations_outside_its_dates(plu, client, city):
    plu.closes_at = timezone.now() - timedelta(minutes=1)
    plu.opens_at = plu.closes_at - timedelta(days=30)
    plu.save()
    client.force_login(city.people["alice"])
    response = post(client, target="article", article="article-ua-7")
    assert response.status_code == 403
    assert "Le registre est clos depuis le" in response.content.decode()
    assert "Le registre est clos depuis le" in client.get(BASE).content.decode()
    plu.opens_at = timezone.now() + timedelta(days=1)
    plu.closes_at = plu.opens_at + timedelta(days=30)
    plu.save()
    response = post(client, target="article", article="article-ua-7")
    assert response.status_code == 403 and "Le registre ouvre le" in response.content.decode()
    assert not Observation.objects.exists()


def test_the_register_shows_published_observations_and_filters_them(plu, client, city):
    alice, carol = city.people["alice"], city.people["carol"]
    ua7 = plu.parts.get(anchor="article-ua-7")
    first = observe(plu, alice, target="article", part=ua7, theme="hauteurs",
                    text="Les hauteurs sont trop fortes.", display_name="Alice M.")  # fmt: skip
    second = observe(plu, alice, target="zone", zone=plu.zones.get(code="N"), theme="nature",
                     text="Plus d'arbres au fort.")  # fmt: skip
    hidden = observe(plu, alice, text="Pas encore relue.")
    for item in (first, second):
        register.moderate(observation=item, moderator=carol, publish_it=True)
    register.answer(observation=first, by=carol, text="La hauteur reste celle du voisin.")
    page = client.get(BASE + "registre/").content.decode()
    assert "Observation n° 1" in page and "Observation n° 2" in page
    assert "Pas encore relue" not in page and hidden.number == 3
    assert "Alice M." in page and "Anonyme" in page
    assert "Réponse — Le commissaire enquêteur" in page
    assert "La hauteur reste celle du voisin." in page
    by_zone = client.get(BASE + "registre/?zone=N").content.decode()
    assert "Observation n° 2" in by_zone and "Observation n° 1" not in by_zone
    by_article = client.get(BASE + "registre/?article=article-ua-7&theme=hauteurs").content
    assert "Observation n° 1" in by_article.decode() and "n° 2" not in by_article.decode()
    by_words = client.get(BASE + "registre/?q=voisin").content.decode()
    assert "Observation n° 1" in by_words and "Observation n° 2" not in by_words
    unanswered = client.get(BASE + "registre/?reponse=non").content.decode()
    assert "Observation n° 2" in unanswered and "Observation n° 1" not in unanswered


def test_the_register_as_csv_and_as_a_printable_page(plu, client, city):
    alice, carol = city.people["alice"], city.people["carol"]
    item = observe(plu, alice, target="article", part=plu.parts.get(anchor="article-ua-7"),
                   text="=Formule ; avec point-virgule", display_name="Alice")  # fmt: skip
    register.moderate(observation=item, moderator=carol, publish_it=True)
    observe(plu, alice, text="En attente.")
    response = client.get(BASE + "registre.csv")
    assert response["Content-Type"].startswith("text/csv")
    lines = b"".join(response.streaming_content).decode("utf-8-sig").splitlines()
    assert lines[0].startswith("N°;Déposée le;Auteur;Thème;Objet;Article;Zone")
    assert len(lines) == 2 and lines[1].startswith("1;")
    assert ";UA 7;" in lines[1] and "'=Formule" in lines[1] and "En attente" not in lines[1]
    printed = client.get(BASE + "registre/imprimer/").content.decode()
    assert "<!doctype html>" in printed and "register-print.css" in printed
    assert "Observation n° 1" in printed and "En attente" not in printed


def test_attachments_are_public_only_once_published(plu, client, city):
    alice, carol = city.people["alice"], city.people["carol"]
    item = observe(plu, alice, files=[pdf_file()])
    attachment = item.files.get()
    url = f"{BASE}registre/{item.number}/pieces/{attachment.pk}/"
    assert client.get(url).status_code == 404
    register.moderate(observation=item, moderator=carol, publish_it=True)
    served = client.get(url)
    assert served.status_code == 200 and served["Content-Type"] == "application/pdf"
    assert Observation.objects.get().status == ObservationStatus.PUBLISHED


def test_a_file_that_is_not_a_document_is_refused(plu, client, city):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(city.people["alice"])
    bad = SimpleUploadedFile("notes.txt", b"just text", content_type="text/plain")
    response = post(client, target="document", attachments=bad)
    assert response.status_code == 400
    assert "ni un PDF ni une image" in response.content.decode()
    assert not Observation.objects.exists()


def test_an_article_page_links_its_zones_and_a_zone_page_its_articles(plu, client):
    article = client.get(BASE + "articles/article-ua-7/").content.decode()
    assert f'href="{BASE}zones/UA/"' in article
    zone = client.get(BASE + "zones/UA/").content.decode()
    assert f'href="{BASE}articles/article-ua-7/"' in zone
    assert f'href="{BASE}articles/article-dg-1/"' in zone
    assert client.get(BASE + "zones/UB/").status_code == 404
    assert client.get(BASE + "articles/article-ua-99/").status_code == 404
