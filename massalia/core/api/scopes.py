"""What an API key may do: the scopes each API declares ("open311:write", "ngsild:read").

An API registers its scopes once, in its app's `ready()`; the admin offers them as choices and
`keys.create_key` refuses any other, so a typo never gives a key a right nobody checks. A scope
declared `default` is given to keys created without naming any (`massalia apikey create`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from massalia.core.extensions import Registry

_NAME = re.compile(r"^[a-z0-9-]+:[a-z0-9-]+$")


@dataclass(frozen=True)
class Scope:
    key: str  # "<api>:<right>", e.g. "open311:write"
    label: str  # French, shown in the admin
    default: bool = False

    def __post_init__(self) -> None:
        if not _NAME.match(self.key):
            raise ValueError(f"scope {self.key!r} is not '<api>:<right>'")


scopes: Registry[Scope] = Registry("API scope")


def declare(key: str, label: str, *, default: bool = False) -> Scope:
    """Declare a scope an API checks (called once by the app owning the API)."""
    return scopes.register(Scope(key, label, default))


def choices() -> list[tuple[str, str]]:
    """(key, label) of every declared scope, for forms."""
    return [(scope.key, f"{scope.label} ({scope.key})") for scope in scopes]


def defaults() -> list[str]:
    return [scope.key for scope in scopes if scope.default]


def unknown(names: list[str]) -> list[str]:
    """The names among `names` no API declared."""
    return [name for name in names if name not in scopes]
