"""Reading rate-limit settings from the environment (used by settings.py; standard library only)."""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass

from massalia.core.config import fail

_RATE = re.compile(r"^\s*(\d+)\s*/\s*(\d*)\s*([smhd])\s*$")
_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
PREFIX = "RATELIMIT_"
# RATELIMIT_* variables that are switches, not rates.
NOT_RATES = {"RATELIMIT_ENABLED"}


@dataclass(frozen=True)
class Rate:
    """At most `count` events per `seconds`."""

    count: int
    seconds: int

    def __str__(self) -> str:
        return f"{self.count}/{self.seconds}s"


def parse_rate(value: str) -> Rate:
    """'30/m', '10/15m', '1000/h', '5/10s', '2000/d' → Rate; ValueError on anything else."""
    match = _RATE.match(value)
    if not match:
        raise ValueError(f"not a rate: {value!r} (expected e.g. 30/m, 10/15m, 1000/h)")
    count, multiplier, unit = match.groups()
    seconds = int(multiplier or 1) * _UNITS[unit]
    if seconds <= 0:
        raise ValueError(f"not a rate: {value!r} (the period must be positive)")
    return Rate(count=int(count), seconds=seconds)


def scope_variable(scope: str) -> str:
    """The environment variable that tunes a scope: 'open311-post' → RATELIMIT_OPEN311_POST."""
    return PREFIX + re.sub(r"[^A-Z0-9]", "_", scope.upper())


def rate_overrides(environ: Mapping[str, str] | None = None) -> dict[str, str]:
    """Every RATELIMIT_<SCOPE>=<rate> variable, validated, keyed by variable name.

    A bad value stops start-up with a message naming the variable.
    """
    environ = os.environ if environ is None else environ
    found: dict[str, str] = {}
    for name, value in environ.items():
        if not name.startswith(PREFIX) or name in NOT_RATES:
            continue
        try:
            parse_rate(value)
        except ValueError as exc:
            fail(name, value, str(exc))
        found[name] = value.strip()
    return found
