from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from massalia.territory import gazetteer
from massalia.territory.importers import import_streets
from massalia.territory.tests.conftest import write_json
from massalia.testing import INSIDE

STREETS = [
    ("Boulevard de la Blancarde", "LA JOLIETTE"),
    ("Avenue du Maréchal Foch", "LA JOLIETTE"),
    ("Rue Saint-Ferréol", "NOAILLES"),
    ("Place de l'Évêché", "BELSUNCE"),
    ("Chemin des Bourrely", "BELSUNCE"),
    ("Impasse du Figuier", "NOAILLES"),
    ("Traverse de la Martine", "LA JOLIETTE"),
    ("Cours Julien", "NOAILLES"),
    ("Allée Léon Gambetta", "BELSUNCE"),
    ("Quai du Port", "BELSUNCE"),
    ("Rue d'Aubagne", "NOAILLES"),
]


@pytest.fixture
def streets(small_territory, tmp_path):
    records = [
        {"name": name, "quartier": q, "centroid": [INSIDE[q][1], INSIDE[q][0]]}
        for name, q in STREETS
    ]
    import_streets(write_json(tmp_path / "streets.json", records))
    return small_territory


def test_it_normalizes_accents_case_abbreviations_and_articles():
    assert gazetteer.normalize("Bd de la Blancarde") == "boulevard blancarde"
    assert gazetteer.normalize("PLACE DE L'ÉVÊCHÉ") == "place eveche"
    assert gazetteer.normalize("av. du Mal Foch") == "avenue marechal foch"
    assert gazetteer.normalize("R. St-Ferréol") == "rue saint ferreol"
    assert gazetteer.normalize("Trav. de la Martine") == "traverse martine"
    assert gazetteer.normalize("Ste Marthe") == "sainte marthe"


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("Bd de la Blancarde, Marseille", "Boulevard de la Blancarde"),
        ("12 bd blancarde", "Boulevard de la Blancarde"),
        ("boulevard de la blancarde 13004", "Boulevard de la Blancarde"),
        ("Bd Blancarde 13004 Marseille", "Boulevard de la Blancarde"),
        ("bd blancarde, Marseille 4e", "Boulevard de la Blancarde"),
        ("Boulevard de la Blancrade", "Boulevard de la Blancarde"),
        ("av. mal foch", "Avenue du Maréchal Foch"),
        ("ave du marechal foch, 13004 Marseille", "Avenue du Maréchal Foch"),
        ("3 r. st ferreol", "Rue Saint-Ferréol"),
        ("RUE SAINT FERREOL", "Rue Saint-Ferréol"),
        ("pl. de l'eveche", "Place de l'Évêché"),
        ("ch. bourrely", "Chemin des Bourrely"),
        ("imp. figuier", "Impasse du Figuier"),
        ("tra. martine", "Traverse de la Martine"),
        ("crs julien", "Cours Julien"),
        ("all. leon gambetta", "Allée Léon Gambetta"),
        ("qu. du port", "Quai du Port"),
        ("5 bis rue d’aubagne, 13001 Marseille", "Rue d'Aubagne"),
        ("Noailles", "Noailles"),
        ("la joliette", "La Joliette"),
    ],
)
def test_it_geocodes_what_residents_type(streets, typed, expected):
    match = gazetteer.geocode(typed)
    assert match is not None, typed
    assert match.name == expected


def test_it_answers_with_the_point_and_the_quartier(streets):
    match = gazetteer.geocode("rue d'aubagne")
    assert (match.latitude, match.longitude) == pytest.approx(INSIDE["NOAILLES"])
    assert (match.quartier_id, match.quartier_name) == (
        streets["NOAILLES"].id,
        "NOAILLES",
    )
    assert match.score == 100


def test_it_returns_nothing_for_nonsense_and_empty_text(streets):
    assert gazetteer.geocode("xqzw kkkk") is None
    assert gazetteer.geocode("   ") is None
    assert gazetteer.search("", limit=5) == []


def test_it_searches_several_candidates_best_first(streets):
    found = gazetteer.search("rue", limit=3)
    assert len(found) <= 3
    results = gazetteer.search("blancarde")
    assert results[0].name == "Boulevard de la Blancarde"
    assert [m.score for m in results] == sorted((m.score for m in results), reverse=True)


def test_it_sees_new_streets_after_an_import(streets, tmp_path):
    assert gazetteer.geocode("rue des nouvelles") is None
    record = {"name": "Rue des Nouvelles", "quartier": "NOAILLES", "centroid": [5.385, 43.295]}
    import_streets(write_json(tmp_path / "more.json", [record]))
    assert gazetteer.geocode("rue des nouvelles").name == "Rue des Nouvelles"


def run(*args):
    out = StringIO()
    call_command("territory", *args, stdout=out)
    return out.getvalue()


def test_it_geocodes_from_the_command_line(streets):
    lat, lon = INSIDE["LA JOLIETTE"]
    assert run("geocode", "Bd de la Blancarde, Marseille") == f"{lat:.6f},{lon:.6f},LA JOLIETTE\n"


def test_it_says_aucun_resultat_on_the_command_line(streets):
    with pytest.raises(CommandError, match="Aucun résultat"):
        run("geocode", "xqzw kkkk")


def test_it_geocodes_a_csv_of_addresses(streets, tmp_path):
    path = tmp_path / "addresses.csv"
    path.write_text(
        'address\n"12 r. st ferreol, 13001 Marseille"\nxqzw kkkk\n\ncrs julien\n', encoding="utf-8"
    )
    lat, lon = INSIDE["NOAILLES"]
    assert run("geocode", "--csv", str(path)).splitlines() == [
        f"{lat:.6f},{lon:.6f},NOAILLES",
        ",,",
        f"{lat:.6f},{lon:.6f},NOAILLES",
    ]
