"""Writes on accounts that email the person: confirming an address, resetting a password,
signing in by an emailed code.

The emails go through `core.notifications.notify` (a person cannot refuse them), sent by
background tasks after the commit, so that a page answers the same whether an address is
known, and a mail server's hiccup does not fail a sign-up.
"""

from __future__ import annotations

import enum
import logging
from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from massalia.accounts import codes, tokens
from massalia.accounts.events import EmailVerified
from massalia.accounts.models import SignInCode, User
from massalia.core.events import publish
from massalia.core.notifications import notify
from massalia.core.tasks import defer, task

log = logging.getLogger(__name__)


def _name(user: User) -> str:
    return user.display_name or user.get_full_name()


def send_verification(*, user: User) -> bool:
    """Email `user` a link confirming their address; False if there is nothing to confirm."""
    if user.email_verified or not user.email:
        return False
    token = tokens.verification_token(user_id=user.pk, email=user.email)
    notify(
        to=user.email,
        template="email_verify",
        context={
            "name": _name(user),
            "url": reverse("accounts:verify_email", args=[token]),
            "days": tokens.VERIFY_LINK_DAYS,
        },
    )
    return True


def verify_email(*, token: str) -> User | None:
    """Confirm the address a link was sent to; None for an altered, expired or stale link.

    A link confirms the address it was made for: once the account's address changed, it is
    void. Opening a valid link twice is harmless (the first date is kept).
    """
    found = tokens.read_verification_token(token)
    if found is None:
        return None
    user_id, email = found
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None or user.email.lower() != email:
        return None
    mark_email_verified(user=user)
    return user


def mark_email_verified(*, user: User) -> None:
    """Record that `user` proved they read their address (a confirmation or a reset link)."""
    if user.email_verified_at is None:
        with transaction.atomic():
            user.email_verified_at = timezone.now()
            user.save(update_fields=["email_verified_at"])
            publish(EmailVerified(user_id=user.pk))


def accounts_for_reset(email: str) -> list[User]:
    """The active account with this address and a password one can reset (at most one)."""
    rows = User.objects.filter(email__iexact=email.strip(), is_active=True)
    return [user for user in rows if user.has_usable_password()]


def send_password_reset(*, user: User) -> None:
    """Email `user` a single-use link to choose a new password."""
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    notify(
        to=user.email,
        template="password_reset",
        context={
            "name": _name(user),
            "url": reverse(
                "accounts:password_reset_confirm", args=[uid, tokens.reset_tokens.make_token(user)]
            ),
            "hours": tokens.RESET_LINK_HOURS,
        },
    )


def request_password_reset(*, email: str) -> None:
    """Email a reset link to the account with this address, if there is one (nothing else)."""
    for user in accounts_for_reset(email):
        defer(password_reset_link, user_id=user.pk)


def request_verification(*, user: User) -> None:
    """Email `user` a fresh link confirming their address, after the commit."""
    if not user.email_verified and user.email:
        defer(verification_link, user_id=user.pk)


@task
def password_reset_link(*, user_id: int) -> None:
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is not None:
        send_password_reset(user=user)


@task
def verification_link(*, user_id: int) -> None:
    user = User.objects.filter(pk=user_id).first()
    if user is not None:
        send_verification(user=user)


# Signing in by an emailed code ----------------------------------------------------------------


def accounts_for_code(email: str) -> list[User]:
    """The active account whose verified address this is (at most one): no other may get a code."""
    email = email.strip()
    if not email:
        return []
    rows = User.objects.filter(email__iexact=email, is_active=True, email_verified_at__isnull=False)
    return list(rows[:1])


def request_sign_in_code(*, email: str) -> None:
    """Email a sign-in code to the account with this verified address, if any (nothing else).

    The code is made by the background task, so the answer takes the same time whether an
    account exists, and the code itself never travels through a task queue.
    """
    for user in accounts_for_code(email):
        defer(sign_in_code_mail, user_id=user.pk)


def send_sign_in_code(*, user: User) -> None:
    """Make a new code for `user` (their earlier unused ones stop serving) and email it."""
    code = codes.new_code()
    now = timezone.now()
    with transaction.atomic():
        SignInCode.objects.filter(user=user, used_at__isnull=True).delete()
        SignInCode.objects.create(
            user=user,
            code_hash=codes.digest(user_id=user.pk, code=code),
            created_at=now,
            expires_at=now + timedelta(minutes=codes.VALID_MINUTES),
        )
    notify(
        to=user.email,
        template="sign_in_code",
        context={
            "name": _name(user),
            "code": code,
            "minutes": codes.VALID_MINUTES,
            "tries": codes.MAX_TRIES,
            "url": reverse("accounts:code_enter"),
        },
    )


class CodeCheck(enum.Enum):
    """What a typed code is worth."""

    ACCEPTED = "accepted"
    WRONG = "wrong"  # no such code for this address (or no account: the same answer)
    EXPIRED = "expired"
    USED = "used"
    VOID = "void"  # too many wrong guesses


@dataclass(frozen=True)
class CodeOutcome:
    result: CodeCheck
    user: User | None = None


def use_sign_in_code(*, email: str, code: str) -> CodeOutcome:
    """Spend `code` for the account of `email`: ACCEPTED with the account, once.

    A wrong guess counts against the account's current code, which is void after
    `codes.MAX_TRIES`; an unknown address answers WRONG, like a wrong code. Expired, used and
    void codes are told apart only for the right code, which only the mailbox's reader knows.
    """
    found = accounts_for_code(email)
    if not found:
        return CodeOutcome(CodeCheck.WRONG)
    user = found[0]
    now = timezone.now()
    with transaction.atomic():
        rows = list(SignInCode.objects.select_for_update().filter(user=user))
        row = next(
            (r for r in rows if codes.matches(r.code_hash, user_id=user.pk, code=code)), None
        )
        if row is None:
            current = next(
                (r for r in rows if r.used_at is None and r.failed_attempts < codes.MAX_TRIES),
                None,
            )
            if current is not None and current.expires_at > now:
                current.failed_attempts += 1
                current.save(update_fields=["failed_attempts"])
            log.info("sign-in code refused for account %s", user.pk)
            return CodeOutcome(CodeCheck.WRONG)
        if row.used_at is not None:
            return CodeOutcome(CodeCheck.USED)
        if row.failed_attempts >= codes.MAX_TRIES:
            return CodeOutcome(CodeCheck.VOID)
        if row.expires_at <= now:
            return CodeOutcome(CodeCheck.EXPIRED)
        row.used_at = now
        row.save(update_fields=["used_at"])
    log.info("sign-in code accepted for account %s", user.pk)
    return CodeOutcome(CodeCheck.ACCEPTED, user)


@task
def sign_in_code_mail(*, user_id: int) -> None:
    user = User.objects.filter(pk=user_id, is_active=True, email_verified_at__isnull=False).first()
    if user is not None and user.email:
        send_sign_in_code(user=user)
