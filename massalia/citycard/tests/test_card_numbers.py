"""A card number is kept only as its keyed hash; typing mistakes are caught."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from massalia.citycard import numbers, services
from massalia.citycard.models import Card
from massalia.citycard.tests.conftest import number


@pytest.mark.django_db
def test_it_stores_the_keyed_hash_and_the_last_digits_only(settings):
    card = services.issue_card(number=number(1))
    digits = number(1)
    stored = Card.objects.filter(pk=card.pk).values().get()
    assert digits not in " ".join(str(v) for v in stored.values())
    assert card.last_digits == digits[-4:]
    settings.CITYCARD_NUMBER_KEY = "another key"
    assert numbers.digest(digits) != card.number_hash


@pytest.mark.django_db
def test_it_finds_a_card_by_its_number_typed_with_spaces():
    card = services.issue_card(number=number(1))
    typed = " ".join(number(1)[i : i + 4] for i in range(0, 16, 4))
    assert services.find_card(typed) == card


@pytest.mark.parametrize("typed", ["1234", "6000 0000 0000 000x", ""])
def test_it_refuses_what_is_not_16_digits(typed):
    with pytest.raises(ValidationError):
        numbers.clean(typed)


def test_it_refuses_a_wrong_check_digit():
    good = number(1)
    bad = good[:-1] + str((int(good[-1]) + 1) % 10)
    with pytest.raises(ValidationError):
        numbers.clean(bad)
