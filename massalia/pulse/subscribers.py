"""What citizens say on the platform reaches the pulse through domain events."""

from __future__ import annotations

from massalia.core.events import subscriber
from massalia.pulse.ingest import Incoming, platform_source, receive
from massalia.pulse.models import Topic
from massalia.servicerequests.events import RequestConfirmed, RequestSubmitted
from massalia.servicerequests.models import ServiceRequest
from massalia.servicerequests.workflows import workflows


@subscriber(RequestSubmitted)
def on_request_submitted(event: RequestSubmitted) -> None:
    if event.confirmed:
        _receive_request(event.request_id)


@subscriber(RequestConfirmed)
def on_request_confirmed(event: RequestConfirmed) -> None:
    _receive_request(event.request_id)


def _receive_request(request_id: int) -> None:
    """A confirmed request, as a message whose topic is the one its author chose.

    A request of a non-public type is received as private: it counts by topic and place, and
    its text is shown nowhere on the pulse. An administrative demand (its workflow is not a
    voice: an enrolment, an application) is not what people say, and is not received.
    """
    case = ServiceRequest.objects.select_related("request_type").filter(pk=request_id).first()
    if case is None or not workflows.get(case.request_type.workflow).is_voice:
        return
    receive(platform_source(), [request_message(case)])


def request_message(case: ServiceRequest) -> Incoming:
    return Incoming(
        external_id=f"servicerequest:{case.pk}",
        text=case.description,
        published_at=case.created_at,
        author=f"user:{case.requester_id}" if case.requester_id else "",
        latitude=case.latitude,
        longitude=case.longitude,
        topic=topic_of_request_type(case.request_type.code),
        private=not case.request_type.is_public,
    )


def topic_of_request_type(code: str) -> str:
    """The slug of the topic a request type belongs to ("" if no topic claims it)."""
    for slug, codes in Topic.objects.filter(is_active=True).values_list("slug", "request_types"):
        if code in {part.strip() for part in codes.split(",")}:
            return slug
    return ""
