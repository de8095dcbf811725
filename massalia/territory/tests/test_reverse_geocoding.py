"""From a point to an address, and a typed address read back, on the shipped territory."""

import pytest

from massalia.territory import gazetteer, locations, shipped
from massalia.testing import OUTSIDE

# A few metres off La Canebière's point in the street index, in Belsunce.
ON_THE_CANEBIERE = (43.29720, 5.37960)


@pytest.fixture
def marseille(db):
    return shipped.install()


def test_it_gives_the_nearest_street_and_the_quartier_of_a_point(marseille):
    found = locations.reverse(*ON_THE_CANEBIERE)
    assert found is not None
    assert found.address == "La Canebière"
    assert found.label == "La Canebière, Belsunce (1er)"
    assert (found.latitude, found.longitude) == ON_THE_CANEBIERE


def test_it_places_nothing_outside_the_territory(marseille):
    assert locations.reverse(*OUTSIDE) is None
    assert locations.reverse(91.0, 5.37) is None
    assert gazetteer.nearest_street(float("nan"), 5.37) is None


def test_it_names_only_the_quartier_far_from_any_street(small_territory):
    # The test town has quartiers but no street index; no landmark either in this corner.
    found = locations.reverse(43.299, 5.389)
    assert found is not None
    assert found.address == ""
    assert found.label == "Noailles (1er)"


def test_it_leaves_out_a_street_too_far_from_the_point(marseille):
    lat, lon = ON_THE_CANEBIERE
    assert gazetteer.nearest_street(lat, lon, within_m=1) is None
    near = gazetteer.nearest_street(lat, lon, within_m=50)
    assert near is not None and near.name == "La Canebière"


@pytest.mark.parametrize(
    ("typed", "label"),
    [
        ("42 La Canebière", "42 La Canebière, Belsunce (1er)"),
        ("42 la canebiere, 13001 Marseille", "42 La Canebière, Belsunce (1er)"),
        ("12 rue de la République", "12 Rue de la République, Hotel de Ville (2e)"),
        ("avenue du Prado", "Avenue du Prado, Saint-Giniez (8e)"),
        ("12 bis av. du prado", "12 bis Avenue du Prado, Saint-Giniez (8e)"),
    ],
)
def test_it_reads_a_typed_address_back_in_its_true_quartier(marseille, typed, label):
    found = locations.describe(locations.locate(address=typed))
    assert found is not None
    assert found.label == label
    assert "approximatif" not in found.label.lower()
