"""How long a crèche file is kept: a closed application (`RETENTION_CRECHE_APPLICATIONS_DAYS`
after its case closed) unless its contract of care still runs or an appeal waits for its
answer; a settled invoice (`RETENTION_CRECHE_INVOICES_DAYS` after its month), never an unpaid
one.

The round of `test_creche_flow` (priority): Fanny gets crèche A, Hélène crèche B, Gaël none.
Fanny accepts (her contract starts on her application's date); Hélène withdraws."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from massalia.eservices import appeals, contracts, creches
from massalia.eservices.models import (
    CrecheApplication,
    CrecheContract,
    CreditNote,
    Invoice,
)
from massalia.eservices.privacy import PERSONAL_DATA
from massalia.eservices.tests import test_creche_billing as billing
from massalia.eservices.tests import test_creche_flow as flow

pytestmark = pytest.mark.usefixtures("streets")
petite_enfance = flow.petite_enfance
paula = flow.paula
three = flow.three
contract = billing.contract
DAY = datetime.timedelta(days=1)


@pytest.fixture
def withdrawn(contract, three):
    helene = three["helene"]
    creches.withdraw(application=helene, by=helene.case.requester)
    helene.case.refresh_from_db()
    return helene


def purge_all(*, now: datetime.datetime, dry_run: bool) -> dict[str, int]:
    return PERSONAL_DATA.purged(now, dry_run)


def kept() -> set[str]:
    return set(CrecheApplication.objects.values_list("child__first_name", flat=True))


def test_a_withdrawn_application_goes_two_years_after_closing(withdrawn, settings):
    assert settings.RETENTION_CRECHE_APPLICATIONS_DAYS == 730
    closed = withdrawn.case.closed_at
    assert closed is not None
    before = kept()
    counts = purge_all(now=closed + datetime.timedelta(days=730) - DAY, dry_run=False)
    assert counts["closed_creche_applications"] == 0 and kept() == before
    counts = purge_all(now=closed + datetime.timedelta(days=731), dry_run=False)
    assert counts["closed_creche_applications"] == 1
    assert kept() == before - {withdrawn.child.first_name}
    assert not CrecheApplication.objects.filter(pk=withdrawn.pk).exists()


def test_an_accepted_place_is_kept_while_its_contract_runs(contract, three, settings):
    fanny = three["fanny"]
    fanny.case.refresh_from_db()
    assert not fanny.case.is_open
    ends = datetime.datetime.combine(contract.ends_on, datetime.time(12), tzinfo=datetime.UTC)
    purge_all(now=ends + datetime.timedelta(days=729), dry_run=False)
    assert CrecheContract.objects.filter(pk=contract.pk).exists()
    purge_all(now=ends + datetime.timedelta(days=731), dry_run=False)
    assert not CrecheApplication.objects.filter(pk=fanny.pk).exists()
    assert not CrecheContract.objects.exists()


def test_an_open_application_is_never_purged(contract, three):
    gael = three["gael"]
    assert gael.case.is_open
    purge_all(now=timezone.now() + datetime.timedelta(days=5000), dry_run=False)
    assert CrecheApplication.objects.filter(pk=gael.pk).exists()


def test_an_appeal_waiting_for_its_answer_keeps_the_file(contract, three):
    gael = three["gael"]
    appeals.file_appeal(
        offer=flow.offer_of(gael), by=gael.case.requester, reasons="Ma situation a changé."
    )
    creches.withdraw(application=gael, by=gael.case.requester)
    purge_all(now=timezone.now() + datetime.timedelta(days=5000), dry_run=False)
    assert CrecheApplication.objects.filter(pk=gael.pk).exists()


def test_a_dry_run_counts_and_deletes_nothing(withdrawn):
    later = withdrawn.case.closed_at + datetime.timedelta(days=731)
    assert purge_all(now=later, dry_run=True)["closed_creche_applications"] == 1
    assert CrecheApplication.objects.filter(pk=withdrawn.pk).exists()


def month_start(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(), tzinfo=datetime.UTC)


def test_settled_invoices_go_after_ten_years_unpaid_ones_stay(contract, paula):
    month = billing.month_of(contract)
    paid = contracts.invoice_month(month=month).issued[0]
    next_month = (month + datetime.timedelta(days=32)).replace(day=1)
    unpaid = contracts.invoice_month(month=next_month).issued[0]
    Invoice.objects.filter(pk=paid.pk).update(status=Invoice.Status.PAID, paid_on=month)
    ten_years = datetime.timedelta(days=3650)
    counts = purge_all(now=month_start(month) + ten_years, dry_run=False)
    assert counts["settled_creche_invoices"] == 0
    counts = purge_all(now=month_start(next_month) + ten_years + DAY, dry_run=False)
    assert counts["settled_creche_invoices"] == 1
    assert list(Invoice.objects.values_list("pk", flat=True)) == [unpaid.pk]


def test_a_cancelled_invoice_goes_with_its_credit_note_once_its_replacement_is_paid(
    contract, paula
):
    month = billing.month_of(contract)
    first = contracts.invoice_month(month=month).issued[0]
    replacement = contracts.credit_and_reissue(invoice=first, reason="Heures corrigées", by=paula)
    later = month_start(month) + datetime.timedelta(days=3700)
    assert purge_all(now=later, dry_run=True)["settled_creche_invoices"] == 0
    Invoice.objects.filter(pk=replacement.pk).update(status=Invoice.Status.PAID, paid_on=month)
    assert purge_all(now=later, dry_run=False)["settled_creche_invoices"] == 2
    assert not Invoice.objects.exists() and not CreditNote.objects.exists()
