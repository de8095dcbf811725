"""The holder's pages ("Ma carte": link a card, its products, purse and movements, a top-up
paid online, a loss) and the card office's page (find a card, block or unblock it, counts).
Get the row, check, call a service."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from massalia.citycard import selectors, services
from massalia.citycard.forms import LinkForm, SearchForm, StatusForm, TopUpForm
from massalia.citycard.models import Card, Entry
from massalia.core.forms import GET_POST, posted
from massalia.core.permissions import can, require

MOVEMENTS = 50  # the latest movements shown: within the page budget


def _refused(request: HttpRequest, texts: list[str]) -> HttpResponse:
    return render(request, "citycard/refused.html", {"errors": texts}, status=400)


def _own(request: HttpRequest, pk: int) -> Card:
    card = Card.objects.filter(pk=pk).first()
    if card is None or not can(request.user, "citycard.hold", card):
        raise Http404
    return card


@login_required
@GET_POST
def my_cards(request: HttpRequest) -> HttpResponse:
    form = LinkForm(posted(request))
    if form.is_valid():
        try:
            card = services.link_card(number=form.cleaned_data["number"], user=request.user)
        except ValidationError as refused:
            form.add_error("number", refused.messages)
        else:
            messages.success(request, _("La carte est rattachée à votre compte."))
            return redirect("citycard:card", card.pk)
    cards = Card.objects.filter(holder_id=request.user.pk).select_related("account")
    status = 400 if form.is_bound else 200
    return render(request, "citycard/my_cards.html", {"cards": cards, "form": form}, status=status)


@login_required
@require_GET
def card(request: HttpRequest, pk: int) -> HttpResponse:
    found = _own(request, pk)
    movements = (
        Entry.objects.filter(account__card=found)
        .select_related("transaction")
        .order_by("-transaction__at", "-pk")[:MOVEMENTS]
    )
    context = {
        "card": found,
        "balance": found.account.balance_cents,
        "products": found.products.all(),
        "movements": movements,
        "topup_form": TopUpForm(),
    }
    return render(request, "citycard/card.html", context)


@login_required
@require_POST
def topup(request: HttpRequest, pk: int) -> HttpResponse:
    found = _own(request, pk)
    form = TopUpForm(request.POST)
    if not form.is_valid():
        return _refused(request, [_("Choisissez un montant de rechargement.")])
    try:
        wanted = services.request_topup(
            card=found, amount_cents=form.cleaned_data["amount"], user=request.user
        )
    except ValidationError as refused:
        return _refused(request, refused.messages)
    return render(request, "citycard/topup.html", {"card": found, "topup": wanted})


@login_required
@GET_POST
def loss(request: HttpRequest, pk: int) -> HttpResponse:
    found = _own(request, pk)
    if request.method == "POST":
        try:
            services.declare_loss(card=found, user=request.user)
        except ValidationError as refused:
            return _refused(request, refused.messages)
        messages.success(request, _("La carte est bloquée : elle est refusée partout."))
        return redirect("citycard:card", found.pk)
    return render(request, "citycard/loss.html", {"card": found})


# The card office -----------------------------------------------------------------------------


@login_required
@require_GET
def office(request: HttpRequest) -> HttpResponse:
    require(request.user, "citycard.manage")
    form = SearchForm(request.GET if "number" in request.GET else None)
    found = None
    if form.is_valid():
        found = services.find_card(form.cleaned_data["number"])
        if found is None:
            form.add_error("number", "Aucune carte ne porte ce numéro.")
    context = {
        "form": form,
        "found": found,
        "figures": selectors.figures(),
    }
    return render(
        request, "citycard/agents/office.html", context, status=400 if form.errors else 200
    )


@login_required
@require_POST
def set_status(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, "citycard.manage")
    found = Card.objects.filter(pk=pk).first()
    if found is None:
        raise Http404
    form = StatusForm(request.POST)
    if not form.is_valid():
        return _refused(request, ["Action inconnue : bloquer ou débloquer."])
    act: Any = services.block if form.cleaned_data["action"] == "block" else services.unblock
    try:
        changed = act(card=found, note=form.cleaned_data["note"])
    except ValidationError as refused:
        return _refused(request, refused.messages)
    messages.success(request, f"Carte …{changed.last_digits} : {changed.get_status_display()}.")
    return redirect("citycard_agents:office")
