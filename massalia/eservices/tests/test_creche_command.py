"""`massalia creche allocate APPLICATIONS.csv PLACES.csv` writes every application's placement;
bad rows are named with their lines and the others still allocated."""

import io
import subprocess
import sys

from django.core.management import CommandError, call_command

HEADER = "application,score,applied_at,age_group,choices"
APPLICATIONS = [
    "a,10,2025-01-01,bebes,X;Y",
    "b,5,2025-01-02,bebes,X",
    "c,8,2025-01-03,grands,Z",
]
PLACES = ["creche,age_group,places", "X,bebes,1", "Y,bebes,1", "Z,bebes,4"]


def files(tmp_path, applications=APPLICATIONS, places=PLACES, header=HEADER):
    first, second = tmp_path / "demandes.csv", tmp_path / "places.csv"
    first.write_text("\n".join([header, *applications]) + "\n", encoding="utf-8")
    second.write_text("\n".join(places) + "\n", encoding="utf-8")
    return first, second


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("creche", "allocate", *map(str, args), stdout=out, stderr=err)
        code = 0
    except SystemExit as exc:
        code = int(exc.code or 0)
    except CommandError as exc:
        err.write(str(exc))
        code = exc.returncode
    return out.getvalue(), err.getvalue(), code


def test_it_writes_a_row_for_every_application_in_the_file_order(tmp_path):
    out, err, code = run(*files(tmp_path))
    assert code == 0
    assert out.splitlines() == [
        "application,creche,choice_rank",
        "a,X,1",
        "b,,",  # X went to a; Z has no place for the grands
        "c,,",
    ]
    (last,) = err.splitlines()
    assert last.startswith("applications=3 placed=1 seconds=")
    float(last.rsplit("=", 1)[1])


def test_the_max_placed_rule_is_chosen_by_option(tmp_path):
    out, err, code = run(*files(tmp_path), "--rule", "max-placed")
    assert code == 0
    assert out.splitlines()[1:] == ["a,Y,2", "b,X,1", "c,,"]
    assert err.splitlines()[-1].startswith("applications=3 placed=2 ")


def test_bad_rows_are_named_with_their_line_and_the_others_still_allocated(tmp_path):
    bad = [
        "d,beaucoup,2025-01-01,bebes,X",
        "e,3,hier,bebes,X",
        "f,3,2025-01-01,bebes,",
        "g,3,2025-01-01,bebes,A;B;C;D;E;F",
        "a,3,2025-01-01,bebes,X",
        "h,-2,2025-01-01,bebes,X",
        "i,3,2025-01-01",
        "j,3,2025-01-01,bebes,X;;Y",
    ]
    places = [*PLACES, "X,bebes,2", "W,bebes,deux"]
    applications, place_file = files(tmp_path, [*APPLICATIONS, *bad], places)
    out, err, code = run(applications, place_file)
    assert code == 1
    assert err.splitlines() == [
        f"{applications}, ligne 5 : score non entier « beaucoup »",
        f"{applications}, ligne 6 : date de demande illisible « hier » (AAAA-MM-JJ attendu)",
        f"{applications}, ligne 7 : aucune crèche choisie",
        f"{applications}, ligne 8 : 6 choix (5 au plus)",
        f"{applications}, ligne 9 : demande a déjà donnée plus haut",
        f"{applications}, ligne 10 : score négatif (-2)",
        f"{applications}, ligne 11 : 3 colonne(s) au lieu de 5",
        f"{applications}, ligne 12 : choix vide",
        f"{place_file}, ligne 5 : crèche X, tranche bebes déjà donnée plus haut",
        f"{place_file}, ligne 6 : places non entier « deux »",
        "10 ligne(s) refusée(s), les autres attribuées",
        err.splitlines()[-1],
    ]
    assert err.splitlines()[-1].startswith("applications=3 placed=1 seconds=")
    assert out.splitlines()[1:] == ["a,X,1", "b,,", "c,,"]  # X keeps its first count, 1


def test_a_file_without_the_columns_is_refused(tmp_path):
    out, err, code = run(*files(tmp_path, header="demande,points,date,age,creches"))
    assert code == 2
    assert "colonne(s) manquante(s) : application, score, applied_at, age_group, choices" in err
    assert out == ""


def test_a_missing_or_unreadable_file_is_named(tmp_path):
    applications, places = files(tmp_path)
    _, err, code = run(tmp_path / "absent.csv", places)
    assert (code, "absent.csv : fichier illisible" in err) == (2, True)
    places.write_bytes("creche,age_group,places\nCrèche,bebes,1\n".encode("latin-1"))
    _, err, code = run(applications, places)
    assert (code, "places.csv : le fichier n'est pas en UTF-8" in err) == (2, True)


def test_the_command_line_exits_with_the_status(tmp_path):
    applications, places = files(tmp_path, [*APPLICATIONS, "x,1,2025-13-01,bebes,X"])
    done = subprocess.run(
        [sys.executable, "-m", "massalia", "creche", "allocate", str(applications), str(places)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 1
    assert done.stdout.splitlines() == ["application,creche,choice_rank", "a,X,1", "b,,", "c,,"]
    assert "ligne 5 : date de demande illisible « 2025-13-01 »" in done.stderr
    assert done.stderr.splitlines()[-1].startswith("applications=3 placed=1 seconds=")
