"""Hygiene of text that people type: invisible controls removed, personal data hidden.

`clean_text` runs on every citizen text before it is stored: it drops the control characters
XML cannot carry, lone surrogates, and the invisible characters that reorder or hide what an
agent reads (bidirectional overrides and isolates, zero-width spaces). `scrub` makes the
public copy of a text: emails, phone numbers, IBANs, licence plates, @handles, and names
introduced by a civility or a signature are replaced by a bracketed placeholder. The pulse
scrubs everything it receives; a service request keeps its original for the agents and shows
the scrubbed copy to the public.
"""

from __future__ import annotations

import re
import unicodedata

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


# C0 controls but tab and line breaks, the non-characters U+FFFE/U+FFFF, lone surrogates; the
# bidirectional embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069), which can
# make a text read otherwise than it is stored; zero-width spaces, the word joiner and a stray
# byte-order mark. Zero-width joiners (emoji sequences, Indic and Persian scripts) and the
# left-to-right / right-to-left marks (mixed French and Arabic) are kept: they reorder nothing.
_INVISIBLE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff\ud800-\udfff"
    "\u202a-\u202e\u2066-\u2069\u200b\u2060\ufeff\u180e]"
)


# What a cleaned then stripped text loses, as the body of a regular-expression class for API
# documents: the characters above and Python's whitespace (Unicode spaces and separators, the
# C0 separators, NEL). Spelled in \uXXXX escapes, never `\s`, which JSON Schema's ECMA-262,
# Python's `re` and `re` with re.ASCII (how schemathesis draws) each read otherwise. Lone
# surrogates are left out: jsonschema-rs (schemathesis' validator) refuses a pattern naming
# them, and no UTF-8 body can carry one.
BLANK_CLASS = (
    "\\u0000-\\u0020\\u007f\\u0085\\u00a0\\u1680\\u180e\\u2000-\\u200b\\u2028\\u2029"
    "\\u202a-\\u202f\\u205f\\u2060\\u2066-\\u2069\\u3000\\ufeff\\ufffe\\uffff"
)


def clean_text(value: str) -> str:
    """The text in NFC without invisible controls; line breaks and tabs are kept."""
    return unicodedata.normalize("NFC", _INVISIBLE.sub("", value))


def is_blank(value: str) -> bool:
    """True when nothing in the text would show: only spaces, marks of direction, controls."""
    return all(unicodedata.category(char)[0] in "ZC" for char in value)


def scrub(text: str) -> str:
    """The text without emails, phone numbers, IBANs, plates, handles and detectable names."""
    text = clean_text(text)
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
