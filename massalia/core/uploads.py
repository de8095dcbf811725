"""The one upload pipeline.

The type is sniffed from the content (the declared name and MIME type are not trusted) and the
size is capped. Images are decoded with a pixel limit (decompression bombs are refused),
re-encoded — which drops EXIF, GPS included — and shrunk to UPLOAD_MAX_SIDE. PDFs are parsed
by qpdf (pikepdf), refused when encrypted, damaged or carrying active content (scripts, launch
and form-submit actions, actions run on opening or on events, embedded files, XFA forms, rich
media), and written again without their metadata (author, software, XMP). The original bytes
are never stored, so they can never be served; how a stored PDF is served is in
`massalia.core.views.upload_response`.
"""

from __future__ import annotations

import hashlib
import io
import re
import secrets
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from PIL import Image, ImageOps, UnidentifiedImageError

from massalia.core.models import Upload
from massalia.core.text import clean_text

# The files stored inside a `discarded_on_error()` block, to delete if the block fails.
_stored_in_block: ContextVar[list[Upload] | None] = ContextVar("uploads_in_block", default=None)

if TYPE_CHECKING:
    import pikepdf

# Magic numbers of the image formats we accept, and the format we re-encode each one to.
_SIGNATURES: list[tuple[bytes, int, str]] = [
    (b"\xff\xd8\xff", 0, "JPEG"),
    (b"\x89PNG\r\n\x1a\n", 0, "PNG"),
    (b"GIF87a", 0, "GIF"),
    (b"GIF89a", 0, "GIF"),
    (b"WEBP", 8, "WEBP"),
    # At offset 0 only, although readers look further: bytes before the header make a polyglot.
    (b"%PDF-", 0, "PDF"),
]
_OUTPUT = {
    "JPEG": ("JPEG", "image/jpeg", "jpg"),
    "PNG": ("PNG", "image/png", "png"),
    "GIF": ("PNG", "image/png", "png"),
    "WEBP": ("JPEG", "image/jpeg", "jpg"),
}


class UploadRejected(ValueError):
    """The file cannot be accepted; the message is for the citizen (French)."""


@dataclass(frozen=True)
class Sniffed:
    kind: str


def _shown_name(uploaded: UploadedFile) -> str:
    """The name the sender gave, as it may be shown: no control or direction characters."""
    return clean_text(uploaded.name or "").strip()[:255]


def sniff(head: bytes) -> str | None:
    for magic, offset, kind in _SIGNATURES:
        if head[offset : offset + len(magic)] == magic:
            if kind == "WEBP" and head[:4] != b"RIFF":
                continue
            return kind
    return None


def accept_image(uploaded: UploadedFile) -> Upload:
    """Validate, clean and store an image; raise UploadRejected with a French message."""
    data = _read_capped(uploaded, settings.UPLOAD_MAX_BYTES)
    kind = sniff(data[:16])
    if kind is None or kind == "PDF":
        raise UploadRejected("Ce fichier n'est pas une image acceptée (JPEG, PNG, GIF ou WebP).")
    return _store_image(uploaded, data, kind)


def accept_document(uploaded: UploadedFile) -> Upload:
    """Validate, clean and store a document: a PDF or an image (a scan, a photo of a paper).

    Raise UploadRejected with a French message when the file is neither, too large, or unsafe.
    """
    data = _read_capped(uploaded, max(settings.UPLOAD_MAX_BYTES, settings.UPLOAD_MAX_PDF_BYTES))
    kind = sniff(data[:16])
    if kind is None:
        raise UploadRejected(
            "Ce fichier n'est ni un PDF ni une image acceptée (JPEG, PNG, GIF ou WebP)."
        )
    if kind == "PDF":
        _check_size(len(data), settings.UPLOAD_MAX_PDF_BYTES)
        return _store_pdf(uploaded, data)
    _check_size(len(data), settings.UPLOAD_MAX_BYTES)
    return _store_image(uploaded, data, kind)


def _store_image(uploaded: UploadedFile, data: bytes, kind: str) -> Upload:
    image = _decode(data)
    fmt, content_type, ext = _OUTPUT[kind]
    clean = _reencode(image, fmt)
    digest = hashlib.sha256(clean).hexdigest()
    upload = Upload(
        content_type=content_type,
        size=len(clean),
        width=image.width,
        height=image.height,
        sha256=digest,
        original_name=_shown_name(uploaded),
    )
    return _save(upload, f"{secrets.token_hex(12)}.{ext}", clean)


def _save(upload: Upload, name: str, content: bytes) -> Upload:
    upload.file.save(name, ContentFile(content), save=False)
    upload.save()
    stored = _stored_in_block.get()
    if stored is not None:
        stored.append(upload)
    return upload


@contextmanager
def discarded_on_error() -> Iterator[None]:
    """Delete again the files stored inside the block if it fails.

    Their rows roll back with the transaction, but a file written to the storage would stay
    (a personal document nobody can reach): a service that stores several files, any of which
    may be refused, wraps the loop in this.
    """
    token = _stored_in_block.set([])
    try:
        yield
    except BaseException:
        for upload in _stored_in_block.get() or []:
            upload.file.delete(save=False)
        raise
    finally:
        _stored_in_block.reset(token)


def _read_capped(uploaded: UploadedFile, limit: int) -> bytes:
    if uploaded.size is not None:
        _check_size(uploaded.size, limit)
    data = uploaded.read(limit + 1)
    _check_size(len(data), limit)
    if not data:
        raise UploadRejected("Le fichier est vide.")
    return data


def _check_size(size: int, limit: int) -> None:
    if size > limit:
        raise UploadRejected(
            f"Le fichier dépasse la taille maximale ({limit // (1024 * 1024)} Mo)."
        )


def _decode(data: bytes) -> Image.Image:
    Image.MAX_IMAGE_PIXELS = settings.UPLOAD_MAX_PIXELS
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
            if image.width * image.height > settings.UPLOAD_MAX_PIXELS:
                raise UploadRejected("L'image est trop grande (trop de pixels).")
            image.load()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise UploadRejected("L'image est trop grande (trop de pixels).") from exc
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise UploadRejected("L'image est illisible ou endommagée.") from exc
    return image


def _reencode(image: Image.Image, fmt: str) -> bytes:
    image = ImageOps.exif_transpose(image) or image  # keep the visible orientation
    image.thumbnail((settings.UPLOAD_MAX_SIDE, settings.UPLOAD_MAX_SIDE))
    if fmt == "JPEG" and image.mode not in ("RGB", "L"):
        image = image.convert("RGB")
    elif fmt == "PNG" and image.mode not in ("RGB", "RGBA", "L", "LA", "P"):
        image = image.convert("RGBA")
    out = io.BytesIO()
    # A fresh save without `exif=` or `pnginfo=` writes no metadata at all.
    image.save(out, format=fmt, quality=85, optimize=True)
    return out.getvalue()


# PDFs ---------------------------------------------------------------------------------------

PDF_DAMAGED = (
    "Ce PDF est endommagé ou incomplet : enregistrez-le de nouveau depuis le logiciel qui l'a "
    "créé, puis envoyez-le."
)
PDF_ENCRYPTED = (
    "Ce PDF est protégé par un mot de passe ou chiffré : envoyez une copie sans protection."
)
PDF_ACTIVE = (
    "Ce PDF contient des éléments actifs ({what}), refusés pour la sécurité de tous : "
    "imprimez-le en PDF (« Imprimer » puis « Enregistrer au format PDF ») et envoyez cette copie."
)
# Names that carry active content wherever they stand in a dictionary: as a key (/JS, /AA, an
# embedded file's /EF), an action type (/S /Launch), an annotation subtype (/RichMedia) or a
# type (/EmbeddedFile). A reader runs these without being asked, or they reach outside the file.
_ACTIVE_NAMES = {
    b"/JS": "script",
    b"/JavaScript": "script",
    b"/AA": "actions automatiques",
    b"/Launch": "lancement d'un programme",
    b"/SubmitForm": "envoi de formulaire",
    b"/ImportData": "import de données",
    b"/GoToR": "ouverture d'un autre fichier",
    b"/GoToE": "fichier joint",
    b"/EmbeddedFile": "fichier joint",
    b"/EmbeddedFiles": "fichier joint",
    b"/EF": "fichier joint",
    b"/FileAttachment": "fichier joint",
    b"/XFA": "formulaire XFA",
    b"/RichMedia": "contenu multimédia",
    b"/RichMediaContent": "contenu multimédia",
    b"/RichMediaExecute": "contenu multimédia",
    b"/Rendition": "contenu multimédia",
    b"/Screen": "contenu multimédia",
    b"/Movie": "contenu multimédia",
    b"/Sound": "contenu multimédia",
}
# qpdf writes each object canonically (names unescaped, strings in parentheses with their own
# parentheses escaped): strings are blanked first, so that words in a text are never names.
_STRING = re.compile(rb"\((?:[^\\()]|\\.)*\)", re.DOTALL)
_NAME = re.compile(rb"/[^\s/<>\[\]()%{}]+")
# A document with more objects than this is refused rather than inspected at length.
PDF_MAX_OBJECTS = 100_000


def _store_pdf(uploaded: UploadedFile, data: bytes) -> Upload:
    clean = _clean_pdf(data)
    upload = Upload(
        content_type="application/pdf",
        size=len(clean),
        sha256=hashlib.sha256(clean).hexdigest(),
        original_name=_shown_name(uploaded),
    )
    return _save(upload, f"{secrets.token_hex(12)}.pdf", clean)


def _clean_pdf(data: bytes) -> bytes:
    """The PDF written again without metadata, or UploadRejected."""
    import pikepdf  # here: a process that never receives a PDF never loads qpdf

    try:
        with pikepdf.open(io.BytesIO(data)) as pdf:
            if pdf.is_encrypted:
                raise UploadRejected(PDF_ENCRYPTED)
            _refuse_active_content(pdf)
            pages = len(pdf.pages)
            # qpdf repairs what it can and says so: a repaired file is not the one that was sent.
            if pdf.get_warnings():
                raise UploadRejected(PDF_DAMAGED)
            if pages == 0:
                raise UploadRejected("Ce PDF ne contient aucune page.")
            if pages > settings.UPLOAD_MAX_PDF_PAGES:
                raise UploadRejected(
                    f"Ce PDF a trop de pages ({pages}, au plus {settings.UPLOAD_MAX_PDF_PAGES})."
                )
            _strip_metadata(pdf)
            out = io.BytesIO()
            # Streams are copied as they are, never decoded: a compressed bomb stays compressed.
            pdf.save(
                out,
                stream_decode_level=pikepdf.StreamDecodeLevel.none,
                fix_metadata_version=False,
                deterministic_id=True,
            )
    except UploadRejected:
        raise
    except pikepdf.PasswordError as exc:
        raise UploadRejected(PDF_ENCRYPTED) from exc
    except (pikepdf.PdfError, ValueError, RecursionError, OverflowError) as exc:
        raise UploadRejected(PDF_DAMAGED) from exc
    return out.getvalue()


def _refuse_active_content(pdf: pikepdf.Pdf) -> None:
    """Look at every object of the file, compressed or referenced from nowhere included."""
    import pikepdf

    objects = pdf.objects
    if len(objects) > PDF_MAX_OBJECTS:
        raise UploadRejected("Ce PDF est trop complexe pour être accepté.")
    # An opening destination (an array) only chooses the first page; an action would run.
    if isinstance(pdf.Root.get("/OpenAction"), pikepdf.Dictionary):
        raise UploadRejected(PDF_ACTIVE.format(what="action à l'ouverture"))
    for obj in [pdf.trailer, *objects]:
        if obj is None:
            continue  # a missing object of a damaged file (refused as such)
        # A stream's data is content, not structure: its dictionary is what a reader acts on.
        structure = obj.stream_dict if isinstance(obj, pikepdf.Stream) else obj
        text = _STRING.sub(b"()", structure.unparse(resolved=True))
        found = sorted(set(_NAME.findall(text)) & _ACTIVE_NAMES.keys())
        if found:
            raise UploadRejected(PDF_ACTIVE.format(what=_ACTIVE_NAMES[found[0]]))


def _strip_metadata(pdf: pikepdf.Pdf) -> None:
    """Author, software and dates (the document information) and XMP go, like EXIF does."""
    if "/Info" in pdf.trailer:
        del pdf.trailer["/Info"]
    if "/Metadata" in pdf.Root:
        del pdf.Root["/Metadata"]
    for page in pdf.pages:
        for key in ("/Metadata", "/PieceInfo"):
            if key in page.obj:
                del page.obj[key]
