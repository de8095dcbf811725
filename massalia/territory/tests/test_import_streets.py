from io import StringIO

from django.core.management import call_command

from massalia.core.models import RejectedRecord
from massalia.territory.importers import import_streets
from massalia.territory.models import Street
from massalia.territory.tests.conftest import write_json
from massalia.testing import INSIDE


def street(name, quartier, lat, lon):
    return {"name": name, "quartier": quartier, "centroid": [lon, lat]}


def test_it_imports_streets_matching_quartiers_by_name_or_by_point(small_territory, tmp_path):
    noailles, joliette = INSIDE["NOAILLES"], INSIDE["LA JOLIETTE"]
    path = write_json(
        tmp_path / "streets.json",
        [
            street("Rue d'Aubagne", "NOAILLES", *noailles),
            street("Rue de la Joliette", "QUARTIER INCONNU", *joliette),
            street("Rue de Marseille", None, *joliette),
            street("Chemin du Large", "NOAILLES", 6_290_000, 890_000),
            street("", "NOAILLES", *noailles),
            street("Sans point", "NOAILLES", None, None),
            street("Rue de d'Aubagne", "NOAILLES", *noailles),
        ],
    )
    out = StringIO()
    call_command("territory", "import-streets", str(path), stdout=out)
    assert "7 enregistrements lus — 3 créés" in out.getvalue()
    aubagne = Street.objects.get(name="Rue d'Aubagne")
    assert (aubagne.normalized, aubagne.quartier) == ("rue aubagne", small_territory["NOAILLES"])
    assert Street.objects.get(name="Rue de la Joliette").quartier == small_territory["LA JOLIETTE"]
    reasons = {r.record["name"]: r.reasons for r in RejectedRecord.objects.all()}
    assert reasons == {
        "Chemin du Large": ["centroïde manquant ou invalide (attendu : [lon, lat] en WGS84)"],
        "": ["nom de la voie manquant"],
        "Sans point": ["centroïde manquant ou invalide (attendu : [lon, lat] en WGS84)"],
        "Rue de d'Aubagne": ["doublon de « Rue d'Aubagne » dans le même quartier"],
    }


def test_it_rejects_streets_outside_the_city(small_territory, tmp_path):
    path = write_json(tmp_path / "s.json", [street("Port de Cassis", "", 43.2147, 5.5377)])
    run = import_streets(path)
    assert run.rejected == 1
    assert RejectedRecord.objects.get().reasons == ["la voie est hors du territoire de la ville"]


def test_it_reimports_streets_idempotently(small_territory, tmp_path):
    path = write_json(
        tmp_path / "s.json",
        [street("Rue d'Aubagne", "NOAILLES", *INSIDE["NOAILLES"])],
    )
    import_streets(path)
    again = import_streets(path)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 1)
    assert Street.objects.count() == 1


def test_it_updates_a_street_whose_centroid_moved(small_territory, tmp_path):
    noailles = INSIDE["NOAILLES"]
    first = write_json(tmp_path / "a.json", [street("Rue d'Aubagne", "NOAILLES", *noailles)])
    import_streets(first)
    moved = (noailles[0] + 0.0001, noailles[1])
    second = write_json(tmp_path / "b.json", [street("Rue d'Aubagne", "NOAILLES", *moved)])
    run = import_streets(second)
    assert (run.created, run.updated) == (0, 1)
    assert Street.objects.get().latitude == round(moved[0], 6)


def test_it_relinks_a_street_to_its_new_quartier_rather_than_duplicating_it(
    small_territory, tmp_path
):
    # Same name and point, another quartier (the territory changed): one street, relinked.
    point = INSIDE["NOAILLES"]
    import_streets(write_json(tmp_path / "a.json", [street("Rue Longue", "NOAILLES", *point)]))
    pk = Street.objects.get().pk
    run = import_streets(
        write_json(tmp_path / "b.json", [street("Rue Longue", "LA JOLIETTE", *point)])
    )
    assert (run.created, run.updated) == (0, 1)
    relinked = Street.objects.get()
    assert (relinked.pk, relinked.quartier) == (pk, small_territory["LA JOLIETTE"])
