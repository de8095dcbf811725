"""The small network imported on the test city, with the clock of the stop pages set to
Wednesday 2 December 2026, 07:58 in Marseille."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from massalia.transit import gtfs, views
from massalia.transit.tests.feeds import write_feed

NOW = datetime(2026, 12, 2, 7, 58, tzinfo=ZoneInfo("Europe/Paris"))


@pytest.fixture
def network(tmp_path, fresh_indexes):
    return gtfs.import_feed(write_feed(tmp_path)).feed


@pytest.fixture
def clock(monkeypatch):
    monkeypatch.setattr(views, "now", lambda: NOW)
    return NOW
