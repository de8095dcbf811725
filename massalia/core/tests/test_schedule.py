"""Every scheduled entry names work that exists."""

from django.conf import settings

from massalia.core.tasks import CELERY_TASK, registered


def test_it_schedules_only_registered_tasks():
    names = [
        entry["args"][0]
        for entry in settings.CELERY_BEAT_SCHEDULE.values()
        if entry["task"] == CELERY_TASK
    ]
    assert "massalia.accounts.tasks.purge_personal_data" in names
    assert "massalia.pulse.tasks.poll_sources" in names
    for name in names:
        assert callable(registered(name)), name
