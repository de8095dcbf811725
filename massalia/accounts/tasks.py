"""Scheduled work of the accounts app (settings.SCHEDULE)."""

from __future__ import annotations

from massalia.accounts import privacy
from massalia.core.tasks import task


@task
def purge_personal_data() -> int:
    """Apply every retention period, once a day (`massalia purge` does the same by hand)."""
    return privacy.purge().total
