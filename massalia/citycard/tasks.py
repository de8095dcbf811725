"""The city card's scheduled work (settings.SCHEDULE)."""

from __future__ import annotations

from massalia.citycard import services
from massalia.core.tasks import task


@task  # the "citycard-reduce-taps" entry of settings.SCHEDULE, every hour
def reduce_taps() -> int:
    """Taps older than CITYCARD_TAP_RETENTION_HOURS become anonymous counts; how many."""
    return services.reduce_taps()
