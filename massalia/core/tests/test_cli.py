import csv

import pytest
from django.core.management.base import CommandError

from massalia.core.cli import read_csv_file


class Refused(Exception):
    pass


def rows(stream):
    found = list(csv.DictReader(stream))
    if found and "name" not in found[0]:
        raise Refused("colonne « name » absente")
    return [row["name"] for row in found]


def test_it_reads_the_file_past_its_byte_order_mark(tmp_path):
    path = tmp_path / "f.csv"
    path.write_bytes("\ufeffname\nMarius\n".encode())
    assert read_csv_file(str(path), rows) == ["Marius"]


@pytest.mark.parametrize(
    ("content", "said"),
    [
        (None, "fichier illisible"),
        (b"name\n\xff\xfe\n", "pas en UTF-8"),
        (b"name\n" + b"a" * 200_000 + b"\n", "CSV illisible"),  # beyond csv's field limit
        (b"other\nx\n", "colonne « name » absente"),
    ],
)
def test_a_file_it_cannot_use_is_one_line_and_exit_status_2(tmp_path, content, said):
    path = tmp_path / "f.csv"
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(CommandError, match=said) as raised:
        read_csv_file(str(path), rows, refusals=(Refused,))
    assert raised.value.returncode == 2
    assert str(raised.value).startswith(str(path))


def test_a_refusal_not_declared_is_not_hidden(tmp_path):
    path = tmp_path / "f.csv"
    path.write_bytes(b"other\nx\n")
    with pytest.raises(Refused):
        read_csv_file(str(path), rows)
