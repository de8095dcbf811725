"""Real servers on the loopback interface for the connector tests: HTTP and IMAP.

`LocalWeb` is a threaded http.server answering what a test tells it, path by path, and keeping
the requests it received. `local_imap` starts pymap (an IMAP server, in-memory backend) in a
subprocess with one user, and stops it afterwards.
"""

from __future__ import annotations

import contextlib
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit


@dataclass
class Reply:
    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0  # seconds to wait before answering (a slow server)
    announce_length: bool = True  # False: no Content-Length, the body ends when the server closes


@dataclass
class Seen:
    path: str
    query: dict[str, str]
    headers: dict[str, str]


Route = Callable[[Seen], Reply]


class LocalWeb:
    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.seen: list[Seen] = []
        web = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                parts = urlsplit(self.path)
                query = {key: values[-1] for key, values in parse_qs(parts.query).items()}
                seen = Seen(parts.path, query, {k.lower(): v for k, v in self.headers.items()})
                web.seen.append(seen)
                route = web.routes.get(parts.path)
                reply = route(seen) if route else Reply(404, b"introuvable")
                time.sleep(reply.delay)
                self.send_response(reply.status)
                for name, value in reply.headers.items():
                    self.send_header(name, value)
                if reply.announce_length and "Content-Length" not in reply.headers:
                    self.send_header("Content-Length", str(len(reply.body)))
                self.end_headers()
                with contextlib.suppress(OSError):  # the client may have given up
                    self.wfile.write(reply.body)

            def log_message(self, format: str, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def url(self, path: str) -> str:
        port = self.server.server_address[1]
        return f"http://127.0.0.1:{port}{path}"

    def serve(self, path: str, reply: Reply | Route) -> None:
        self.routes[path] = reply if callable(reply) else (lambda _seen: reply)

    def requests_to(self, path: str) -> list[Seen]:
        return [seen for seen in self.seen if seen.path == path]


@contextlib.contextmanager
def local_web() -> Iterator[LocalWeb]:
    web = LocalWeb()
    web.thread.start()
    try:
        yield web
    finally:
        web.server.shutdown()
        web.server.server_close()


@dataclass(frozen=True)
class LocalImap:
    host: str
    port: int
    username: str
    password: str


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


# pymap hashes its users' passwords with 500,000 PBKDF2 rounds: a second per login on a busy
# machine. The test server does with far fewer; the IMAP exchange is unchanged.
_PYMAP = """
import pysasl.hashing as hashing
_init = hashing.BuiltinHash.__init__
def _cheap(self, *, hash_name="sha256", salt_len=16, rounds=1000):
    _init(self, hash_name=hash_name, salt_len=salt_len, rounds=rounds)
hashing.BuiltinHash.__init__ = _cheap
from pymap.main import main
main()
"""


@contextlib.contextmanager
def local_imap(username: str = "mairie", password: str = "secret-de-test") -> Iterator[LocalImap]:
    """pymap on a free loopback port, with one user and an empty INBOX (kept in memory)."""
    port = free_port()
    command = [
        sys.executable,
        "-c",
        _PYMAP,
        "--host", "127.0.0.1", "--port", str(port), "--no-tls",
        "dict", "--demo-user", username, "--demo-password", password,
    ]  # fmt: skip
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        _wait_for(port, process)
        yield LocalImap("127.0.0.1", port, username, password)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _wait_for(port: int, process: subprocess.Popen[bytes], limit: float = 30.0) -> None:
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if process.poll() is not None:
            error = process.stderr.read().decode() if process.stderr else ""
            raise RuntimeError(f"the IMAP server stopped at start-up: {error}")
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 0.5):
            return
        time.sleep(0.1)
    raise RuntimeError(f"the IMAP server did not listen on port {port} within {limit} s")
