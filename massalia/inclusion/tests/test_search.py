import pytest

from massalia.inclusion import selectors
from massalia.inclusion.selectors import Criteria
from massalia.inclusion.tests.conftest import MONDAY_MORNING, MONDAY_NIGHT, make_place
from massalia.testing import INSIDE


def _names(criteria, now=MONDAY_MORNING):
    return [h.structure.ident for h in selectors.search(criteria, now=now)]


@pytest.fixture
def places(city):
    return {
        "wifi": make_place("wifi", horaires="24/7"),
        "emploi": make_place(
            "emploi",
            where="BELSUNCE",
            thematiques=("trouver-un-emploi--repondre-a-des-offres-demploi",),
            publics=("jeunes",),
            frais="payant",
            langues=("fr", "ar"),
        ),
        "logement": make_place(
            "logement",
            where="LA JOLIETTE",
            horaires="Mo-Fr 14:00-18:00",
            thematiques=("logement-hebergement--louer-un-logement",),
            modes=("a-distance",),
        ),
    }


def test_it_finds_by_need(places):
    assert _names(Criteria(need="emploi")) == ["emploi"]
    assert _names(Criteria(need="internet")) == ["wifi"]
    assert _names(Criteria(need="numerique")) == ["wifi"]
    assert _names(Criteria(need="logement")) == ["logement"]


def test_it_finds_by_audience_counting_places_open_to_all(places):
    assert _names(Criteria(public="jeunes")) == ["emploi", "logement", "wifi"]
    assert _names(Criteria(public="seniors")) == ["logement", "wifi"]


def test_it_finds_free_or_paid(places):
    assert _names(Criteria(frais="payant")) == ["emploi"]
    assert "emploi" not in _names(Criteria(frais="gratuit"))


def test_it_finds_by_reception_mode_and_language(places):
    assert _names(Criteria(accueil="a-distance")) == ["logement"]
    assert _names(Criteria(language="ar")) == ["emploi"]


def test_it_finds_what_is_open_now(places):
    assert _names(Criteria(open_now=True), now=MONDAY_MORNING) == ["emploi", "wifi"]
    assert _names(Criteria(open_now=True), now=MONDAY_NIGHT) == ["wifi"]
    places["wifi"].horaires = "Mo-Fr 08:00-20:00"
    places["wifi"].save()
    assert _names(Criteria(open_now=True), now=MONDAY_NIGHT) == []


def test_it_finds_by_quartier(places):
    quartier = places["emploi"].quartier_id
    assert _names(Criteria(quartier_id=quartier)) == ["emploi"]


def test_it_finds_near_a_point_nearest_first(places):
    near_noailles = INSIDE["NOAILLES"]
    found = selectors.search(Criteria(point=near_noailles, radius_m=1000), now=MONDAY_MORNING)
    assert [h.structure.ident for h in found] == ["wifi", "emploi"]
    assert found[0].distance_m == pytest.approx(0, abs=1)
    assert 700 < found[1].distance_m < 900
    assert _names(Criteria(point=near_noailles, radius_m=500)) == ["wifi"]
