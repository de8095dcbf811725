"""The one upload pipeline.

The type is sniffed from the content (the declared name and MIME type are not trusted), the
size is capped, images are decoded with a pixel limit (decompression bombs are refused),
re-encoded — which drops EXIF, GPS included — and shrunk to UPLOAD_MAX_SIDE. The original
bytes are never stored, so they can never be served.
"""

from __future__ import annotations

import hashlib
import io
import secrets
import warnings
from dataclasses import dataclass

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from PIL import Image, ImageOps, UnidentifiedImageError

from massalia.core.models import Upload

# Magic numbers of the image formats we accept, and the format we re-encode each one to.
_SIGNATURES: list[tuple[bytes, int, str]] = [
    (b"\xff\xd8\xff", 0, "JPEG"),
    (b"\x89PNG\r\n\x1a\n", 0, "PNG"),
    (b"GIF87a", 0, "GIF"),
    (b"GIF89a", 0, "GIF"),
    (b"WEBP", 8, "WEBP"),
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


def sniff(head: bytes) -> str | None:
    for magic, offset, kind in _SIGNATURES:
        if head[offset : offset + len(magic)] == magic:
            if kind == "WEBP" and head[:4] != b"RIFF":
                continue
            return kind
    return None


def accept_image(uploaded: UploadedFile) -> Upload:
    """Validate, clean and store an image; raise UploadRejected with a French message."""
    data = _read_capped(uploaded)
    kind = sniff(data[:16])
    if kind is None:
        raise UploadRejected("Ce fichier n'est pas une image acceptée (JPEG, PNG, GIF ou WebP).")
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
        original_name=(uploaded.name or "")[:255],
    )
    upload.file.save(f"{secrets.token_hex(12)}.{ext}", ContentFile(clean), save=False)
    upload.save()
    return upload


def _read_capped(uploaded: UploadedFile) -> bytes:
    limit = settings.UPLOAD_MAX_BYTES
    if uploaded.size is not None and uploaded.size > limit:
        raise UploadRejected(
            f"Le fichier dépasse la taille maximale ({limit // (1024 * 1024)} Mo)."
        )
    data = uploaded.read(limit + 1)
    if len(data) > limit:
        raise UploadRejected(
            f"Le fichier dépasse la taille maximale ({limit // (1024 * 1024)} Mo)."
        )
    if not data:
        raise UploadRejected("Le fichier est vide.")
    return data


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
