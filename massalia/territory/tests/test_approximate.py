import json

from shapely.geometry import Point, Polygon, shape

from massalia.servicerequests.models import RequestType
from massalia.servicerequests.services import submit_request
from massalia.territory import approximate, geo, marseille
from massalia.territory.importers import import_quartiers
from massalia.territory.models import Arrondissement, Department, Quartier


def test_it_builds_a_territory_covering_the_whole_city(db):
    approximate.build()
    assert approximate.is_approximate()
    assert Arrondissement.objects.count() == 16
    assert not Quartier.objects.filter(is_approximate=False).exists()
    assert all("(approximatif)" in name for name in Quartier.objects.values_list("name", flat=True))
    # A grid over the commune's outline: every point inside locates somewhere.
    outline = Polygon(marseille.OUTLINE)
    min_lon, min_lat, max_lon, max_lat = outline.bounds
    grid = [
        (min_lat + i * (max_lat - min_lat) / 40, min_lon + j * (max_lon - min_lon) / 40)
        for i in range(41)
        for j in range(41)
    ]
    inside = [(lat, lon) for lat, lon in grid if outline.contains(Point(lon, lat))]
    assert len(inside) > 500
    assert all(geo.locate_many(inside))


def test_it_puts_each_arrondissement_reference_point_in_its_arrondissement(db):
    approximate.build()
    for fact in marseille.ARRONDISSEMENTS:
        assert geo.locate(fact.latitude, fact.longitude).insee_code == fact.insee_code


def test_it_is_idempotent(db):
    approximate.build()
    ids = sorted(Quartier.objects.values_list("id", "geometry"))
    approximate.build()
    assert sorted(Quartier.objects.values_list("id", "geometry")) == ids


def test_it_leaves_a_real_territory_alone(real_territory):
    approximate.build()
    assert not approximate.is_approximate()
    assert Quartier.objects.count() == 111


def test_it_is_replaced_by_the_official_file_and_requests_follow(db, quartiers_file):
    approximate.build()
    department = Department.objects.create(code="voirie", name="Voirie")
    pothole = RequestType.objects.create(code="nid", name="Nid-de-poule", department=department)
    # Near the Vélodrome: an approximate quartier of the 8th or 9th arrondissement.
    case = submit_request(
        request_type=pothole, description="Trou", latitude=43.2697, longitude=5.3958
    )
    assert case.quartier.is_approximate
    run = import_quartiers(quartiers_file)
    assert run.created == 111
    assert not approximate.is_approximate()
    assert Quartier.objects.count() == 111
    case.refresh_from_db()
    assert case.quartier.name == "SAINT-GINIEZ"
    assert case.arrondissement.insee_code == "13208"
    assert geo.locate(43.2697, 5.3958).quartier_name == "SAINT-GINIEZ"


def test_it_covers_every_real_quartier(db, quartiers_file):
    """Every real quartier's point locates, most of them in the right arrondissement."""
    approximate.build()
    features = json.loads(quartiers_file.read_text(encoding="utf-8"))["features"]
    points = [shape(f["geometry"]).representative_point() for f in features]
    places = geo.locate_many([(p.y, p.x) for p in points])
    assert all(places)
    right = sum(
        place.insee_code == f["properties"]["depco"]
        for place, f in zip(places, features, strict=True)
    )
    print(f"approximate territory: {right}/{len(features)} in the right arrondissement")
    assert right / len(features) >= 0.75
