"""On a phone, with JavaScript and without: Alice follows the resolution email's link to her
request, says the problem persists, and the request goes back to the department, which the
public history shows; the page is axe clean and weighs under 150 KB."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.core import mail

from massalia.portal.tests import test_browser_weight as weight
from massalia.portal.tests.browser import PHONE, assert_accessible, sign_in
from massalia.portal.tests.test_browser_weight import BUDGET, measure
from massalia.servicerequests import correspondence, services
from massalia.servicerequests.models import CaseMessage, HistoryEntry, Status
from massalia.testing import PASSWORD, City, build_city, file_request

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# The whole application, WhiteNoise and compression included, as the page-weight test serves it.
collected = weight.collected
app_server = weight.app_server

STILL = "Le trou est revenu après la pluie, devant le 12."


@pytest.fixture
def town(transactional_db: Any) -> City:
    return build_city()


def _resolution_link(pk: int) -> str:
    """The path of Alice's request, as the resolution email gives it to her."""
    [email] = [m for m in mail.outbox if m.to == ["alice@example.org"]]
    assert "Le problème persiste ?" in email.body
    [link] = {u for u in re.findall(r"https?://\S+", str(email.body)) if f"/demandes/{pk}/" in u}
    return urlsplit(link).path


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "nojs"])
def test_it_reopens_a_resolved_request_on_a_phone(pages, app_server, town, javascript):
    pothole = file_request(town, "nid-de-poule", description="Trou profond devant le 12")
    mail.outbox.clear()
    services.change_status(
        case=pothole, actor=town.people["bob"], status="resolved", public_note="Rebouché."
    )
    path = _resolution_link(pothole.pk)

    options: dict[str, Any] = {"viewport": PHONE, "java_script_enabled": javascript}
    signing_in = pages(**options)
    sign_in(signing_in, app_server, login="alice@example.org", password=PASSWORD)
    alice = pages(storage_state=signing_in.context.storage_state(), **options)
    total, parts = measure(alice, app_server + path)  # a fresh cache, as from the email
    assert total <= BUDGET, parts
    form = alice.locator("form.reply")
    form.get_by_role("heading", name="Le problème persiste ?").wait_for()
    assert_accessible(alice)

    form.get_by_label("Votre message").fill(STILL)
    form.get_by_role("button", name="Rouvrir la demande").click()
    alice.get_by_text("La demande est rouverte : le service est prévenu.").wait_for()
    assert alice.url == app_server + path
    assert_accessible(alice)

    pothole.refresh_from_db()
    assert pothole.status == Status.IN_PROGRESS and pothole.closed_at is None
    assert pothole.messages.get(sender=CaseMessage.Sender.REQUESTER).body == STILL
    last = pothole.history.filter(kind=HistoryEntry.Kind.STATUS).last()
    assert last is not None and last.actor == town.people["alice"]

    # Anyone reading the request sees, in its public history, that it was reopened.
    visitor = pages(**options)
    visitor.goto(app_server + path)
    assert visitor.locator(".status").first.inner_text() == "en cours"
    timeline = visitor.locator("ol.timeline > li").last
    assert timeline.locator("strong").inner_text() == "En cours"
    assert correspondence.REOPENED in timeline.inner_text()
    assert STILL not in visitor.content()  # her words are for the department only
    assert visitor.get_by_role("heading", name="Le problème persiste ?").count() == 0
