"""The MQTT subscriber against the local broker: readings stored, bad messages kept, and the
subscriber goes on."""

from __future__ import annotations

import io
import json
import os
import socket
import uuid
from datetime import timedelta

import paho.mqtt.client as paho
import pytest
from django.utils import timezone

from massalia.connected.models import Reading, RejectedReading
from massalia.connected.mqtt import Broker, Subscriber, device_in_topic, handle

pytestmark = pytest.mark.django_db
HOST, PORT = "127.0.0.1", 1883


def broker_running() -> bool:
    try:
        socket.create_connection((HOST, PORT), timeout=1).close()
        return True
    except OSError:
        return False


@pytest.fixture
def broker() -> None:
    """The local Mosquitto: skip without it, or fail where CI says the services are there."""
    if broker_running():
        return
    if os.environ.get("MASSALIA_REQUIRE_SERVICES") == "1":
        pytest.fail(f"MASSALIA_REQUIRE_SERVICES=1 but no MQTT broker on {HOST}:{PORT}")
    pytest.skip(f"no MQTT broker on {HOST}:{PORT}")


needs_broker = pytest.mark.usefixtures("broker")


def hour(n: int) -> str:
    moment = timezone.now().replace(minute=0, second=0, microsecond=0) - timedelta(hours=n)
    return moment.isoformat()


@pytest.fixture
def subscriber():
    prefix = f"massalia-test-{uuid.uuid4().hex[:12]}"
    subscriber = Subscriber(Broker(HOST, PORT), f"{prefix}/devices/+/readings")
    subscriber.connect()
    publisher = paho.Client(paho.CallbackAPIVersion.VERSION2)
    publisher.connect(HOST, PORT)
    publisher.loop_start()

    def publish(device: str, payload: bytes | str) -> None:
        info = publisher.publish(f"{prefix}/devices/{device}/readings", payload, qos=1)
        info.wait_for_publish(timeout=10)

    subscriber.publish = publish
    yield subscriber
    publisher.loop_stop()
    publisher.disconnect()
    subscriber.close()


@needs_broker
def test_readings_published_on_the_broker_are_stored(water, subscriber):
    subscriber.publish("C-0042", json.dumps({"time": hour(2), "value": 1000}))
    subscriber.publish(
        "C-0042", json.dumps([{"time": hour(1), "value": 1010}, {"time": hour(2), "value": 1000}])
    )
    assert subscriber.run(max_messages=2, timeout=30) == 2
    assert list(Reading.objects.order_by("time").values_list("value", flat=True)) == [1000, 1010]


@needs_broker
def test_a_bad_message_is_kept_and_the_subscriber_goes_on(water, subscriber):
    subscriber.publish("C-0042", b"\xff\xfe pas du texte")
    subscriber.publish("C-0042", "{pas du json")
    subscriber.publish("C-9999", json.dumps({"time": hour(1), "value": 3}))
    subscriber.publish("C-0042", json.dumps({"time": "hier", "value": -1}))
    subscriber.publish("C-0042", json.dumps({"time": hour(1), "value": 1010}))
    assert subscriber.run(max_messages=5, timeout=30) == 5
    reasons = list(RejectedReading.objects.order_by("pk").values_list("reason", flat=True))
    assert reasons == [
        "message illisible (pas de l'UTF-8)",
        "message illisible (JSON invalide)",
        "objet inconnu « C-9999 »",
        "heure illisible « hier » (ISO 8601 attendu)",
    ]
    assert set(RejectedReading.objects.values_list("channel", flat=True)) == {"mqtt"}
    assert Reading.objects.get().value == 1010


def test_a_failure_while_storing_becomes_a_rejected_reading(water, monkeypatch):
    from massalia.connected import mqtt

    def broken(*args, **kwargs):
        raise RuntimeError("disque plein")

    monkeypatch.setattr(mqtt.ingest, "receive", broken)
    outcome = handle("m/devices/+/readings", "m/devices/C-0042/readings", b'{"value": 1}')
    assert outcome.rejected[0].reason.startswith("erreur du service")
    assert RejectedReading.objects.get().device_identifier == "C-0042"


def test_the_topic_names_the_device():
    assert device_in_topic("massalia/devices/+/readings", "massalia/devices/C-7/readings") == "C-7"
    assert device_in_topic("massalia/readings", "massalia/readings") == ""


@pytest.mark.parametrize("url", ["http://broker", "mqtt://", "1883"])
def test_a_bad_broker_address_is_refused(url):
    with pytest.raises(ValueError, match="adresse MQTT invalide"):
        Broker.from_url(url)


def test_a_broker_address_is_read():
    assert Broker.from_url("mqtts://capteurs:secret@mqtt.ville.test") == Broker(
        "mqtt.ville.test", 8883, "capteurs", "secret", True
    )


@needs_broker
def test_the_command_stops_after_its_messages(water, settings):
    import threading

    from django.core.management import call_command

    settings.CONNECTED_MQTT_TOPIC = f"massalia-test-{uuid.uuid4().hex[:12]}/devices/+/readings"
    out = io.StringIO()
    done = threading.Event()

    def publish_when_ready():
        # The command subscribes first; publish until it has stored the reading.
        publisher = paho.Client(paho.CallbackAPIVersion.VERSION2)
        publisher.connect(HOST, PORT)
        topic = settings.CONNECTED_MQTT_TOPIC.replace("+", "C-0042")
        while not done.wait(0.2):
            publisher.publish(topic, json.dumps({"time": hour(1), "value": 5}), qos=1)
            publisher.loop(0.1)
        publisher.disconnect()

    thread = threading.Thread(target=publish_when_ready)
    thread.start()
    try:
        call_command(
            "mqttingest",
            "--max-messages",
            "1",
            "--seconds",
            "30",
            stdout=out,
            stderr=io.StringIO(),
        )
    finally:
        done.set()
        thread.join()
    assert out.getvalue() == "messages=1\n"
    assert Reading.objects.get().value == 5


def test_a_message_with_a_nul_character_is_kept_readably(water):
    outcome = handle("m/devices/+/readings", "m/devices/C-0042/readings", b'{"value": 1\x00')
    assert outcome.rejected[0].reason == "message illisible (JSON invalide)"
    assert RejectedReading.objects.get().payload == '{"value": 1\ufffd'


@needs_broker
def test_a_relaying_subscriber_hands_messages_to_background_tasks(
    water, django_capture_on_commit_callbacks, monkeypatch
):
    from massalia.connected import tasks
    from massalia.core import tasks as core_tasks

    relayed = []
    original = tasks.ingest_mqtt_message

    def spy(**kwargs):
        relayed.append(kwargs["topic"])
        return original(**kwargs)

    monkeypatch.setitem(core_tasks._registry, "massalia.connected.tasks.ingest_mqtt_message", spy)
    prefix = f"massalia-test-{uuid.uuid4().hex[:12]}"
    subscriber = Subscriber(Broker(HOST, PORT), f"{prefix}/devices/+/readings", relay=True)
    subscriber.connect()
    publisher = paho.Client(paho.CallbackAPIVersion.VERSION2)
    publisher.connect(HOST, PORT)
    publisher.loop_start()
    try:
        topic = f"{prefix}/devices/C-0042/readings"
        publisher.publish(topic, json.dumps({"time": hour(1), "value": 7}), qos=1).wait_for_publish(
            10
        )
        with django_capture_on_commit_callbacks(execute=True):
            assert subscriber.run(max_messages=1, timeout=30) == 1
    finally:
        publisher.loop_stop()
        publisher.disconnect()
        subscriber.close()
    assert relayed == [topic]
    assert Reading.objects.get().value == 7


def test_a_relay_that_fails_stores_the_message_itself(water, monkeypatch):
    subscriber = Subscriber(Broker(HOST, PORT), "m/devices/+/readings", relay=True)

    def down(*args, **kwargs):
        raise ConnectionError("file d'attente injoignable")

    monkeypatch.setattr(subscriber, "_relay", down)

    class Message:
        topic = "m/devices/C-0042/readings"
        payload = json.dumps({"time": hour(1), "value": 9}).encode()

    subscriber._message(None, None, Message())
    assert Reading.objects.get().value == 9
