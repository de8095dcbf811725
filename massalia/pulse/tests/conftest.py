import pytest


@pytest.fixture
def keep_everything(settings):
    """The connectors' sample feeds, toots and exports carry fixed dates from the past: keep
    them, whatever today's date, instead of skipping them as older than the retention period."""
    settings.PULSE_RETENTION_DAYS = 100 * 365
