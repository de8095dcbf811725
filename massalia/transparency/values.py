"""Reading one DECP value: texts (mojibake), dates, amounts, integers and booleans.

Each reader returns the value and whether it had to be repaired, or raises ValueError with a
French reason. `strict=False` is for XML, where every value is text by nature: turning "12"
into 12 there is reading, not repairing.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from zoneinfo import ZoneInfo

from django.conf import settings

from massalia.core.text import clean_text

# What publishers write for "not communicated": removed, and said so.
PLACEHOLDERS = frozenset({"", "nc", "n/c", "nan", "n/a", "na", "null", "none", "-", "infinity"})
# Characters that UTF-8 read as Windows-1252 leaves behind ("Ã©" for "é", "â€™" for "’").
_MOJIBAKE = re.compile("[ÃÂ][\u0080-\u00bf]|â€|Ã.")
_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_DATE_TIME = re.compile(
    r"^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?))?\s*(Z|[+-]\d{2}:?\d{2})?$"
)
_FRENCH_DATE = re.compile(r"^(\d{2})/(\d{2})/(\d{4})$")
_TRUE = {"true", "oui", "1", "vrai", "yes"}
_FALSE = {"false", "non", "0", "faux", "no"}


def is_placeholder(value: object) -> bool:
    if value is None:
        return True
    if isinstance(value, float):
        return value != value or value in (float("inf"), float("-inf"))
    return isinstance(value, str) and value.strip().lower() in PLACEHOLDERS


def repair_text(value: str) -> tuple[str, bool]:
    """The text without mojibake or invisible controls, and whether it changed."""
    text = value
    for _ in range(2):  # some files were double-encoded
        if not _MOJIBAKE.search(text):
            break
        try:
            fixed = text.encode("cp1252").decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            try:
                fixed = text.encode("latin-1").decode("utf-8")
            except (UnicodeEncodeError, UnicodeDecodeError):
                break
        text = fixed
    text = clean_text(text).strip()
    return text, text != value


def read_date(value: object) -> tuple[str, bool]:
    """An ISO date (AAAA-MM-JJ); a time or time zone is dropped (read in the city's zone)."""
    if not isinstance(value, str):
        raise ValueError(f"« {value} » n'est pas une date")
    text = value.strip()
    if _DATE.match(text):
        return _valid(text), text != value
    french = _FRENCH_DATE.match(text)
    if french:
        day, month, year = french.groups()
        return _valid(f"{year}-{month}-{day}"), True
    match = _DATE_TIME.match(text)
    if not match:
        raise ValueError(f"« {value} » n'est pas une date (AAAA-MM-JJ attendu)")
    day_text, time_text, zone = match.groups()
    if time_text and zone:
        moment = datetime.fromisoformat(
            f"{day_text}T{time_text}{'+00:00' if zone == 'Z' else zone}"
        )
        return moment.astimezone(ZoneInfo(settings.TIME_ZONE)).date().isoformat(), True
    return _valid(day_text), True


def _valid(text: str) -> str:
    try:
        return date.fromisoformat(text).isoformat()
    except ValueError:
        raise ValueError(f"« {text} » n'est pas une date du calendrier") from None


def read_amount(value: object, *, strict: bool = True) -> tuple[Decimal, bool]:
    """A decimal amount; strings ("12 345,67 €", "1e17") are read and said repaired."""
    if isinstance(value, bool):
        raise ValueError(f"« {value} » n'est pas un montant")
    if isinstance(value, int | float | Decimal):
        number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
        repaired = False
    elif isinstance(value, str):
        text = value.strip().replace("\u202f", "").replace("\xa0", "").replace(" ", "")
        text = text.removesuffix("€").removesuffix("EUR").removesuffix("HT")
        if "," in text:
            # the last separator is the decimal one: "1.234,56" and "1,234.56" both read
            if text.rfind(",") > text.rfind("."):
                text = text.replace(".", "").replace(",", ".")
            else:
                text = text.replace(",", "")
        try:
            number = Decimal(text)
        except InvalidOperation:
            raise ValueError(f"« {value} » n'est pas un montant") from None
        repaired = strict or text != value.strip()
    else:
        raise ValueError(f"« {value} » n'est pas un montant")
    if not number.is_finite():
        raise ValueError(f"« {value} » n'est pas un montant")
    return number, repaired


def read_integer(value: object, *, strict: bool = True) -> tuple[int, bool]:
    if isinstance(value, bool):
        raise ValueError(f"« {value} » n'est pas un nombre entier")
    if isinstance(value, int):
        return value, False
    try:
        number, _ = read_amount(value, strict=strict)
    except ValueError:
        raise ValueError(f"« {value} » n'est pas un nombre entier") from None
    if number != number.to_integral_value():
        raise ValueError(f"« {value} » n'est pas un nombre entier")
    return int(number), strict


def read_boolean(value: object, *, strict: bool = True) -> tuple[bool, bool]:
    if isinstance(value, bool):
        return value, False
    text = str(value).strip().lower()
    if text in _TRUE:
        return True, strict
    if text in _FALSE:
        return False, strict
    raise ValueError(f"« {value} » n'est pas oui ou non")
