"""Who may see a payment: the person who started it, and the treasury."""

from __future__ import annotations

from typing import Any

from massalia.core.permissions import rule


def is_treasury(user: Any) -> bool:
    """Administrators and the staff given Django's "view payment" permission in the admin."""
    if not getattr(user, "is_authenticated", False):
        return False
    return bool(user.is_superuser or (user.is_staff and user.has_perm("core.view_payment")))


@rule("core.view_payment")
def view_payment(user: Any, payment: Any) -> bool:
    if not getattr(user, "is_authenticated", False) or payment is None:
        return False
    return payment.started_by_id == user.pk or is_treasury(user)


@rule("core.export_payments")
def export_payments(user: Any, _: Any) -> bool:
    return is_treasury(user)
