"""Every citizen page works without JavaScript: it loads, and its main action works."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from massalia.accounts.models import User
from massalia.portal.tests.browser import assert_accessible, sign_in
from massalia.portal.tests.test_browser_a11y_pages import Town, citizen_town
from massalia.servicerequests.models import Follow, ServiceRequest
from massalia.territory import gazetteer
from massalia.territory.models import Street
from massalia.testing import INSIDE, PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

EXPECTED_STATUS = {"404": 404, "403": 403}
NEW_PASSWORD = "un-mot-de-passe-solide-2026"


@pytest.fixture
def town(transactional_db) -> Town:
    return citizen_town()


@pytest.fixture
def street(town: Town) -> Any:
    lat, lon = INSIDE["LA JOLIETTE"]
    name = "Rue de la République"
    Street.objects.create(
        name=name,
        normalized=gazetteer.normalize(name),
        quartier=town.city.quartiers["LA JOLIETTE"],
        latitude=lat,
        longitude=lon,
    )
    gazetteer.invalidate()
    yield name
    gazetteer.invalidate()


def assert_loads(page: Any, url: str, name: str) -> None:
    response = page.goto(url)
    assert response is not None
    assert response.status == EXPECTED_STATUS.get(name, 200), f"{name}: {response.status}"
    assert page.locator("h1").count() == 1, name


def test_it_loads_every_citizen_page(nojs_page, pages, live_server, town):
    for name, path in town.paths().items():
        assert_loads(nojs_page, live_server.url + path, name)
    citizen = pages(java_script_enabled=False)
    sign_in(citizen, live_server.url, login="alice@example.org", password=PASSWORD)
    for name, path in town.signed_in_paths().items():
        assert_loads(citizen, live_server.url + path, name)


def test_it_filters_the_list_and_offers_it_instead_of_the_map(nojs_page, live_server, town):
    page = nojs_page
    page.goto(f"{live_server.url}/carte/")
    assert page.get_by_text("La carte nécessite JavaScript.").is_visible()
    assert_accessible(page)
    page.get_by_label("Type").select_option(label="Dépôt d'encombrants")
    page.get_by_label("État").select_option(label="En cours")
    page.get_by_role("button", name="Filtrer").click()
    page.wait_for_url(re.compile(r"/carte/\?.*type=encombrants"))
    page.get_by_role("link", name="Voir la liste des demandes").click()
    page.wait_for_url(re.compile(r"/demandes/\?.*status=open"))
    cards = page.locator(".card")
    assert cards.count() == 1
    assert f"n° {town.detail.pk}" in cards.first.inner_text()
    page.get_by_label("État").select_option(label="Terminées")
    page.get_by_role("button", name="Filtrer").click()
    page.get_by_text("Aucune demande ne correspond à ces critères.").wait_for()
    assert "status=closed" in page.url


def test_it_follows_and_unfollows_with_forms(nojs_page, live_server, town):
    page = nojs_page
    alice = town.city.people["alice"]
    sign_in(page, live_server.url, login="alice@example.org", password=PASSWORD)
    page.goto(f"{live_server.url}/demandes/{town.detail.pk}/")
    page.get_by_role("button", name="Ne plus suivre").click()
    page.get_by_text("Vous ne suivez plus cette demande.").wait_for()
    assert not Follow.objects.filter(user=alice, request=town.detail).exists()
    page.get_by_role("button", name="Suivre", exact=True).click()
    page.get_by_text("Vous suivez cette demande").wait_for()
    assert Follow.objects.filter(user=alice, request=town.detail).exists()


def test_it_reports_every_kind_of_answer_by_quartier(nojs_page, live_server, town):
    page = nojs_page
    sign_in(page, live_server.url, login="alice@example.org", password=PASSWORD)
    page.goto(f"{live_server.url}/signaler/")
    page.get_by_role("link", name="Dépôt d'encombrants").click()
    page.get_by_label("Description du problème").fill("Une armoire sur le trottoir")
    page.get_by_label("Quartier").select_option(label="Belsunce")
    page.get_by_label("Volume approximatif").select_option("grand")
    page.get_by_label("Petit").check()
    page.get_by_label("Nombre d'objets").fill("2")
    page.get_by_label("Vu le").fill("2026-11-20T10:30")
    page.get_by_label("Point de repère").fill("Devant la pharmacie")
    page.get_by_label("Autres précisions").fill("Porte en miroir cassée")
    assert_accessible(page)
    page.get_by_role("button", name="Envoyer la demande").click()
    page.wait_for_url(re.compile(r"/demandes/\d+/$"))
    filed = ServiceRequest.objects.get(description="Une armoire sur le trottoir")
    assert filed.request_type == town.rich
    assert filed.quartier == town.city.quartiers["BELSUNCE"]
    assert filed.attributes["volume"] == "grand"
    assert filed.attributes["nature"] == ["petit"]
    assert filed.attributes["repere"] == "Devant la pharmacie"
    assert "Devant la pharmacie" in page.content()


def test_it_reports_by_address_without_an_account_and_confirms(
    nojs_page, live_server, town, street
):
    page = nojs_page
    page.goto(f"{live_server.url}/signaler/tags/")
    page.get_by_label("Description du problème").fill("Tag sur la vitrine")
    page.get_by_label("Adresse ou rue").fill("12 rue de la Republique")
    page.get_by_label("Votre adresse email").fill("passant@example.org")
    page.get_by_role("button", name="Envoyer la demande").click()
    page.wait_for_url(re.compile(r"/signaler/envoye/$"))
    assert "passant@example.org" in page.content()
    filed = ServiceRequest.objects.get(requester_email="passant@example.org")
    assert filed.quartier == town.city.quartiers["LA JOLIETTE"]
    page.goto(f"{live_server.url}/confirmer/{filed.confirmation_token}/")
    page.get_by_role("link", name="Voir la demande").click()
    page.wait_for_url(re.compile(rf"/demandes/{filed.pk}/$"))
    filed.refresh_from_db()
    assert filed.confirmed_at is not None


def test_it_signs_up_signs_out_and_signs_in(nojs_page, live_server, town):
    page = nojs_page
    page.goto(f"{live_server.url}/compte/inscription/")
    page.get_by_label("Adresse email").fill("nouvelle@example.org")
    page.get_by_label("Votre nom").fill("Nouvelle")
    page.locator("#id_password1").fill(NEW_PASSWORD)
    page.locator("#id_password2").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Créer mon compte").click()
    page.wait_for_url(re.compile(r"/mes-demandes/$"))
    assert User.objects.filter(email="nouvelle@example.org").exists()
    page.get_by_role("button", name="Déconnexion").click()
    page.get_by_role("link", name="Connexion", exact=True).wait_for()
    sign_in(page, live_server.url, login="nouvelle@example.org", password=NEW_PASSWORD)
    assert page.get_by_role("button", name="Déconnexion").is_visible()


def test_it_downloads_my_data_and_deletes_my_account(nojs_page, live_server, town):
    page = nojs_page
    sign_in(page, live_server.url, login="alice@example.org", password=PASSWORD)
    page.goto(f"{live_server.url}/compte/")
    with page.expect_download() as download:
        page.get_by_role("link", name=re.compile("Télécharger mes données")).click()
    data = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))
    assert "alice@example.org" in json.dumps(data)
    page.get_by_role("link", name="Supprimer mon compte…").click()
    page.get_by_label("Votre mot de passe actuel").fill(PASSWORD)
    page.get_by_role("button", name="Supprimer définitivement mon compte").click()
    page.get_by_role("heading", name="Votre compte a été supprimé").wait_for()
    assert not User.objects.filter(email="alice@example.org").exists()
