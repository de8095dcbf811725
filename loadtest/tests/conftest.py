"""Load tests restart the real PostgreSQL: they run only when asked, against PostgreSQL.

Run them with `DATABASE_URL=postgres://postgres@127.0.0.1:5432/test pytest loadtest/tests`
(the default `pytest` collects only the `massalia` package).
"""

from __future__ import annotations

import json
import os

import pytest

from loadtest.runner import Options, Report, preflight, run


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "load: drives real gunicorn processes (loadtest/)")


@pytest.fixture
def load_run(request: pytest.FixtureRequest):
    """Run one scenario when the machine has PostgreSQL and Redis; print its summary."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        pytest.skip("load tests run only against PostgreSQL (set DATABASE_URL=postgres://...)")
    reason = preflight()
    if reason:
        if os.environ.get("MASSALIA_REQUIRE_SERVICES") == "1":
            pytest.fail(f"MASSALIA_REQUIRE_SERVICES=1 but {reason}")
        pytest.skip(reason)

    def go(options: Options) -> Report:
        report = run(options)
        # The figures are the point of the run: keep them in the output (pytest -s or -rA).
        print(json.dumps(report.as_dict(), indent=2, ensure_ascii=False))
        return report

    return go
