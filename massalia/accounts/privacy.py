"""Personal data (RGPD): export a person's data, delete an account, enforce retention periods.

What is kept and for how long is explained in docs/privacy.md. Each app's part of a person's
data is handled by that app, through the registry in `massalia.core.privacy`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.conf import settings
from django.contrib.auth.hashers import check_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from massalia.accounts.events import AccountDeleted
from massalia.accounts.models import Mandate, Membership, SignInCode, User
from massalia.core import privacy as personal_data
from massalia.core.events import publish
from massalia.core.privacy import Counts, Retention

EXPORT_FORMAT = "massalia-export-1"
WRONG_PASSWORD = "Mot de passe incorrect : votre compte n'a pas été supprimé."
ADMIN_REFUSED = (
    "Un compte administrateur ne peut pas être supprimé depuis cette page : "
    "demandez-le à un autre administrateur."
)


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


# Export ------------------------------------------------------------------------------------


def export_user_data(*, user: User) -> dict[str, Any]:
    """Everything Massalia holds about `user`, as a JSON-ready dict (right of access).

    The account (never the password hash), department memberships, then each app's part of
    the person's data (e.g. the requests they filed and follow). Nothing about other people.
    Every section comes from one registered part, which alone may write it.
    """
    data: dict[str, Any] = {}
    for part in personal_data.parts():
        data.update(part.exported(user))
    return data


def _export(user: User) -> dict[str, Any]:
    return {
        "format": EXPORT_FORMAT,
        "exported_at": timezone.now().isoformat(),
        "site": settings.SITE_URL,
        "account": _account(user),
        "memberships": [
            {"department": m.department.name, "code": m.department.code, "role": m.role}
            for m in Membership.objects.filter(user=user).select_related("department")
        ],
        "mandates_given": [_mandate(m, str(m.mediator)) for m in user.mandates_given.all()],
        "mandates_held": [_mandate(m, str(m.person)) for m in user.mandates_held.all()],
        # When codes were asked for and used; never their hash.
        "sign_in_codes": [
            {
                "requested_at": c.created_at.isoformat(),
                "expires_at": c.expires_at.isoformat(),
                "used_at": _iso(c.used_at),
                "failed_attempts": c.failed_attempts,
            }
            for c in SignInCode.objects.filter(user=user)
        ],
    }


def _mandate(mandate: Mandate, other: str) -> dict[str, Any]:
    return {
        "with": other,
        "method": mandate.get_method_display(),
        "note": mandate.note,
        "recorded_at": mandate.recorded_at.isoformat(),
        "expires_at": mandate.expires_at.isoformat(),
        "revoked_at": mandate.revoked_at.isoformat() if mandate.revoked_at else None,
    }


def _account(user: User) -> dict[str, Any]:
    return {
        "id": user.pk,
        "username": user.username,
        "email": user.email,
        "display_name": user.display_name,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "date_joined": _iso(user.date_joined),
        "last_login": _iso(user.last_login),
        "email_verified_at": _iso(user.email_verified_at),
        "is_official": user.is_official,
    }


def _purge(now: datetime, dry_run: bool) -> Counts:
    """Sign-in codes, used or not, once their retention after they were asked for is over."""
    old = SignInCode.objects.filter(
        created_at__lt=personal_data.cutoff(now, "RETENTION_SIGN_IN_CODES_DAYS")
    )
    count = old.count()
    if not dry_run and count:
        old.delete()
    return {"sign_in_codes": count}


# The account's own part: the export's heading and the account, registered like any app's
# (AccountsConfig.ready) so that no other part can take one of its names. Memberships are
# removed by `delete_account` itself, after the other parts have erased theirs.
PERSONAL_DATA = personal_data.PersonalData(
    name="accounts",
    export=_export,
    erase=lambda user: {},
    purge=_purge,
    retention={
        "sign_in_codes": Retention(
            "codes de connexion reçus par courriel", "RETENTION_SIGN_IN_CODES_DAYS"
        )
    },
    sections=(
        "format",
        "exported_at",
        "site",
        "account",
        "memberships",
        "mandates_given",
        "mandates_held",
        "sign_in_codes",
    ),
    erases=("removed_memberships",),
)


# Account deletion --------------------------------------------------------------------------


def check_deletion(*, user: User, password: str) -> None:
    """Raise ValidationError (French message) unless `user` may delete their account now."""
    if user.is_superuser:
        raise ValidationError(ADMIN_REFUSED)
    if not password or not check_password(password, user.password):
        raise ValidationError(WRONG_PASSWORD)


@transaction.atomic
def delete_account(*, user: User) -> Counts:
    """Delete `user` for good, keeping their public contributions anonymised (right to erasure).

    Each app erases or anonymises its part first (requests stay public with no requester,
    email or name; follows go; audit rows keep the event with no actor), then memberships and
    the user row are deleted and `accounts.deleted` is published. Call `check_deletion` first
    to confirm the password. Returns counts by kind of data.
    """
    done: Counts = {}
    was_agent = Membership.objects.filter(user=user).exists()
    for part in personal_data.parts():
        done.update(part.erased(user))
    done["removed_memberships"], _ = Membership.objects.filter(user=user).delete()
    user_id = user.pk
    user.delete()
    publish(AccountDeleted(user_id=user_id, was_agent=was_agent))
    return done


# Retention ---------------------------------------------------------------------------------


@dataclass
class PurgeReport:
    """How many rows each retention rule deleted or scrubbed (or would, in a dry run)."""

    counts: Counts = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def retention_days() -> dict[str, int]:
    """The configured retention periods, in days, by kind of data."""
    return {kind: rule.days() for kind, rule in personal_data.retention().items()}


def purge(*, now: datetime | None = None, dry_run: bool = False) -> PurgeReport:
    """Delete or scrub what is past its retention period, in every app (docs/privacy.md).

    `now` fixes the reference date (tests, replays); `dry_run` counts without changing
    anything. Each app's rules run in one transaction, so an interrupted purge resumes cleanly.
    """
    now = now or timezone.now()
    report = PurgeReport()
    for part in personal_data.parts():
        with transaction.atomic():
            report.counts.update(part.purged(now, dry_run))
    return report
