"""The PSU hourly rate: resources held between floor and ceiling × the effort rate of the
family's column, rounded to the cent half up. Every expected figure is worked by hand in its
comment, on the 2026 barème: floor 814,62 €, ceiling 8 500 €, rates (% an hour) 0,0619 /
0,0516 / 0,0413 / 0,0310 (4 to 7) / 0,0206 (8 and more)."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from massalia.eservices import psu
from massalia.eservices.admin import PsuScaleForm
from massalia.eservices.models import PsuScale

RATES = {1: "0.0619", 2: "0.0516", 3: "0.0413", 4: "0.0310", 5: "0.0310", 6: "0.0310"}
RATES |= {7: "0.0310", 8: "0.0206"}
SCALE_2026 = psu.Scale(
    starts_on=datetime.date(2026, 1, 1),
    floor_cents=81462,
    ceiling_cents=850000,
    rates={n: Decimal(rate) for n, rate in RATES.items()},
)


def rate(resources_cents: int, children: int, disabled: int | bool = False) -> Decimal:
    return psu.hourly_rate(SCALE_2026, resources_cents, children, disabled)


@pytest.mark.parametrize(
    ("children", "expected"),
    [
        (1, 50),  # 814,62 € × 0,0619 % = 0,50424978 € → 50 c
        (2, 42),  # 814,62 € × 0,0516 % = 0,42034392 € → 42 c
        (3, 34),  # 814,62 € × 0,0413 % = 0,33643806 € → 34 c
        (4, 25),  # 814,62 € × 0,0310 % = 0,2525322 €  → 25 c
    ],
)
def test_it_reads_resources_below_the_floor_at_the_floor(children, expected):
    assert rate(50000, children) == expected  # 500 € a month is read as 814,62 €
    assert rate(0, children) == expected  # nil resources too


@pytest.mark.parametrize(
    ("children", "expected"),
    [
        (1, 526),  # 8 500 € × 0,0619 % = 5,2615 € → 5,26 €
        (2, 439),  # 8 500 € × 0,0516 % = 4,386 €  → 4,39 €
        (3, 351),  # 8 500 € × 0,0413 % = 3,5105 € → 3,51 €
        (4, 264),  # 8 500 € × 0,0310 % = 2,635 €  → 2,64 € (half up)
    ],
)
def test_it_reads_resources_above_the_ceiling_at_the_ceiling(children, expected):
    assert rate(1_200_000, children) == expected  # 12 000 € a month is read as 8 500 €
    assert rate(850000, children) == expected


@pytest.mark.parametrize(
    ("children", "expected"),
    [
        (1, 186),  # 3 000 € × 0,0619 % = 1,857 € → 1,86 €
        (2, 155),  # 3 000 € × 0,0516 % = 1,548 € → 1,55 €
        (3, 124),  # 3 000 € × 0,0413 % = 1,239 € → 1,24 €
        (4, 93),  # 3 000 € × 0,0310 % = 0,93 €
    ],
)
def test_it_applies_the_effort_rate_in_between(children, expected):
    assert rate(300000, children) == expected


def test_a_disabled_child_moves_the_family_to_the_next_rate():
    # 1 child who is disabled: the rate of 2, 3 000 € × 0,0516 % = 1,548 € → 1,55 €
    assert rate(300000, 1, True) == 155
    # 3 children, one disabled: the rate of 4, 3 000 € × 0,0310 % = 0,93 €
    assert rate(300000, 3, True) == 93
    # 3 children, two disabled: the rate of 5, still 0,0310 %
    assert rate(300000, 3, 2) == 93
    # 7 children, one disabled: the rate of 8 and more, 3 000 € × 0,0206 % = 0,618 € → 0,62 €
    assert rate(300000, 7, True) == 62
    assert rate(300000, 1, False) == 186


def test_eight_children_and_more_share_the_last_column():
    # 3 000 € × 0,0206 % = 0,618 € → 0,62 € for 8, 9 or 11 children
    assert rate(300000, 8) == rate(300000, 9) == rate(300000, 11) == 62


def test_it_rounds_half_a_cent_up():
    # 1 250 € × 0,0516 % = 0,645 € exactly: half up gives 65 c (half even would give 64)
    assert rate(125000, 2) == 65
    # 1 250,01 € × 0,0619 % = 0,77375619 € → 77 c
    assert rate(125001, 1) == 77


@pytest.mark.parametrize(
    ("resources", "children", "disabled"),
    [(-1, 1, False), (300000, 0, False), (300000, 1, 2), (300000, True, False)],
)
def test_impossible_inputs_are_refused_with_a_message(resources, children, disabled):
    with pytest.raises(psu.ScaleError) as refused:
        rate(resources, children, disabled)
    assert str(refused.value)


@pytest.mark.parametrize(
    ("floor", "ceiling", "rates"),
    [
        (0, 850000, RATES),
        (81462, 81462, RATES),
        (81462, 850000, {n: r for n, r in RATES.items() if n != 8}),
        (81462, 850000, RATES | {3: "0.0600"}),  # 3 children paying more than 2
        (81462, 850000, RATES | {1: "1.5"}),
    ],
)
def test_a_barème_that_cannot_be_right_is_refused(floor, ceiling, rates):
    with pytest.raises(psu.ScaleError):
        psu.Scale(
            starts_on=datetime.date(2026, 1, 1),
            floor_cents=floor,
            ceiling_cents=ceiling,
            rates={n: Decimal(r) for n, r in rates.items()},
        )


@pytest.mark.django_db
def test_the_published_figures_are_installed_with_their_periods(psu_scales):
    january_2025 = PsuScale.objects.in_force(datetime.date(2025, 6, 30))
    september_2025 = PsuScale.objects.in_force(datetime.date(2025, 9, 1))
    year_2026 = PsuScale.objects.in_force(datetime.date(2026, 12, 3))
    assert PsuScale.objects.in_force(datetime.date(2024, 12, 31)) is None
    assert (january_2025.floor_cents, january_2025.ceiling_cents) == (80100, 700000)
    assert (september_2025.floor_cents, september_2025.ceiling_cents) == (80100, 850000)
    assert (year_2026.floor_cents, year_2026.ceiling_cents) == (81462, 850000)
    assert "CONFIRMER" in january_2025.source  # the 2025 floor is derived, and says so
    assert year_2026.to_scale().rates == SCALE_2026.rates
    assert psu.hourly_rate(year_2026.to_scale(), 300000, 2, False) == 155


def _form_data(**changes: str) -> dict[str, str]:
    data = {"starts_on": "2027-01-01", "floor": "830,00", "ceiling": "8500", "source": "test"}
    data |= {f"rate_{n}": r for n, r in RATES.items()}
    return data | changes


@pytest.mark.django_db
def test_an_agent_enters_a_new_year_in_euros_and_percent():
    form = PsuScaleForm(data=_form_data(floor="830.00"))
    assert form.is_valid(), form.errors
    scale = form.save()
    scale.refresh_from_db()
    assert (scale.floor_cents, scale.ceiling_cents) == (83000, 850000)
    assert scale.effort_rates["8"] == "0.0206"
    assert PsuScale.objects.in_force(datetime.date(2027, 2, 1)) == scale


@pytest.mark.django_db
def test_the_admin_refuses_a_barème_out_of_order():
    form = PsuScaleForm(data=_form_data(rate_2="0.0700"))
    assert not form.is_valid()
    assert "ne peut pas dépasser" in str(form.errors)
    assert not PsuScale.objects.filter(starts_on=datetime.date(2027, 1, 1)).exists()


@pytest.mark.django_db
def test_the_barème_and_the_invoices_open_in_the_admin(admin_client, psu_scales):
    changelist = admin_client.get("/admin/eservices/psuscale/")
    assert changelist.status_code == 200
    assert "814,62 €" in changelist.content.decode()
    scale = PsuScale.objects.in_force(datetime.date(2026, 1, 1))
    page = admin_client.get(f"/admin/eservices/psuscale/{scale.pk}/change/").content.decode()
    assert 'name="rate_8"' in page and "0,0206" in page
    assert admin_client.get("/admin/eservices/invoice/").status_code == 200
    assert admin_client.get("/admin/eservices/invoice/add/").status_code == 403
