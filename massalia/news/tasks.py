"""Sending an issue in the background: the admin's action asks, a worker sends (thousands of
emails do not fit in one web request). Sending twice sends nothing twice (`services`)."""

from __future__ import annotations

from massalia.core.tasks import task
from massalia.news import services
from massalia.news.models import Issue


@task
def send_issue(*, issue_id: int) -> tuple[int, int] | None:
    issue = Issue.objects.filter(pk=issue_id).first()
    return services.send_issue(issue=issue) if issue is not None else None
