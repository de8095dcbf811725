"""What the Open311 POST benchmarks share, on SQLite and PostgreSQL: a key, a body, a clean-up.

Django must be set up on the benchmark's database before any of these is called.
"""

from __future__ import annotations

import io
import json
import time
import urllib.parse
import urllib.request
import uuid
from datetime import date
from typing import Any

from bench import http_load

KEY_NAME = "bench"
MARKER = "[bench-post]"  # starts every description the POST benchmarks write
OPEN311 = "/open311/v2/requests.json"


def api_key() -> str:
    """A fresh key named KEY_NAME (the previous run's one is deleted once its rows are gone)."""
    from django.core.management import call_command

    from massalia.open311.models import ApiSubmission

    # Whichever app holds the keys, the submissions point at them.
    model = ApiSubmission._meta.get_field("api_key").related_model
    assert model is not None and not isinstance(model, str)
    keys = model._default_manager
    keys.filter(name=KEY_NAME, submissions__isnull=True).delete()
    keys.filter(name=KEY_NAME).update(name=f"{KEY_NAME}-{uuid.uuid4().hex[:8]}")
    printed = io.StringIO()
    call_command("apikey", "create", KEY_NAME, stdout=printed)
    return printed.getvalue().strip().splitlines()[-1]


def body(port: int, raw_key: str) -> str:
    """A form body for a public service without attributes, at a demo request's place; wrk
    makes each description unique."""
    services = _get_json(port, "/open311/v2/services.json")
    code = next(s["service_code"] for s in services if not s.get("metadata"))
    located = _get_json(port, f"{OPEN311}?page_size=20")
    sample = next(row for row in located if row.get("lat") is not None)
    run = uuid.uuid4().hex[:8]
    fields = {
        "api_key": raw_key,
        "service_code": code,
        "lat": sample["lat"],
        "long": sample["long"],
        "description": f"{MARKER} {run} {http_load.SLOT}-{http_load.NUMBER} : banc d'essai, "
        "à supprimer.",
    }
    return urllib.parse.urlencode(fields)


def first_post_ms(port: int, template: str) -> float:
    """How long the first POST a fresh server answers takes: the worker's first use of
    everything a POST needs (the pulse's language and topic models are loaded on first use)."""
    data = template.replace(http_load.SLOT, "first").replace(http_load.NUMBER, "0").encode()
    started = time.perf_counter()
    post = urllib.request.Request(
        f"http://127.0.0.1:{port}{OPEN311}", data=data, headers=http_load.FORM, method="POST"
    )
    with urllib.request.urlopen(post, timeout=60) as response:
        response.read()
    return round((time.perf_counter() - started) * 1000, 1)


def cleanup() -> int:
    """Delete the requests the POST benchmarks filed, the events they published and the pulse's
    messages made of them (their days recounted), so that runs do not pile up."""
    from django.utils import timezone

    from massalia.core.models import OutboxEvent
    from massalia.pulse import aggregates
    from massalia.pulse.models import Message
    from massalia.servicerequests.models import ServiceRequest

    rows = ServiceRequest.objects.filter(source="open311", description__startswith=MARKER)
    ids = list(rows.values_list("id", flat=True))
    days: set[date] = set()
    for start in range(0, len(ids), 1000):
        chunk = ids[start : start + 1000]
        messages = Message.objects.filter(external_id__in=[f"servicerequest:{i}" for i in chunk])
        days.update(timezone.localdate(t) for t in messages.values_list("published_at", flat=True))
        messages.delete()
        OutboxEvent.objects.filter(payload__request_id__in=chunk).delete()
        ServiceRequest.objects.filter(id__in=chunk).delete()
    aggregates.rebuild(days)
    return len(ids)


def _get_json(port: int, path: str) -> Any:
    with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=30) as response:
        return json.load(response)
