"""A corpus of hostile inputs, shared by the test_hostile_* files."""

from __future__ import annotations

from massalia.core.models import OutboxEvent, Upload
from massalia.open311.models import ApiSubmission
from massalia.servicerequests.models import HistoryEntry, ServiceRequest

SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(1)>'

# Texts a form or an API field may receive: each must be refused cleanly or stored and shown
# escaped, never crash (a NUL byte cannot be stored by PostgreSQL).
TEXTS = {
    "script": SCRIPT,
    "img-onerror": IMG,
    "sql-or": "' OR 1=1 --",
    "sql-drop": "'; DROP TABLE servicerequests_servicerequest; --",
    "long-100k": "A" * 100_000,
    "rtl-override": "Lampadaire \u202egnp.exe\u202c éteint",
    "zero-width-joiner": "Famille 👩\u200d👩\u200d👧 \u200b\u200c\u200d bloquée",
    "nul-byte": "Trou\x00profond",
    "control-chars": "Bip\x07\x08\x1b[31m rouge",
    "emoji": "🕳️🚧💡 trou énorme 🚗💥",
    "combining": "Z\u0351\u0360a\u0358l\u0363g\u0367o\u0306\u0303 trou",
    "bom-and-nonchars": "\ufeffTrou \ufffe\uffff",
    "astral": "𝕿𝖗𝖔𝖚 𠜎𠜱",
    "format-string": "%s%s%s %n {0} {{7*7}} ${7*7}",
}

COORDINATES = {
    "lat-91": ("91", "5.38"),
    "lon-181": ("43.3", "181"),
    "lat--91": ("-91", "5.38"),
    "nan": ("NaN", "NaN"),
    "infinity": ("Infinity", "5.38"),
    "minus-inf": ("43.3", "-inf"),
    "1e309": ("1e309", "5.38"),
    "hex": ("0x2b", "5.38"),
    "words": ("quarante-trois", "cinq"),
    "outside-city": ("43.10", "5.10"),
}


def stored_counts() -> dict[str, int]:
    """What a submission may write: a rejected one must leave every count unchanged."""
    return {
        model.__name__: model.objects.count()
        for model in (ServiceRequest, Upload, HistoryEntry, OutboxEvent, ApiSubmission)
    }
