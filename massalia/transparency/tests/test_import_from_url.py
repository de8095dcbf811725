"""`massalia decp import https://…`: a configured host's file, streamed to disk, then imported.

The files are served by a web server on this machine (loopback only).
"""

from __future__ import annotations

import functools
import http.server
import io
import threading
from collections.abc import Iterator

import pytest
from django.core.management import CommandError, call_command

from massalia.transparency.models import Contract

from .conftest import marche_v2, v2

pytestmark = pytest.mark.django_db


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        if self.path.startswith("/ailleurs"):
            self.send_response(302)
            self.send_header("Location", "http://localhost.invalid/decp.json")
            self.end_headers()
            return
        super().do_GET()


@pytest.fixture
def server(tmp_path) -> Iterator[str]:
    handler = functools.partial(_Quiet, directory=str(tmp_path))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


@pytest.fixture
def allowed(settings):
    settings.DECP_SOURCE_HOSTS = ["127.0.0.1"]
    return settings


def run(*sources: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("decp", "import", *sources, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_it_imports_a_file_from_a_configured_host(server, allowed, write):
    write(v2(marche_v2(), marche_v2(id="2024MRS002")), "marches.json")
    out, _ = run(f"{server}/marches.json")
    assert out == "read=2 imported=2 normalised=0 quarantined=0\n"
    assert Contract.objects.count() == 2


def test_it_refuses_a_host_that_is_not_configured(server, write):
    write(v2(marche_v2()), "marches.json")
    with pytest.raises(CommandError):
        run(f"{server}/marches.json")
    assert not Contract.objects.exists()


def test_it_refuses_a_redirection_elsewhere_a_missing_file_and_a_too_big_one(
    server, allowed, write
):
    write(v2(marche_v2()), "marches.json")
    err = io.StringIO()
    allowed.DECP_MAX_DOWNLOAD_BYTES = 100
    with pytest.raises(CommandError, match="3 fichier"):
        call_command(
            "decp",
            "import",
            f"{server}/ailleurs",
            f"{server}/absent.json",
            f"{server}/marches.json",
            stdout=io.StringIO(),
            stderr=err,
        )
    said = err.getvalue()
    assert "localhost.invalid n'est pas une source configurée" in said
    assert "absent.json : téléchargement impossible" in said
    assert "fichier de plus de 100 octets" in said
    assert not Contract.objects.exists()
