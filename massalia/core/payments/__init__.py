"""Online payment: one mechanism for whatever the city is paid online (crèche invoices, later
the city card), knowing nothing of what it pays.

A domain registers a purpose (`purposes.register(Purpose("eservices.invoice", …))`) saying how
much an object of it costs and for whom; a payment is started for (purpose, object id), sent to
the provider `PAYMENT_PROVIDER` names (PayFiP-style: a redirect with the amount, the reference,
the notification and return addresses), settled by the provider's signed server-to-server
notification — once, whatever arrives again or late — and announced as `PaymentSettled`, which
the owning domain subscribes to. See docs/payments.md.

The permission rules are imported here, because this package is loaded with core's models,
before anyone can ask `can()` (core's AppConfig has no `rules` module to import them from).
"""

from massalia.core.payments import rules as rules
