"""A person's updates are in their data export; erasing the account keeps an update's public
copy without its author, and does not pass the person for an agent in the trail."""

from __future__ import annotations

import pytest

from massalia.accounts import privacy
from massalia.servicerequests import contributions
from massalia.servicerequests.models import Contribution, HistoryEntry
from massalia.servicerequests.tests.contribution_helpers import public_case
from massalia.servicerequests.tests.helpers import png

WRITTEN = "Mon voisin M. Durand au 06 12 34 56 78 a vu le tagueur"


@pytest.fixture
def update(city, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return contributions.contribute(
        case=public_case(city), author=city.people["erin"], text=WRITTEN, photos=[png()]
    )


def test_it_exports_the_persons_updates_as_written(city, update):
    [exported] = privacy.export_user_data(user=city.people["erin"])["contributions"]
    assert exported["text"] == WRITTEN and exported["request_id"] == update.request_id
    assert "06 12 34 56 78" not in exported["public_text"]
    assert len(exported["photos"]) == 1


def test_erasing_the_account_keeps_only_the_public_copy_without_author(city, update):
    done = privacy.delete_account(user=city.people["erin"])
    assert done["anonymised_contributions"] == 1
    kept = Contribution.objects.get(pk=update.pk)
    assert kept.author is None and "06 12 34 56 78" not in kept.text
    assert kept.photos.get().author is None
    entry = HistoryEntry.objects.get(kind=HistoryEntry.Kind.CONTRIBUTION)
    assert entry.actor is None and "actor" not in entry.data
