"""POST /telemetry/v1/readings: JSON and CSV batches, stored once, bad rows kept with reasons."""

from __future__ import annotations

import json
from datetime import datetime, timedelta

import pytest
from django.test import override_settings
from django.utils import timezone

from massalia.connected.models import Device, Reading, RejectedReading

pytestmark = pytest.mark.django_db
URL = "/telemetry/v1/readings"


def hours_ago(n: float) -> str:
    moment = timezone.now().replace(minute=0, second=0, microsecond=0) - timedelta(hours=n)
    return moment.isoformat()


def batch(device="C-0042", start=1000, hours=(5, 4, 3, 2, 1)):
    return [
        {"device": device, "time": hours_ago(h), "value": start + 10 * i}
        for i, h in enumerate(hours)
    ]


def post_json(client, body, key, **extra):
    return client.post(
        URL,
        data=json.dumps(body),
        content_type="application/json",
        headers={"X-Api-Key": key} if key else {},
        **extra,
    )


def post_csv(client, text, key):
    return client.post(URL, data=text, content_type="text/csv", headers={"X-Api-Key": key})


def test_a_meter_sends_its_readings_with_its_own_key(client, water):
    response = post_json(client, batch(), water.meter_key)
    assert response.status_code == 200
    assert response.json() == {"received": 5, "stored": 5, "duplicates": 0, "rejected": []}
    assert Reading.objects.filter(device=water.meter).count() == 5
    water.meter.refresh_from_db()
    assert water.meter.last_seen_at == datetime.fromisoformat(hours_ago(1))
    assert water.meter.review_pending


def test_a_batch_sent_twice_is_stored_once(client, water):
    post_json(client, batch(), water.gateway_key)
    again = post_json(client, batch(), water.gateway_key)
    assert again.status_code == 200
    assert again.json()["stored"] == 0
    assert again.json()["duplicates"] == 5
    assert Reading.objects.count() == 5


def test_late_and_out_of_order_rows_take_their_place(client, water):
    post_json(client, batch(hours=(5, 1)), water.gateway_key)
    late = batch(start=2000, hours=(3, 4, 2))
    response = post_json(client, late, water.gateway_key)
    assert response.json()["stored"] == 3
    times = list(Reading.objects.order_by("time").values_list("value", flat=True))
    assert times == [1000, 2010, 2000, 2020, 1010]


def test_a_row_repeated_in_one_batch_counts_once(client, water):
    rows = batch(hours=(2, 1))
    response = post_json(client, [*rows, rows[0]], water.gateway_key)
    assert response.json() == {"received": 3, "stored": 2, "duplicates": 1, "rejected": []}


def test_values_come_back_as_sent_whatever_characters_they_hold(client, water):
    # COPY's text format gives backslashes, tabs and line breaks a meaning of their own.
    note = "a\\b\tc\nd\re \\N « é » \u2028"
    rows = [
        {"device": "C-0042", "time": hours_ago(3), "value": 1234.5678, "note": note},
        {"device": "C-0042", "time": "2026-01-01T00:00:00.123456+05:30", "value": 1e-7,
         "alarms": ["leak"]},
    ]  # fmt: skip
    with_old = {"CONNECTED_READINGS_RETENTION_DAYS": 100_000}
    with override_settings(**with_old):
        assert post_json(client, rows, water.gateway_key).json()["stored"] == 2
    first, second = Reading.objects.order_by("-time")
    assert first.extra == {"note": note} and first.value == 1234.5678
    assert second.extra == {"alarms": ["leak"]} and second.value == 1e-7
    assert second.time == datetime.fromisoformat("2026-01-01T00:00:00.123456+05:30")


def test_a_csv_body_is_read_too(client, water):
    text = "device,time,value,battery\n" + "\n".join(
        f"C-0042,{row['time']},{row['value']},87" for row in batch()
    )
    response = post_csv(client, text, water.gateway_key)
    assert response.status_code == 200, response.content
    assert response.json()["stored"] == 5
    water.meter.refresh_from_db()
    assert water.meter.battery_percent == 87


def test_valid_rows_are_stored_and_bad_ones_kept_with_their_reasons(client, water):
    rows = batch(hours=(3, 2, 1))
    rows += [
        {"device": "C-9999", "time": hours_ago(1), "value": 5},
        {"device": "C-0042", "time": "hier", "value": 5},
        {"device": "C-0042", "time": hours_ago(0.5), "value": -3},
        {"device": "C-0042", "time": hours_ago(0.25), "value": "beaucoup"},
        {"device": "C-0042", "time": (timezone.now() + timedelta(days=1)).isoformat(), "value": 9},
        "pas un relevé",
    ]
    response = post_json(client, rows, water.gateway_key)
    assert response.status_code == 422
    body = response.json()
    assert body["stored"] == 3
    assert (
        body["error"]["message"] == "6 relevé(s) refusé(s) sur 9 ; les 3 autres sont enregistrés."
    )
    reasons = [r["reason"] for r in body["rejected"]]
    assert reasons[0] == "objet inconnu « C-9999 »"
    assert reasons[1] == "heure illisible « hier » (ISO 8601 attendu)"
    assert reasons[2] == "index négatif (-3)"
    assert reasons[3] == "index non numérique « beaucoup »"
    assert reasons[4].startswith("heure dans le futur")
    assert reasons[5].startswith("un relevé doit être un objet JSON")
    assert [r["position"] for r in body["rejected"]] == [3, 4, 5, 6, 7, 8]
    kept = RejectedReading.objects.order_by("position")
    assert kept.count() == 6
    assert kept[0].device_identifier == "C-9999" and kept[0].channel == "http"
    assert json.loads(kept[1].payload)["time"] == "hier"
    assert Reading.objects.count() == 3


def test_a_meter_key_sends_only_its_own_readings(client, water, city):
    from massalia.connected import services

    services.register_device(identifier="C-0043", kind=Device.Kind.WATER_METER)
    response = post_json(client, batch(device="C-0043"), water.meter_key)
    assert response.status_code == 422
    assert response.json()["rejected"][0]["reason"] == "cette clé est celle de l'objet « C-0042 »"
    assert Reading.objects.count() == 0


def test_a_retired_meter_is_refused(client, water):
    Device.objects.filter(pk=water.meter.pk).update(state=Device.State.RETIRED)
    response = post_json(client, batch(hours=(1,)), water.gateway_key)
    assert response.json()["rejected"][0]["reason"] == "objet retiré"


@pytest.mark.parametrize("key", ["", "m311_inventee"])
def test_a_missing_or_made_up_key_is_a_403(client, water, key):
    response = post_json(client, batch(), key)
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "invalid_api_key"
    assert "X-Api-Key" in response.json()["error"]["message"]
    assert Reading.objects.count() == 0


def test_a_key_without_the_scope_is_a_403(client, water):
    response = post_json(client, batch(), water.other_key)
    assert response.status_code == 403
    assert "telemetry:write" in response.json()["error"]["message"]


def test_a_hundred_thousand_rows_are_refused_with_a_413(client, water):
    rows = [{"device": "C-0042", "time": hours_ago(1), "value": i} for i in range(100_000)]
    response = post_json(client, rows, water.gateway_key)
    assert response.status_code == 413
    assert "trop volumineux" in response.json()["error"]["message"]
    assert Reading.objects.count() == 0


def test_a_batch_over_the_row_limit_is_refused_with_a_413(client, water, settings):
    settings.CONNECTED_BATCH_MAX_READINGS = 3
    response = post_json(client, batch(), water.gateway_key)
    assert response.status_code == 413
    assert response.json()["error"]["message"] == (
        "Lot trop grand : 5 relevés, 3 au plus par envoi ; découpez-le."
    )
    text = "device,time,value\n" + "\n".join(f"C-0042,{hours_ago(h)},1" for h in range(5))
    assert post_csv(client, text, water.gateway_key).status_code == 413


@pytest.mark.parametrize(
    ("body", "content_type", "message"),
    [
        ('[{"device": "C-0042",', "application/json", "n'est pas un JSON valide"),
        ('{"device": "C-0042"}', "application/json", "doit être une liste de relevés"),
        ("compteur;date;valeur\nC-0042;x;1", "text/csv", "colonne(s) device, time, value"),
        ("\n", "text/csv", "colonne(s) device, time, value"),
        ("device=C-0042", "application/x-www-form-urlencoded", "Format non pris en charge"),
        (b"\xff\xfe[", "application/json", "n'est pas en UTF-8"),
    ],
)
def test_an_unreadable_body_is_a_400(client, water, body, content_type, message):
    response = client.post(
        URL, data=body, content_type=content_type, headers={"X-Api-Key": water.gateway_key}
    )
    assert response.status_code == 400
    assert message in response.json()["error"]["message"]


def test_a_csv_row_with_missing_cells_is_refused_alone(client, water):
    text = f"device,time,value\nC-0042,{hours_ago(2)},10\nC-0042,{hours_ago(1)}\n"
    response = post_csv(client, text, water.gateway_key)
    assert response.status_code == 422
    assert response.json()["rejected"] == [
        {"position": 2, "device": "C-0042", "reason": "2 colonne(s) au lieu de 3"}
    ]
    assert Reading.objects.count() == 1


def test_only_post_is_allowed(client, water):
    response = client.get(URL)
    assert response.status_code == 405
    assert response["Allow"] == "POST"


def test_the_sender_is_rate_limited(client, water, limits, settings):
    settings.RATELIMIT_RATES = {"telemetry-post": "2/m"}
    for _ in range(2):
        assert post_json(client, batch(hours=(1,)), water.meter_key).status_code == 200
    refused = post_json(client, batch(hours=(1,)), water.meter_key)
    assert refused.status_code == 429
    assert "Retry-After" in refused


def test_a_late_batch_moves_neither_last_seen_nor_the_battery_back(client, water):
    recent = [{"device": "C-0042", "time": hours_ago(1), "value": 1010, "battery": 80}]
    late = [{"device": "C-0042", "time": hours_ago(9), "value": 1000, "battery": 95}]
    post_json(client, recent, water.gateway_key)
    post_json(client, late, water.gateway_key)
    water.meter.refresh_from_db()
    assert water.meter.last_seen_at == datetime.fromisoformat(hours_ago(1))
    assert water.meter.battery_percent == 80


@pytest.mark.parametrize(
    "entry",
    [
        {"device": {"a": 1}, "time": [], "value": {}},
        {"device": 42, "time": 1700000000, "value": True},
        {"device": "C-0042", "time": "99999-01-01T00:00:00+00:00", "value": 1},
        {"device": "C-0042", "time": "0001-01-01T00:00:00+14:00", "value": 1},
        {"device": "C-0042", "time": "2025-01-01T00:00:00+25:00", "value": 1},
        {"device": "C\u0000", "time": "2025-01-01T00:00:00Z", "value": 1},
        {"device": "C-0042", "time": "2025-01-01T00:00\u0000:00Z", "value": 1},
        {"device": "C-0042", "time": hours_ago(1), "value": 1, "note": "a\u0000b"},
        {"device": "x" * 5000, "time": hours_ago(1), "value": 1},
        {"device": "C-0042", "time": hours_ago(1), "value": "1e999"},
        {"device": "C-0042", "time": hours_ago(1), "value": 1, "battery": "plein"},
    ],
)
def test_odd_readings_are_refused_with_a_reason_never_a_500(client, water, entry):
    response = post_json(client, [entry, *batch(hours=(2,))], water.gateway_key)
    assert response.status_code == 422, response.content
    assert response.json()["stored"] == 1
    assert len(response.json()["rejected"]) == 1
    assert RejectedReading.objects.count() == 1
