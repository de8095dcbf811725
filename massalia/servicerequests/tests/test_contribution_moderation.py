"""The agents' moderation: the queue of their departments' held items, one audit row per
decision (who, when, what, why) shown on the item, a reason to hide, the inbox counter."""

from __future__ import annotations

import html

import pytest
from django.urls import reverse

from massalia.core.extensions import sections_for
from massalia.core.moderation import State
from massalia.servicerequests import contributions
from massalia.servicerequests.models import ContributionDecision
from massalia.servicerequests.tests.contribution_helpers import public_case, signed_in
from massalia.servicerequests.tests.helpers import file_report, png

QUEUE = reverse("cases:moderation")


@pytest.fixture(autouse=True)
def held(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.SERVICEREQUESTS_HOLD_CONTRIBUTIONS = "all"


@pytest.fixture
def update(city):
    case = public_case(city)  # Propreté: dave's department
    return contributions.contribute(
        case=case, author=city.people["bob"], text="Le tag est revenu", photos=[png()]
    )


def _decide(client, update, item, **data):
    url = reverse("cases:moderate_case", args=[update.request_id])
    return client.post(url, {"item": item, **data})


def test_it_lists_held_items_to_the_cases_department_only(city, update):
    dave = signed_in("dave")
    queue = dave.get(QUEUE).content.decode()
    assert "Le tag est revenu" in queue and "Photos en attente (1)" in queue
    assert "Le tag est revenu" not in signed_in("erin").get(QUEUE).content.decode()
    assert signed_in("alice").get(QUEUE).status_code == 403
    case_page = reverse("cases:moderate_case", args=[update.request_id])
    assert signed_in("erin").get(case_page).status_code == 403
    panel = dave.get(reverse("cases:request", args=[update.request_id])).content.decode()
    assert "dont <strong>2 en attente de modération</strong>" in panel and case_page in panel
    (section,) = [s for s in sections_for(city.people["dave"]) if "Modération" in s.section.title]
    assert section.counters[0].value == 2 and section.counters[0].url == QUEUE


def test_it_writes_one_audit_row_per_decision_shown_on_the_item(city, update):
    dave = signed_in("dave")
    photo = update.photos.get()
    assert _decide(dave, update, f"update-{update.pk}", action="publish").status_code == 302
    hidden = _decide(
        dave, update, f"photo-{photo.pk}", action="hide", reason="Données personnelles visibles"
    )
    assert hidden.status_code == 302
    update.refresh_from_db()
    photo.refresh_from_db()
    assert update.moderation == State.PUBLISHED and photo.moderation == State.HIDDEN
    rows = list(ContributionDecision.objects.order_by("pk"))
    assert [(r.action, r.moderator, r.contribution_id, r.attachment_id) for r in rows] == [
        ("publish", city.people["dave"], update.pk, None),
        ("hide", city.people["dave"], None, photo.pk),
    ]
    assert rows[1].reason == "Données personnelles visibles" and rows[1].decided_at
    shown = html.unescape(
        dave.get(reverse("cases:moderate_case", args=[update.request_id])).content.decode()
    )
    assert "Dave : masquer (« Données personnelles visibles »)" in shown
    assert "Dave : publier" in shown


def test_it_refuses_to_hide_without_a_reason_or_an_item_of_another_case(city, update):
    dave = signed_in("dave")
    photo = update.photos.get()
    refused = _decide(dave, update, f"photo-{photo.pk}", action="hide", reason=" ")
    assert refused.status_code == 400 and "motif du masquage" in refused.content.decode()
    other = public_case(city)
    stranger = contributions.contribute(case=other, author=city.people["bob"], text="Autre")
    assert _decide(dave, update, f"update-{stranger.pk}", action="publish").status_code == 400
    assert _decide(dave, update, "update-x", action="publish").status_code == 400
    assert _decide(dave, update, f"update-{update.pk}", action="delete").status_code == 400
    assert not ContributionDecision.objects.exists()
    photo.refresh_from_db()
    assert photo.moderation == State.PENDING


def test_it_hides_a_photo_that_was_public_from_the_start(city, settings):
    settings.SERVICEREQUESTS_HOLD_CONTRIBUTIONS = "none"
    case = file_report(city, who="alice", photos=[png()])
    photo = case.attachments.public().get()
    decision = contributions.moderate(
        moderator=city.people["root"], action="hide", reason="Une plaque lisible", photo=photo
    )
    assert decision.moderator_name == "Root" and not case.attachments.public().exists()
