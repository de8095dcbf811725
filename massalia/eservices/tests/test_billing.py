"""A crèche contract's monthly invoice: mensualisation, the absences the CNAF deducts (with
the waiting days of an illness), hours beyond the contract, rounding, and the credit note a
correction yields. Figures are worked by hand in the comments.

The contract: 1 September 2026 to 31 July 2027 (11 months), 40 h a week from Monday to Friday
(8 h a day), 47 weeks less 3 weeks of closure and 2 weeks of the family's holidays = 42 weeks.
Monthly hours: 42 × 40 ÷ 11 = 152,7272… → 152,73 h. Rate 1,86 € (3 000 €, one child, 2026).
March 2027 starts on a Monday and has 23 weekdays.
"""

from __future__ import annotations

import datetime
import threading
from decimal import Decimal

import pytest
from django.db import connection

from massalia.eservices import billing, invoices, privacy, services
from massalia.eservices.billing import Absence, AbsenceKind, Contract, LineKind
from massalia.eservices.models import Invoice

D = datetime.date
CONTRACT = Contract(
    starts_on=D(2026, 9, 1),
    ends_on=D(2027, 7, 31),
    hours_per_week=Decimal(40),
    weeks=Decimal(47),
    closure_weeks=Decimal(3),
    holiday_weeks=Decimal(2),
)
RATE = Decimal(186)
MARCH = D(2027, 3, 1)
FULL_MONTH = 28408  # 152,73 h × 1,86 € = 284,0778 € → 284,08 €


def march(
    *absences: Absence, extra_hours: Decimal = Decimal(0), waiting_days: int = 3
) -> billing.Draft:
    return billing.monthly_invoice(
        CONTRACT, RATE, MARCH, absences=absences, extra_hours=extra_hours, waiting_days=waiting_days
    )


def deducted(draft: billing.Draft) -> list[tuple[Decimal, int]]:
    return [(line.hours, line.amount_cents) for line in draft.lines if line.kind == "absence"]


def test_it_spreads_the_contract_evenly_over_its_months():
    assert (CONTRACT.attendance_weeks, CONTRACT.months) == (42, 11)
    assert CONTRACT.monthly_hours == Decimal("152.73")
    draft = march()
    (line,) = draft.lines
    assert line.label == "Contrat mensualisé : 42 semaines × 40 h ÷ 11 mois"
    assert (line.hours, line.rate_cents, line.amount_cents) == (Decimal("152.73"), 186, FULL_MONTH)
    assert draft.total_cents == FULL_MONTH
    # The same figure every month of the contract, whatever its number of weekdays.
    assert billing.monthly_invoice(CONTRACT, RATE, D(2027, 2, 14)).total_cents == FULL_MONTH


def test_a_calendar_year_contract():
    # 45 weeks × 30 h ÷ 12 months = 112,5 h; × 1,55 € = 174,375 € → 174,38 € (half up)
    year = Contract(
        starts_on=D(2027, 1, 1),
        ends_on=D(2027, 12, 31),
        hours_per_week=Decimal(30),
        weeks=Decimal(52),
        closure_weeks=Decimal(5),
        holiday_weeks=Decimal(2),
    )
    assert year.monthly_hours == Decimal("112.50")
    assert billing.monthly_invoice(year, Decimal(155), D(2027, 5, 1)).total_cents == 17438


def test_hospitalisation_is_deducted_from_the_first_day():
    # Tuesday 2 to Thursday 4 March: 3 days × 8 h = 24 h × 1,86 € = 44,64 €
    draft = march(Absence(AbsenceKind.HOSPITALISATION, D(2027, 3, 2), D(2027, 3, 4)))
    assert deducted(draft) == [(Decimal(-24), -4464)]
    assert draft.total_cents == FULL_MONTH - 4464
    assert "du 02/03/2027 au 04/03/2027 : 3 jours d'accueil déduits" in draft.lines[1].label
    # Without the hospital's paper, nothing is deducted.
    paperless = Absence(AbsenceKind.HOSPITALISATION, D(2027, 3, 2), D(2027, 3, 4), proof=False)
    assert march(paperless).total_cents == FULL_MONTH


def test_illness_is_deducted_after_three_calendar_days_of_waiting():
    # Monday 8 to Friday 12: 8, 9, 10 are the waiting days; 11 and 12 are deducted,
    # 2 × 8 h = 16 h × 1,86 € = 29,76 €
    illness = Absence(AbsenceKind.ILLNESS, D(2027, 3, 8), D(2027, 3, 12))
    draft = march(illness)
    assert deducted(draft) == [(Decimal(-16), -2976)]
    assert draft.lines[1].label.endswith("après 3 jours de carence")
    # Three days or less: all waiting, nothing deducted.
    assert march(Absence(AbsenceKind.ILLNESS, D(2027, 3, 8), D(2027, 3, 10))).lines[1:] == ()
    # Without a medical certificate, nothing is deducted.
    no_certificate = Absence(AbsenceKind.ILLNESS, D(2027, 3, 8), D(2027, 3, 12), proof=False)
    assert march(no_certificate).total_cents == FULL_MONTH


def test_the_waiting_period_is_configurable():
    # One day of waiting: Monday 8 is billed, 9 to 12 deducted, 4 × 8 h = 32 h → 59,52 €
    illness = Absence(AbsenceKind.ILLNESS, D(2027, 3, 8), D(2027, 3, 12))
    assert deducted(march(illness, waiting_days=1)) == [(Decimal(-32), -5952)]
    assert deducted(march(illness, waiting_days=0)) == [(Decimal(-40), -7440)]


def test_waiting_days_are_calendar_days_weekends_included():
    # Thursday 18 to Tuesday 23: waiting 18, 19, 20 (a Saturday); Sunday 21 is no day of care;
    # Monday 22 and Tuesday 23 deducted: 16 h → 29,76 €
    illness = Absence(AbsenceKind.ILLNESS, D(2027, 3, 18), D(2027, 3, 23))
    assert deducted(march(illness)) == [(Decimal(-16), -2976)]


def test_an_illness_across_two_months_waits_from_its_first_day():
    # Friday 26 February to Wednesday 3 March: 26, 27, 28 February wait; February deducts
    # nothing; March deducts 1, 2, 3: 24 h → 44,64 €
    illness = Absence(AbsenceKind.ILLNESS, D(2027, 2, 26), D(2027, 3, 3))
    february = billing.monthly_invoice(CONTRACT, RATE, D(2027, 2, 1), absences=[illness])
    assert february.total_cents == FULL_MONTH
    assert deducted(march(illness)) == [(Decimal(-24), -4464)]


def test_eviction_and_closure_are_deducted_from_the_first_day():
    # Eviction Monday 15 and Tuesday 16: 16 h → 29,76 €; closure Friday 26: 8 h → 14,88 €
    eviction = Absence(AbsenceKind.EVICTION, D(2027, 3, 15), D(2027, 3, 16))
    closure = Absence(AbsenceKind.CLOSURE, D(2027, 3, 26), D(2027, 3, 26))
    draft = march(closure, eviction)
    assert deducted(draft) == [(Decimal(-16), -2976), (Decimal(-8), -1488)]
    assert draft.total_cents == FULL_MONTH - 2976 - 1488
    assert draft.lines[2].label.startswith("Fermeture de la crèche du 26/03/2027")


def test_a_day_two_absences_cover_is_deducted_once():
    # Hospitalised 2 to 4 March, the crèche closed on the 3rd: 3 days, not 4
    hospital = Absence(AbsenceKind.HOSPITALISATION, D(2027, 3, 2), D(2027, 3, 4))
    closure = Absence(AbsenceKind.CLOSURE, D(2027, 3, 3), D(2027, 3, 3))
    assert deducted(march(hospital, closure)) == [(Decimal(-24), -4464)]


def test_a_month_never_deducts_more_than_its_contract_bills():
    # Hospitalised all March: 23 days × 8 h = 184 h, more than the 152,73 h billed
    hospital = Absence(AbsenceKind.HOSPITALISATION, D(2027, 3, 1), D(2027, 3, 31))
    assert deducted(march(hospital)) == [(Decimal("-152.73"), -FULL_MONTH)]
    assert march(hospital).total_cents == 0
    # Split in two, each line rounded on its own: 10 days → 80 h → 148,80 €; the rest,
    # 72,73 h × 1,86 € = 135,2778 € → 135,28 €; together exactly the month's 284,08 €.
    first = Absence(AbsenceKind.HOSPITALISATION, D(2027, 3, 1), D(2027, 3, 12))
    rest = Absence(AbsenceKind.EVICTION, D(2027, 3, 15), D(2027, 3, 31))
    assert deducted(march(first, rest)) == [(Decimal(-80), -14880), (Decimal("-72.73"), -13528)]
    assert march(first, rest).total_cents == 0
    assert march(hospital, extra_hours=Decimal("2.5")).total_cents == 465


def test_hours_beyond_the_contract_are_billed_at_the_same_rate():
    # 2,5 h × 1,86 € = 4,65 €; 1,333 h → 1,33 h × 1,86 € = 2,4738 € → 2,47 €
    draft = march(extra_hours=Decimal("2.5"))
    extra = draft.lines[-1]
    assert (extra.kind, extra.hours, extra.amount_cents) == (LineKind.EXTRA, Decimal("2.5"), 465)
    assert draft.total_cents == FULL_MONTH + 465
    assert march(extra_hours=Decimal("1.333")).lines[-1].amount_cents == 247


def test_hours_and_amounts_are_rounded_half_up_on_each_line():
    # 10 h a week over Monday, Wednesday, Friday: 3,333… h a day; 44 weeks × 10 h ÷ 11 = 40 h
    small = Contract(
        starts_on=D(2026, 9, 1),
        ends_on=D(2027, 7, 31),
        hours_per_week=Decimal(10),
        weeks=Decimal(44),
        weekdays=(0, 2, 4),
    )
    one_day = Absence(AbsenceKind.EVICTION, D(2027, 3, 1), D(2027, 3, 1))
    two_days = Absence(AbsenceKind.EVICTION, D(2027, 3, 1), D(2027, 3, 3))  # Mon and Wed
    first = billing.monthly_invoice(small, RATE, MARCH, absences=[one_day])
    second = billing.monthly_invoice(small, RATE, MARCH, absences=[two_days])
    # 40 h × 1,86 € = 74,40 €; 3,33 h × 1,86 € = 6,1938 € → 6,19 €; 6,67 h → 12,4062 € → 12,41 €
    assert first.lines[0].amount_cents == 7440
    assert deducted(first) == [(Decimal("-3.33"), -619)]
    assert deducted(second) == [(Decimal("-6.67"), -1241)]


@pytest.mark.parametrize(
    "changes",
    [
        {"ends_on": D(2026, 8, 1)},
        {"hours_per_week": Decimal(0)},
        {"hours_per_week": Decimal(80)},
        {"weekdays": ()},
        {"weekdays": (0, 7)},
        {"closure_weeks": Decimal(47)},
        {"holiday_weeks": Decimal(-1)},
    ],
)
def test_an_impossible_contract_is_refused_with_a_message(changes):
    fields = {
        "starts_on": D(2026, 9, 1),
        "ends_on": D(2027, 7, 31),
        "hours_per_week": Decimal(40),
        "weeks": Decimal(47),
    }
    with pytest.raises(billing.BillingError) as refused:
        Contract(**(fields | changes))
    assert str(refused.value)


def test_a_month_outside_the_contract_is_refused():
    with pytest.raises(billing.BillingError):
        billing.monthly_invoice(CONTRACT, RATE, D(2027, 8, 1))


def test_a_correction_cancels_every_line_and_owes_the_difference():
    issued = march()
    corrected = march(Absence(AbsenceKind.HOSPITALISATION, D(2027, 3, 2), D(2027, 3, 4)))
    fix = billing.correction(issued.lines, corrected)
    (credit,) = fix.credit_lines
    assert credit.label.startswith("Annulation : Contrat mensualisé")
    assert (credit.hours, credit.amount_cents) == (Decimal("-152.73"), -FULL_MONTH)
    assert fix.credit_cents == FULL_MONTH
    assert fix.difference_cents == -4464  # 239,44 € instead of 284,08 €


# Stored invoices -----------------------------------------------------------------------------


@pytest.fixture
def lina(city, psu_scales):
    household = services.open_household(user=city.people["alice"])
    return services.add_child(
        household=household, first_name="Lina", last_name="Martin", birth_date=D(2025, 3, 4)
    )


def issue(child, **options):
    fields = {
        "household": child.household,
        "child": child,
        "contract": CONTRACT,
        "month": MARCH,
        "monthly_resources_cents": 300000,
        "dependent_children": 1,
        "issued_on": D(2027, 4, 2),
    }
    return invoices.issue_invoice(**(fields | options))


def test_it_stores_a_numbered_invoice_with_its_figures(lina):
    invoice = issue(lina, extra_hours=Decimal("2.5"))
    assert invoice.number == "F2027-000001"
    assert (invoice.hourly_rate_cents, invoice.total_cents) == (186, FULL_MONTH + 465)
    assert invoice.scale.starts_on == D(2026, 1, 1)  # the barème in force on 1 March 2027
    assert invoice.due_on == D(2027, 5, 2)
    assert [line.amount_cents for line in invoice.lines.all()] == [FULL_MONTH, 465]
    assert invoice.contract() == CONTRACT
    assert invoice.child_name == "Lina Martin"


def test_numbers_run_unbroken_per_year(lina):
    assert issue(lina).number == "F2027-000001"
    assert issue(lina, month=D(2027, 4, 1)).number == "F2027-000002"
    assert issue(lina, month=D(2027, 5, 1), issued_on=D(2028, 1, 3)).number == "F2028-000001"


def test_a_correction_is_a_credit_note_never_an_edited_invoice(lina):
    invoice = issue(lina)
    hospital = Absence(AbsenceKind.HOSPITALISATION, D(2027, 3, 2), D(2027, 3, 4))
    note, replacement = invoices.correct_invoice(
        invoice=invoice, reason="Hospitalisation signalée après la facture", absences=[hospital]
    )
    invoice.refresh_from_db()
    assert note.number.startswith("A") and note.number.endswith("-000001")
    assert (note.amount_cents, note.refund_cents) == (FULL_MONTH, 0)
    assert invoice.status == Invoice.Status.CANCELLED
    assert invoice.total_cents == FULL_MONTH and invoice.lines.count() == 1  # untouched
    assert replacement.replaces == invoice
    assert replacement.total_cents == FULL_MONTH - 4464
    assert replacement.amount_due_cents == FULL_MONTH - 4464
    assert [line.amount_cents for line in invoices.credit_note_lines(note)] == [-FULL_MONTH]
    with pytest.raises(billing.BillingError):
        invoices.correct_invoice(invoice=invoice, reason="deux fois")


def test_a_paid_invoice_corrected_down_leaves_a_refund(lina):
    invoice = issue(lina)
    assert invoices.mark_paid(invoice=invoice, on=D(2027, 4, 10))
    assert not invoices.mark_paid(invoice=invoice)  # a repeated confirmation pays nothing
    hospital = Absence(AbsenceKind.HOSPITALISATION, D(2027, 3, 2), D(2027, 3, 4))
    note, replacement = invoices.correct_invoice(
        invoice=invoice, reason="Hospitalisation", absences=[hospital]
    )
    assert replacement.credit_applied_cents == FULL_MONTH - 4464
    assert replacement.status == Invoice.Status.PAID and replacement.amount_due_cents == 0
    assert note.refund_cents == 4464


def test_a_correction_needs_a_reason(lina):
    invoice = issue(lina)
    with pytest.raises(billing.BillingError):
        invoices.correct_invoice(invoice=invoice, reason="  ")
    invoice.refresh_from_db()
    assert invoice.status == Invoice.Status.ISSUED


def test_unpaid_invoices_fall_overdue_and_count_their_reminders(lina):
    invoice = issue(lina)
    assert invoices.mark_overdue(today=D(2027, 5, 2)) == 0  # due that day
    assert invoices.mark_overdue(today=D(2027, 5, 3)) == 1
    invoices.record_reminder(invoice=invoice, on=D(2027, 5, 3))
    invoice.refresh_from_db()
    assert (invoice.status, invoice.reminders_sent) == (Invoice.Status.OVERDUE, 1)
    assert invoices.mark_paid(invoice=invoice)


def test_it_refuses_a_month_without_a_barème_and_another_familys_child(lina, city):
    with pytest.raises(billing.BillingError) as refused:
        issue(
            lina,
            contract=Contract(D(2024, 1, 1), D(2024, 12, 31), Decimal(40), Decimal(45)),
            month=D(2024, 3, 1),
        )
    assert "Aucun barème" in str(refused.value)
    other = services.open_household(user=city.people["bob"])
    with pytest.raises(billing.BillingError):
        issue(lina, household=other)
    assert not Invoice.objects.exists()


def test_an_invoice_outlives_the_family_account_it_was_billed_to(lina, city):
    # An invoice is an accounting record: erasing the account keeps it, without the link.
    invoice = issue(lina)
    privacy.erase(city.people["alice"])
    invoice.refresh_from_db()
    assert (invoice.household, invoice.child) == (None, None)
    assert (invoice.number, invoice.child_name, invoice.total_cents) == (
        "F2027-000001",
        "Lina Martin",
        FULL_MONTH,
    )


# Serialized rollback: the flush after a transactional test would drop the barème rows the
# migration installed, which the other tests read.
@pytest.mark.django_db(transaction=True)
def test_parallel_invoices_take_distinct_numbers_without_gaps(lina):
    months = [D(2026, 9, 1), D(2026, 10, 1), D(2026, 11, 1), D(2026, 12, 1)]
    months += [D(2027, 1, 1), D(2027, 2, 1), D(2027, 3, 1), D(2027, 4, 1)]
    start = threading.Barrier(len(months))
    numbers: list[str] = []
    errors: list[str] = []

    def clerk(month: datetime.date) -> None:
        try:
            start.wait(timeout=30)
            numbers.append(issue(lina, month=month).number)
        except Exception as error:  # any failure is reported by the assertion below
            errors.append(repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=clerk, args=(month,)) for month in months]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert sorted(numbers) == [f"F2027-{n:06d}" for n in range(1, len(months) + 1)]
