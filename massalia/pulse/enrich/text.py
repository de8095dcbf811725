"""Authors' pseudonyms: the pulse counts distinct voices without knowing who they are.

`pseudonym` turns a handle into a keyed hash (HMAC-SHA256 with PULSE_PSEUDONYM_KEY): the same
author gets the same pseudonym within one city, and nobody can go back from it without the key.
Texts are scrubbed of personal data by `massalia.core.text.scrub` before they are stored.
"""

from __future__ import annotations

import hashlib
import hmac

from django.conf import settings


def pseudonym(channel: str, handle: str) -> str:
    """A stable, keyed, irreversible stand-in for an author's handle ("" if there is none)."""
    handle = handle.strip().lower()
    if not handle:
        return ""
    key = settings.PULSE_PSEUDONYM_KEY.encode()
    digest = hmac.new(key, f"{channel}\x1f{handle}".encode(), hashlib.sha256)
    return digest.hexdigest()[:16]
