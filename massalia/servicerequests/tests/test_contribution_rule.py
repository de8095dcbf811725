"""Which contributions wait for a moderator: the rule SERVICEREQUESTS_HOLD_CONTRIBUTIONS."""

from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured

from massalia.core.moderation import HoldRule, State
from massalia.servicerequests import contributions
from massalia.servicerequests.tests.contribution_helpers import public_case
from massalia.servicerequests.tests.helpers import file_report, png


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _add(case, who, text="Le tag a été repeint en partie."):
    return contributions.contribute(case=case, author=who, text=text)


def test_it_reads_every_value_of_the_rule_and_refuses_others():
    assert HoldRule.parse("X", "none").holds(0) is False
    assert HoldRule.parse("X", "all").holds(50) is True
    first = HoldRule.parse("X", "first")
    assert first.holds(0) and not first.holds(1)
    three = HoldRule.parse("X", " First:3 ")
    assert three.holds(2) and not three.holds(3)
    for bad in ("some", "first:0", "first:-1", "first:x", ""):
        with pytest.raises(ImproperlyConfigured):
            HoldRule.parse("X", bad)


def test_it_holds_only_an_accounts_first_contribution_with_first(city, settings):
    settings.SERVICEREQUESTS_HOLD_CONTRIBUTIONS = "first"
    case = public_case(city)
    bob = city.people["bob"]
    held = _add(case, bob)
    assert held.moderation == State.PENDING
    assert _add(case, bob).moderation == State.PENDING  # nothing of his is public yet
    contributions.moderate(moderator=city.people["dave"], action="publish", contribution=held)
    assert _add(case, bob).moderation == State.PUBLISHED


def test_it_holds_everything_with_all_and_nothing_with_none(city, settings):
    case = public_case(city)
    settings.SERVICEREQUESTS_HOLD_CONTRIBUTIONS = "all"
    first = _add(case, city.people["bob"])
    contributions.moderate(moderator=city.people["dave"], action="publish", contribution=first)
    assert _add(case, city.people["bob"]).moderation == State.PENDING
    settings.SERVICEREQUESTS_HOLD_CONTRIBUTIONS = "none"
    assert _add(case, city.people["erin"]).moderation == State.PUBLISHED


def test_it_applies_the_rule_to_photos_filed_with_a_report(city, settings):
    settings.SERVICEREQUESTS_HOLD_CONTRIBUTIONS = "first"
    case = file_report(city, who="alice", photos=[png()])
    photo = case.attachments.get()
    assert photo.moderation == State.PENDING and photo.author == city.people["alice"]
    assert not case.attachments.public().exists()
    assert list(contributions.pending_photos(city.people["dave"])) == [photo]
    # A private case's photos are never public: they wait in no queue.
    file_report(city, who="alice", request_type=city.types["fuite-compteur"], photos=[png()])
    assert contributions.pending_photos(city.people["bob"]).count() == 0
    settings.SERVICEREQUESTS_HOLD_CONTRIBUTIONS = "none"
    assert file_report(city, who=None, photos=[png()]).attachments.public().count() == 1


def test_it_publishes_a_photo_only_update_by_its_photos_state(city, settings):
    settings.SERVICEREQUESTS_HOLD_CONTRIBUTIONS = "all"
    case = public_case(city)
    made = contributions.contribute(case=case, author=city.people["bob"], photos=[png()])
    assert made.text == "" and made.photos.get().moderation == State.PENDING
    assert contributions.pending_updates(city.people["dave"]).count() == 0
    assert contributions.pending_photos(city.people["dave"]).count() == 1
