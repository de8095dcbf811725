"""The household's monthly resources, declared for tariffs: kept, refused when absurd."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from massalia.eservices.models import Household
from massalia.eservices.tests.conftest import family

pytestmark = pytest.mark.usefixtures("school_map")
URL = reverse("eservices:resources")


def test_a_family_declares_its_resources(client, city):
    alice = city.people["alice"]
    family(alice)
    client.force_login(alice)
    year = timezone.localdate().year - 2
    response = client.post(URL, {"monthly_resources": "2 345,50", "resources_year": year})
    assert response.status_code == 302
    household = Household.objects.of(alice).get()
    assert (household.monthly_resources, household.resources_year) == (Decimal("2345.50"), year)
    page = client.get(reverse("eservices:household")).content.decode()
    assert "2345,50 € par mois" in page or "2345.50 € par mois" in page


@pytest.mark.parametrize(
    "bad",
    [
        {"monthly_resources": "-10", "resources_year": "2025"},
        {"monthly_resources": "abc", "resources_year": "2025"},
        {"monthly_resources": "1e12", "resources_year": "2025"},
        {"monthly_resources": "1200", "resources_year": "1990"},
        {"monthly_resources": "1200", "resources_year": str(timezone.localdate().year + 1)},
        {"monthly_resources": "1200"},
        {},
    ],
)
def test_absurd_resources_are_refused_and_nothing_stored(client, city, bad):
    alice = city.people["alice"]
    family(alice)
    client.force_login(alice)
    response = client.post(URL, bad)
    assert response.status_code == 400
    assert Household.objects.of(alice).get().monthly_resources is None


def test_a_family_without_a_household_gets_a_clear_404(client, city):
    client.force_login(city.people["bob"])
    assert client.post(URL, {"monthly_resources": "1", "resources_year": "2025"}).status_code == 404
