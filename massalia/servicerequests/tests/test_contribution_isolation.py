"""A held update or photo is seen by its author and the moderators only: not by others, not
in Open311's media_url, not in the public exports."""

from __future__ import annotations

import json

import pytest
from django.test import Client
from django.urls import reverse

from massalia.core.moderation import State
from massalia.servicerequests import contributions
from massalia.servicerequests.tests.contribution_helpers import (
    page,
    post_update,
    public_case,
    signed_in,
)
from massalia.servicerequests.tests.helpers import png

TEXT = "Le tag a grandi depuis hier soir"


@pytest.fixture(autouse=True)
def held(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.SERVICEREQUESTS_HOLD_CONTRIBUTIONS = "first"


def _photo_url(photo):
    return reverse("servicerequests:attachment", args=[photo.upload_id])


def test_it_shows_a_held_update_and_photo_to_their_author_only(city):
    case = public_case(city)
    bob = signed_in("bob")
    response = post_update(bob, case, text=TEXT, photos=[png()])
    assert response.status_code == 302
    photo = case.attachments.get(contribution__isnull=False)
    assert photo.moderation == State.PENDING
    mine = page(bob, case)
    assert TEXT in mine and "en attente de modération" in mine and _photo_url(photo) in mine
    assert bob.get(_photo_url(photo)).status_code == 200
    for other in (Client(), signed_in("alice"), signed_in("erin")):
        assert TEXT not in page(other, case) and _photo_url(photo) not in page(other, case)
        assert other.get(_photo_url(photo)).status_code == 404
    # The case's department moderates: its agents open the held photo.
    assert signed_in("dave").get(_photo_url(photo)).status_code == 200


def test_it_keeps_held_and_hidden_photos_out_of_open311_and_the_exports(city):
    case = public_case(city)
    made = contributions.contribute(case=case, author=city.people["bob"], text=TEXT, photos=[png()])
    api = Client()

    def media_url() -> str:
        (row,) = json.loads(api.get("/open311/v2/requests.json").content)
        return str(row["media_url"])

    assert media_url() == ""
    for name in ("servicerequests:requests_csv", "servicerequests:requests_geojson"):
        export = b"".join(api.get(reverse(name)).streaming_content).decode("utf-8-sig")
        assert TEXT not in export and str(case.pk) in export
    photo = made.photos.get()
    dave = city.people["dave"]
    contributions.moderate(moderator=dave, action="publish", photo=photo)
    assert media_url().endswith(_photo_url(photo))
    contributions.moderate(
        moderator=dave, action="hide", reason="Données personnelles visibles", photo=photo
    )
    assert media_url() == ""
    assert Client().get(_photo_url(photo)).status_code == 404
    # Hidden, it is no longer its author's to open either: only the department sees it.
    assert signed_in("bob").get(_photo_url(photo)).status_code == 404
