"""Text hygiene shared by every enrichment step: personal data removal and author pseudonyms.

`scrub` runs on arrival, before anything is stored: emails, phone numbers, IBANs, licence
plates, @handles, and names introduced by a civility or a signature are replaced by a
bracketed placeholder. `pseudonym` turns a handle into a keyed hash (HMAC-SHA256 with
PULSE_PSEUDONYM_KEY): the same author gets the same pseudonym within one city, which lets the
pulse count distinct voices, and nobody can go back from it without the key.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import unicodedata

from django.conf import settings

EMAIL = "[courriel]"
PHONE = "[téléphone]"
NAME = "[nom]"
HANDLE = "[compte]"
IBAN = "[iban]"
PLATE = "[immatriculation]"

_NAME_WORD = r"[A-ZÀ-ÖØ-Þ][a-zà-öø-ÿ'’-]+(?:[ -][A-ZÀ-ÖØ-Þ][a-zà-öø-ÿ'’-]+){0,2}"
_UPPER_NAME = r"[A-ZÀ-ÖØ-Þ]{2,}(?:[ -][A-ZÀ-ÖØ-Þ]{2,}){0,2}"
_CIVILITY = r"(?:M\.|Mr\.?|Mme\.?|Mlle\.?|Monsieur|Madame|Mademoiselle|Dr\.?|Docteur|Maître|Me)"
_INTRODUCERS = (
    r"(?:je m['’]appelle|je suis|mon nom est|signé|cordialement,?|bien à vous,?"
    r"|salutations,?|merci,?)"
)

_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    # Handles first: a fediverse handle (@name@instance) is not an email address.
    (re.compile(r"(?<![\w@])@[A-Za-z0-9_]{2,}(?:@[\w.-]+)?"), HANDLE),
    (re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE), EMAIL),
    (re.compile(r"\bFR\d{2}(?:\s?[0-9A-Z]{4}){5}\s?[0-9A-Z]{3}\b"), IBAN),
    # French numbers: 06 12 34 56 78, 06.12.34.56.78, +33 6 12 34 56 78, 0612345678.
    (re.compile(r"(?<![\w+])(?:\+33\s?|0033\s?|0)[1-9](?:[\s.-]?\d{2}){4}(?!\d)"), PHONE),
    (re.compile(r"\b[A-Z]{2}[- ]?\d{3}[- ]?[A-Z]{2}\b"), PLATE),
    (re.compile(rf"\b{_CIVILITY}\s+(?:{_NAME_WORD}|{_UPPER_NAME})"), NAME),
    (
        re.compile(
            rf"(\b{_INTRODUCERS}\s+)(?:{_NAME_WORD}|{_UPPER_NAME})(?=\s*(?:[.,;!\n]|$))",
            re.IGNORECASE,
        ),
        r"\1" + NAME,
    ),
)
# "@user" is how research corpora already hide handles; keep it recognisable, not as a name.
_ALREADY_HIDDEN = re.compile(r"(?<![\w@])@user\b")


def scrub(text: str) -> str:
    """The text without emails, phone numbers, IBANs, plates, handles and detectable names."""
    text = unicodedata.normalize("NFC", text.replace("\x00", ""))
    text = _ALREADY_HIDDEN.sub(HANDLE, text)
    for pattern, replacement in _PATTERNS:
        text = _case_sensitive_sub(pattern, replacement, text)
    return text.strip()


def _case_sensitive_sub(pattern: re.Pattern[str], replacement: str, text: str) -> str:
    if not pattern.flags & re.IGNORECASE:
        return pattern.sub(replacement, text)

    # The introducer may be any case ("Signé", "cordialement"), the name must be capitalised.
    def keep_if_name(match: re.Match[str]) -> str:
        name = match.group(0)[len(match.group(1)) :]
        return match.expand(replacement) if name[:1].isupper() else match.group(0)

    return pattern.sub(keep_if_name, text)


def pseudonym(channel: str, handle: str) -> str:
    """A stable, keyed, irreversible stand-in for an author's handle ("" if there is none)."""
    handle = handle.strip().lower()
    if not handle:
        return ""
    key = settings.PULSE_PSEUDONYM_KEY.encode()
    digest = hmac.new(key, f"{channel}\x1f{handle}".encode(), hashlib.sha256)
    return digest.hexdigest()[:16]
