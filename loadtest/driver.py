"""A fixed-rate HTTP driver: request i is due at start + i/rate, whatever the server does.

Latency counts from the moment a request was due, so a slow server cannot hide behind a
client that waits for it (no coordinated omission). Every request has a timeout.
"""

from __future__ import annotations

import http.client
import json
import queue
import threading
import time
from dataclasses import dataclass, field
from urllib.parse import urlencode

from loadtest.server import HOST

MAX_REQUESTS = 20_000
MAX_RATE = 200.0
MAX_SECONDS = 600.0
# Out of every ten requests: Open311 reads, Open311 writes, then citizen pages.
MIX = (
    "open311-get", "page-home", "open311-post", "page-list", "open311-get",
    "page-detail", "open311-post", "page-list", "open311-get", "page-home",
)  # fmt: skip
CENTER = (43.2964, 5.3811)  # Noailles: on land in the real quartiers (the Vieux-Port is water)


@dataclass
class Result:
    index: int
    kind: str
    due: float  # time.monotonic() when the request was due
    status: int = 0  # 0: no HTTP answer (connection error or timeout)
    seconds: float = 0.0
    error: str = ""
    retry_after: str = ""
    marker: str = ""
    request_id: int | None = None


@dataclass
class Catalog:
    """What the requests talk about: the API key, service codes, request ids, the run's marker."""

    api_key: str
    service_codes: list[str]
    detail_ids: list[int]
    run_id: str
    post_bodies: dict[int, bytes] = field(default_factory=dict)


class Client:
    """One keep-alive connection per thread to the site, re-opened after any failure."""

    def __init__(self, port: int, timeout: float) -> None:
        self.port = port
        self.timeout = timeout
        self._local = threading.local()

    def send(
        self,
        method: str,
        path: str,
        body: bytes | None = None,
        headers: dict[str, str] | None = None,
    ) -> tuple[int, bytes, dict[str, str]]:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = http.client.HTTPConnection(HOST, self.port, timeout=self.timeout)
            self._local.conn = conn
        try:
            conn.request(method, path, body=body, headers=headers or {})
            response = conn.getresponse()
            content = response.read()
        except (OSError, http.client.HTTPException):
            conn.close()
            self._local.conn = None
            raise
        if response.getheader("Connection", "").lower() == "close":
            conn.close()
            self._local.conn = None
        return response.status, content, {k.lower(): v for k, v in response.getheaders()}


def marker(run_id: str, index: int) -> str:
    return f"loadtest:{run_id}:{index}:"


def post_body(catalog: Catalog, index: int) -> bytes:
    """The Open311 POST of request `index`: the same bytes on every retry."""
    if index not in catalog.post_bodies:
        code = catalog.service_codes[index % len(catalog.service_codes)]
        jitter = ((index * 37) % 100 - 50) / 20000
        fields = {
            "api_key": catalog.api_key,
            "service_code": code,
            "lat": f"{CENTER[0] + jitter:.6f}",
            "long": f"{CENTER[1] - jitter:.6f}",
            "description": f"{marker(catalog.run_id, index)} lampadaire éteint (test de charge)",
        }
        catalog.post_bodies[index] = urlencode(fields).encode()
    return catalog.post_bodies[index]


def idempotency_key(catalog: Catalog, index: int) -> str:
    return f"loadtest-{catalog.run_id}-{index}"


def send_post(client: Client, catalog: Catalog, result: Result) -> None:
    headers = {
        "Content-Type": "application/x-www-form-urlencoded",
        "Idempotency-Key": idempotency_key(catalog, result.index),
        "Accept": "application/json",
    }
    result.marker = marker(catalog.run_id, result.index)
    status, content, answer = client.send(
        "POST", "/open311/v2/requests.json", post_body(catalog, result.index), headers
    )
    result.status = status
    result.retry_after = answer.get("retry-after", "")
    if status in (200, 201):
        result.request_id = int(json.loads(content)[0]["service_request_id"])
    elif status >= 400:
        result.error = content[:300].decode("utf-8", "replace")


def run_one(client: Client, catalog: Catalog, result: Result) -> None:
    started = time.monotonic()
    try:
        if result.kind.startswith("open311-post"):
            send_post(client, catalog, result)
        else:
            status, content, answer = client.send("GET", _path(catalog, result))
            result.status = status
            if status >= 400:
                result.error = content[:300].decode("utf-8", "replace")
            result.retry_after = answer.get("retry-after", "")
    except (OSError, http.client.HTTPException, ValueError, KeyError) as exc:
        result.error = f"{type(exc).__name__}: {exc}"[:200]
    # From when the request was due: time spent waiting for a free client thread counts.
    result.seconds = time.monotonic() - min(result.due, started)


def _path(catalog: Catalog, result: Result) -> str:
    if result.kind == "open311-get":
        return "/open311/v2/requests.json"
    if result.kind == "page-home":
        return "/"
    if result.kind == "page-list":
        return "/demandes/"
    ids = catalog.detail_ids
    return f"/demandes/{ids[result.index % len(ids)]}/"


def drive(
    port: int, catalog: Catalog, *, rate: float, seconds: float, timeout: float, threads: int = 32
) -> list[Result]:
    """Send rate × seconds requests at a fixed rate; return one Result per request."""
    rate = min(rate, MAX_RATE)
    total = min(int(rate * min(seconds, MAX_SECONDS)), MAX_REQUESTS)
    client = Client(port, timeout)
    jobs: queue.Queue[Result | None] = queue.Queue()
    results: list[Result] = []

    def worker() -> None:
        while (job := jobs.get()) is not None:
            run_one(client, catalog, job)

    pool = [threading.Thread(target=worker, daemon=True) for _ in range(threads)]
    for thread in pool:
        thread.start()
    start = time.monotonic()
    for index in range(total):
        due = start + index / rate
        time.sleep(max(0.0, due - time.monotonic()))
        result = Result(index=index, kind=MIX[index % len(MIX)], due=due)
        results.append(result)
        jobs.put(result)
    for _ in pool:
        jobs.put(None)
    for thread in pool:
        thread.join(timeout=timeout + 5)
    return results


def retry_posts(
    port: int, catalog: Catalog, failed: list[Result], *, timeout: float, attempts: int = 10
) -> list[Result]:
    """Send refused POSTs again with the same Idempotency-Key and body until one is accepted."""
    client = Client(port, timeout)
    final: list[Result] = []
    for first in failed:
        result = first
        for _ in range(attempts):
            result = Result(index=first.index, kind="open311-post-retry", due=time.monotonic())
            run_one(client, catalog, result)
            if result.status in (200, 201):
                break
            # Retry-After is honoured, capped so that the test stays short.
            time.sleep(min(float(result.retry_after or 1), 2.0))
        final.append(result)
    return final
