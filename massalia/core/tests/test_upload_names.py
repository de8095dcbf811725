"""A sender's file name is kept to be shown, without the characters that disguise it."""

from __future__ import annotations

import pytest

from massalia.core.uploads import accept_document
from massalia.testing import pdf_file


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def test_a_right_to_left_override_cannot_disguise_a_name(db):
    # Shown raw, "facture\u202efdp.exe" reads as "factureexe.pdf".
    stored = accept_document(pdf_file("facture\u202efdp.exe"))
    assert stored.original_name == "facturefdp.exe"


def test_an_ordinary_name_is_kept(db):
    assert accept_document(pdf_file("Justificatif de domicile.pdf")).original_name == (
        "Justificatif de domicile.pdf"
    )
