"""Delays from a GTFS-Realtime feed: a real protobuf TripUpdate, built here and served by an
HTTP server on the loopback, shown on the stop page."""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.cache import cache
from django.test import override_settings
from google.transit import gtfs_realtime_pb2

from massalia.transit import realtime

pytestmark = pytest.mark.django_db


def trip_updates() -> bytes:
    """MORNING runs 4 minutes late from Vieux-Port (propagated downstream); LATE is cancelled;
    the return trip is 2 minutes early at Canebière Garibaldi (its stop 2)."""
    message = gtfs_realtime_pb2.FeedMessage()
    message.header.gtfs_realtime_version = "2.0"
    message.header.timestamp = 1_796_194_680
    late = message.entity.add(id="1").trip_update
    late.trip.trip_id = "MORNING"
    late.trip.start_date = "20261202"
    first = late.stop_time_update.add(stop_sequence=1, stop_id="VPT")
    first.departure.delay = 240
    cancelled = message.entity.add(id="2").trip_update
    cancelled.trip.trip_id = "LATE"
    cancelled.trip.start_date = "20261202"
    cancelled.trip.schedule_relationship = gtfs_realtime_pb2.TripDescriptor.CANCELED
    early = message.entity.add(id="3").trip_update
    early.trip.trip_id = "BACK"
    early.stop_time_update.add(stop_id="CGA").arrival.delay = -120
    return message.SerializeToString()


@pytest.fixture
def feed_server() -> Iterator[tuple[str, list[str]]]:
    payload = trip_updates()
    asked: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            asked.append(self.path)
            if self.path != "/trip-updates.pb":
                self.send_error(404)
                return
            self.send_response(200)
            self.send_header("Content-Type", "application/x-protobuf")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    cache.clear()
    yield f"http://127.0.0.1:{server.server_port}", asked
    server.shutdown()
    server.server_close()
    cache.clear()


def departures_shown(html: str) -> list[tuple[str, str]]:
    items = re.findall(r'<li><time datetime="([^"]+)">.*?</time>(.*?)</li>', html, re.S)
    return [(when, re.sub(r"<[^>]+>", "", rest).strip()) for when, rest in items]


def test_the_stop_page_shows_the_realtime_delays(client, network, clock, feed_server):
    base, asked = feed_server
    with override_settings(TRANSIT_REALTIME_URL=f"{base}/trip-updates.pb"):
        html = client.get("/arrets/rtm/CGA/").content.decode()
        client.get("/arrets/rtm/CGA/")  # within the cache's time: the feed is not asked again
    shown = departures_shown(html)
    assert shown[:2] == [
        ("2026-12-02T08:06:00+01:00", "retard : 4 min"),  # propagated from stop 1
        ("2026-12-03T00:05:00+01:00", "supprimé"),
    ]
    assert shown[2] == ("2026-12-03T08:06:00+01:00", "")  # another day's MORNING: no update
    assert ("2026-12-02T09:09:00+01:00", "avance : 2 min") in shown
    assert asked == ["/trip-updates.pb"]


def test_an_unreachable_feed_leaves_the_timetable_and_says_so(client, network, clock, feed_server):
    base, asked = feed_server
    with override_settings(TRANSIT_REALTIME_URL=f"{base}/missing.pb"):
        response = client.get("/arrets/rtm/CGA/")
        client.get("/arrets/rtm/VPT/")  # failed a moment ago: not asked again
    assert response.status_code == 200
    assert asked == ["/missing.pb"]
    html = response.content.decode()
    assert "le suivi en temps réel est momentanément indisponible" in html
    assert departures_shown(html)[0] == ("2026-12-02T08:06:00+01:00", "")


def test_a_payload_that_is_not_protobuf_is_unavailable():
    with pytest.raises(realtime.Unavailable):
        realtime.parse(b"\xff\xff\xff not a feed")
