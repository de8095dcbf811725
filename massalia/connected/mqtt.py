"""The MQTT subscriber: readings published on the broker go through `ingest.receive` too.

Devices (or their gateways) publish on `CONNECTED_MQTT_TOPIC` (default
`massalia/devices/+/readings`) a JSON object `{"time", "value", "battery"?, …}` or a list of
them; the topic's `+` level names the device when the reading does not. The broker's own
access rules say who may publish (the subscriber trusts it as a gateway). A message that
cannot be read — not UTF-8, not JSON, not an object or a list — becomes a `RejectedReading`
with its reason; so does any failure while handling it: the subscriber never stops for a
message. It reconnects by itself when the broker goes away.
"""

from __future__ import annotations

import base64
import json
import logging
import time
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import paho.mqtt.client as paho
from django.db import close_old_connections, connection
from django.utils import timezone

from massalia.connected import ingest
from massalia.connected.ingest import Incoming, Outcome
from massalia.connected.models import RejectedReading

log = logging.getLogger(__name__)
CHANNEL = RejectedReading.Channel.MQTT


@dataclass(frozen=True)
class Broker:
    host: str
    port: int
    username: str = ""
    password: str = ""
    tls: bool = False

    @classmethod
    def from_url(cls, url: str) -> Broker:
        """mqtt://[user:password@]host[:port] or mqtts://…; ValueError otherwise."""
        parts = urlsplit(url)
        if parts.scheme not in ("mqtt", "mqtts") or not parts.hostname:
            raise ValueError(f"adresse MQTT invalide « {url} » (mqtt://hôte:port attendu)")
        tls = parts.scheme == "mqtts"
        return cls(
            parts.hostname,
            parts.port or (8883 if tls else 1883),
            parts.username or "",
            parts.password or "",
            tls,
        )


def device_in_topic(pattern: str, topic: str) -> str:
    """The topic level matched by the pattern's first `+` ("" if none)."""
    wanted, levels = pattern.split("/"), topic.split("/")
    for want, level in zip(wanted, levels, strict=False):
        if want == "+":
            return level
    return ""


def handle(pattern: str, topic: str, payload: bytes) -> Outcome:
    """One message's readings through the ingestion service; never raises."""
    device = device_in_topic(pattern, topic)
    try:
        items = _items(device, payload)
    except ValueError as exc:
        _reject(device, payload, str(exc))
        return Outcome(received=1, rejected=[ingest.Rejection(0, device, str(exc))])
    try:
        return ingest.receive(items, channel=CHANNEL)
    except Exception:
        # A fault of ours (or of the database): keep the message for a later look, go on.
        log.exception("MQTT message on %s could not be stored", topic)
        reason = "erreur du service à l'enregistrement ; message conservé"
        try:
            _reject(device, payload, reason)
        except Exception:
            log.exception("and it could not be kept either")
        return Outcome(received=len(items), rejected=[ingest.Rejection(0, device, reason)])


def _items(device: str, payload: bytes) -> list[Incoming]:
    try:
        text = payload.decode("utf-8")
    except UnicodeDecodeError:
        raise ValueError("message illisible (pas de l'UTF-8)") from None
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):
        raise ValueError("message illisible (JSON invalide)") from None
    entries = data if isinstance(data, list) else [data]
    items: list[Incoming] = []
    for position, entry in enumerate(entries):
        if not isinstance(entry, dict):
            fault = "un relevé doit être un objet JSON {time, value}"
            items.append(
                Incoming(position, device, None, None, payload=ingest.dump(entry), fault=fault)
            )
            continue
        if device and "device" not in entry and "meter" not in entry:
            entry = {"device": device, **entry}
        items.append(Incoming.from_mapping(position, entry))
    if not items:
        raise ValueError("message sans relevé (liste vide)")
    return items


def _reject(device: str, payload: bytes, reason: str) -> None:
    RejectedReading.objects.create(
        received_at=timezone.now(),
        channel=CHANNEL,
        device_identifier=ingest.storable(device)[:100],
        payload=ingest.storable(payload.decode("utf-8", "replace"))[: ingest.PAYLOAD_CHARS],
        reason=ingest.storable(reason)[:300],
    )


class Subscriber:
    """A paho client subscribed to the readings' topic; `run()` handles messages in the
    calling thread (so it shares its database connection)."""

    def __init__(
        self, broker: Broker, topic: str, *, client_id: str = "", relay: bool = False
    ) -> None:
        self.broker, self.topic = broker, topic
        # With `relay`, each message becomes a background task (Celery workers in production)
        # and the subscriber only listens; without, it stores the readings itself.
        self.relay = relay
        self.handled = 0
        self.subscribed = False
        self.client = paho.Client(
            paho.CallbackAPIVersion.VERSION2, client_id=client_id, clean_session=True
        )
        if broker.username:
            self.client.username_pw_set(broker.username, broker.password)
        if broker.tls:
            self.client.tls_set()
        self.client.on_connect = self._connected
        self.client.on_subscribe = self._subscribed
        self.client.on_message = self._message
        self.client.reconnect_delay_set(min_delay=1, max_delay=60)

    def connect(self, *, timeout: float = 10.0) -> None:
        """Connect and wait until the subscription is acknowledged (OSError, TimeoutError)."""
        self.client.connect(self.broker.host, self.broker.port, keepalive=60)
        deadline = time.monotonic() + timeout
        while not self.subscribed:
            if time.monotonic() > deadline:
                raise TimeoutError(f"pas d'abonnement à {self.topic} après {timeout:g} s")
            self.client.loop(timeout=0.1)

    def run(self, *, max_messages: int | None = None, timeout: float | None = None) -> int:
        """Handle messages until `max_messages` were handled or `timeout` seconds passed (or
        forever); the number handled."""
        deadline = None if timeout is None else time.monotonic() + timeout
        while max_messages is None or self.handled < max_messages:
            if deadline is not None and time.monotonic() > deadline:
                break
            code = self.client.loop(timeout=0.5)
            if code != paho.MQTT_ERR_SUCCESS:
                log.warning("MQTT connection lost (%s); reconnecting", paho.error_string(code))
                time.sleep(1)
                try:
                    self.client.reconnect()
                except OSError as exc:
                    log.warning("MQTT reconnection failed: %s", exc)
        return self.handled

    def close(self) -> None:
        self.client.disconnect()

    def _connected(
        self, client: paho.Client, userdata: Any, flags: Any, reason: Any, props: Any
    ) -> None:
        if reason.is_failure:
            log.error("MQTT broker refused the connection: %s", reason)
            return
        client.subscribe(self.topic, qos=1)

    def _subscribed(
        self, client: paho.Client, userdata: Any, mid: int, reasons: Any, props: Any
    ) -> None:
        self.subscribed = True

    def _message(self, client: paho.Client, userdata: Any, message: paho.MQTTMessage) -> None:
        if not connection.in_atomic_block:  # (a test's transaction is not to be closed)
            close_old_connections()  # a long-running worker outlives database connections
        payload = bytes(message.payload)
        try:
            if self.relay:
                self._relay(message.topic, payload)
            else:
                handle(self.topic, message.topic, payload)
        except Exception:
            # The task queue is down (or worse): store it here rather than lose it.
            log.exception("MQTT message on %s could not be relayed; stored here", message.topic)
            handle(self.topic, message.topic, payload)
        self.handled += 1

    def _relay(self, topic: str, payload: bytes) -> None:
        from massalia.connected import tasks
        from massalia.core.tasks import defer

        encoded = base64.b64encode(payload).decode("ascii")
        defer(tasks.ingest_mqtt_message, pattern=self.topic, topic=topic, payload=encoded)
