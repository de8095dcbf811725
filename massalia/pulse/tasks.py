"""The pulse's scheduled work, run by Celery beat in production (settings.SCHEDULE)
or by `massalia pulse <step>` from cron or by hand."""

from __future__ import annotations

from django.utils import timezone

from massalia.core.tasks import task


@task
def poll_sources() -> int:
    """Fetch what is new on every active external source."""
    from massalia.pulse.connectors import poll_all

    return sum(outcome.created for outcome in poll_all())


@task
def enrich_pending() -> int:
    """Enrich messages left pending (a worker died, a model was missing)."""
    from massalia.pulse.enrich.pipeline import enrich_pending as run

    return run()


@task
def retrain_topics() -> int:
    """Train a new version of the topic classifier on requests, corrections and seeds."""
    from massalia.pulse.enrich.topics import train_version

    return train_version().version


@task
def detect_alerts() -> int:
    """Look for spikes and emerging topics up to today."""
    from massalia.pulse.alerts import detect

    return len(detect(timezone.localdate()))
