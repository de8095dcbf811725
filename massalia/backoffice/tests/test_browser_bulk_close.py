"""On a phone, with JavaScript and without: Bob, of the Voirie, opens his inbox, picks an
answer template, ticks ten requests and marks them resolved in one action; each request gets
its own history row, its note filled from the template, and its email; the inbox is axe clean
and weighs under 150 KB."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail

from massalia.portal.tests import test_browser_weight as weight
from massalia.portal.tests.browser import PHONE, assert_accessible, sign_in
from massalia.portal.tests.test_browser_weight import BUDGET, measure
from massalia.servicerequests.models import AnswerTemplate, HistoryEntry, ServiceRequest, Status
from massalia.testing import PASSWORD, City, build_city, file_request

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# The whole application, WhiteNoise and compression included, as the page-weight test serves it.
collected = weight.collected
app_server = weight.app_server

DONE = "Bonjour, la demande n° {numero} ({type}, {quartier}) est traitée par le service {service}."


@pytest.fixture
def town(transactional_db: Any) -> City:
    city = build_city()
    AnswerTemplate.objects.create(
        department=city.departments["voirie"], title="Rebouché", body=DONE
    )
    return city


def _filled(case: ServiceRequest) -> str:
    return (
        f"Bonjour, la demande n° {case.pk} (Nid-de-poule, Noailles) est traitée par le "
        "service Voirie."
    )


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "nojs"])
def test_it_closes_ten_requests_with_one_template_on_a_phone(pages, app_server, town, javascript):
    potholes = [
        file_request(town, "nid-de-poule", description=f"Trou n° {i} rue d'Aubagne")
        for i in range(12)
    ]
    chosen, left = potholes[:10], potholes[10:]
    mail.outbox.clear()

    options: dict[str, Any] = {"viewport": PHONE, "java_script_enabled": javascript}
    signing_in = pages(**options)
    sign_in(signing_in, app_server, login="bob@example.org", password=PASSWORD)
    bob = pages(storage_state=signing_in.context.storage_state(), **options)
    total, parts = measure(bob, f"{app_server}/agents/voirie/")
    assert total <= BUDGET, parts
    assert_accessible(bob)

    form = bob.locator("form.bo-bulk-form")
    form.get_by_label("Réponse type (remplie pour chaque demande)").select_option(label="Rebouché")
    form.get_by_label("Action").select_option(label="Passer à « résolue »")
    for case in chosen:
        checkbox = form.get_by_label(f"Cocher la demande n° {case.pk}", exact=True)
        checkbox.check()  # Playwright clicks it only if shown and uncovered at 390 px
    # After ticking cards down the list, the button below it (a phone's page is long).
    form.get_by_role("button", name="Appliquer aux demandes cochées").click()
    bob.get_by_text("10 demandes mises à jour.").wait_for()
    assert_accessible(bob)

    for case in chosen:
        case.refresh_from_db()
        [entry] = case.history.filter(kind=HistoryEntry.Kind.STATUS)
        assert case.status == Status.RESOLVED and entry.actor == town.people["bob"]
        assert entry.public_note == _filled(case)
    for case in left:
        case.refresh_from_db()
        assert case.status == Status.NEW
    # One email for each request closed, to Alice who filed them, with its own filled note.
    assert len(mail.outbox) == 10
    for case in chosen:
        [email] = [m for m in mail.outbox if _filled(case) in str(m.body)]
        assert email.to == ["alice@example.org"]
