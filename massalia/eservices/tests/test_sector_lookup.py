"""The sector school from the household's address, with the map's line as the reason."""

from __future__ import annotations

import pytest

from massalia.eservices import sector
from massalia.eservices.levels import Level
from massalia.eservices.tests.conftest import family, household_of

pytestmark = pytest.mark.usefixtures("school_map")


def lookup(number: int, level: str = Level.CP, street: str = "rue paradis") -> sector.Sector:
    return sector.lookup(street_key=street, street_name="rue Paradis", number=number, level=level)


def test_it_sends_even_numbers_to_one_school_and_odd_numbers_to_another():
    assert lookup(12).school.code == "paradis-e"
    assert lookup(13).school.code == "breteuil-e"


def test_it_includes_both_ends_of_a_range():
    assert lookup(2).school.code == "paradis-e"
    assert lookup(40).school.code == "paradis-e"
    assert lookup(41).school.code == "breteuil-e"


def test_a_street_has_two_schools_by_range():
    assert lookup(40).school.code == "paradis-e"
    assert lookup(42).school.code == "lodi-e"
    assert lookup(43).school.code == "lodi-e"


def test_a_maternelle_level_goes_to_the_maternelle():
    assert lookup(12, Level.PS).school.code == "paradis-m"
    assert lookup(12, Level.GS).school.code == "paradis-m"


def test_a_primary_school_serves_every_level():
    for level in (Level.PS, Level.CM2):
        found = lookup(5, level, street="boulevard longchamp")
        assert found.school.code == "longchamp-p"


def test_the_reason_names_the_address_the_range_and_the_school():
    found = lookup(12)
    assert found.reason == "12 rue Paradis, numéros pairs 2–40 → École élémentaire Paradis"


def test_an_address_no_line_serves_gets_a_clear_message():
    found = lookup(201)
    assert found.school is None
    assert "Aucune école de secteur" in found.reason and "201 rue Paradis" in found.reason


def test_a_street_on_no_line_gets_the_message_too(city):
    child = family(city.people["alice"], 8, "rue de Rome")
    found = sector.for_household(household_of(city.people["alice"]), Level.CP)
    assert found.school is None and "Aucune école de secteur" in found.reason
    assert child.household.street_name == "Rue de Rome"


def test_the_household_address_is_located_through_the_gazetteer(city):
    family(city.people["alice"], 12, "12 r. paradis")
    household = household_of(city.people["alice"])
    assert (household.street_name, household.house_number) == ("Rue Paradis", 12)
    assert household.quartier == city.quartiers["NOAILLES"]
    assert sector.for_household(household, Level.CP).school.code == "paradis-e"
