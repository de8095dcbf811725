"""What happens after a request changes: the emails to citizens.

The acknowledgement and the confirmation link are sent to the requester whatever their
choices; status changes are a kind of notification followers choose about (immediately, in a
digest, never), sent once per follower and change (massalia.core.notifications).
"""

from __future__ import annotations

from typing import Any

from massalia.core.events import subscriber
from massalia.core.extensions import url_for
from massalia.core.notifications import Frequency, Topic, declare, notify
from massalia.core.notifications.services import send
from massalia.servicerequests.events import RequestConfirmed, RequestStatusChanged, RequestSubmitted
from massalia.servicerequests.models import HistoryEntry, ServiceRequest

STATUS_CHANGED = declare(
    Topic(
        name="servicerequests.status_changed",
        label="Les demandes que vous suivez : changements de statut",
        default=Frequency.IMMEDIATELY,
    )
).name


def _context(case: ServiceRequest) -> dict[str, object]:
    # The request's page is the portal's (a link it provides); its requester may open it
    # even when its type is private.
    return {"request": case, "url": url_for("servicerequests.public_page", case.pk) or ""}


@subscriber(RequestSubmitted)
def acknowledge(event: RequestSubmitted) -> None:
    """A signed-in requester gets the acknowledgement; an anonymous one the confirmation link."""
    case = ServiceRequest.objects.select_related("request_type", "requester").get(
        pk=event.request_id
    )
    context = _context(case)
    if event.confirmed:
        notify(to=case.contact_email, template="request_acknowledged", context=context)
    else:
        context["confirm_url"] = (
            url_for("servicerequests.confirmation", case.confirmation_token) or ""
        )
        notify(to=case.requester_email, template="request_confirm", context=context)


@subscriber(RequestConfirmed)
def acknowledge_confirmed(event: RequestConfirmed) -> None:
    case = ServiceRequest.objects.select_related("request_type").get(pk=event.request_id)
    notify(to=case.requester_email, template="request_acknowledged", context=_context(case))


@subscriber(RequestStatusChanged)
def tell_followers(event: RequestStatusChanged) -> None:
    """Every public status change reaches the requester and everyone following the request,
    as each chose; a retried delivery sends nothing again to whom it reached (the key is the
    audit row), and a failing address is retried by the notification job on its own."""
    case = ServiceRequest.objects.select_related("request_type", "requester").get(
        pk=event.request_id
    )
    change = HistoryEntry.objects.get(pk=event.audit_id)
    context = {**_context(case), "change": change}
    for person in _recipients(case):
        send(
            kind=STATUS_CHANGED,
            to=person,
            key=f"audit:{change.pk}",
            template="request_status_changed",
            context=context,
        )


def _recipients(case: ServiceRequest) -> list[Any]:
    """The requester and followers, once per address: as their account if they have one,
    else as a bare address (anonymous followers are recorded once their address is confirmed)."""
    people: dict[str, Any] = {}
    if case.requester_id and case.requester and case.requester.email:
        people[case.requester.email.lower()] = case.requester
    elif case.requester_email:
        people[case.requester_email.lower()] = case.requester_email
    for follow in case.follows.select_related("user"):
        if follow.user_id and follow.user and follow.user.email:
            people.setdefault(follow.user.email.lower(), follow.user)
        elif follow.email:
            people.setdefault(follow.email.lower(), follow.email)
    return [people[address] for address in sorted(people)]
