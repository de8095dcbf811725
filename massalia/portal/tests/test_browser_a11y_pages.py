"""axe-core on every citizen page, on a desktop and on a phone: no serious or critical issue.

`citizen_town()` and `CITIZEN_PAGES` are shared with the keyboard, no-JavaScript and
page-weight tests, so that each of them walks the same pages.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from massalia.portal.tests.browser import PHONE, assert_accessible, sign_in
from massalia.servicerequests import correspondence, services
from massalia.servicerequests.models import Attribute, RequestType, ServiceRequest, Status
from massalia.servicerequests.tests.helpers import png
from massalia.testing import INSIDE, PASSWORD, City, build_city, pdf_file

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DESKTOP = {"width": 1280, "height": 900}
RICH = "encombrants"


@dataclass
class Town:
    city: City
    rich: RequestType
    detail: ServiceRequest
    mine: ServiceRequest  # alice's private request, with its correspondence
    reply_link: str  # the page a requester without an account answers on

    def paths(self) -> dict[str, str]:
        """Every citizen page a visitor can open, by a readable name."""
        quartier = self.city.quartiers["NOAILLES"].pk
        return {
            "accueil": "/",
            "types": "/signaler/",
            "formulaire": f"/signaler/{RICH}/",
            "envoyée": "/signaler/envoye/",
            "liste filtrée": f"/demandes/?status=open&type=tags&quartier={quartier}&period=30",
            "carte": "/carte/?status=open",
            "détail": f"/demandes/{self.detail.pk}/",
            "connexion": "/compte/connexion/",
            "inscription": "/compte/inscription/",
            "accessibilité": "/accessibilite/",
            "données personnelles": "/donnees-personnelles/",
            "réponse par le lien du courriel": self.reply_link,
            "404": "/demandes/999999/",
        }

    def signed_in_paths(self) -> dict[str, str]:
        """Pages that need a signed-in citizen (alice)."""
        return {
            "détail (abonnée)": f"/demandes/{self.detail.pk}/",
            "ma demande et ses échanges": f"/demandes/{self.mine.pk}/",
            "mes demandes": "/mes-demandes/",
            "mon compte": "/compte/",
            "suppression du compte": "/compte/supprimer/",
            "mes démarches": "/demarches/",
            "mon foyer": "/demarches/foyer/",
            "403": "/agents/",
        }


def rich_type(city: City) -> RequestType:
    """A type asking one question of each datatype, as the demo's types do."""
    kind = RequestType.objects.create(
        code=RICH,
        name="Dépôt d'encombrants",
        group="Propreté",
        department=city.departments["proprete"],
        description="Meubles, électroménager ou gravats laissés sur le trottoir.",
    )
    questions = [
        ("volume", Attribute.Datatype.SINGLEVALUELIST, True, "Volume approximatif"),
        ("nature", Attribute.Datatype.MULTIVALUELIST, False, "Nature des objets"),
        ("nombre", Attribute.Datatype.NUMBER, False, "Nombre d'objets"),
        ("vu-le", Attribute.Datatype.DATETIME, False, "Vu le"),
        ("repere", Attribute.Datatype.STRING, False, "Point de repère"),
        ("details", Attribute.Datatype.TEXT, False, "Autres précisions"),
    ]
    choices = [{"key": "petit", "name": "Petit"}, {"key": "grand", "name": "Grand"}]
    for order, (code, datatype, required, question) in enumerate(questions, start=1):
        listed = datatype in {Attribute.Datatype.SINGLEVALUELIST, Attribute.Datatype.MULTIVALUELIST}
        Attribute.objects.create(
            request_type=kind,
            code=code,
            datatype=datatype,
            required=required,
            description=question,
            order=order,
            values=choices if listed else [],
        )
    return kind


def citizen_town() -> Town:
    """The test city, a type with every datatype, and a request with photos and a history."""
    city = build_city()
    kind = rich_type(city)
    lat, lon = INSIDE["NOAILLES"]
    detail = services.submit_request(
        request_type=kind,
        description="Un canapé et deux matelas devant le 4",
        latitude=lat,
        longitude=lon,
        requester=city.people["olga"],
        attributes={"volume": "grand", "nature": ["petit", "grand"], "nombre": "3"},
        photos=[png("canape.png"), png("matelas.png")],
    )
    services.change_status(
        case=detail,
        actor=city.people["dave"],
        status=Status.IN_PROGRESS,
        public_note="Enlèvement prévu jeudi.",
    )
    services.follow(case=detail, user=city.people["alice"])
    return Town(
        city=city, rich=kind, detail=detail, mine=_exchange(city), reply_link=_reply_link(city)
    )


def _reply_link(city: City) -> str:
    """An anonymous requester's reply page, with the department's message and its document."""
    lat, lon = INSIDE["BELSUNCE"]
    theirs = services.submit_request(
        request_type=city.types["fuite-compteur"],
        description="Compteur qui fuit",
        latitude=lat,
        longitude=lon,
        email="voisin@example.org",
    )
    services.confirm_request(token=theirs.confirmation_token)
    correspondence.write_to_requester(
        case=theirs,
        actor=city.people["bob"],
        body="Merci de remplir ce formulaire.",
        documents=[pdf_file("formulaire.pdf")],
    )
    return f"/repondre/{correspondence.reply_link(theirs)}/"


def _exchange(city: City) -> ServiceRequest:
    """A private request of alice's on which the department and she wrote, with documents."""
    lat, lon = INSIDE["NOAILLES"]
    mine = services.submit_request(
        request_type=city.types["fuite-compteur"],
        description="Fuite au compteur, dans la cave",
        latitude=lat,
        longitude=lon,
        requester=city.people["alice"],
    )
    correspondence.write_to_requester(
        case=mine,
        actor=city.people["bob"],
        body="Pouvez-vous joindre une photo du compteur et remplir ce formulaire ?",
        documents=[pdf_file("formulaire.pdf")],
    )
    correspondence.reply_from_requester(
        case=mine,
        author=city.people["alice"],
        body="Voici la photo et le formulaire rempli.",
        documents=[png("compteur.png"), pdf_file("formulaire-rempli.pdf")],
    )
    return mine


def confirmation_path(town: Town) -> str:
    """A fresh anonymous request's confirmation link (each link works once)."""
    lat, lon = INSIDE["BELSUNCE"]
    filed = services.submit_request(
        request_type=town.city.types["tags"],
        description="Tag sur la porte",
        latitude=lat,
        longitude=lon,
        email="passant@example.org",
    )
    return f"/confirmer/{filed.confirmation_token}/"


def settle(page: Any) -> None:
    """Wait until the page's scripts are done (the public map draws its markers)."""
    page.wait_for_load_state("networkidle")
    if page.locator("[data-map-geojson]").count():
        page.locator(".leaflet-container").wait_for()


@pytest.fixture
def town(transactional_db) -> Town:
    return citizen_town()


def check(page: Any, url: str) -> None:
    page.goto(url)
    settle(page)
    assert_accessible(page)


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_it_finds_no_serious_issue_on_any_citizen_page(pages, live_server, town, viewport):
    base = live_server.url
    visitor = pages(viewport=viewport)
    for path in [*town.paths().values(), confirmation_path(town)]:
        check(visitor, base + path)
    assert visitor.locator("h1").inner_text().startswith("Merci")

    # The scripted states: the map picker open on the report form, the point map shown.
    check(visitor, f"{base}/signaler/{RICH}/")
    visitor.get_by_role("button", name="Indiquer le lieu sur une carte").click()
    visitor.get_by_role("button", name="Placer le point au centre de la carte").click()
    visitor.get_by_text("Point choisi").wait_for()
    assert_accessible(visitor)
    check(visitor, f"{base}/demandes/{town.detail.pk}/")
    visitor.get_by_role("button", name="Afficher la carte").click()
    visitor.locator(".leaflet-container").wait_for()
    assert_accessible(visitor)

    citizen = pages(viewport=viewport)
    sign_in(citizen, base, login="alice@example.org", password=PASSWORD)
    for path in town.signed_in_paths().values():
        check(citizen, base + path)
    assert citizen.evaluate("document.documentElement.scrollWidth") <= viewport["width"]


def test_it_shows_form_errors_accessibly(page, live_server, town):
    page.goto(f"{live_server.url}/signaler/{RICH}/")
    page.get_by_role("button", name="Envoyer la demande").click()
    page.locator(".error-summary").wait_for()
    assert_accessible(page)
    page.goto(f"{live_server.url}/compte/connexion/")
    page.get_by_label("Adresse email ou identifiant").fill("alice@example.org")
    page.get_by_label("Mot de passe").fill("pas-le-bon")
    page.get_by_role("button", name="Se connecter").click()
    page.locator(".error-summary").wait_for()
    assert_accessible(page)
