import datetime

from django.urls import reverse

from massalia.inclusion.models import Service
from massalia.inclusion.tags import join_tags
from massalia.inclusion.tests.conftest import make_place


def test_it_shows_each_place_with_its_services_that_fit_the_need(client, city):
    place = make_place("wifi")
    Service.objects.create(
        structure=place,
        source="test",
        ident="wifi--emploi",
        nom="Atelier CV",
        description="Un atelier d'essai.",
        thematiques=join_tags(
            ["preparer-sa-candidature--realiser-un-cv-et-ou-une-lettre-de-motivation"]
        ),
        date_maj=datetime.date(2025, 1, 10),
    )
    make_place("autre", where="BELSUNCE")
    response = client.get(reverse("inclusion:search"), {"besoin": "emploi"})
    assert response.status_code == 200
    assert "Lieu wifi" in response.text and "Atelier CV" in response.text
    assert "Service de wifi" not in response.text and "Lieu autre" not in response.text
    everything = client.get(reverse("inclusion:search")).text
    assert "Service de wifi" in everything and "Atelier CV" in everything
    assert "Service de autre" in everything
