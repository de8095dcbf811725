"""Card numbers: read, checked and turned into their keyed hash; the clear number is never kept.

A number is 16 digits (spaces allowed when typed) ending with a Luhn check digit, so a typing
mistake is caught before any lookup. The hash is HMAC-SHA256 under `CITYCARD_NUMBER_KEY`: a
stolen table of hashes gives no number without the key.
"""

from __future__ import annotations

import hashlib
import hmac
import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

LENGTH = 16


def luhn_ok(digits: str) -> bool:
    total = 0
    for i, char in enumerate(reversed(digits)):
        value = int(char)
        if i % 2 == 1:
            value = value * 2 - 9 if value > 4 else value * 2
        total += value
    return total % 10 == 0


def with_check_digit(body: str) -> str:
    """`body` (15 digits) followed by its Luhn check digit."""
    for digit in "0123456789":
        if luhn_ok(body + digit):
            return body + digit
    raise AssertionError("unreachable: one digit always completes a Luhn number")


def clean(raw: str) -> str:
    """The 16 digits of a typed number, or ValidationError (in the person's language)."""
    digits = re.sub(r"[\s-]", "", raw or "")
    if not re.fullmatch(rf"\d{{{LENGTH}}}", digits):
        raise ValidationError(_("Le numéro de carte compte 16 chiffres."), code="format")
    if not luhn_ok(digits):
        raise ValidationError(
            _("Ce numéro de carte n'est pas valide : vérifiez les chiffres."), code="checksum"
        )
    return digits


def digest(digits: str) -> str:
    """The keyed hash of a cleaned number (64 hex characters)."""
    key = settings.CITYCARD_NUMBER_KEY.encode()
    return hmac.new(key, digits.encode(), hashlib.sha256).hexdigest()
