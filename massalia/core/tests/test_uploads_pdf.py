"""PDFs through the upload pipeline: sniffed, capped, active content refused, metadata dropped.

Every file is a real PDF built here, with pikepdf or byte by byte.
"""

from __future__ import annotations

import io
from typing import Any

import pikepdf
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from pikepdf import Array, Dictionary, Name, String

from massalia.core.uploads import UploadRejected, accept_document, accept_image
from massalia.core.views import upload_response


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def build(change=None, *, pages: int = 1, **save: Any) -> bytes:
    """A small PDF with a link and document information, after `change(pdf)` if given."""
    pdf = pikepdf.new()
    for _ in range(pages):
        pdf.add_blank_page(page_size=(595, 842))
    pdf.docinfo[Name.Author] = "Jeanne Dupont"
    pdf.docinfo[Name.Producer] = "Logiciel de la mairie"
    # Words in a text are not names: a title may speak of /JavaScript (and of parentheses).
    pdf.docinfo[Name.Title] = "Atelier /JavaScript et /Launch (débutants) \\ (suite"
    link = Dictionary(
        Type=Name.Annot,
        Subtype=Name.Link,
        Rect=Array([10, 10, 100, 30]),
        A=Dictionary(S=Name.URI, URI=String("https://www.marseille.fr/")),
    )
    pdf.pages[0].obj[Name.Annots] = pdf.make_indirect(Array([link]))
    # Opening on the first page is a destination, not an action: allowed.
    pdf.Root[Name.OpenAction] = Array([pdf.pages[0].obj, Name.Fit])
    if change is not None:
        change(pdf)
    out = io.BytesIO()
    pdf.save(out, **save)
    return out.getvalue()


def upload(data: bytes, name: str = "justificatif.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/pdf")


def refused(data: bytes, name: str = "justificatif.pdf") -> str:
    with pytest.raises(UploadRejected) as caught:
        accept_document(upload(data, name))
    return str(caught.value)


def test_it_accepts_a_clean_pdf_and_drops_its_metadata(db):
    stored = accept_document(upload(build(pages=2), name="avis d'imposition.pdf"))
    assert stored.content_type == "application/pdf"
    assert stored.file.name.endswith(".pdf")
    assert stored.original_name == "avis d'imposition.pdf"
    with pikepdf.open(stored.file.path) as pdf:
        assert len(pdf.pages) == 2
        assert "/Info" not in pdf.trailer
        assert "/Annots" in pdf.pages[0].obj  # the content and its links are kept
    stored.file.open("rb")
    assert b"Jeanne Dupont" not in stored.file.read()


def test_it_writes_the_same_clean_copy_of_the_same_file(db):
    data = build()
    assert accept_document(upload(data)).sha256 == accept_document(upload(data)).sha256


def add_javascript_name_tree(pdf: pikepdf.Pdf) -> None:
    script = pdf.make_indirect(Dictionary(S=Name.JavaScript, JS=String("app.alert(1)")))
    pdf.Root[Name.Names] = Dictionary(
        JavaScript=Dictionary(Names=Array([String("ouverture"), script]))
    )


def add_open_action_script(pdf: pikepdf.Pdf) -> None:
    pdf.Root[Name.OpenAction] = Dictionary(S=Name.JavaScript, JS=String("this.print()"))


def add_embedded_file(pdf: pikepdf.Pdf) -> None:
    pdf.attachments["facture.exe"] = pikepdf.AttachedFileSpec(pdf, b"MZ\x90\x00", mime_type="")


def add_page_action(pdf: pikepdf.Pdf) -> None:
    pdf.pages[0].obj[Name.AA] = Dictionary(
        O=Dictionary(S=Name.URI, URI=String("https://exemple.invalid/"))
    )


def add_launch_link(pdf: pikepdf.Pdf) -> None:
    link = Dictionary(
        Type=Name.Annot,
        Subtype=Name.Link,
        Rect=Array([0, 0, 10, 10]),
        A=Dictionary(S=Name.Launch, F=String("cmd.exe")),
    )
    pdf.pages[0].obj[Name.Annots] = Array([link])


def add_xfa_form(pdf: pikepdf.Pdf) -> None:
    xfa = pdf.make_stream(b"<xdp:xdp xmlns:xdp='http://ns.adobe.com/xdp/'></xdp:xdp>")
    pdf.Root[Name.AcroForm] = Dictionary(Fields=Array([]), XFA=xfa)


def add_rich_media(pdf: pikepdf.Pdf) -> None:
    media = Dictionary(Type=Name.Annot, Subtype=Name.RichMedia, Rect=Array([0, 0, 10, 10]))
    pdf.pages[0].obj[Name.Annots] = Array([media])


@pytest.mark.parametrize(
    ("change", "what"),
    [
        (add_javascript_name_tree, "script"),
        (add_open_action_script, "action à l'ouverture"),
        (add_embedded_file, "fichier joint"),
        (add_page_action, "actions automatiques"),
        (add_launch_link, "lancement d'un programme"),
        (add_xfa_form, "formulaire XFA"),
        (add_rich_media, "contenu multimédia"),
    ],
    ids=["javascript", "open-action", "embedded-file", "page-action", "launch", "xfa", "media"],
)
def test_it_refuses_active_content(db, change, what):
    message = refused(build(change))
    assert message.startswith(f"Ce PDF contient des éléments actifs ({what})")


def test_it_finds_a_script_in_an_object_stream(db):
    data = build(add_javascript_name_tree, object_stream_mode=pikepdf.ObjectStreamMode.generate)
    assert b"JavaScript" not in data  # compressed: a search in the bytes would miss it
    assert "(script)" in refused(data)


def raw_pdf(*objects: bytes) -> bytes:
    """A PDF written byte by byte, with a correct cross-reference table."""
    out = bytearray(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


PAGE = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 100 100] /Resources << >> >>"


def test_it_refuses_a_script_referenced_from_nowhere(db):
    # A reader repairing the file may still find it; writers like pikepdf would drop it.
    data = raw_pdf(
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        PAGE,
        b"<< /S /JavaScript /JS (app.alert\\(2\\)) >>",
    )
    assert "(script)" in refused(data)


def test_it_sees_through_names_written_in_hexadecimal(db):
    data = raw_pdf(
        b"<< /Type /Catalog /Pages 2 0 R /OpenAction 4 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        PAGE,
        b"<< /S /J#61va#53cript /J#53 (app.alert\\(1\\)) >>",
    )
    with pikepdf.open(io.BytesIO(data)) as pdf:
        assert pdf.get_warnings() == []  # a well-formed file: refused for its script only
    assert "éléments actifs" in refused(data)


def test_it_refuses_an_encrypted_pdf(db):
    owner_only = build(encryption=pikepdf.Encryption(owner="secret", user=""))
    with_password = build(encryption=pikepdf.Encryption(owner="secret", user="1234"))
    for data in (owner_only, with_password):
        assert "protégé par un mot de passe ou chiffré" in refused(data)


def test_it_refuses_a_truncated_pdf(db):
    data = build(pages=3)
    assert "endommagé ou incomplet" in refused(data[: len(data) // 2])


def test_it_refuses_html_renamed_pdf(db):
    html = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"
    assert refused(html, name="facture.pdf") == (
        "Ce fichier n'est ni un PDF ni une image acceptée (JPEG, PNG, GIF ou WebP)."
    )


def test_it_refuses_a_pdf_with_bytes_before_its_header(db):
    assert "ni un PDF" in refused(b"<html><!-- " + build())


def test_it_caps_the_size_of_a_pdf(db, settings):
    data = build()
    settings.UPLOAD_MAX_PDF_BYTES = len(data) - 1
    settings.UPLOAD_MAX_BYTES = len(data) * 4  # images may be larger: the PDF cap applies
    assert refused(data) == "Le fichier dépasse la taille maximale (0 Mo)."
    settings.UPLOAD_MAX_PDF_BYTES = len(data)
    assert accept_document(upload(data)).content_type == "application/pdf"


def test_it_caps_the_number_of_pages(db, settings):
    settings.UPLOAD_MAX_PDF_PAGES = 2
    assert "trop de pages (3, au plus 2)" in refused(build(pages=3))


def test_it_still_takes_photos_as_documents_but_no_pdf_as_a_photo(db):
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (30, 20)).save(out, format="JPEG")
    assert accept_document(upload(out.getvalue(), "scan.jpg")).content_type == "image/jpeg"
    with pytest.raises(UploadRejected, match="pas une image"):
        accept_image(upload(build(), "photo.jpg"))


def test_it_serves_a_pdf_only_as_a_sandboxed_download(db):
    stored = accept_document(upload(build(), name="Dupont Jeanne - RIB.pdf"))
    response = upload_response(stored)
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="document-{stored.pk}.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"].startswith("sandbox;")
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
