"""Files stored in a block that fails do not stay on disk after their rows rolled back."""

from __future__ import annotations

import pytest

from massalia.core.uploads import accept_document, discarded_on_error
from massalia.testing import pdf_file


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def files(root) -> list:
    return [p for p in root.rglob("*") if p.is_file()]


def test_a_failing_block_deletes_the_files_it_stored(db, tmp_path):
    with pytest.raises(ValueError), discarded_on_error():
        accept_document(pdf_file("premier.pdf"))
        accept_document(pdf_file("second.pdf"))
        raise ValueError("le troisième est refusé")
    assert files(tmp_path) == []


def test_a_block_that_succeeds_keeps_them(db, tmp_path):
    with discarded_on_error():
        kept = accept_document(pdf_file("gardé.pdf"))
    assert files(tmp_path) == [tmp_path / kept.file.name]
    accept_document(pdf_file("hors-bloc.pdf"))  # outside a block nothing is tracked
    assert len(files(tmp_path)) == 2
