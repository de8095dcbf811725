"""`massalia participation opinion-groups VOTES.csv` writes every placed participant's group;
bad rows are named with their lines, an unreadable file is refused in words (exit code 2)."""

import io
import subprocess
import sys

from django.core.management import CommandError, call_command

from massalia.consultations.tests.votes import three_groups, truth


def vote_file(tmp_path, rows=None, header="statement,vote,participant", extra=()):
    rows = rows if rows is not None else [f"{s},{v},{p}" for p, s, v in three_groups()]
    path = tmp_path / "votes.csv"
    path.write_text("\n".join([header, *rows, *extra]) + "\n", encoding="utf-8")
    return path


def run(path):
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("participation", "opinion-groups", str(path), stdout=out, stderr=err)
        code = 0
    except SystemExit as exc:
        code = int(exc.code or 0)
    except CommandError as exc:
        err.write(str(exc))
        code = exc.returncode
    return out.getvalue(), err.getvalue(), code


def test_it_writes_each_participants_group_in_the_files_order(tmp_path):
    out, err, code = run(vote_file(tmp_path))
    assert code == 0
    header, *rows = out.splitlines()
    assert header == "participant,group"
    people = list(truth(three_groups()))
    assert [row.split(",")[0] for row in rows] == people
    groups = {}
    for row in rows:
        who, group = row.split(",")
        groups.setdefault(who[0], set()).add(int(group))
    assert all(len(labels) == 1 for labels in groups.values())
    assert len(set.union(*groups.values())) == 3
    (last,) = err.splitlines()
    assert last.startswith("participants=30 statements=20 groups=3 seconds=")
    float(last.rsplit("=", 1)[1])


def test_participants_with_fewer_than_seven_votes_get_no_row(tmp_path):
    few = [f"s{i},1,peu" for i in range(1, 7)]
    out, err, _ = run(vote_file(tmp_path, extra=few))
    assert "peu," not in out
    assert err.splitlines()[-1].startswith("participants=30 ")


def test_bad_rows_are_named_with_their_line_and_the_others_still_counted(tmp_path):
    bad = ["s1,2,A1", "s1,oui,A2", "s1,1", ",1,A3", "s2,1,"]
    path = vote_file(tmp_path, extra=bad)
    out, err, code = run(path)
    assert code == 1
    first = 2 + len(three_groups())
    readable = "(1 d'accord, -1 pas d'accord, 0 passe)"
    assert err.splitlines() == [
        f"{path}, ligne {first} : vote « 2 » illisible {readable}",
        f"{path}, ligne {first + 1} : vote « oui » illisible {readable}",
        f"{path}, ligne {first + 2} : 2 colonne(s), il en faut au moins 3",
        f"{path}, ligne {first + 3} : proposition manquante",
        f"{path}, ligne {first + 4} : participant manquant",
        "5 ligne(s) refusée(s), les autres comptées",
        err.splitlines()[-1],
    ]
    assert err.splitlines()[-1].startswith("participants=30 statements=20 groups=3 ")
    assert len(out.splitlines()) == 31


def test_a_missing_column_is_refused(tmp_path):
    _, err, code = run(vote_file(tmp_path, rows=["s1,A1"], header="statement,participant"))
    assert code == 2
    assert "colonne(s) manquante(s) : vote" in err


def test_a_missing_or_unreadable_file_is_refused(tmp_path):
    _, err, code = run(tmp_path / "absent.csv")
    assert (code, "fichier illisible" in err) == (2, True)
    latin = tmp_path / "latin.csv"
    latin.write_bytes("participant,statement,vote\nHélène,s1,1\n".encode("latin-1"))
    _, err, code = run(latin)
    assert (code, "pas en UTF-8" in err) == (2, True)


def test_too_few_votes_to_form_groups_are_refused_in_words(tmp_path):
    _, err, code = run(vote_file(tmp_path, rows=[f"s{i},1,seul" for i in range(1, 9)]))
    assert code == 2
    assert "il en faut au moins 3 pour former des groupes" in err


def test_the_massalia_command_exits_2_without_a_traceback(tmp_path):
    done = subprocess.run(
        [sys.executable, "-m", "massalia", "participation", "opinion-groups",
         str(tmp_path / "absent.csv")],
        capture_output=True, text=True,
    )  # fmt: skip
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert "fichier illisible" in done.stderr
