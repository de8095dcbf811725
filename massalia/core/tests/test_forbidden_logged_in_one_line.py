"""A refusal (403) is logged as one warning line, without the PermissionDenied traceback."""

from __future__ import annotations

import logging


def test_it_logs_a_refusal_in_one_line_with_method_path_and_user(client, city, caplog):
    alice = city.people["alice"]
    client.force_login(alice)
    with caplog.at_level(logging.INFO, logger="django.request"):
        response = client.get("/agents/?page=2")
    assert response.status_code == 403
    records = [r for r in caplog.records if r.name == "django.request"]
    assert len(records) == 1
    record = records[0]
    assert record.levelno == logging.WARNING
    assert record.exc_info is None and record.exc_text is None
    assert record.getMessage() == f"Forbidden: GET /agents/ (user {alice.pk})"
    assert "Traceback" not in caplog.text
