"""Sign-in codes: six digits emailed to an account's verified address, typed to sign in.

A code is random (`secrets`), stored only as an HMAC of the account and the code under the
site's secret key (a copy of the database alone cannot test the million candidates), valid
for `VALID_MINUTES`, used once, and void after `MAX_TRIES` wrong guesses. This module is
pure: the rows are written by `services`.
"""

from __future__ import annotations

import re
import secrets

from django.utils.crypto import constant_time_compare, salted_hmac

DIGITS = 6
VALID_MINUTES = 10
MAX_TRIES = 5
_SALT = "massalia.accounts.sign-in-code"
_SEPARATORS = re.compile(r"[\s\-.]+")


def new_code() -> str:
    """A fresh code of `DIGITS` digits, zeros kept (e.g. "004217")."""
    return f"{secrets.randbelow(10**DIGITS):0{DIGITS}d}"


def digest(*, user_id: int, code: str) -> str:
    """The keyed hash stored in place of `code` (64 hexadecimal characters)."""
    return salted_hmac(_SALT, f"{user_id}:{code}", algorithm="sha256").hexdigest()


def matches(stored: str, *, user_id: int, code: str) -> bool:
    return constant_time_compare(stored, digest(user_id=user_id, code=code))


def read(raw: str) -> str | None:
    """The code someone typed, spaces and dashes removed; None unless it is `DIGITS` digits."""
    value = _SEPARATORS.sub("", raw or "")
    if len(value) != DIGITS or not value.isascii() or not value.isdigit():
        return None
    return value
