"""The zoning map: zones read from GeoJSON, linked to their articles both ways, a point's
zone found on the map, the map drawn on the server with a link per zone."""

from __future__ import annotations

import json

import pytest

from massalia.consultations.models import Part, Zone
from massalia.consultations.tests.conftest import IN_N, IN_UA, ZONES
from massalia.consultations.zoning import ZoneFileError, import_zones, zone_at, zone_map

pytestmark = pytest.mark.django_db


def test_it_links_articles_by_their_zone_code_and_the_files_list(plu):
    ua = Zone.objects.get(regulation=plu, code="UA")
    assert sorted(a.anchor for a in ua.articles.all()) == [
        "article-dg-1", "article-ua-1", "article-ua-7",
    ]  # fmt: skip
    ua7 = Part.objects.get(regulation=plu, anchor="article-ua-7")
    assert [z.code for z in ua7.zones.all()] == ["UA"]
    assert [a.anchor for a in Zone.objects.get(regulation=plu, code="N").articles.all()] == [
        "article-n-2"
    ]


def test_it_finds_the_zone_of_a_point(plu):
    assert zone_at(plu, *IN_UA).code == "UA"
    assert zone_at(plu, *IN_N).code == "N"
    assert zone_at(plu, 43.31, 5.40) is None


def test_it_refuses_a_zone_file_it_cannot_use(plu):
    with pytest.raises(ZoneFileError, match="illisible"):
        import_zones(plu, "{pas du json")
    crossing = json.loads(json.dumps(ZONES))
    crossing["features"][0]["geometry"]["coordinates"] = [
        [[5.36, 43.29], [5.37, 43.30], [5.37, 43.29], [5.36, 43.30], [5.36, 43.29]]
    ]
    with pytest.raises(ZoneFileError, match="Zone UA : Polygone : ses côtés se croisent"):
        import_zones(plu, json.dumps(crossing))
    nameless = {"type": "FeatureCollection", "features": [{"properties": {"code": "UB"}}]}
    with pytest.raises(ZoneFileError, match="« name » manquent"):
        import_zones(plu, json.dumps(nameless))
    assert Zone.objects.get(regulation=plu, code="UA").geometry == ZONES["features"][0]["geometry"]


def test_the_map_draws_each_zone_as_a_link_to_its_page(plu, client):
    drawn = zone_map(list(plu.zones.all()))
    assert [d.zone.code for d in drawn.zones] == ["UA", "N"]
    # The UA square is east of the N one, and north of it: further right, higher up.
    ua, n = drawn.zones
    assert ua.label[0] > n.label[0] and ua.label[1] < n.label[1]
    page = client.get("/participer/debats/enquetes/plu-centre/").content.decode()
    assert page.count('<a href="/participer/debats/enquetes/plu-centre/zones/UA/">') >= 2
    assert 'role="group"' in page and '<path d="M' in page
