import pytest
from django.urls import reverse

from massalia.transparency.models import Buyer
from massalia.transparency.tests.pages import contracts

pytestmark = pytest.mark.django_db
SEARCH = reverse("transparency:search")


@pytest.fixture
def found(write):
    return contracts(write)


def _subjects(response) -> list[str]:
    return [c.decp_id for c in response.context["page"].object_list]


def test_it_lists_every_contract_newest_first(client, found):
    response = client.get(SEARCH)
    assert response.status_code == 200
    assert _subjects(response) == ["2024C3", "2024B2", "2023A1"]
    assert "Réfection de la toiture de l&#x27;école Chave" in response.content.decode()


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"q": "toiture"}, ["2023A1"]),
        ({"titulaire": "verdure"}, ["2024C3", "2024B2"]),
        ({"titulaire": "812 231 132 00026"}, ["2024C3", "2023A1"]),
        ({"cpv": "90"}, ["2024C3"]),
        ({"procedure": "Appel d'offres ouvert"}, ["2023A1"]),
        ({"nature": "Marché"}, ["2024C3", "2024B2", "2023A1"]),
        ({"montant_min": "50000", "montant_max": "100000"}, ["2024C3"]),
        ({"montant_min": "260000"}, ["2023A1"]),  # its amount after the modification
        ({"du": "2024-01-01", "au": "2024-04-30"}, ["2024B2"]),
        ({"lieu": "13205"}, ["2023A1"]),
    ],
)
def test_it_filters(client, found, query, expected):
    response = client.get(SEARCH, query)
    assert response.status_code == 200
    assert _subjects(response) == expected


def test_it_filters_by_buyer(client, found):
    sector = Buyer.objects.get(siret="21130055300206")
    assert _subjects(client.get(SEARCH, {"acheteur": sector.pk})) == ["2024B2"]


def test_it_offers_each_procedure_and_nature_once(client, found):
    form = client.get(SEARCH).context["form"]
    procedures = [label for _, label in form.fields["procedure"].choices]
    assert procedures == ["Tous", "Appel d'offres ouvert", "Procédure adaptée"]
    assert [label for _, label in form.fields["nature"].choices] == ["Tous", "Marché"]


def test_it_says_when_nothing_matches(client, found):
    response = client.get(SEARCH, {"q": "sous-marin"})
    assert response.status_code == 200
    assert "Aucun contrat ne correspond" in response.content.decode()


@pytest.mark.parametrize(
    "query",
    [
        {"montant_min": "beaucoup"},
        {"montant_min": "NaN"},
        {"montant_max": "1e400"},
        {"montant_min": "-5"},
        {"montant_min": "100", "montant_max": "10"},
        {"du": "2024-02-30"},
        {"du": "2024-05-01", "au": "2024-01-01"},
        {"acheteur": "999999999999999999999999"},
        {"acheteur": "abc"},
        {"cpv": "99"},
        {"procedure": "Tirage au sort"},
        {"q": "x" * 500},
        {"q": "nul\x00"},
    ],
)
def test_it_refuses_bad_filters_with_a_message(client, found, query):
    response = client.get(SEARCH, query)
    assert response.status_code == 400
    body = response.content.decode()
    assert "Ces critères ne peuvent pas être appliqués" in body
    assert "Aucun résultat" in body


@pytest.mark.parametrize("page", ["0", "-1", "abc", "99999999999999999999"])
def test_it_answers_a_bad_page_number_with_a_page(client, found, page):
    assert client.get(SEARCH, {"page": page}).status_code == 200


def test_it_paginates(client, write, settings):
    from massalia.transparency import views

    contracts(write)
    views_size = views.PAGE_SIZE
    views.PAGE_SIZE = 2
    try:
        first = client.get(SEARCH)
        second = client.get(SEARCH, {"page": 2})
    finally:
        views.PAGE_SIZE = views_size
    assert _subjects(first) == ["2024C3", "2024B2"]
    assert _subjects(second) == ["2023A1"]
    assert "Page 1 sur 2" in first.content.decode()
