from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from massalia.testing import INSIDE, OUTSIDE


def run(*args):
    out = StringIO()
    call_command("territory", *args, stdout=out)
    return out.getvalue()


def test_it_prints_the_quartier_and_insee_code_of_a_point(small_territory):
    lat, lon = INSIDE["NOAILLES"]
    assert run("locate", "--lat", str(lat), "--lon", str(lon)) == "NOAILLES,13201\n"


def test_it_says_when_a_point_is_outside_the_city(small_territory):
    with pytest.raises(CommandError, match="en dehors du territoire"):
        run("locate", "--lat", str(OUTSIDE[0]), "--lon", str(OUTSIDE[1]))


def test_it_asks_for_coordinates(small_territory):
    with pytest.raises(CommandError, match="--lat et --lon"):
        run("locate", "--lat", "43.29")


def test_it_locates_a_csv_of_points_with_empty_fields_for_bad_rows(small_territory, tmp_path):
    path = tmp_path / "points.csv"
    lines = ["lat,lon"]
    lines.append("{},{}".format(*INSIDE["LA JOLIETTE"]))
    lines.append("{},{}".format(*OUTSIDE))
    lines.append("abc,5.38")
    lines.append("95,5.38")
    lines.append(",")
    lines.append("{},{}".format(*INSIDE["BELSUNCE"]))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert run("locate", "--csv", str(path)).splitlines() == [
        "LA JOLIETTE,13202",
        ",",
        ",",
        ",",
        ",",
        "BELSUNCE,13201",
    ]


def test_it_refuses_a_csv_without_the_columns(small_territory, tmp_path):
    path = tmp_path / "points.csv"
    path.write_text("x,y\n1,2\n", encoding="utf-8")
    with pytest.raises(CommandError, match=r"Colonne\(s\) manquante\(s\).*lat, lon"):
        run("locate", "--csv", str(path))


def test_it_locates_real_places_from_the_command_line(real_territory):
    assert run("locate", "--lat", "43.2964", "--lon", "5.3811") == "NOAILLES,13201\n"
