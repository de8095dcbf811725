"""The agents' case page shows where the case is: its point and quartier as text, a link to
OpenStreetMap, and a small map on demand (the public page's map markup, maps.js)."""

import html

from django.urls import reverse

from massalia.servicerequests.models import ServiceRequest
from massalia.testing import INSIDE


def _page(login, case) -> str:
    return html.unescape(
        login("bob").get(reverse("cases:request", args=[case.pk])).content.decode()
    )


def test_it_states_the_point_and_quartier_and_links_to_openstreetmap(login, city, reports):
    case = reports.pothole
    lat, lon = f"{case.latitude:.5f}", f"{case.longitude:.5f}"
    page = _page(login, case)
    assert case.quartier is not None
    assert f"Position : {lat}, {lon} — {case.quartier.display_name}" in page
    assert f"https://www.openstreetmap.org/?mlat={lat}&mlon={lon}#map=18/{lat}/{lon}" in page
    assert 'data-map-point data-lat="' in page and "Afficher la carte" in page
    assert "massalia/maps.js" in page
    assert INSIDE["NOAILLES"][0] == round(case.latitude, 6)


def test_a_case_without_a_point_has_no_map(login, city, reports):
    ServiceRequest.objects.filter(pk=reports.pothole.pk).update(latitude=None, longitude=None)
    page = _page(login, reports.pothole)
    assert "Position :" not in page and "data-map-point" not in page
    assert "massalia/maps.js" not in page and 'href="#emplacement"' not in page
