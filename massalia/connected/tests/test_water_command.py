"""`massalia water detect FILE.csv` writes the suspicions as CSV; bad rows are named."""

import io
import subprocess
import sys

import pytest
from django.core.management import CommandError, call_command

from .series import hourly, household_day


def write_csv(path, readings, *, extra=(), header="meter,time,index_litres"):
    lines = [header] + [f"{r.meter},{r.time.isoformat()},{r.index_litres:g}" for r in readings]
    path.write_text("\n".join([*lines, *extra]) + "\n", encoding="utf-8")
    return path


def run(path):
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("water", "detect", str(path), stdout=out, stderr=err)
        code = 0
    except CommandError as exc:
        err.write(str(exc))
        code = exc.returncode
    return out.getvalue(), err.getvalue(), code


def test_it_writes_each_suspicion_as_a_row(tmp_path):
    leaking = hourly("2025-03-03 00:00", household_day() + [6] * 30 + [0] * 18, meter="C-0042")
    quiet = hourly("2025-03-03 00:00", household_day() * 3, meter="C-0001")
    out, err, code = run(write_csv(tmp_path / "index.csv", quiet + leaking[::-1]))
    assert (code, err) == (0, "")
    assert out.splitlines() == [
        "meter,kind,start,end",
        "C-0042,leak,2025-03-04T00:00:00+01:00,2025-03-05T06:00:00+01:00",
    ]


def test_bad_rows_are_named_with_their_line_and_the_others_still_count(tmp_path):
    leaking = hourly("2025-03-03 00:00", [6] * 30, meter="C-0042")
    extra = [
        "C-0042,2025-03-03 10:30,1000",  # no offset
        "C-0042,hier,1000",
        "C-0042,2025-03-03T10:30:00+01:00,-5",
        "C-0042,2025-03-03T10:30:00+01:00,beaucoup",
        ",2025-03-03T10:30:00+01:00,12",
        "C-0042,2025-03-03T10:30:00+01:00",
    ]
    out, err, code = run(write_csv(tmp_path / "index.csv", leaking, extra=extra))
    assert code == 1
    first = len(leaking) + 2  # the header is line 1
    name = tmp_path / "index.csv"
    assert err.splitlines()[:6] == [
        f"{name}, ligne {first} : heure sans décalage horaire "
        "« 2025-03-03 10:30 » (par exemple +01:00)",
        f"{name}, ligne {first + 1} : heure illisible « hier » (ISO 8601 attendu)",
        f"{name}, ligne {first + 2} : index négatif (-5)",
        f"{name}, ligne {first + 3} : index non numérique « beaucoup »",
        f"{name}, ligne {first + 4} : compteur manquant",
        f"{name}, ligne {first + 5} : 2 colonne(s) au lieu de 3",
    ]
    assert "6 ligne(s) refusée(s) sur 37" in err
    assert [line.split(",")[1] for line in out.splitlines()[1:]] == ["leak"]


def test_a_file_without_the_columns_is_refused(tmp_path):
    out, err, code = run(write_csv(tmp_path / "index.csv", [], header="compteur,date,valeur"))
    assert code == 2
    assert "colonne(s) manquante(s) : meter, time, index_litres" in err
    assert out == ""


def test_columns_may_come_in_any_order_separated_by_semicolons(tmp_path):
    readings = hourly("2025-03-03 00:00", [6] * 30, meter="C-7")
    lines = ["index_litres;meter;time"] + [
        f"{r.index_litres:g};{r.meter};{r.time.isoformat()}" for r in readings
    ]
    (tmp_path / "index.csv").write_text("\ufeff" + "\n".join(lines), encoding="utf-8")
    out, _, code = run(tmp_path / "index.csv")
    assert code == 0
    assert out.splitlines()[1].startswith("C-7,leak,")


def test_a_missing_file_is_named(tmp_path):
    _, err, code = run(tmp_path / "absent.csv")
    assert code == 2
    assert "absent.csv : fichier illisible" in err


def test_the_command_line_exits_with_the_status(tmp_path):
    path = write_csv(tmp_path / "index.csv", hourly("2025-03-03 00:00", [1]), extra=["x,y,z"])
    done = subprocess.run(
        [sys.executable, "-m", "massalia", "water", "detect", str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 1
    assert done.stdout == "meter,kind,start,end\n"
    assert "ligne 4 : heure illisible « y »" in done.stderr


@pytest.mark.parametrize("value", ["nan", "inf", "1e400"])
def test_non_finite_indexes_are_refused(tmp_path, value):
    path = write_csv(
        tmp_path / "index.csv",
        hourly("2025-03-03 00:00", [1]),
        extra=[f"M1,2025-03-03T03:00:00+01:00,{value}"],
    )
    _, err, code = run(path)
    assert code == 1
    assert "index non numérique" in err


def test_a_meter_read_over_centuries_is_named_and_the_others_analysed(tmp_path):
    leaking = hourly("2025-03-03 00:00", [6] * 30, meter="C-1")
    path = write_csv(
        tmp_path / "index.csv",
        leaking,
        extra=["C-2,1900-01-01T00:00:00+00:00,5", "C-2,2025-01-01T00:00:00+00:00,9"],
    )
    out, err, code = run(path)
    assert code == 1
    assert "compteur C-2 : relevés sur plus de 1464 jours, non analysés" in err
    assert out.splitlines()[1].startswith("C-1,leak,")
