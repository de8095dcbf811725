"""What may be paid online: each domain registers its purposes, core knows none of them.

    purposes.register(Purpose(
        key="eservices.invoice",
        label="Facture de crèche",
        due=invoice_due,          # (object id, person) → Due(amount_cents, label)
        back=invoice_page,        # object id → the domain's page to go back to, or None
    ))

`due` is asked when a payment starts, so the amount always comes from the domain's own
records, never from the browser; it raises `NotPayable` with a French message (already paid,
not theirs, unknown) and the person gets a 400 with that message.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from massalia.core.extensions import Registry


class NotPayable(Exception):
    """This object cannot be paid now by this person; the message is shown to them (French)."""


@dataclass(frozen=True)
class Due:
    amount_cents: int
    label: str  # what the receipt says was paid, e.g. "Crèche Belsunce — facture de mars 2027"


def _nowhere(object_id: str) -> str | None:
    return None


@dataclass(frozen=True)
class Purpose:
    key: str  # "<app>.<what>", e.g. "eservices.invoice"
    label: str  # French: what kind of thing is paid
    due: Callable[[str, Any], Due]
    back: Callable[[str], str | None] = _nowhere


purposes: Registry[Purpose] = Registry("payment purpose")


def register(purpose: Purpose) -> Purpose:
    """Declare a purpose (in the domain's AppConfig.ready()); a key taken twice is refused."""
    return purposes.register(purpose)


def get(key: str) -> Purpose:
    """The purpose registered under `key`; NotPayable when none is."""
    purpose = purposes.get(key)
    if purpose is None:
        raise NotPayable(_("Ce type de paiement n'existe pas."))
    return purpose
