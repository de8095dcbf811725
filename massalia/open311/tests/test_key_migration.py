"""Open311's keys move to core: same hashes (clients keep their keys), the scope they always
had, and which key filed which request still known."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import RequestFactory

from massalia.core.api.keys import authenticate_key, create_key, hash_key
from massalia.core.api.models import ApiKey
from massalia.servicerequests import services
from massalia.servicerequests.models import ServiceRequest
from massalia.testing import INSIDE

BEFORE = [("open311", "0002_confirmedaddress"), ("core", "0004_api_keys")]
AFTER = [("open311", "0004_submissions_point_at_core_keys")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.fixture
def before_the_move(transactional_db):
    apps = migrate(BEFORE)
    yield apps
    migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())


def test_it_moves_the_keys_to_core_with_their_hashes_and_submissions(before_the_move, city):
    OldKey = before_the_move.get_model("open311", "ApiKey")
    Submission = before_the_move.get_model("open311", "ApiSubmission")
    raw = "m311_cle-de-la-premiere-appli"
    old = OldKey.objects.create(name="appli", prefix=raw[:12], key_hash=hash_key(raw))
    OldKey.objects.create(
        name="ancienne", prefix="m311_ancienn", key_hash="0" * 64, is_active=False
    )
    lat, lon = INSIDE["BELSUNCE"]
    filed = services.submit_request(
        request_type=city.types["lampadaire"],
        description="Lampadaire éteint",
        latitude=lat,
        longitude=lon,
        requester=city.people["alice"],
    )
    Submission.objects.create(api_key_id=old.pk, request_id=filed.pk)

    migrate(AFTER)

    request = RequestFactory().get("/", {"api_key": raw})
    key = authenticate_key(request, scope="open311:write").require()
    assert (key.pk, key.name, key.scopes) == (old.pk, "appli", ["open311:write"])
    assert ServiceRequest.objects.get(pk=filed.pk).open311_submission.api_key == key
    revoked = ApiKey.objects.get(name="ancienne")
    assert not revoked.is_active
    # New keys get ids after the copied ones.
    assert create_key(name="nouvelle")[0].pk > revoked.pk
