"""Payment providers: the interface a provider's adapter fills, and the built-in test provider.

The flow is the treasury's PayFiP flow. The platform sends the person to the provider with the
amount, the payment's reference, a notification address and a return address; the provider
takes the card details on its own pages, notifies the platform server to server with the
outcome, then sends the person back to the return address. Only the notification settles a
payment: the person's return proves nothing (they may never come back, or come back first).

An adapter implements `start` (where to send the person) and `verify` (is this notification
really the provider's, and what does it say). A PayFiP adapter would create the operation with
the treasury's web service in `start` and redirect to PayFiP with the operation's id; in
`verify` it would take the id the notification carries and ask the web service for the
operation's result, rather than trust the notification's body. `PAYMENT_PROVIDERS` in settings
names each adapter's class, `PAYMENT_PROVIDER` the one in use.

The test provider stands in for the provider in the demo and the tests. Its "bank" is a page of
this site (views.test_bank) that posts a notification signed with HMAC-SHA256
(`PAYMENT_SECRET`) over HTTP to the notification address, as a provider's server would, then
redirects the person to the return address. No money moves.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import urllib.error
import urllib.request
from abc import ABC, abstractmethod
from dataclasses import dataclass
from typing import Any, ClassVar, Literal
from urllib.parse import urlencode

from django.conf import settings
from django.core import signing
from django.http import HttpRequest
from django.urls import reverse
from django.utils.module_loading import import_string

from massalia.core.payments.models import Payment

log = logging.getLogger(__name__)

Outcome = Literal["paid", "refused", "cancelled"]
OUTCOMES: tuple[Outcome, ...] = ("paid", "refused", "cancelled")
# The fields of the test provider's notification, in the order they are signed.
SIGNED_FIELDS = ("reference", "amount", "result", "transaction")
NOTIFY_TIMEOUT_SECONDS = 10


@dataclass(frozen=True)
class Verified:
    """What a notification the provider really sent says about one payment."""

    reference: str
    amount_cents: int
    outcome: Outcome
    transaction_id: str


class NotificationRefused(Exception):
    """A notification that is not the provider's or cannot be read: refused with `status`.

    `reason` goes to the security log, never to the sender.
    """

    def __init__(self, reason: str, *, status: int = 400, reference: str = "") -> None:
        super().__init__(reason)
        self.reason = reason
        self.status = status
        self.reference = reference


class Provider(ABC):
    """A payment provider, as the platform sees it."""

    name: ClassVar[str]

    @abstractmethod
    def start(self, payment: Payment, *, notify_url: str, return_url: str) -> str:
        """The address to send the person to, to pay `payment` (absolute URLs given)."""

    @abstractmethod
    def verify(self, request: HttpRequest) -> Verified:
        """The outcome a notification carries; NotificationRefused if it is not the
        provider's (bad or missing signature) or cannot be read."""


def current() -> Provider:
    """The provider PAYMENT_PROVIDER names."""
    return by_name(settings.PAYMENT_PROVIDER)


def by_name(name: str) -> Provider:
    """The configured provider called `name`; LookupError if there is none."""
    path = settings.PAYMENT_PROVIDERS.get(name)
    if path is None:
        raise LookupError(name)
    provider: Provider = import_string(path)()
    return provider


# The test provider -----------------------------------------------------------------------------


def signature(fields: dict[str, str]) -> str:
    """HMAC-SHA256, hex, of the signed fields joined by "|", under PAYMENT_SECRET."""
    message = "|".join(fields.get(name, "") for name in SIGNED_FIELDS)
    key = settings.PAYMENT_SECRET.encode()
    return hmac.new(key, message.encode(), hashlib.sha256).hexdigest()


def signed(fields: dict[str, str]) -> dict[str, str]:
    return {**fields, "signature": signature(fields)}


@dataclass(frozen=True)
class BankOrder:
    """What the platform sent the test bank: all it knows of the payment."""

    reference: str
    amount_cents: int
    label: str
    notify_url: str
    return_url: str

    @property
    def amount_display(self) -> str:
        return Payment(amount_cents=self.amount_cents).amount_display


def _salt(reference: str) -> str:
    return f"massalia.payments.test-bank:{reference}"


class TestProvider(Provider):
    """The built-in test provider ("Prestataire de test"): a fake bank page on this site."""

    name = "test"
    __test__ = False  # not a pytest test class, whatever its name

    def start(self, payment: Payment, *, notify_url: str, return_url: str) -> str:
        order = {
            "amount": payment.amount_cents,
            "label": payment.label,
            "notify": notify_url,
            "return": return_url,
        }
        # Signed, so the bank page posts only to the addresses the platform gave it.
        token = signing.dumps(order, key=settings.PAYMENT_SECRET, salt=_salt(payment.reference))
        page = reverse("payments:test_bank", args=[payment.reference])
        return f"{page}?{urlencode({'ordre': token})}"

    def verify(self, request: HttpRequest) -> Verified:
        fields = {name: request.POST.get(name, "") for name in (*SIGNED_FIELDS, "signature")}
        reference = fields["reference"][:40]
        missing = [name for name, value in fields.items() if not value]
        if missing:
            raise NotificationRefused(f"missing {', '.join(missing)}", reference=reference)
        if not hmac.compare_digest(fields["signature"].encode(), signature(fields).encode()):
            raise NotificationRefused("bad signature", status=403, reference=reference)
        if not fields["amount"].isascii() or not fields["amount"].isdigit():
            raise NotificationRefused("amount is not a number of cents", reference=reference)
        if fields["result"] not in OUTCOMES:
            raise NotificationRefused("unknown result", reference=reference)
        outcome: Outcome = fields["result"]  # type: ignore[assignment]  # checked just above
        return Verified(
            reference=fields["reference"],
            amount_cents=int(fields["amount"]),
            outcome=outcome,
            transaction_id=fields["transaction"],
        )

    # The bank's side ---------------------------------------------------------------------------

    def read_order(self, reference: str, token: str) -> BankOrder:
        """The order in the bank page's address; signing.BadSignature if it was altered."""
        order: dict[str, Any] = signing.loads(
            token, key=settings.PAYMENT_SECRET, salt=_salt(reference)
        )
        return BankOrder(
            reference=reference,
            amount_cents=int(order["amount"]),
            label=str(order["label"]),
            notify_url=str(order["notify"]),
            return_url=str(order["return"]),
        )

    def transaction_for(self, order: BankOrder) -> str:
        """The bank's transaction number: one per order, so paying twice is one transaction."""
        digest = hmac.new(
            settings.PAYMENT_SECRET.encode(), f"txn:{order.reference}".encode(), hashlib.sha256
        )
        return "TEST-" + digest.hexdigest()[:16].upper()

    def notify(self, order: BankOrder, outcome: Outcome) -> int | None:
        """Post the signed notification to the platform, server to server; its HTTP status,
        or None when it could not be reached (the person is sent back all the same)."""
        fields = signed(
            {
                "reference": order.reference,
                "amount": str(order.amount_cents),
                "result": outcome,
                "transaction": self.transaction_for(order),
            }
        )
        if not order.notify_url.startswith(("http://", "https://")):
            raise ValueError(f"not a web address: {order.notify_url!r}")
        sent = urllib.request.Request(
            order.notify_url,
            data=urlencode(fields).encode(),
            method="POST",
            headers={"Content-Type": "application/x-www-form-urlencoded"},
        )
        # Only an address the platform signed is ever posted to (read_order checks it).
        try:
            with urllib.request.urlopen(sent, timeout=NOTIFY_TIMEOUT_SECONDS) as answer:
                return int(answer.status)
        except urllib.error.HTTPError as exc:
            log.warning(
                "test bank: the notification of %s was answered %s", order.reference, exc.code
            )
            return int(exc.code)
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            log.warning("test bank: the notification of %s failed: %s", order.reference, exc)
            return None
