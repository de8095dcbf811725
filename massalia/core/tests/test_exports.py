import csv
import datetime
import io
import json
from collections.abc import Iterator
from decimal import Decimal

import pytest
from django.utils import timezone

from massalia.core import exports
from massalia.territory.models import Quartier

PLACES = exports.Dataset(
    name="lieux",
    columns=[
        exports.Column("name", "nom"),
        exports.Column("visits", "visites"),
        exports.Column("score", "note moyenne", decimals=2),
        exports.Column("open", "ouvert"),
        exports.Column("since", "depuis"),
        exports.Column("seen", "vu le"),
        exports.Column("budget", "budget"),
    ],
    geometry=lambda r: exports.point(r.get("lon"), r.get("lat")),
    feature_id=lambda r: r["name"],
)
QUARTIER_NAMES = exports.Dataset(name="quartiers", columns=[exports.Column("name", "nom")])
SEEN = timezone.make_aware(datetime.datetime(2026, 11, 20, 14, 5, 9), datetime.UTC)
ROWS = [
    {
        "name": 'Parc "Borély"; plage',
        "visits": 12,
        "score": 3.14159,
        "open": True,
        "since": datetime.date(2026, 1, 31),
        "seen": SEEN,
        "budget": Decimal("1500.5"),
        "lat": 43.26,
        "lon": 5.38,
    },
    {
        "name": "=SOMME(A1:A9)",
        "visits": 0,
        "score": None,
        "open": False,
        "since": None,
        "seen": None,
        "budget": None,
    },
]


def _body(fmt, rows=ROWS):
    response = exports.response(PLACES, rows, fmt=fmt)
    return response, b"".join(response.streaming_content).decode("utf-8")


def test_it_writes_csv_that_french_spreadsheets_open():
    response, body = _body("csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="lieux.csv"'
    assert body.startswith("\ufeff")
    lines = list(csv.reader(io.StringIO(body.removeprefix("\ufeff")), delimiter=";"))
    assert lines[0] == ["nom", "visites", "note moyenne", "ouvert", "depuis", "vu le", "budget"]
    local = timezone.localtime(SEEN).strftime("%Y-%m-%d %H:%M:%S")
    assert lines[1] == ['Parc "Borély"; plage', "12", "3,14", "oui", "2026-01-31", local, "1500,5"]
    # A cell that would run as a formula is written as text.
    assert lines[2] == ["'=SOMME(A1:A9)", "0", "", "non", "", "", ""]


def test_it_writes_json_that_parses():
    response, body = _body("json")
    assert response["Content-Type"] == "application/json"
    data = json.loads(body)
    assert data[0]["name"] == 'Parc "Borély"; plage'
    assert data[0]["score"] == 3.14
    assert data[0]["since"] == "2026-01-31"
    assert datetime.datetime.fromisoformat(data[0]["seen"]) == SEEN
    assert data[0]["budget"] == 1500.5
    assert data[1] == {
        "name": "=SOMME(A1:A9)",
        "visits": 0,
        "score": None,
        "open": False,
        "since": None,
        "seen": None,
        "budget": None,
    }
    assert json.loads(_body("json", [])[1]) == []


def test_it_writes_a_geojson_feature_collection():
    response, body = _body("geojson")
    assert response["Content-Type"] == "application/geo+json"
    assert 'filename="lieux.geojson"' in response["Content-Disposition"]
    data = json.loads(body)
    assert data["type"] == "FeatureCollection"
    first, second = data["features"]
    assert first["type"] == "Feature"
    assert first["id"] == 'Parc "Borély"; plage'
    assert first["geometry"] == {"type": "Point", "coordinates": [5.38, 43.26]}
    assert first["properties"]["visits"] == 12
    assert second["geometry"] is None  # GeoJSON's way of saying "not located"
    assert json.loads(_body("geojson", [])[1]) == {"type": "FeatureCollection", "features": []}


def test_it_refuses_geojson_for_a_dataset_without_geometry():
    flat = exports.Dataset(name="plat", columns=[exports.Column("name", "nom")])
    with pytest.raises(ValueError, match="no geometry"):
        exports.stream(flat, [], fmt="geojson")


@pytest.mark.parametrize("fmt", ["csv", "json", "geojson"])
def test_it_produces_rows_as_they_are_asked_for(fmt):
    total = 20_000
    taken = 0

    def rows() -> Iterator[dict[str, object]]:
        nonlocal taken
        for n in range(total):
            taken += 1
            yield {**ROWS[0], "name": f"lieu {n}", "visits": n}

    chunks = exports.stream(PLACES, rows(), fmt=fmt)
    next(chunks)
    assert taken == 0  # the header leaves before the first row is read
    next(chunks)
    assert 0 < taken < total
    assert sum(len(c) for c in chunks) > 0
    assert taken == total


def test_it_reads_a_queryset_without_loading_it(city):
    rows = Quartier.objects.order_by("name")
    body = b"".join(exports.stream(QUARTIER_NAMES, rows, fmt="csv")).decode("utf-8")
    assert body.splitlines()[1:] == ["BELSUNCE", "LA JOLIETTE", "NOAILLES"]
    assert rows._result_cache is None  # read through .iterator(), never cached whole


def test_it_writes_the_city_language_whatever_the_reader_reads():
    from django.utils import translation
    from django.utils.translation import gettext_lazy

    dataset = exports.Dataset(
        name="essai",
        columns=[exports.Column("page", "Page", value=lambda row: gettext_lazy("Accueil"))],
    )
    with translation.override("ar"):
        assert str(gettext_lazy("Accueil")) != "Accueil"  # the catalogue is there
        body = b"".join(exports.stream(dataset, [{}], fmt="csv")).decode("utf-8-sig")
        assert translation.get_language() == "ar"  # the reader's language is left as it was
    assert body.splitlines()[1] == "Accueil"
