"""Polygons from outside: what lies inside one, and the shapes refused with a French reason."""

import math
from types import SimpleNamespace

import pytest

from massalia.territory import geo

SQUARE = [[[5.0, 43.0], [6.0, 43.0], [6.0, 44.0], [5.0, 44.0], [5.0, 43.0]]]
WITH_A_HOLE = [SQUARE[0], [[5.4, 43.4], [5.6, 43.4], [5.6, 43.6], [5.4, 43.6], [5.4, 43.4]]]
# An L: its box holds the corner (5.8, 43.8), the L does not.
L_SHAPE = [[[5, 43], [6, 43], [6, 43.5], [5.5, 43.5], [5.5, 44], [5, 44], [5, 43]]]
TRIANGLE = [[5, 43], [6, 43], [6, 44], [5, 43]]
BOW_TIE = [[[5, 43], [6, 44], [6, 43], [5, 44], [5, 43]]]
HOLE_OUTSIDE = [TRIANGLE, [[7, 45], [8, 45], [8, 46], [7, 45]]]


def point(name, lat, lon):
    return SimpleNamespace(name=name, latitude=lat, longitude=lon)


def test_it_keeps_the_points_strictly_inside_in_the_rows_order():
    rows = [
        point("inside", 43.5, 5.5),
        point("outside", 42.5, 5.5),
        point("on the outline", 43.0, 5.5),
        point("nowhere", None, None),
        point("inside too", 43.1, 5.9),
    ]
    area = geo.polygon_area(SQUARE)
    assert [row.name for row in area.inside(rows)] == ["inside", "inside too"]
    assert area.inside([]) == []


def test_a_hole_is_not_inside():
    area = geo.polygon_area(WITH_A_HOLE)
    assert not area.contains(43.5, 5.5)
    assert area.contains(43.2, 5.2)


def test_the_box_narrows_and_the_exact_test_decides():
    area = geo.polygon_area(L_SHAPE)
    box = area.box()
    assert (box.min_lat, box.max_lat, box.min_lon, box.max_lon) == (43, 44, 5, 6)
    corner = point("corner", 43.8, 5.8)
    assert box.min_lat <= corner.latitude <= box.max_lat
    assert box.min_lon <= corner.longitude <= box.max_lon
    assert area.inside([corner, point("leg", 43.8, 5.2)])[0].name == "leg"
    assert len(area.inside([corner])) == 0


def test_a_third_number_in_a_position_is_an_altitude():
    area = geo.polygon_area([[[5, 43, 10], [6, 43, 10], [6, 44, 10], [5, 43, 10]]])
    assert area.contains(43.2, 5.7)


@pytest.mark.parametrize(
    ("coordinates", "message"),
    [
        ("not a list", "une liste de contours"),
        ([], "une liste de contours"),
        ([SQUARE[0][:-1]], "n'est pas fermé"),
        ([[[5, 43], [6, 43], [5, 43]]], "il en faut au moins 4"),
        (BOW_TIE, "ses côtés se croisent (près de [5.5, 43.5])"),
        ([[[5, 43], [5.5, 43.5], [6, 44], [5, 43]]], "ses côtés se croisent"),
        (HOLE_OUTSIDE, "un trou sort"),
        ([[[5, 43], [6, 95], [6, 44], [5, 43]]], "hors des coordonnées possibles"),
        ([[[5, 43], [181, 43], [6, 44], [5, 43]]], "hors des coordonnées possibles"),
        ([TRIANGLE, "x"], "le trou n° 1 doit être une liste"),
        ([[[5, 43], ["6", 43], [6, 44], [5, 43]]], "position illisible"),
        ([[[5, 43], [True, 43], [6, 44], [5, 43]]], "position illisible"),
        ([[[5, 43], [float("inf"), 43], [6, 44], [5, 43]]], "position illisible"),
        ([[[5, 43], [6], [6, 44], [5, 43]]], "position illisible"),
        ([TRIANGLE] * (geo.POLYGON_MAX_RINGS + 1), "au plus 20 contours"),
    ],
)  # fmt: skip
def test_it_refuses_a_bad_polygon_saying_why(coordinates, message):
    with pytest.raises(geo.BadGeometry) as refused:
        geo.polygon_area(coordinates)
    assert message in str(refused.value)
    assert str(refused.value).startswith("Polygone")


def test_it_refuses_too_many_positions_before_reading_them():
    ring = [[5 + i / 10_000, 43 + (i % 2) / 1000] for i in range(geo.POLYGON_MAX_POSITIONS)]
    with pytest.raises(geo.BadGeometry, match="1001 positions, au plus 1000"):
        geo.polygon_area([[*ring, ring[0]]])


def test_as_many_positions_as_allowed_are_read():
    # A regular polygon of 999 sides, closed by its 1,000th position.
    sides = geo.POLYGON_MAX_POSITIONS - 1
    ring = [
        [
            5.5 + 0.1 * math.cos(2 * math.pi * i / sides),
            43.5 + 0.1 * math.sin(2 * math.pi * i / sides),
        ]
        for i in range(sides)
    ]
    area = geo.polygon_area([[*ring, ring[0]]])
    assert area.contains(43.5, 5.5) and not area.contains(43.7, 5.5)
