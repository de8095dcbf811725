"""Acting for someone: a mediator records a person's consent, then files procedures for them.

The consent is a `Mandate` (how it was given, until when); while the mediator acts for the
person, the session holds the mandate's id and the procedures' pages work on the person's
account (`person_for(request)`), checked again on every request: a revoked or expired mandate,
or a mediator no longer one, stops it at once.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from massalia.accounts.models import Mandate, User
from massalia.accounts.services import password_reset_link
from massalia.core.tasks import defer
from massalia.core.text import clean_text

SESSION_KEY = "acting_for_mandate"
LONGEST_DAYS = 365


def may_mediate(user: Any) -> bool:
    return bool(
        user is not None
        and user.is_authenticated
        and (user.is_mediator or user.is_superuser or user.department_ids())
    )


@transaction.atomic
def record(*, mediator: User, person: User, method: str, note: str = "", days: int = 90) -> Mandate:
    """Record the consent `person` gave `mediator` (refused for oneself or without a role)."""
    if not may_mediate(mediator):
        raise ValidationError(
            {"__all__": "Seuls les médiateurs et les agents agissent pour autrui."}
        )
    if person.pk == mediator.pk:
        raise ValidationError({"person": "On ne se donne pas mandat à soi-même."})
    if method not in Mandate.Method.values:
        raise ValidationError({"method": "Dites comment le consentement a été recueilli."})
    if not 1 <= days <= LONGEST_DAYS:
        raise ValidationError({"days": f"Un mandat dure de 1 à {LONGEST_DAYS} jours."})
    now = timezone.now()
    return Mandate.objects.create(
        mediator=mediator,
        person=person,
        method=method,
        note=clean_text(note).strip()[:300],
        recorded_at=now,
        expires_at=now + datetime.timedelta(days=days),
    )


def revoke(*, mandate: Mandate) -> None:
    Mandate.objects.filter(pk=mandate.pk, revoked_at=None).update(revoked_at=timezone.now())


def in_force(mediator: Any) -> list[Mandate]:
    rows = Mandate.objects.filter(mediator=mediator, revoked_at=None)
    return list(rows.filter(expires_at__gt=timezone.now()).select_related("person"))


def start(request: HttpRequest, mandate: Mandate) -> None:
    if mandate.mediator_id != request.user.pk or not mandate.in_force:
        raise ValidationError({"__all__": "Ce mandat n'est pas en vigueur."})
    request.session[SESSION_KEY] = mandate.pk


def stop(request: HttpRequest) -> None:
    request.session.pop(SESSION_KEY, None)


def current(request: HttpRequest) -> Mandate | None:
    """The mandate the signed-in mediator acts under now, if it is still in force."""
    pk = request.session.get(SESSION_KEY)
    if pk is None or not may_mediate(request.user):
        return None
    found = (
        Mandate.objects.select_related("person").filter(pk=pk, mediator_id=request.user.pk).first()
    )
    if found is None or not found.in_force:
        stop(request)
        return None
    return found


def person_for(request: HttpRequest) -> Any:
    """Whose procedures the pages work on: the person a mandate in force names, or oneself."""
    mandate = current(request)
    return mandate.person if mandate else request.user


def filing_note(mandate: Mandate) -> str:
    """The case trail's internal note for a procedure a mediator filed under `mandate`."""
    given = timezone.localtime(mandate.recorded_at)
    return (
        f"Déposée par {mandate.mediator} pour {mandate.person}, sous le mandat n° {mandate.pk}, "
        f"avec son consentement ({mandate.get_method_display()}, le {given:%d/%m/%Y})."
    )


def offer_takeover(person: User) -> bool:
    """Email a person made by a mediator (no password yet) the password-reset link, so she may
    take over her account; the usual reset form skips accounts without a password."""
    if not person.email or person.has_usable_password() or not person.is_active:
        return False
    defer(password_reset_link, user_id=person.pk)
    return True
