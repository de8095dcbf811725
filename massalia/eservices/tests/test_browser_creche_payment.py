"""In a browser without JavaScript, on a phone: a parent opens her crèche invoice, reads its
lines and rate, pays it through the test provider (which notifies the platform over HTTP) and
comes back to the invoice paid, with its receipt. Axe-clean and under 150 KB, each page."""

from __future__ import annotations

import pytest

from massalia.eservices import contracts
from massalia.eservices.models import Invoice
from massalia.eservices.tests import test_creche_billing as billing_tests
from massalia.eservices.tests import test_creche_flow as flow
from massalia.portal.tests.browser import PHONE, assert_accessible, sign_in
from massalia.testing import PASSWORD

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("streets"),
]
petite_enfance = flow.petite_enfance
paula = flow.paula
three = flow.three
contract = billing_tests.contract
BUDGET = 150 * 1024


def weighed(page, action) -> int:
    """Bytes received (headers and bodies) by the page `action` leads to, and what it loads."""
    received: dict[str, int] = {}

    def count(request) -> None:
        sizes = request.sizes()
        received[request.url] = sizes["responseHeadersSize"] + sizes["responseBodySize"]

    page.on("requestfinished", count)
    action()
    page.wait_for_load_state("networkidle")
    page.remove_listener("requestfinished", count)
    return sum(received.values())


def test_a_parent_pays_her_invoice_through_the_test_provider(live_server, nojs_page, contract):
    invoice = contracts.invoice_month(month=contract.starts_on).issued[0]
    page = nojs_page
    page.set_viewport_size(PHONE)
    sign_in(page, live_server.url, login="fanny@example.org", password=PASSWORD)

    assert weighed(page, lambda: page.goto(f"{live_server.url}/demarches/factures/")) < BUDGET
    assert "émise" in page.get_by_role("row", name=invoice.number).inner_text()
    assert_accessible(page)

    size = weighed(page, lambda: page.get_by_role("link", name=invoice.number).click())
    assert size < BUDGET
    main = page.inner_text("main")
    assert "Contrat mensualisé" in main and "Comment votre tarif horaire est calculé" in main
    assert_accessible(page)

    page.get_by_role("button", name="Payer en ligne").click()
    assert "Prestataire de test" in page.inner_text("body")
    page.get_by_role("button", name="Payer", exact=True).click()

    # Back on the receipt, after the provider's notification reached the platform.
    assert "Reçu de paiement" in page.inner_text("main")
    assert_accessible(page)
    invoice.refresh_from_db()
    assert invoice.status == Invoice.Status.PAID

    page.goto(f"{live_server.url}/demarches/factures/{invoice.pk}/")
    assert "Cette facture est payée." in page.inner_text("main")
    assert not page.get_by_role("button", name="Payer en ligne").count()
    page.get_by_role("link", name="Voir le reçu du paiement").click()
    assert invoice.number in page.inner_text("main")


def test_the_agent_issues_the_month_and_credits_an_invoice(live_server, page, contract):
    page.set_viewport_size(PHONE)
    sign_in(page, live_server.url, login="paula@example.org", password=PASSWORD)
    month = f"{contract.starts_on:%Y-%m}"
    page.goto(f"{live_server.url}/demarches/creche/facturation/?month={month}")
    assert "Contrats du mois sans facture" in page.inner_text("main")
    assert_accessible(page)
    page.get_by_role("button", name="Émettre les factures du mois").click()
    assert "1 facture(s) émise(s)" in page.inner_text("main")
    invoice = Invoice.objects.get()
    assert invoice.number in page.get_by_role("table").inner_text()
    assert_accessible(page)
    page.get_by_label("Motif").fill("Heures du contrat corrigées")
    page.get_by_role("button", name="Avoir et refacturer").click()
    assert f"Facture {invoice.number} annulée par un avoir" in page.inner_text("main")
    invoice.refresh_from_db()
    assert invoice.status == Invoice.Status.CANCELLED
    page.get_by_role("link", name=invoice.child_name).first.click()
    assert "Les chiffres du contrat" in page.inner_text("main")
    assert_accessible(page)
