"""Writes on accounts that email the person: confirming an address, resetting a password.

The emails go through `core.notifications.notify` (a person cannot refuse them), sent by
background tasks after the commit, so that a page answers the same whether an address is
known, and a mail server's hiccup does not fail a sign-up.
"""

from __future__ import annotations

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from massalia.accounts import tokens
from massalia.accounts.events import EmailVerified
from massalia.accounts.models import User
from massalia.core.events import publish
from massalia.core.notifications import notify
from massalia.core.tasks import defer, task


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
