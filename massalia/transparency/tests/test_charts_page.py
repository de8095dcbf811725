import re

import pytest
from django.urls import reverse

from massalia.transparency.tests.pages import contracts

pytestmark = pytest.mark.django_db
CHARTS = reverse("transparency:statistics")


def _table_rows(body: str, ident: str) -> list[str]:
    section = body.split(f'id="titre-{ident}"', 1)[1].split("</section>", 1)[0]
    cells = re.findall(r'<th scope="row">(?:<a [^>]+>)?([^<]+)', section)
    return cells


def test_it_draws_four_charts_each_with_its_table(client, write):
    contracts(write)
    response = client.get(CHARTS)
    assert response.status_code == 200
    body = response.content.decode()
    assert body.count('role="img"') == 4
    assert _table_rows(body, "annees") == ["2023", "2024"]
    assert _table_rows(body, "procedures") == ["Appel d&#x27;offres ouvert", "Procédure adaptée"]
    assert _table_rows(body, "cpv")[0] == "45 — Travaux de construction"
    assert _table_rows(body, "titulaires") == ["Garami", "Verdure"]
    # Garami: 275,000 (after its modification) + 90,000 held with Verdure.
    assert "365\u202f000 €" in body


def test_it_follows_the_search_filters(client, write):
    contracts(write)
    body = client.get(CHARTS, {"q": "espaces verts"}).content.decode()
    assert _table_rows(body, "annees") == ["2024"]
    assert _table_rows(body, "titulaires") == ["Verdure"]


def test_it_says_there_is_no_data(client, db):
    body = client.get(CHARTS).content.decode()
    assert "Aucune donnée" in body


def test_it_refuses_bad_filters_with_a_message(client, db):
    response = client.get(CHARTS, {"au": "hier"})
    assert response.status_code == 400
    assert "Ces critères ne peuvent pas être appliqués" in response.content.decode()
