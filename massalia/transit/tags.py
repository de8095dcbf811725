"""A stop's NFC tag and QR code, both pointing to its page's absolute address.

The tag is one NDEF message holding one URI record (NFC Forum URI RTD, its prefix byte
abbreviating "https://"), the bytes an encoder writes to an NTAG sticker as they are. The
code is a QR code in SVG, error correction level M (a shelter's sticker gets scratched).
"""

from __future__ import annotations

import io

import ndef
import segno
from django.conf import settings
from django.urls import reverse

from massalia.transit.models import Stop


def stop_path(stop: Stop) -> str:
    return reverse("transit:stop", args=[stop.feed.code, stop.gtfs_id])


def stop_url(stop: Stop) -> str:
    """The stop page's absolute address (`SITE_URL`): what the tag and the code hold."""
    return settings.SITE_URL + stop_path(stop)


def ndef_message(url: str) -> bytes:
    return b"".join(ndef.message_encoder([ndef.UriRecord(url)]))


def url_of(message: bytes) -> str:
    """The URI an NDEF message holds (what a phone opens when it reads the tag)."""
    for record in ndef.message_decoder(message):
        if isinstance(record, ndef.UriRecord):
            return str(record.iri)
    raise ValueError("no URI record")


def qr_svg(url: str, *, title: str = "", scale: int = 4) -> bytes:
    code = segno.make(url, error="m")
    out = io.BytesIO()
    code.save(out, kind="svg", scale=scale, xmldecl=False, title=title or None, border=4)
    return out.getvalue()
