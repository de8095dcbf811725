"""Marseille's territory as the package ships it: the official quartiers, lighter; the streets."""

import functools
import json
from pathlib import Path

import pytest
import shapely
from django.core.management import CommandError, call_command
from shapely.geometry import shape

from massalia.territory import approximate, gazetteer, geo, shipped
from massalia.territory.models import Quartier, Street

MARSEILLE = shipped.for_commune("13055")


@functools.cache
def _features(path: Path) -> dict[tuple[str, str], shapely.Geometry]:
    data = json.loads(path.read_text(encoding="utf-8"))
    return {
        (f["properties"]["nom_qua"], f["properties"]["depco"]): shape(f["geometry"])
        for f in data["features"]
    }


@pytest.fixture
def official(shared_data: Path) -> dict[tuple[str, str], shapely.Geometry]:
    return _features(shared_data / "territory" / "marseille_quartiers_111.geojson")


@pytest.fixture
def light() -> dict[tuple[str, str], shapely.Geometry]:
    assert MARSEILLE is not None
    return _features(MARSEILLE.quartiers)


def test_it_ships_a_light_copy_of_every_official_quartier(official, light):
    assert MARSEILLE is not None
    assert MARSEILLE.quartiers.stat().st_size < 400_000
    assert len(official) == 111
    assert set(light) == set(official)
    for key, geometry in light.items():
        assert geometry.is_valid and not geometry.is_empty, key
        # Each quartier within a few percent of its official area.
        assert geometry.symmetric_difference(official[key]).area < 0.05 * official[key].area, key


def test_it_covers_the_official_area_without_overlaps_or_new_gaps(official, light):
    shapes = list(light.values())
    union = shapely.union_all(shapes)
    official_union = shapely.union_all(list(official.values()))
    total = sum(g.area for g in shapes)
    assert abs(total - union.area) < 1e-6 * union.area  # the quartiers do not overlap
    assert union.symmetric_difference(official_union).area < 0.002 * official_union.area
    holes = sum(len(part.interiors) for part in getattr(union, "geoms", [union]))
    official_holes = sum(
        len(p.interiors) for p in getattr(official_union, "geoms", [official_union])
    )
    assert holes == official_holes


def test_it_keeps_neighbours_sharing_their_borders(official, light):
    keys = list(official)
    tree = shapely.STRtree([official[k] for k in keys])
    pairs = 0
    for i, key in enumerate(keys):
        for j in tree.query(official[key], predicate="touches").tolist():
            if j <= i:
                continue
            border = official[key].intersection(official[keys[j]]).length
            if border < 1e-3:  # corners and short contacts may merge into a point
                continue
            pairs += 1
            shared = light[key].intersection(light[keys[j]])
            assert shared.length > 0.9 * border, (key, keys[j])
            assert shared.area == 0, (key, keys[j])
    assert pairs > 200


def test_it_rebuilds_the_shipped_copy_from_the_official_file(shared_data, tmp_path):
    assert MARSEILLE is not None
    out = tmp_path / "quartiers.geojson"
    call_command(
        "territory",
        "simplify",
        str(shared_data / "territory" / "marseille_quartiers_111.geojson"),
        str(out),
        stdout=open(tmp_path / "log.txt", "w"),  # noqa: SIM115
    )
    assert out.read_bytes() == MARSEILLE.quartiers.read_bytes()


def test_it_ships_the_street_index_as_published(shared_data):
    assert MARSEILLE is not None
    published = shared_data / "territory" / "marseille_streets_index.json"
    assert MARSEILLE.streets.read_bytes() == published.read_bytes()


@pytest.fixture
def marseille(db):
    return shipped.install()


@pytest.mark.parametrize(
    ("address", "quartier"),
    [
        ("La Canebière", "BELSUNCE"),
        ("12 la canebiere, 13001 Marseille", "BELSUNCE"),
        ("rue de la République", "HOTEL DE VILLE"),
        ("avenue du Prado", "SAINT-GINIEZ"),
        ("av. du prado, Marseille 8e", "SAINT-GINIEZ"),
    ],
)
def test_it_geocodes_an_address_into_its_true_quartier(marseille, official, address, quartier):
    match = gazetteer.geocode(address)
    assert match is not None
    assert match.quartier_name == quartier
    # The official file agrees, and so does locating the point on the shipped territory.
    point = shapely.Point(match.longitude, match.latitude)
    assert [k[0] for k, g in official.items() if g.contains(point)] == [quartier]
    place = geo.locate(match.latitude, match.longitude)
    assert place is not None and place.quartier_name == quartier


def test_it_installs_the_official_territory_once(marseille):
    assert marseille is not None and marseille.quartiers is not None
    assert Quartier.objects.count() == 111
    assert not approximate.is_approximate()
    assert not Quartier.objects.filter(name__icontains="approximatif").exists()
    assert Street.objects.count() > 5000
    again = shipped.install()
    assert again is not None and again.quartiers is None and again.streets is None


def test_it_replaces_an_approximate_territory(db):
    approximate.build()
    assert approximate.is_approximate()
    shipped.install()
    assert not approximate.is_approximate()
    assert Quartier.objects.count() == 111


def test_it_ships_nothing_for_another_commune(db):
    assert shipped.install(insee_code="13001") is None
    assert not Quartier.objects.exists()


@pytest.mark.parametrize(
    ("content", "tolerance", "message"),
    [
        ("[1, 2]", "5e-5", "n'est pas un GeoJSON de quartiers lisible"),
        ('{"type": "FeatureCollection"}', "5e-5", "n'est pas un GeoJSON de quartiers lisible"),
        ("{", "5e-5", "n'est pas un GeoJSON de quartiers lisible"),
        ('{"type": "FeatureCollection", "features": []}', "0", "--tolerance"),
    ],
)
def test_it_refuses_to_simplify_a_file_it_cannot_read(tmp_path, content, tolerance, message):
    source = tmp_path / "in.geojson"
    source.write_text(content, encoding="utf-8")
    with pytest.raises(CommandError, match=message):
        call_command(
            "territory",
            "simplify",
            str(source),
            str(tmp_path / "out.geojson"),
            "--tolerance",
            tolerance,
        )
    with pytest.raises(CommandError, match="Impossible de lire"):
        call_command("territory", "simplify", str(tmp_path / "absent.geojson"), str(tmp_path / "o"))
