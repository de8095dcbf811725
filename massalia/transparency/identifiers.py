"""Identifiers of the DECP: SIRET (Luhn key) and CPV codes (with their optional check digit)."""

from __future__ import annotations

import re

_CPV = re.compile(r"^(\d{8})(?:-(\d))?$")
# La Poste's establishments share one SIREN whose SIRETs do not follow the Luhn key: the sum
# of their digits is a multiple of 5 instead (INSEE's documented exception).
_LA_POSTE = "356000000"


def luhn_ok(digits: str) -> bool:
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = int(char)
        if index % 2 == 1:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total % 10 == 0


def siret_problem(value: str) -> str | None:
    """Why `value` is not a SIRET (14 digits, Luhn key), or None when it is one."""
    if not (len(value) == 14 and value.isascii() and value.isdigit()):
        return f"« {value} » n'est pas un SIRET (14 chiffres attendus)"
    if value.startswith(_LA_POSTE):
        if sum(int(c) for c in value) % 5 == 0:
            return None
    elif luhn_ok(value):
        return None
    return f"« {value} » n'est pas un SIRET valide (clé de contrôle incorrecte)"


def cpv_check_digit(code: str) -> int:
    """The check digit of an 8-digit CPV code: weights 3, 7, 1 repeated, sum modulo 10."""
    weights = (3, 7, 1, 3, 7, 1, 3, 7)
    return sum(int(c) * w for c, w in zip(code, weights, strict=True)) % 10


def split_cpv(value: str) -> tuple[str, int | None]:
    """The 8 digits and the check digit written (None when absent); ValueError if malformed."""
    match = _CPV.match(value)
    if not match:
        raise ValueError(
            f"« {value} » n'est pas un code CPV (8 chiffres, puis -chiffre de contrôle)"
        )
    digit = match.group(2)
    return match.group(1), None if digit is None else int(digit)
