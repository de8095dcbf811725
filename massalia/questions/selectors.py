"""What the pages read: the public questions, the queues, and each recipient's answer-time
figures, computed in SQL (the same statements on SQLite and PostgreSQL)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.db import connection
from django.db.models import Count, Q
from django.utils import timezone

from massalia.questions.models import ANSWER_WITHIN_DAYS, Question, Recipient, Status


def public_questions(*, recipient: Recipient | None = None, answered: bool | None = None) -> Any:
    rows = Question.objects.published().select_related("recipient", "author")
    if recipient is not None:
        rows = rows.filter(recipient=recipient)
    if answered is True:
        rows = rows.answered().order_by("-answered_at")
    elif answered is False:
        rows = rows.unanswered()
    return rows


def recipients() -> Any:
    return Recipient.objects.filter(is_active=True).select_related("sector")


def to_moderate() -> Any:
    return (
        Question.objects.filter(status=Status.PENDING)
        .select_related("recipient", "author")
        .order_by("asked_at")
    )


def to_answer(user: Any) -> Any:
    """The published, unanswered questions `user` answers (all of them for an administrator),
    the oldest first."""
    rows = Question.objects.published().unanswered().select_related("recipient")
    if not user.is_superuser:
        rows = rows.filter(recipient__in=Recipient.objects.answered_by(user))
    return rows.order_by("published_at")


def asked_by(user: Any) -> Any:
    return Question.objects.filter(author=user).select_related("recipient").order_by("-asked_at")


@dataclass(frozen=True)
class Figures:
    """A recipient's public answer times."""

    asked: int = 0  # published questions
    answered: int = 0
    median_days: float | None = None  # over the answered ones, from publication to answer
    # Answered within the promised delay, among the questions whose delay is over or that
    # were answered (a question asked yesterday is not yet late).
    within: int = 0
    due: int = 0

    @property
    def within_share(self) -> int | None:
        """Percentage answered within the delay, None when no question is due yet."""
        return round(100 * self.within / self.due) if self.due else None


def figures(recipient_ids: list[int] | None = None) -> dict[int, Figures]:
    """Each recipient's figures (by id); recipients without a published question are absent."""
    limit = timezone.now() - timedelta(days=ANSWER_WITHIN_DAYS)
    rows = Question.objects.published()
    if recipient_ids is not None:
        rows = rows.filter(recipient_id__in=recipient_ids)
    counts = (
        rows.values("recipient_id")
        .order_by()
        .annotate(
            asked=Count("pk"),
            answered=Count("pk", filter=Q(answered_at__isnull=False)),
            within=Count("pk", filter=Q(answer_days__lte=ANSWER_WITHIN_DAYS)),
            due=Count("pk", filter=Q(answered_at__isnull=False) | Q(published_at__lt=limit)),
        )
    )
    medians = _medians(recipient_ids)
    return {
        row["recipient_id"]: Figures(
            asked=row["asked"],
            answered=row["answered"],
            within=row["within"],
            due=row["due"],
            median_days=medians.get(row["recipient_id"]),
        )
        for row in counts
    }


def _medians(recipient_ids: list[int] | None) -> dict[int, float]:
    """The median of the answered questions' delays per recipient: the middle row (or the
    mean of the two middle rows) of each recipient's delays in order, by window functions,
    which SQLite (3.25+) and PostgreSQL both have."""
    table = Question._meta.db_table
    where = "status = %s AND answer_days IS NOT NULL"
    params: list[str | int] = [Status.PUBLISHED.value]
    if recipient_ids is not None:
        if not recipient_ids:
            return {}
        where += f" AND recipient_id IN ({', '.join(['%s'] * len(recipient_ids))})"
        params += [int(pk) for pk in recipient_ids]
    sql = f"""
        SELECT recipient_id, AVG(answer_days) FROM (
            SELECT recipient_id, answer_days,
                   ROW_NUMBER() OVER (PARTITION BY recipient_id ORDER BY answer_days) AS position,
                   COUNT(*) OVER (PARTITION BY recipient_id) AS total
            FROM {table} WHERE {where}
        ) ranked
        WHERE position IN ((total + 1) / 2, (total + 2) / 2)
        GROUP BY recipient_id
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return {int(pk): round(float(days), 1) for pk, days in cursor.fetchall()}
