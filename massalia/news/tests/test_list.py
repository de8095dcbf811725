"""The list filters by theme and by quartier (an item for the whole city shows in every
quartier), pages by ten, and answers unknown criteria with a 400 that says why."""

import html

import pytest

pytestmark = pytest.mark.django_db


def test_it_filters_by_theme_and_quartier(client, write):
    write("Plage nettoyée", quartiers=("LA JOLIETTE",))
    write("Cantine bio", theme="ecoles", quartiers=("NOAILLES",))
    write("Nouveau site de la Ville", theme="ecoles")
    by_theme = html.unescape(client.get("/actualites/?theme=ecoles").content.decode())
    assert "Cantine bio" in by_theme and "Plage nettoyée" not in by_theme
    here = html.unescape(client.get("/actualites/?quartier=noailles").content.decode())
    assert "Cantine bio" in here and "Nouveau site de la Ville" in here
    assert "Plage nettoyée" not in here


def test_it_pages_the_list_by_ten(client, write):
    for n in range(12):
        write(f"Actualité {n:02d}", days_ago=n + 1)
    first = client.get("/actualites/").content.decode()
    assert "Actualité 00" in first and "Actualité 10" not in first
    second = client.get("/actualites/?page=2").content.decode()
    assert "Actualité 10" in second and "Actualité 11" in second
    assert client.get("/actualites/?page=3").status_code == 404
    assert client.get("/actualites/?page=abc").status_code == 404


@pytest.mark.parametrize(
    "query", ["theme=inconnu", "quartier=nulle-part", "theme=%27%3B--", "quartier=" + "x" * 500]
)
def test_it_refuses_unknown_criteria_with_a_message(client, write, query):
    write("Plage nettoyée")
    response = client.get(f"/actualites/?{query}")
    assert response.status_code == 400
    assert "Ce choix n'existe pas." in html.unescape(response.content.decode())
