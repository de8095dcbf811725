"""A subscriber downloads their meters; erasing their account unlinks them, the meter stays."""

import pytest

from massalia.connected import privacy
from massalia.connected.models import Device

pytestmark = pytest.mark.django_db


def test_the_subscriber_downloads_their_meters(water, city):
    exported = privacy.PART.exported(city.people["alice"])
    assert [m["identifier"] for m in exported["meters"]] == ["C-0042"]
    assert privacy.PART.exported(city.people["bob"]) == {}


def test_erasing_the_account_unlinks_the_meter(water, city):
    assert privacy.PART.erased(city.people["alice"]) == {"meters_unlinked": 1}
    assert Device.objects.get(identifier="C-0042").subscriber is None
