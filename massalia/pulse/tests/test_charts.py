"""Server-drawn SVG charts: valid XML, named for screen readers, sane with no data."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from massalia.pulse import charts
from massalia.testing import square

SVG = "{http://www.w3.org/2000/svg}"


def parse(markup: str) -> ET.Element:
    root = ET.fromstring(markup)
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    ids = root.get("aria-labelledby", "").split()
    found = {el.get("id") for el in root.iter() if el.get("id")}
    assert ids and set(ids) <= found, "the chart's name and description must exist"
    return root


def test_it_draws_a_line_through_every_value():
    root = parse(charts.line_chart([("01/11", 3), ("02/11", 0), ("03/11", 9)], title="T", desc="D"))
    points = root.find(f"{SVG}polyline").get("points").split()
    assert len(points) == 3
    ys = [float(p.split(",")[1]) for p in points]
    assert ys[2] < ys[0] < ys[1]  # higher values are drawn higher (smaller y)
    assert root.find(f"{SVG}title").text == "T"


def test_it_draws_empty_axes_for_an_empty_series():
    root = parse(charts.line_chart([], title="Rien", desc="Aucun message"))
    assert root.find(f"{SVG}polyline") is None
    assert "Aucune donnée" in "".join(root.itertext())


def test_it_stacks_sentiments_in_one_bar_per_period():
    root = parse(
        charts.stacked_bars([("01/11", (2, 1, 1)), ("02/11", (0, 0, 0))], title="T", desc="D")
    )
    rects = list(root.iter(f"{SVG}rect"))
    assert [r.get("class") for r in rects] == ["negative", "neutral", "positive"]
    heights = [float(r.get("height")) for r in rects]
    assert heights[0] > heights[1] and abs(heights[1] - heights[2]) < 0.2


def test_it_says_so_when_no_bar_has_anything():
    root = parse(charts.stacked_bars([("01/11", (0, 0, 0))], title="T", desc="D"))
    assert not list(root.iter(f"{SVG}rect"))
    assert "Aucune donnée" in "".join(root.itertext())


def test_it_escapes_names_in_titles():
    projected = charts.project([(1, "Rue <b> & Cie", square(43.29, 5.37))])
    markup = charts.choropleth(projected, {1: (2, "Rue <b> & Cie : 4")}, title="<Carte>", desc="D")
    root = parse(markup)
    assert "<b>" not in markup
    assert root.find(f"{SVG}path/{SVG}title").text == "Rue <b> & Cie : 4"
    assert root.find(f"{SVG}title").text == "<Carte>"


def test_it_projects_shapes_side_by_side_into_the_drawing():
    projected = charts.project(
        [
            (1, "Ouest", square(43.29, 5.37)),
            (2, "Est", square(43.29, 5.38)),
            (3, "Nord", square(43.30, 5.37)),
        ]
    )
    assert projected.width == charts.MAP_WIDTH
    # Two squares wide, two high; a degree of longitude is shorter than one of latitude here.
    assert projected.height > projected.width
    xs = {}
    for s in projected.shapes:
        coords = [tuple(map(float, p.split(","))) for p in s.d.strip("MZ").split("L")]
        xs[s.name] = (min(c[0] for c in coords), min(c[1] for c in coords))
        assert all(
            0 <= x <= projected.width + 0.1 and 0 <= y <= projected.height + 0.1 for x, y in coords
        )
    assert xs["Ouest"][0] < xs["Est"][0]
    assert xs["Nord"][1] < xs["Ouest"][1]  # north is up


def test_it_colours_each_shape_by_its_level_and_marks_the_chosen_one():
    projected = charts.project([(1, "A", square(43.29, 5.37)), (2, "B", square(43.29, 5.38))])
    root = parse(charts.choropleth(projected, {1: (4, "A : 8")}, title="T", desc="D", selected=2))
    classes = [p.get("class") for p in root.iter(f"{SVG}path")]
    assert classes == ["lvl-4", "lvl-0 selected"]
    titles = [p.find(f"{SVG}title").text for p in root.iter(f"{SVG}path")]
    assert titles == ["A : 8", "B : aucun message"]


def test_it_draws_an_empty_map_without_shapes():
    root = parse(charts.choropleth(charts.project([]), {}, title="T", desc="D"))
    assert not list(root.iter(f"{SVG}path"))


def test_it_skips_broken_geometries():
    projected = charts.project([(1, "Cassé", {"type": "Polygon"}), (2, "Bon", square(43.29, 5.37))])
    assert [s.name for s in projected.shapes] == ["Bon"]


def test_it_keeps_axis_tops_round():
    assert [charts.nice_ceiling(v) for v in (0, 1, 3, 7, 12, 180, 999)] == [
        1,
        1,
        5,
        10,
        20,
        200,
        1000,
    ]


def test_it_draws_the_real_quartiers_of_marseille(shared_data):
    import json

    features = json.loads((shared_data / "territory/marseille_quartiers_111.geojson").read_text())
    rows = [
        (i, f["properties"]["nom_qua"], f["geometry"]) for i, f in enumerate(features["features"])
    ]
    projected = charts.project(rows)
    assert len(projected.shapes) == 111
    markup = charts.choropleth(projected, {}, title="Marseille", desc="111 quartiers")
    parse(markup)
    assert len(markup) < 250_000  # simplified to the drawing's scale: light enough for a phone
