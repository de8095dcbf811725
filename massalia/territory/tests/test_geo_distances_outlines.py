"""The one place for geometry: distances, boxes around a point, and places' outlines."""

from types import SimpleNamespace

import pytest
from shapely.geometry import shape

from massalia.territory import geo
from massalia.territory.models import Arrondissement
from massalia.testing import QUARTIERS

VIEUX_PORT = (43.2951, 5.3741)
NOTRE_DAME_DE_LA_GARDE = (43.2840, 5.3713)


def test_it_measures_great_circle_distances_in_metres():
    assert geo.distance_m(*VIEUX_PORT, *VIEUX_PORT) == 0
    # One degree of latitude is about 111.2 km anywhere.
    assert geo.distance_m(43.0, 5.0, 44.0, 5.0) == pytest.approx(111_195, rel=1e-3)
    assert geo.distance_m(*VIEUX_PORT, *NOTRE_DAME_DE_LA_GARDE) == pytest.approx(1_260, rel=0.02)
    assert geo.distance_m(*VIEUX_PORT, *NOTRE_DAME_DE_LA_GARDE) == pytest.approx(
        geo.distance_m(*NOTRE_DAME_DE_LA_GARDE, *VIEUX_PORT)
    )


def test_it_boxes_every_point_within_the_radius():
    lat, lon = VIEUX_PORT
    box = geo.box_around(lat, lon, 100)
    east = (lat, lon + 100 / (geo.METRES_PER_DEGREE * 0.7279))  # cos(43.3°)
    assert box.min_lat < lat - 0.0008 and box.max_lat > lat + 0.0008
    assert box.min_lon <= east[1] <= box.max_lon
    assert geo.distance_m(lat, box.max_lon, lat, lon) == pytest.approx(100, rel=0.01)
    assert box.lookups() == {
        "latitude__range": (box.min_lat, box.max_lat),
        "longitude__range": (box.min_lon, box.max_lon),
    }


def test_it_keeps_the_rows_within_the_radius_with_their_distance():
    lat, lon = VIEUX_PORT
    rows = [
        SimpleNamespace(name="near", latitude=lat + 0.0002, longitude=lon),
        SimpleNamespace(name="far", latitude=lat + 0.002, longitude=lon),
        SimpleNamespace(name="nowhere", latitude=None, longitude=None),
    ]
    found = geo.within(lat, lon, rows, 50)
    assert [(row.name, round(d)) for row, d in found] == [("near", 22)]
    assert [row.name for row, _ in geo.within(lat, lon, rows, 500)] == ["near", "far"]


def test_it_outlines_an_arrondissement_by_its_quartiers_when_it_has_no_shape(small_territory):
    outlines = {pk: (name, shape(g)) for pk, name, g in geo.arrondissement_outlines()}
    first = Arrondissement.objects.get(insee_code="13201")
    name, merged = outlines[first.pk]
    assert name == first.name
    # Belsunce and Noailles, two 0.01° squares side by side, merged into one rectangle.
    assert merged.geom_type == "Polygon"
    assert merged.area == pytest.approx(0.0002)
    assert merged.bounds == pytest.approx((5.37, 43.29, 5.39, 43.30))
    assert len(outlines) == 2  # arrondissements without quartiers or shape are not drawn


def test_it_prefers_the_arrondissement_s_own_shape(small_territory):
    own = {"type": "Polygon", "coordinates": [[[5, 43], [6, 43], [6, 44], [5, 43]]]}
    Arrondissement.objects.filter(insee_code="13202").update(geometry=own)
    outlines = {pk: g for pk, _, g in geo.arrondissement_outlines()}
    assert outlines[Arrondissement.objects.get(insee_code="13202").pk] == own


def test_it_outlines_every_quartier(small_territory):
    names = sorted(name for _, name, _ in geo.quartier_outlines())
    assert names == sorted(QUARTIERS)
