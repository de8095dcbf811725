"""What happens after a request changes: the emails to citizens."""

from __future__ import annotations

from django.urls import reverse

from massalia.core.events import subscriber
from massalia.core.notifications import notify
from massalia.servicerequests.events import RequestConfirmed, RequestStatusChanged, RequestSubmitted
from massalia.servicerequests.models import RequestEvent, ServiceRequest


def _context(request: ServiceRequest) -> dict[str, object]:
    return {"request": request, "url": reverse("portal:request_detail", args=[request.pk])}


@subscriber(RequestSubmitted)
def acknowledge(event: RequestSubmitted) -> None:
    """A signed-in requester gets the acknowledgement; an anonymous one the confirmation link."""
    request = ServiceRequest.objects.select_related("request_type", "requester").get(
        pk=event.request_id
    )
    context = _context(request)
    if event.confirmed:
        notify(to=request.contact_email, template="request_acknowledged", context=context)
    else:
        context["confirm_url"] = reverse(
            "portal:confirm_request", args=[request.confirmation_token]
        )
        notify(to=request.requester_email, template="request_confirm", context=context)


@subscriber(RequestConfirmed)
def acknowledge_confirmed(event: RequestConfirmed) -> None:
    request = ServiceRequest.objects.select_related("request_type").get(pk=event.request_id)
    notify(to=request.requester_email, template="request_acknowledged", context=_context(request))


@subscriber(RequestStatusChanged)
def tell_followers(event: RequestStatusChanged) -> None:
    """Every public status change reaches the requester and everyone following the request."""
    request = ServiceRequest.objects.select_related("request_type").get(pk=event.request_id)
    change = RequestEvent.objects.get(pk=event.audit_id)
    context = {**_context(request), "change": change}
    for address in _recipients(request):
        notify(to=address, template="request_status_changed", context=context)


def _recipients(request: ServiceRequest) -> list[str]:
    addresses = {request.contact_email}
    for follow in request.follows.select_related("user"):
        addresses.add(follow.user.email if follow.user_id and follow.user else follow.email)
    return sorted(a for a in addresses if a)
