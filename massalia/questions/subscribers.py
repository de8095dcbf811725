"""What follows a question's moderation and answer: its asker is emailed, once each (the
notification module keeps one row per kind × key × person, so a retried delivery sends
nothing twice)."""

from __future__ import annotations

from massalia.core.events import subscriber
from massalia.core.extensions import url_for
from massalia.core.notifications import Frequency, Topic, declare
from massalia.core.notifications.services import send
from massalia.questions.events import QuestionAnswered, QuestionModerated
from massalia.questions.models import Question, Status

MINE = declare(
    Topic(
        name="questions.mine",
        label="Vos questions aux élus : la réponse, ou le refus de publication",
        default=Frequency.IMMEDIATELY,
    )
).name


def _tell_the_asker(question_id: int, what: str) -> None:
    question = Question.objects.select_related("recipient", "author").get(pk=question_id)
    if question.author is None or not question.author.email:
        return
    send(
        kind=MINE,
        to=question.author,
        key=f"question:{question.pk}:{what}",
        template=f"questions/{what}",
        context={"question": question, "url": url_for("questions.question", question.pk) or ""},
    )


@subscriber(QuestionAnswered)
def tell_the_answer(event: QuestionAnswered) -> None:
    _tell_the_asker(event.question_id, "answered")


@subscriber(QuestionModerated)
def tell_the_refusal(event: QuestionModerated) -> None:
    if event.status == Status.REFUSED:
        _tell_the_asker(event.question_id, "refused")
