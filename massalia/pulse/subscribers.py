"""What citizens say on the platform reaches the pulse through domain events."""

from __future__ import annotations

from massalia.core.events import subscriber
from massalia.core.extensions import url_for
from massalia.pulse.ingest import Incoming, platform_source, receive
from massalia.pulse.models import Topic
from massalia.questions.events import QuestionModerated
from massalia.questions.models import Question, Status
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


@subscriber(QuestionModerated)
def on_question_published(event: QuestionModerated) -> None:
    """A question to an official, once public: what residents ask their elected officials is
    what they say (a refused one was never public and is not received)."""
    question = Question.objects.filter(pk=event.question_id, status=Status.PUBLISHED).first()
    if question is None or question.published_at is None:
        return
    said = Incoming(
        external_id=f"question:{question.pk}",
        text=f"{question.subject}\n{question.text}",
        published_at=question.published_at,
        author=f"user:{question.author_id}" if question.author_id else "",
        url=url_for("questions.question", question.pk) or "",
    )
    receive(platform_source(), [said])
