"""From an accepted place to a paid invoice: the contract, the month's invoices (once), the
absences, the family's pages (theirs only), the online payment (once, for the amount due),
and the agents' billing screen.

The round of `test_creche_flow` (priority): Fanny gets crèche A, Hélène crèche B, Gaël none.
Fanny accepts: her contract starts on her application's date, 40 hours a week.
"""

from __future__ import annotations

import datetime
import logging
from decimal import ROUND_HALF_UP, Decimal

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from massalia.accounts import mandates
from massalia.accounts.models import User
from massalia.core.payments import services as payments
from massalia.core.payments import testing
from massalia.core.payments.models import Payment
from massalia.core.payments.providers import TestProvider
from massalia.eservices import contracts, creches, invoices, services
from massalia.eservices.models import CrecheContract, Invoice
from massalia.eservices.tests import test_creche_flow as flow

pytestmark = pytest.mark.usefixtures("streets")
petite_enfance = flow.petite_enfance
paula = flow.paula
three = flow.three
NOTIFY = reverse("payments:notify", args=["test"])


@pytest.fixture
def contract(three, petite_enfance, paula, psu_scales) -> CrecheContract:
    round = flow.a_round(petite_enfance)
    creches.run_round(round=round, actor=paula)
    creches.publish_round(round=round, actor=paula)
    fanny = three["fanny"]
    services.set_resources(household=fanny.household, monthly_resources=Decimal("3000"), year=2025)
    creches.accept(offer=flow.offer_of(fanny), by=fanny.case.requester)
    return CrecheContract.objects.get(offer__application=fanny)


def fanny() -> User:
    return User.objects.get(username="fanny")


def month_of(found: CrecheContract) -> datetime.date:
    return found.starts_on.replace(day=1)


# The contract ----------------------------------------------------------------------------------


def test_accepting_a_place_opens_its_contract_with_the_applications_figures(contract, three):
    application = three["fanny"]
    assert contract.creche.code == "a"
    assert contract.child == application.child
    assert contract.starts_on == application.start_on
    assert contract.hours_per_week == Decimal(40)
    assert contract.ends_on.month == 7 and contract.ends_on > contract.starts_on
    contract.figures()  # billable as opened


def test_only_the_accepted_place_has_a_contract(contract, three):
    assert not CrecheContract.objects.filter(offer__application=three["helene"]).exists()


def test_an_agent_adjusts_the_contract_and_an_impossible_one_is_refused(contract, paula):
    contracts.adjust_contract(contract=contract, by=paula, hours_per_week=Decimal(30))
    contract.refresh_from_db()
    assert (contract.hours_per_week, contract.changed_by) == (Decimal(30), paula)
    with pytest.raises(Exception, match="aucune semaine"):
        contracts.adjust_contract(contract=contract, by=paula, closure_weeks=contract.weeks)


# The month's invoices --------------------------------------------------------------------------


def test_invoicing_a_month_issues_each_contract_once(contract):
    month = month_of(contract)
    first = contracts.invoice_month(month=month)
    assert [i.creche_contract for i in first.issued] == [contract]
    again = contracts.invoice_month(month=month)
    assert (again.issued, again.already) == ([], 1)
    assert Invoice.objects.filter(creche_contract=contract, month=month).count() == 1


def test_the_invoice_reads_the_households_resources_and_children(contract):
    invoice = contracts.invoice_month(month=month_of(contract)).issued[0]
    assert invoice.monthly_resources_cents == 300000
    assert invoice.dependent_children == 1
    rate = invoice.scale.to_scale().rate_for(1) * 300000 / 100
    assert invoice.hourly_rate_cents == int(rate.quantize(Decimal(1)))
    contract_line = invoice.lines.get(position=1)
    assert contract_line.hours == contract.figures().monthly_hours


def test_a_month_outside_every_contract_bills_nothing(contract):
    before = contract.starts_on.replace(day=1) - datetime.timedelta(days=1)
    assert contracts.invoice_month(month=before).issued == []


def test_a_hospitalisation_is_deducted_from_the_month(contract, paula):
    month = month_of(contract)
    day = contract.starts_on
    while day.weekday() > 3:  # two weekdays the child attends
        day += datetime.timedelta(days=1)
    contracts.record_absence(
        contract=contract,
        by=paula,
        kind="hospitalisation",
        first_day=day,
        last_day=day + datetime.timedelta(days=1),
        proof=True,
    )
    invoice = contracts.invoice_month(month=month).issued[0]
    absence = invoice.lines.get(kind="absence")
    assert absence.hours == Decimal("-16.00")  # 2 days × 40 h / 5 days
    assert invoice.total_cents == sum(line.amount_cents for line in invoice.lines.all())


def test_the_command_invoices_the_month_and_a_rerun_issues_nothing(contract, capsys):
    month = f"{month_of(contract):%Y-%m}"
    call_command("creche", "invoice-month", month)
    assert f"month={month} issued=1 already=0 refused=0" in capsys.readouterr().out
    call_command("creche", "invoice-month", month)
    assert f"month={month} issued=0 already=1 refused=0" in capsys.readouterr().out


def test_the_command_refuses_an_unreadable_month(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="mois illisible"):
        call_command("creche", "invoice-month", "mars")


# Paying ----------------------------------------------------------------------------------------


@pytest.fixture
def invoice(contract) -> Invoice:
    return contracts.invoice_month(month=month_of(contract)).issued[0]


def test_the_amount_to_pay_comes_from_the_invoice(invoice):
    due = contracts.invoice_due(str(invoice.pk), fanny())
    assert due.amount_cents == invoice.amount_due_cents
    assert invoice.number in due.label


def test_another_family_cannot_pay_someone_elses_invoice(invoice):
    from massalia.core.payments.purposes import NotPayable

    with pytest.raises(NotPayable):
        contracts.invoice_due(str(invoice.pk), User.objects.get(username="gael"))


def test_a_paid_notification_pays_the_invoice_once(client, invoice, on_commit):
    payment = payments.start(
        purpose=contracts.PURPOSE, object_id=str(invoice.pk), user=fanny(), provider=TestProvider()
    )
    with on_commit():
        assert client.post(NOTIFY, testing.notification(payment)).status_code == 200
    invoice.refresh_from_db()
    assert invoice.status == Invoice.Status.PAID and invoice.paid_on is not None
    with on_commit():
        assert client.post(NOTIFY, testing.notification(payment)).status_code == 200
    invoice.refresh_from_db()
    assert invoice.status == Invoice.Status.PAID
    assert Payment.objects.filter(status=Payment.Status.PAID).count() == 1


def test_a_settlement_for_another_amount_pays_nothing_and_is_logged(invoice, caplog):
    with caplog.at_level(logging.ERROR, logger="massalia.eservices.billing"):
        paid = contracts.settle(
            object_id=str(invoice.pk),
            amount_cents=invoice.amount_due_cents - 1,
            paid_at="2027-01-05T10:00:00+01:00",
            reference="REF",
        )
    invoice.refresh_from_db()
    assert not paid and invoice.status == Invoice.Status.ISSUED
    assert "to reconcile" in caplog.text


def test_a_late_settlement_after_payment_pays_nothing_more(invoice):
    args = {"object_id": str(invoice.pk), "paid_at": "2027-01-05T10:00:00", "reference": "R"}
    assert contracts.settle(amount_cents=invoice.amount_due_cents, **args)
    assert not contracts.settle(amount_cents=invoice.amount_due_cents, **args)


def test_a_mediator_pays_for_the_family_they_act_for(invoice, db):
    mediator = User.objects.create_user(username="mona", email="mona@example.org", is_mediator=True)
    with pytest.raises(Exception, match="n'existe pas"):
        contracts.invoice_due(str(invoice.pk), mediator)
    mandates.record(mediator=mediator, person=fanny(), method="in_person")
    assert contracts.invoice_due(str(invoice.pk), mediator).amount_cents > 0


# The family's pages ----------------------------------------------------------------------------


def test_the_family_reads_its_invoice_lines_rate_and_pay_button(client, invoice):
    client.force_login(fanny())
    listing = client.get(reverse("eservices:invoices")).content.decode()
    assert invoice.number in listing
    page = client.get(reverse("eservices:invoice", args=[invoice.pk]))
    text = page.content.decode()
    assert page.status_code == 200
    assert "Contrat mensualisé" in text and "Payer en ligne" in text
    assert "3\u202f000,00\u00a0€" in text  # the resources the rate was read for
    assert len(page.content) < 150 * 1024


def test_another_family_gets_a_404(client, invoice):
    client.force_login(User.objects.get(username="gael"))
    assert client.get(reverse("eservices:invoice", args=[invoice.pk])).status_code == 404
    listing = client.get(reverse("eservices:invoices")).content.decode()
    assert invoice.number not in listing


def test_an_agent_of_the_crèche_does_not_read_the_familys_page(client, invoice, paula):
    client.force_login(paula)
    assert client.get(reverse("eservices:invoice", args=[invoice.pk])).status_code == 404


# The agents' billing screen --------------------------------------------------------------------


def test_the_agent_issues_the_month_from_the_screen_and_lists_it(client, contract, paula):
    client.force_login(paula)
    month = f"{month_of(contract):%Y-%m}"
    response = client.post(reverse("eservices:creche_issue_month"), {"month": month})
    assert response.status_code == 302
    assert Invoice.objects.filter(creche_contract=contract).count() == 1
    page = client.get(reverse("eservices:creche_billing"), {"month": month, "creche": "a"})
    assert Invoice.objects.get().number in page.content.decode()
    paid_only = client.get(reverse("eservices:creche_billing"), {"month": month, "status": "paid"})
    assert Invoice.objects.get().number not in paid_only.content.decode()


def test_a_bad_month_is_a_400_with_a_message(client, contract, paula):
    client.force_login(paula)
    response = client.post(reverse("eservices:creche_issue_month"), {"month": "13/2027"})
    assert response.status_code == 400
    assert "Mois illisible" in response.content.decode()


def test_a_credit_note_cancels_and_reissues_with_its_reason(client, invoice, paula):
    client.force_login(paula)
    url = reverse("eservices:creche_credit", args=[invoice.pk])
    assert client.post(url, {"reason": ""}).status_code == 400
    assert client.post(url, {"reason": "Hospitalisation oubliée"}).status_code == 302
    invoice.refresh_from_db()
    assert invoice.status == Invoice.Status.CANCELLED
    assert invoice.credit_note.reason == "Hospitalisation oubliée"
    assert invoice.replaced_by.creche_contract_id == invoice.creche_contract_id


def test_the_household_is_emailed_each_invoice_issued_and_its_replacement(
    contract, paula, on_commit
):
    with on_commit():
        [invoice] = contracts.invoice_month(month=month_of(contract)).issued
    [sent] = [m for m in mail.outbox if invoice.number in m.subject]
    assert sent.to == ["fanny@example.org"]
    amount = f"{invoice.amount_due_cents / 100:.2f}".replace(".", ",")
    assert f"{amount} €" in sent.body and f"{invoice.due_on:%d/%m/%Y}" in sent.body
    assert reverse("eservices:invoice", args=[invoice.pk]) in sent.body
    with on_commit():
        replacement = contracts.credit_and_reissue(invoice=invoice, reason="Erreur", by=paula)
    [again] = [m for m in mail.outbox if replacement.number in m.subject]
    assert f"Elle remplace la facture {invoice.number}" in again.body


def test_reminders_go_to_the_household_for_overdue_invoices(client, invoice, paula, on_commit):
    Invoice.objects.filter(pk=invoice.pk).update(due_on=datetime.date(2020, 1, 1))
    client.force_login(paula)
    with on_commit():
        client.post(reverse("eservices:creche_reminders"))
    invoice.refresh_from_db()
    assert (invoice.status, invoice.reminders_sent) == (Invoice.Status.OVERDUE, 1)
    assert [m.to for m in mail.outbox if invoice.number in m.subject] == [["fanny@example.org"]]
    with on_commit():
        client.post(reverse("eservices:creche_reminders"))
    invoice.refresh_from_db()
    assert invoice.reminders_sent == 1  # at most once a week


def test_the_treasury_export_lists_the_months_invoices(client, invoice, paula):
    client.force_login(paula)
    month = f"{invoice.month:%Y-%m}"
    response = client.get(reverse("eservices:creche_billing_export"), {"month": month})
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    assert text.splitlines()[0].startswith("Numéro;Mois facturé")
    assert invoice.number in text


def test_a_family_does_not_reach_the_billing_screen(client, invoice):
    client.force_login(fanny())
    assert client.get(reverse("eservices:creche_billing")).status_code in (403, 404)
    contract_page = reverse("eservices:creche_contract", args=[invoice.creche_contract_id])
    assert client.get(contract_page).status_code == 404


def test_the_agent_records_an_absence_from_the_contract_page(client, contract, paula):
    client.force_login(paula)
    url = reverse("eservices:creche_absence", args=[contract.pk])
    day = contract.starts_on
    bad = {"kind": "maladie", "first_day": day, "last_day": day - datetime.timedelta(days=2)}
    assert client.post(url, bad).status_code == 400
    good = {"kind": "maladie", "first_day": day, "last_day": day, "proof": "on"}
    assert client.post(url, good).status_code == 302
    assert contract.absences.count() == 1
    assert client.get(reverse("eservices:creche_contract", args=[contract.pk])).status_code == 200


def attended_day(contract: CrecheContract) -> datetime.date:
    day = contract.starts_on
    while day.weekday() not in contract.weekdays:
        day += datetime.timedelta(days=1)
    return day


def test_hours_beyond_the_contract_are_billed_with_their_month_at_its_rate(contract, paula):
    day = attended_day(contract)
    contracts.record_extra_hours(contract=contract, by=paula, day=day, hours=Decimal("1.5"))
    contracts.record_extra_hours(contract=contract, by=paula, day=day, hours=Decimal("0.75"))
    invoice = contracts.invoice_month(month=month_of(contract)).issued[0]
    extra = invoice.lines.get(kind="supplement")
    assert extra.hours == Decimal("2.25") and extra.rate_cents == invoice.hourly_rate_cents
    exact = Decimal("2.25") * invoice.hourly_rate_cents  # rounded half up to the cent
    assert extra.amount_cents == int(exact.quantize(Decimal(1), rounding=ROUND_HALF_UP))
    assert invoice.total_cents == sum(line.amount_cents for line in invoice.lines.all())
    next_month = (month_of(contract) + datetime.timedelta(days=32)).replace(day=1)
    later = contracts.invoice_month(month=next_month).issued[0]
    assert not later.lines.filter(kind="supplement").exists()


def test_the_agent_records_extra_hours_and_impossible_ones_are_refused(client, contract, paula):
    client.force_login(paula)
    url = reverse("eservices:creche_extra_hours", args=[contract.pk])
    day = attended_day(contract)
    saturday = day + datetime.timedelta(days=(5 - day.weekday()) % 7)
    for bad in (
        {"day": day, "hours": "13"},
        {"day": day, "hours": "-1"},
        {"day": day, "hours": "deux"},
        {"day": saturday, "hours": "1"},
        {"day": contract.ends_on + datetime.timedelta(days=7), "hours": "1"},
    ):
        refused = client.post(url, bad)
        assert refused.status_code == 400 and "error-summary" in refused.content.decode()
    assert client.post(url, {"day": day, "hours": "1.5"}).status_code == 302
    assert [e.hours for e in contract.extra_hours.all()] == [Decimal("1.5")]
    page = client.get(reverse("eservices:creche_contract", args=[contract.pk])).content.decode()
    assert f"1,50 h le {day:%d/%m/%Y}" in page


def test_no_invoice_is_issued_twice_even_by_the_write_itself(contract):
    """The partial unique index: a second live invoice of the same month is refused."""
    from django.db import IntegrityError

    contracts.issue_for(contract=contract, month=month_of(contract))
    with pytest.raises(IntegrityError):
        contracts.issue_for(contract=contract, month=month_of(contract))
    assert invoices.scale_for(month_of(contract)) is not None


# Personal data ---------------------------------------------------------------------------------


def test_the_family_downloads_its_invoices_and_erasing_keeps_them_unlinked(invoice):
    from massalia.eservices.privacy import PERSONAL_DATA

    exported = PERSONAL_DATA.exported(fanny())
    assert [i["number"] for i in exported["household"]["creche_invoices"]] == [invoice.number]
    assert exported["household"]["creche_invoices"][0]["monthly_resources_cents"] == 300000
    PERSONAL_DATA.erase(fanny())
    invoice.refresh_from_db()
    assert (invoice.household, invoice.creche_contract) == (None, None)
    assert not CrecheContract.objects.exists()


def test_the_billing_screen_lists_the_contracts_left_to_bill(client, contract, paula):
    client.force_login(paula)
    month = f"{month_of(contract):%Y-%m}"
    link = reverse("eservices:creche_contract", args=[contract.pk])
    assert (
        link in client.get(reverse("eservices:creche_billing"), {"month": month}).content.decode()
    )
    contracts.invoice_month(month=month_of(contract))
    page = client.get(reverse("eservices:creche_billing"), {"month": month}).content.decode()
    assert "Contrats du mois sans facture" not in page


def test_a_child_with_the_aeeh_moves_the_family_one_column(client, contract):
    client.force_login(fanny())
    child = contract.child
    response = client.post(
        reverse("eservices:edit_child", args=[child.pk]),
        {"first_name": child.first_name, "last_name": child.last_name,
         "birth_date": child.birth_date.isoformat(), "aeeh": "on"},
    )  # fmt: skip
    assert response.status_code == 302
    invoice = contracts.invoice_month(month=month_of(contract)).issued[0]
    assert (invoice.dependent_children, invoice.disabled_children) == (1, 1)
    rate = invoice.scale.to_scale().rate_for(2) * 300000 / 100
    assert invoice.hourly_rate_cents == int(rate.quantize(Decimal(1)))
    page = client.get(reverse("eservices:invoice", args=[invoice.pk])).content.decode()
    assert "un de plus par enfant en situation de handicap" in page


def test_the_invoice_reads_in_english_and_arabic(client, invoice):
    client.force_login(fanny())
    url = reverse("eservices:invoice", args=[invoice.pk])
    english = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "How your hourly rate is computed" in english and "issued" in english
    client.cookies["django_language"] = "ar"
    arabic = client.get(url).content.decode()
    assert "كيف يُحسب سعرك بالساعة" in arabic and "صادرة" in arabic
    assert 'dir="rtl"' in arabic


def test_an_agent_reminds_only_the_invoices_of_their_crèches(client, invoice, on_commit):
    from massalia.accounts.models import Membership
    from massalia.eservices.models import Creche
    from massalia.territory.models import Department

    other = Department.objects.create(code="autre", name="Autre", email="autre@ville.test")
    Creche.objects.create(code="z", name="Crèche d'ailleurs", department=other)
    olga = User.objects.create_user(username="olga-z", email="olga.z@ville.test")
    Membership.objects.create(user=olga, department=other)
    Invoice.objects.filter(pk=invoice.pk).update(due_on=datetime.date(2020, 1, 1))
    client.force_login(olga)
    with on_commit():
        assert client.post(reverse("eservices:creche_reminders")).status_code == 302
    invoice.refresh_from_db()
    assert invoice.reminders_sent == 0
    assert not [m for m in mail.outbox if invoice.number in m.subject]


def test_the_receipt_link_is_shown_to_whoever_may_read_it(client, invoice, on_commit):
    payment = payments.start(
        purpose=contracts.PURPOSE, object_id=str(invoice.pk), user=fanny(), provider=TestProvider()
    )
    with on_commit():
        client.post(NOTIFY, testing.notification(payment))
    receipt = reverse("payments:receipt", args=[payment.reference])
    client.force_login(fanny())
    assert receipt in client.get(reverse("eservices:invoice", args=[invoice.pk])).content.decode()
    partner = User.objects.create_user(username="felix", email="felix@example.org")
    from massalia.eservices.models import Adult

    Adult.objects.create(household=invoice.household, user=partner)
    client.force_login(partner)
    page = client.get(reverse("eservices:invoice", args=[invoice.pk])).content.decode()
    assert "Cette facture est payée." in page and receipt not in page


def test_the_inbox_counts_the_invoices_past_due_for_billing_agents(invoice, paula):
    from massalia.eservices.extensions import billing_counters

    assert [c.value for c in billing_counters(paula)] == [0]
    Invoice.objects.filter(pk=invoice.pk).update(due_on=datetime.date(2020, 1, 1))
    assert [c.value for c in billing_counters(paula)] == [1]
    assert billing_counters(fanny()) == []
