"""On a phone: a citizen adds an update with a photo (held), a moderator publishes the update
and hides the photo with a reason, and the public page shows the update without the photo.
The citizen's and the visitor's pages without JavaScript, each axe-clean and under 150 KB."""

from __future__ import annotations

import re

import pytest

from massalia.portal.tests.browser import PHONE, assert_accessible, sign_in
from massalia.portal.tests.test_browser_weight import BUDGET, measure
from massalia.servicerequests import services
from massalia.servicerequests.models import Attachment, ContributionDecision
from massalia.servicerequests.tests.helpers import file_report, png
from massalia.testing import PASSWORD, build_city

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

UPDATE = "Le tag recouvre maintenant toute la porte"


@pytest.fixture
def case(transactional_db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.SERVICEREQUESTS_HOLD_CONTRIBUTIONS = "first"
    city = build_city()
    filed = file_report(city, who=None)  # Propreté: dave moderates it
    services.confirm_request(token=filed.confirmation_token)
    return filed


def test_a_held_update_is_published_and_its_photo_hidden(pages, live_server, case, tmp_path):
    base, url = live_server.url, f"{live_server.url}/demandes/{case.pk}/"
    photo = tmp_path / "porte.png"
    photo.write_bytes(png().read())

    citizen = pages(viewport=PHONE, java_script_enabled=False)
    sign_in(citizen, base, login="alice@example.org", password=PASSWORD)
    citizen.goto(url)
    citizen.get_by_label("Votre complément (facultatif si vous joignez une photo)").fill(UPDATE)
    citizen.get_by_label("Photos (facultatif)").set_input_files(str(photo))
    citizen.get_by_role("button", name="Envoyer le complément").click()
    citizen.wait_for_url(re.compile(rf"/demandes/{case.pk}/"))
    assert "en attente de modération" in citizen.content()
    assert citizen.get_by_text(UPDATE).is_visible()
    assert_accessible(citizen)
    held = Attachment.objects.get(contribution__isnull=False)
    assert held.moderation == "pending"

    moderator = pages(viewport=PHONE)
    sign_in(moderator, base, login="dave@example.org", password=PASSWORD)
    moderator.goto(f"{base}/agents/")
    moderator.get_by_role("link", name=re.compile("Compléments et photos à modérer")).click()
    assert_accessible(moderator)
    moderator.get_by_role("button", name="Publier le complément").click()
    moderator.get_by_text("La décision est enregistrée").wait_for()
    moderator.get_by_label(re.compile("^Motif")).fill("Données personnelles visibles")
    moderator.get_by_role("button", name="Masquer la photo").click()
    moderator.get_by_text("Aucune photo en attente.").wait_for()
    assert "Données personnelles visibles" in moderator.content()
    assert_accessible(moderator)
    assert ContributionDecision.objects.count() == 2

    visitor = pages(viewport=PHONE, java_script_enabled=False)
    total, parts = measure(visitor, url)
    assert total <= BUDGET, parts
    assert visitor.get_by_text(UPDATE).is_visible()
    assert f"/pieces-jointes/{held.upload_id}/" not in visitor.content()
    assert "en attente de modération" not in visitor.content()
    assert_accessible(visitor)
    visitor.screenshot(path=str(tmp_path / "public.png"), full_page=True)
