"""The two links an account is emailed: choose a new password, confirm one's address.

A reset link is Django's token (it changes once the password does, so it serves once),
valid for `RESET_LINK_HOURS`. A confirmation link is a signed (account, address) pair valid
for `VERIFY_LINK_DAYS`: it confirms that address only, so it is void once the address changes.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.core import signing
from django.utils.http import base36_to_int

RESET_LINK_HOURS = 2
VERIFY_LINK_DAYS = 7
_VERIFY_SALT = "massalia.accounts.verify-email"


class ResetTokens(PasswordResetTokenGenerator):
    """Django's reset tokens, with a shorter life than its three days."""

    key_salt = "massalia.accounts.password-reset"

    def check_token(self, user: Any, token: str | None) -> bool:
        if not super().check_token(user, token):
            return False
        issued = base36_to_int(str(token).partition("-")[0])
        return self._num_seconds(self._now()) - issued <= RESET_LINK_HOURS * 3600


reset_tokens = ResetTokens()


def verification_token(*, user_id: int, email: str) -> str:
    return signing.dumps({"user": user_id, "email": email.lower()}, salt=_VERIFY_SALT)


def read_verification_token(token: str) -> tuple[int, str] | None:
    """(account id, address) of an unaltered, unexpired link; None otherwise."""
    try:
        data = signing.loads(token, salt=_VERIFY_SALT, max_age=VERIFY_LINK_DAYS * 86400)
    except signing.BadSignature:  # altered, or expired (SignatureExpired is one)
        return None
    if not isinstance(data, dict):
        return None
    user_id, email = data.get("user"), data.get("email")
    if not isinstance(user_id, int) or not isinstance(email, str):
        return None
    return user_id, email
