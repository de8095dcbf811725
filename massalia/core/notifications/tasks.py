"""The notifications job, run on the periodic schedule (settings.CELERY_BEAT_SCHEDULE)."""

from __future__ import annotations

from massalia.core.tasks import task


@task
def deliver() -> int:
    """Retry the messages that failed, then send the digests that are due; returns how many
    messages and digests went out (or were tried again)."""
    from massalia.core.notifications.digests import send_digests
    from massalia.core.notifications.services import retry_due

    return retry_due() + send_digests()
