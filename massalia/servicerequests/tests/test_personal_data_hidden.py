"""Phone numbers, emails and names typed in a request are hidden in every public copy of it.

The public reads the request page, the lists, the duplicate finder and Open311 (which any
site may read: `Access-Control-Allow-Origin: *`); the department's agents read the original.
"""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from massalia.servicerequests.models import Attribute
from massalia.testing import INSIDE, file_request

TYPED = "Trou profond. Rappelez-moi au 06 12 34 56 78 ou jean.dupont@example.org, M. Jean Dupont"
PERSONAL = ("06 12 34 56 78", "jean.dupont@example.org", "Dupont")


@pytest.fixture
def filed(city):
    return file_request(city, "nid-de-poule", description=TYPED)


def _public_pages(client, filed) -> dict[str, str]:
    lat, lon = INSIDE["NOAILLES"]
    nearby = f"{reverse('servicerequests:nearby')}?type=nid-de-poule&lat={lat}&lon={lon}"
    pages = {
        "page": reverse("servicerequests:request_detail", args=[filed.pk]),
        "list": reverse("servicerequests:requests"),
        "nearby": nearby,
        "open311 list": reverse("open311:requests", args=["json"]),
        "open311 one": reverse("open311:request_detail", args=[filed.pk, "json"]),
        "open311 xml": reverse("open311:requests", args=["xml"]),
    }
    return {name: client.get(url).content.decode() for name, url in pages.items()}


def test_it_hides_personal_data_in_every_public_copy(client, filed):
    for name, body in _public_pages(client, filed).items():
        assert "Trou profond" in body, name  # the request itself is there
        for secret in PERSONAL:
            assert secret not in body, (name, secret)


def test_it_says_what_was_hidden(client, filed):
    answer = client.get(reverse("open311:request_detail", args=[filed.pk, "json"]))
    description = json.loads(answer.content)[0]["description"]
    assert description == ("Trou profond. Rappelez-moi au [téléphone] ou [courriel], [nom]")


def test_it_shows_the_original_to_the_agents_of_the_department(client, city, filed):
    client.force_login(city.people["bob"])
    body = client.get(reverse("cases:request", args=[filed.pk])).content.decode()
    for secret in PERSONAL:
        assert secret in body


def test_it_warns_the_citizen_on_the_form(client, city):
    body = client.get(
        reverse("servicerequests:report_form", args=["nid-de-poule"])
    ).content.decode()
    assert "masqués" in body


def test_it_hides_personal_data_in_free_text_answers_on_the_public_page(client, city):
    Attribute.objects.create(
        request_type=city.types["nid-de-poule"],
        code="precisions",
        datatype=Attribute.Datatype.TEXT,
        description="Précisions",
        order=2,
    )
    filed = file_request(
        city, "nid-de-poule", attributes={"taille": "petit", "precisions": "appeler 0612345678"}
    )
    body = client.get(reverse("servicerequests:request_detail", args=[filed.pk])).content.decode()
    assert "appeler [téléphone]" in body
    assert "0612345678" not in body
