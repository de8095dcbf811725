"""`massalia decp import FILE…` ends with one line of counts; a bad file is named, not a crash."""

import io

import pytest
from django.core.management import CommandError, call_command

from massalia.transparency.management.commands.decp import Bar
from massalia.transparency.models import Contract

from .conftest import marche_v2, v2

pytestmark = pytest.mark.django_db


def run(*files):
    out, err = io.StringIO(), io.StringIO()
    call_command("decp", "import", *map(str, files), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_it_ends_with_one_line_of_counts(write):
    path = write(v2(marche_v2(), marche_v2(id="2024MRS002", dureeMois="NC"), marche_v2(id="")))
    out, _ = run(path)
    assert out == "read=3 imported=2 normalised=1 quarantined=1\n"


def test_it_sums_the_counts_of_several_files(write, decp):
    out, _ = run(write(v2(marche_v2())), decp / "examples-v2" / "Marche.xml")
    assert out.splitlines()[-1] == "read=3 imported=3 normalised=0 quarantined=0"


def test_it_names_a_refused_file_and_imports_the_others(write, tmp_path):
    good = write(v2(marche_v2()), "bon.json")
    bad = write('{"marches": {"marche": [', "tronque.json")
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError, match="1 fichier\\(s\\) refusé\\(s\\) sur 2"):
        call_command("decp", "import", str(bad), str(good), stdout=out, stderr=err)
    assert out.getvalue() == "read=1 imported=1 normalised=0 quarantined=0\n"
    assert "Fichier refusé, rien n'en a été importé : tronque.json : JSON illisible" in (
        err.getvalue()
    )
    assert Contract.objects.count() == 1


def test_it_names_a_missing_file(tmp_path):
    with pytest.raises(CommandError):
        call_command(
            "decp",
            "import",
            str(tmp_path / "absent.json"),
            stdout=io.StringIO(),
            stderr=io.StringIO(),
        )


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_it_draws_a_progress_bar_on_a_terminal():
    screen = Terminal()
    bar = Bar(screen, "decp.json")
    bar.show(0.5)
    bar.show(0.501)  # the same percent is not drawn again
    assert screen.getvalue() == f"\rdecp.json [{'#' * 15}{'.' * 15}]  50 %"


def test_it_draws_nothing_elsewhere():
    stream = io.StringIO()
    bar = Bar(stream, "decp.json")
    bar.show(0.5)
    bar.close()
    assert stream.getvalue() == ""
