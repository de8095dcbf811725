"""The public map on a phone, with 5,000 requests: clusters, a legend counting every one of
them, the quartiers' outlines when no tile server answers, axe clean, within 150 KB."""

from __future__ import annotations

import random
import re
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from django.utils import timezone

from massalia.portal.tests import test_browser_weight as weight
from massalia.portal.tests.browser import PHONE, assert_accessible
from massalia.portal.tests.test_browser_weight import BUDGET, measure
from massalia.servicerequests.models import ServiceRequest
from massalia.testing import QUARTIERS, City, build_city

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# The whole application, WhiteNoise and compression included, as the page-weight test serves it.
collected = weight.collected
app_server = weight.app_server

MANY = 5000
STATUSES = ["new"] * 5 + ["acknowledged", "in_progress", "in_progress", "resolved", "rejected"]


def _bulk(city: City, n: int, *, code: str = "tags", confirmed: bool = True) -> None:
    """`n` requests spread over the quartiers (bulk-loaded, as the demo does)."""
    draw = random.Random(n)
    kind = city.types[code]
    now = timezone.now()
    rows = []
    for i in range(n):
        name = list(QUARTIERS)[i % len(QUARTIERS)]
        _, lat, lon = QUARTIERS[name]
        rows.append(
            ServiceRequest(
                request_type=kind,
                description=f"Demande {i}",
                public_description=f"Demande {i}",
                latitude=lat + draw.random() * 0.01,
                longitude=lon + draw.random() * 0.01,
                quartier=city.quartiers[name],
                arrondissement=city.quartiers[name].arrondissement,
                department=kind.department,
                status=draw.choice(STATUSES),
                confirmed_at=now if confirmed else None,
            )
        )
    ServiceRequest.objects.bulk_create(rows, batch_size=1000)


@pytest.fixture
def crowded(transactional_db: Any) -> City:
    city = build_city()
    _bulk(city, MANY)
    _bulk(city, 40, code="fuite-compteur")  # a private type: never on the map
    _bulk(city, 30, confirmed=False)  # never confirmed by email: not public yet
    return city


def _text(locator: Any) -> str:
    return str(locator.inner_text()).replace("\u00a0", " ")


def _number(text: str) -> int:
    return int(re.sub(r"\D", "", text))


def test_the_map_counts_every_request_on_a_phone_within_budget(pages, app_server, crowded):
    page = pages(viewport=PHONE)
    total, parts = measure(page, f"{app_server}/carte/")
    assert total <= BUDGET, parts
    assert len([url for url in parts if "zoom=" in url]) == 1, parts  # one window asked, once
    # The page says how many, in text, and the legend counts each kind: all of them.
    assert "5 000 demandes sur 5 000 — aucun filtre" in _text(page.locator("[data-map-count]"))
    legend = [_number(t) for t in page.locator("[data-legend-count]").all_inner_texts()]
    assert sum(legend) == MANY and all(legend)
    # The server grouped them: a few clusters, whose counts add up to every request.
    page.get_by_text(re.compile("Dans la partie affichée")).wait_for()
    clusters = page.locator(".map-cluster")
    assert 0 < clusters.count() < 100
    shown = sum(_number(t) for t in clusters.locator("text").all_text_contents())
    assert shown + page.locator(".map-marker").count() == MANY
    assert "5 000 demandes" in _text(page.locator("[data-map-shown]"))
    # No tile answers here: the quartiers' outlines are the base layer, under the markers.
    assert page.locator(".leaflet-overlay-pane path").count() == len(QUARTIERS)
    assert "contours des quartiers" in _text(page.locator("[data-map-base]"))
    assert_accessible(page)


def test_a_cluster_opens_onto_the_requests_it_holds(pages, app_server, crowded):
    page = pages(viewport=PHONE)
    page.goto(f"{app_server}/carte/?status=closed")
    page.get_by_text(re.compile("Dans la partie affichée")).wait_for()
    assert "filtres : État : Terminées" in _text(page.locator("[data-map-count]"))
    closed = ServiceRequest.objects.published().closed().count()
    shown = page.locator("[data-map-shown]")
    assert _number(shown.inner_text()) == closed
    # A click on a cluster zooms in onto it: the map asks for a closer window.
    with page.expect_request(lambda r: "zoom=" in r.url) as before:
        page.reload()
    far = _zoom(before.value.url)
    page.get_by_text(re.compile("Dans la partie affichée")).wait_for()
    with page.expect_request(lambda r: "zoom=" in r.url and _zoom(r.url) > far):
        page.locator(".map-cluster").first.click()


def _zoom(url: str) -> int:
    return int(parse_qs(urlsplit(url).query)["zoom"][0])
