"""The database is down: 503 with Retry-After in the caller's format, and a fresh connection after.

The outage is simulated on the test's own connection: every query raises OperationalError
(as psycopg does for "connection refused" or "server closed the connection") and marks the
connection as Django's error wrapper does, and the connection no longer answers a probe.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from django.db import OperationalError, connection
from django.test import RequestFactory

from massalia.core.resilience import DatabaseUnavailableMiddleware


@contextmanager
def database_down(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Queries fail and the connection is unusable; yields the names of closed connections."""
    closed: list[str] = []

    def refuse(execute, sql, params, many, context):
        connection.errors_occurred = True
        raise OperationalError("server closed the connection unexpectedly")

    with monkeypatch.context() as patch:
        patch.setattr(connection, "is_usable", lambda: False)
        patch.setattr(connection, "close", lambda: closed.append(connection.alias))
        with connection.execute_wrapper(refuse):
            yield closed
    connection.errors_occurred = False


def test_it_answers_a_french_page_with_retry_after(client, city, monkeypatch):
    with database_down(monkeypatch) as closed:
        response = client.get("/")
    assert response.status_code == 503
    assert int(response["Retry-After"]) > 0
    page = response.content.decode()
    assert '<html lang="fr">' in page
    assert "Service momentanément indisponible" in page
    assert closed == ["default"]


def test_it_answers_the_open311_error_format(client, city, monkeypatch):
    with database_down(monkeypatch) as closed:
        response = client.get("/open311/v2/requests.json")
    assert response.status_code == 503
    assert response["Retry-After"]
    body = response.json()
    assert body[0]["code"] == 503
    assert "réessayer" in body[0]["description"]
    assert closed == ["default"]


def test_it_answers_open311_xml_clients_in_xml(client, city, monkeypatch):
    with database_down(monkeypatch):
        response = client.get("/open311/v2/requests.xml")
    assert response.status_code == 503
    assert b"<errors><error><code>503</code>" in response.content


def test_it_answers_json_to_json_clients(client, city, monkeypatch):
    with database_down(monkeypatch):
        response = client.get("/demandes/", HTTP_ACCEPT="application/json")
    assert response.status_code == 503
    assert "réessayer" in response.json()["error"]


def test_it_leaves_other_exceptions_to_django():
    middleware = DatabaseUnavailableMiddleware(lambda request: None)  # type: ignore[arg-type,return-value]
    request = RequestFactory().get("/")
    assert middleware.process_exception(request, ValueError("a bug")) is None


def test_it_keeps_a_client_error_when_the_database_answers(client, city):
    response = client.get("/open311/v2/requests.json?start_date=not-a-date")
    assert response.status_code == 400


@pytest.mark.django_db(transaction=True)
def test_it_serves_the_next_request_on_a_new_connection(client, monkeypatch):
    from massalia.testing import build_city

    build_city()
    real_close = connection.close
    closed: list[bool] = []

    def refuse(execute, sql, params, many, context):
        connection.errors_occurred = True
        raise OperationalError("server closed the connection unexpectedly")

    def close() -> None:
        closed.append(True)
        real_close()

    with monkeypatch.context() as patch:
        patch.setattr(connection, "is_usable", lambda: False)
        patch.setattr(connection, "close", close)
        with connection.execute_wrapper(refuse):
            assert client.get("/demandes/").status_code == 503
    # The broken connection was closed (a no-op for in-memory SQLite): the page works again.
    assert closed == [True]
    assert client.get("/demandes/").status_code == 200
