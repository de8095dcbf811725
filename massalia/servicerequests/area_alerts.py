"""Area alerts: an email for every new public request in a quartier, or around an address.

A person (an account, or a bare address once it opened its confirmation link) chooses an
area (`AreaAlert`: a quartier, or a point and a radius) and optionally themes of request
types. When a request becomes public — filed confirmed, or confirmed from its email link —
`area_alert_subscribers` sends one notification of the kind `TOPIC` per person and request
(massalia.core.notifications: immediately or in a digest, as they chose, with the one-click
unsubscribe of every optional kind). Private types and unconfirmed requests never alert.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable, Sequence
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext

from massalia.accounts.models import User
from massalia.core.events import publish
from massalia.core.notifications import Frequency, Topic, declare
from massalia.core.notifications.mail import normalise
from massalia.core.notifications.services import preference, set_preference
from massalia.servicerequests import events
from massalia.servicerequests.models import (
    ALERT_RADIUS_MAX_M,
    ALERT_RADIUS_MIN_M,
    AreaAlert,
    RequestType,
    ServiceRequest,
)
from massalia.territory import geo
from massalia.territory.models import Quartier

TOPIC = declare(
    Topic(
        name="servicerequests.area_alert",
        label="Alertes de quartier : les nouvelles demandes publiques près de chez vous",
        default=Frequency.IMMEDIATELY,
    )
).name

# The radii a person chooses from (metres), within the model's bounds.
RADII = (250, 500, 1000, 2000)
assert min(RADII) >= ALERT_RADIUS_MIN_M and max(RADII) <= ALERT_RADIUS_MAX_M
# How many alerts one person or address may hold: enough for home, work and school.
MAX_ALERTS = 10


class TooManyAlerts(ValueError):
    """The person already holds MAX_ALERTS alerts."""


def describe(alert: AreaAlert) -> str:
    """The area in French words, as the person reads it in their list and emails."""
    if alert.quartier_id is not None and alert.quartier is not None:
        return gettext("le quartier %(name)s") % {"name": alert.quartier.display_name}
    where = alert.address or f"{alert.latitude:.5f}, {alert.longitude:.5f}"
    return gettext("%(distance)s autour de « %(address)s »") % {
        "distance": _distance(alert.radius_m or 0),
        "address": where,
    }


def _distance(metres: int) -> str:
    return f"{metres // 1000} km" if metres >= 1000 and metres % 1000 == 0 else f"{metres} m"


def themes(alert: AreaAlert) -> list[str]:
    """The themes and types the alert is limited to (empty: every public type)."""
    named = [str(group) for group in alert.groups]
    named += [t.name for t in alert.request_types.all()]
    return named


# Writes ------------------------------------------------------------------------------------


@transaction.atomic
def create_alert(
    *,
    user: User | None = None,
    email: str = "",
    quartier: Quartier | None = None,
    latitude: float | None = None,
    longitude: float | None = None,
    radius_m: int | None = None,
    address: str = "",
    groups: Sequence[str] = (),
    request_types: Iterable[RequestType] = (),
    frequency: str | None = None,
) -> AreaAlert:
    """Record an alert for `user` (an account) or `email` (a bare address) and announce it.

    An account whose address is confirmed gets it at once, with `frequency` as its choice for
    the kind; anyone else gets it once they open the confirmation link the event's subscriber
    emails (`confirm_alert`). Raises ValueError for an area that is neither a quartier nor a
    point with an allowed radius, and TooManyAlerts past MAX_ALERTS.
    """
    account = user if user is not None and user.is_authenticated else None
    address_of = normalise(email) if account is None else ""
    if account is None and not address_of:
        raise ValueError("an alert names an account or an address")
    if (quartier is None) == (latitude is None or longitude is None):
        raise ValueError("an alert's area is a quartier or a point, not both")
    if quartier is None and radius_m not in RADII:
        raise ValueError(f"{radius_m!r} is not an alert radius")
    mine = AreaAlert.objects.filter(user=account) if account else _bare(address_of)
    if mine.count() >= MAX_ALERTS:
        raise TooManyAlerts(f"at most {MAX_ALERTS} alerts per person")
    now = timezone.now()
    direct = account is not None and account.email_verified and bool(account.email)
    alert = AreaAlert.objects.create(
        user=account,
        email=address_of,
        quartier=quartier,
        latitude=None if quartier else latitude,
        longitude=None if quartier else longitude,
        radius_m=None if quartier else radius_m,
        address=address.strip()[:250] if quartier is None else "",
        groups=sorted({str(g) for g in groups}),
        token=secrets.token_urlsafe(32),
        created_at=now,
        confirmed_at=now if direct else None,
    )
    alert.request_types.set(list(request_types))
    if direct:
        _switch_on(alert, frequency)
    publish(events.AreaAlertCreated(alert_id=alert.pk, confirmed=direct, frequency=frequency or ""))
    return alert


@transaction.atomic
def confirm_alert(*, token: str, frequency: str | None = None) -> AreaAlert | None:
    """Confirm an alert from its email link (None for an unknown token); `frequency` is the
    person's choice for the kind. Confirming twice changes nothing more."""
    alert = _by_token(token, lock=True)
    if alert is None:
        return None
    if alert.confirmed_at is None:
        alert.confirmed_at = timezone.now()
        alert.save(update_fields=["confirmed_at"])
        _switch_on(alert, frequency)
        publish(events.AreaAlertConfirmed(alert_id=alert.pk))
    return alert


@transaction.atomic
def delete_alert(*, alert: AreaAlert) -> None:
    """Remove one alert (from the person's list, or from the link of its emails)."""
    AreaAlert.objects.filter(pk=alert.pk).delete()


def by_token(token: str) -> AreaAlert | None:
    """The alert a confirmation or removal link names, or None."""
    return _by_token(token, lock=False)


def _by_token(token: str, *, lock: bool) -> AreaAlert | None:
    # PostgreSQL refuses a NUL byte in a query, and no token is that long or has one.
    if not token or len(token) > 64 or "\x00" in token:
        return None
    rows = AreaAlert.objects.select_related("quartier", "user")
    if lock:
        rows = rows.select_for_update(of=("self",))
    return rows.filter(token=token).first()


def _switch_on(alert: AreaAlert, frequency: str | None) -> None:
    """The person asked for alerts: the kind is on, at the frequency they chose (else as it
    was, or its default if they had turned it off)."""
    to = recipient(alert)
    if to is None:
        return
    if frequency and frequency != Frequency.NEVER:
        set_preference(kind=TOPIC, to=to, frequency=frequency)
    elif preference(kind=TOPIC, to=to) == Frequency.NEVER:
        set_preference(kind=TOPIC, to=to, frequency=Frequency.IMMEDIATELY)


def _bare(address: str) -> QuerySet[AreaAlert]:
    return AreaAlert.objects.filter(user__isnull=True, email=address)


# Reads -------------------------------------------------------------------------------------


def recipient(alert: AreaAlert) -> Any:
    """Whom the alert's emails go to: its account (if it has an address) or its address."""
    if alert.user_id is not None:
        return alert.user if alert.user is not None and alert.user.email else None
    return alert.email or None


def of_user(user: User) -> QuerySet[AreaAlert]:
    """The person's alerts, for their list."""
    return (
        AreaAlert.objects.filter(user=user)
        .select_related("quartier")
        .prefetch_related("request_types")
    )


def wants(alert: AreaAlert, request_type: RequestType) -> bool:
    """True if the alert covers requests of `request_type` (no theme chosen: every type)."""
    chosen = {t.pk for t in alert.request_types.all()}
    if not chosen and not alert.groups:
        return True
    return request_type.pk in chosen or request_type.group in alert.groups


def covers(alert: AreaAlert, case: ServiceRequest) -> bool:
    """True if the case lies in the alert's area (a case without a point is in no circle)."""
    if alert.quartier_id is not None:
        return alert.quartier_id == case.quartier_id
    if None in (case.latitude, case.longitude, alert.latitude, alert.longitude):
        return False
    distance = geo.distance_m(
        case.latitude,  # type: ignore[arg-type]  # checked just above
        case.longitude,  # type: ignore[arg-type]
        alert.latitude,  # type: ignore[arg-type]
        alert.longitude,  # type: ignore[arg-type]
    )
    return distance <= (alert.radius_m or 0)


def alerts_for(case: ServiceRequest) -> list[AreaAlert]:
    """The confirmed alerts a public request matches (none for a private or unconfirmed one)."""
    if not case.is_public:
        return []
    confirmed = (
        AreaAlert.objects.filter(confirmed_at__isnull=False)
        .select_related("user", "quartier")
        .prefetch_related("request_types")
        .order_by("id")
    )
    found: list[AreaAlert] = []
    if case.quartier_id is not None:
        found += confirmed.filter(quartier_id=case.quartier_id)
    if case.latitude is not None and case.longitude is not None:
        box = geo.box_around(case.latitude, case.longitude, ALERT_RADIUS_MAX_M)
        found += [a for a in confirmed.filter(quartier__isnull=True, **box.lookups())]
    return [a for a in found if covers(a, case) and wants(a, case.request_type)]


def recipients(case: ServiceRequest) -> list[tuple[Any, AreaAlert]]:
    """Each person to alert of `case` once, with the first of their alerts it matches; not
    its requester, who has their acknowledgement."""
    own = case.contact_email.lower()
    people: dict[str, tuple[Any, AreaAlert]] = {}
    for alert in alerts_for(case):
        to = recipient(alert)
        if to is None:
            continue
        address = (to if isinstance(to, str) else to.email).lower()
        if address == own or (case.requester_id and alert.user_id == case.requester_id):
            continue
        people.setdefault(address, (to, alert))
    return [people[address] for address in sorted(people)]
