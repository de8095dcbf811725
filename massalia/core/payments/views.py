"""Payment pages: start a payment, the provider's notification, the receipt, the test bank,
the treasury's export. Thin: the rules are in services and providers."""

from __future__ import annotations

import datetime
import logging
from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from massalia.core import exports
from massalia.core.payments import providers, purposes, services
from massalia.core.payments.exports import PAID_PAYMENTS
from massalia.core.payments.models import Payment
from massalia.core.permissions import can, require
from massalia.core.security.clients import client_ip
from massalia.core.security.ratelimit import ratelimit

log = logging.getLogger("massalia.core.payments.security")


def _message(request: HttpRequest, title: str, message: str, status: int) -> HttpResponse:
    context = {"title": title, "message": message}
    return render(request, "core/payments/message.html", context, status=status)


@login_required
@require_POST
@ratelimit("payment-start", rate="30/h")
def start(request: HttpRequest) -> HttpResponse:
    """Start paying (purpose, object) and go to the provider. Posted by the domain's page."""
    provider = providers.current()
    try:
        payment = services.start(
            purpose=request.POST.get("purpose", ""),
            object_id=request.POST.get("object", "")[:64],
            user=request.user,
            provider=provider,
        )
    except purposes.NotPayable as exc:
        return _message(request, _("Paiement impossible"), str(exc), 400)
    url = services.send(
        payment=payment,
        provider=provider,
        notify_url=request.build_absolute_uri(reverse("payments:notify", args=[provider.name])),
        return_url=request.build_absolute_uri(
            reverse("payments:receipt", args=[payment.reference])
        ),
    )
    return HttpResponseRedirect(url)


@csrf_exempt  # server to server: the provider's signature is the proof, not a session
@require_POST
@ratelimit("payment-notify", rate="120/m")
def notify(request: HttpRequest, provider: str) -> HttpResponse:
    """The provider's notification of an outcome. 200 once read (applied, or repeated and
    ignored); 4xx, logged, when it is not the provider's or not about one of our payments."""
    try:
        chosen = providers.by_name(provider)
    except LookupError:
        raise Http404("unknown provider") from None
    try:
        settlement = services.settle(verified=chosen.verify(request), provider=chosen)
    except providers.NotificationRefused as refused:
        log.warning(
            "payment notification refused: %s (provider %s, reference %r, client %s)",
            refused.reason,
            chosen.name,
            refused.reference,
            client_ip(request),
        )
        return HttpResponse("refusé\n", status=refused.status, content_type="text/plain")
    answer = "enregistré" if settlement.changed else "déjà traité"
    return HttpResponse(f"{answer}\n", content_type="text/plain")


@login_required
@require_GET
def receipt(request: HttpRequest, reference: str) -> HttpResponse:
    """Where the provider sends the person back: the receipt once paid, else where it stands.
    Only for the person who paid, and the treasury; anyone else finds nothing (404)."""
    payment = get_object_or_404(Payment.objects.select_related("started_by"), reference=reference)
    if not can(request.user, "core.view_payment", payment):
        raise Http404("no such payment")
    purpose = purposes.purposes.get(payment.purpose)
    context: dict[str, Any] = {
        "payment": payment,
        "purpose": purpose,
        "back": purpose.back(payment.object_id) if purpose else None,
    }
    return render(request, "core/payments/receipt.html", context)


@login_required
@require_GET
def export(request: HttpRequest) -> HttpResponseBase:
    """The paid payments as CSV for the treasury, optionally between two dates of payment."""
    require(request.user, "core.export_payments")
    try:
        since = _date(request.GET.get("du", ""))
        until = _date(request.GET.get("au", ""))
    except ValueError:
        return _message(
            request, _("Dates non valides"), _("Écrivez les dates sous la forme AAAA-MM-JJ."), 400
        )
    rows = Payment.objects.paid().order_by("paid_at", "id")
    if since:
        rows = rows.filter(paid_at__date__gte=since)
    if until:
        rows = rows.filter(paid_at__date__lte=until)
    return exports.response(PAID_PAYMENTS, rows, fmt="csv")


def _date(text: str) -> datetime.date | None:
    return datetime.date.fromisoformat(text) if text else None


# The test provider's bank ------------------------------------------------------------------------


def _test_bank() -> providers.TestProvider:
    """The test bank exists only while the test provider is the one in use."""
    if settings.PAYMENT_PROVIDER != "test":
        raise Http404("the test provider is not in use")
    return providers.TestProvider()


@require_http_methods(["GET", "POST"])
def test_bank(request: HttpRequest, reference: str) -> HttpResponse:
    """The fake bank page: shows the order, then notifies the platform and sends the person
    back. Works without JavaScript (a form with three buttons)."""
    bank = _test_bank()
    token = (
        request.POST.get("ordre", "") if request.method == "POST" else request.GET.get("ordre", "")
    )
    try:
        order = bank.read_order(reference, token)
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return _message(
            request,
            _("Ordre de paiement non valide"),
            _("Cette adresse de paiement a été modifiée ou coupée. Recommencez depuis le site."),
            400,
        )
    if request.method == "GET":
        context = {"order": order, "token": token}
        return render(request, "core/payments/test_bank.html", context)
    # The button pressed names the outcome (its name, not a value a person would read).
    outcome = next((o for o in providers.OUTCOMES if o in request.POST), None)
    if outcome is None:
        return _message(request, _("Choix inconnu"), _("Choisissez « Payer » ou « Refuser »."), 400)
    bank.notify(order, outcome)
    response = HttpResponseRedirect(order.return_url)
    response.status_code = 303  # the person comes back with a GET
    return response
