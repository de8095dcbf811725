"""What the city card adds to the site: the top-up as a payment purpose, "Ma carte" in the
menu, and the card office in the agents' inbox."""

from __future__ import annotations

from typing import Any, cast

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from massalia.citycard import services
from massalia.citycard.models import Card, TopUp
from massalia.core.extensions import Counter, InboxSection, MenuEntry, inbox_sections, menu, provide
from massalia.core.payments import purposes
from massalia.core.permissions import can


def topup_due(object_id: str, person: Any) -> purposes.Due:
    """A top-up its holder asked for and has not paid yet; the amount is the top-up's."""
    topup = (
        TopUp.objects.select_related("card").filter(pk=object_id, card__holder=person).first()
        if object_id.isdigit()
        else None
    )
    if topup is None:
        raise purposes.NotPayable(_("Ce rechargement n'existe pas."))
    if topup.credited_id is not None:
        raise purposes.NotPayable(_("Ce rechargement est déjà payé."))
    if topup.card.status != Card.Status.ACTIVE:
        raise purposes.NotPayable(_("Cette carte est bloquée : elle ne peut pas être rechargée."))
    euros = f"{topup.amount_cents // 100},{topup.amount_cents % 100:02d} €"
    return purposes.Due(
        topup.amount_cents, f"Carte de la ville …{topup.card.last_digits} — rechargement {euros}"
    )


def _topup_back(object_id: str) -> str | None:
    card_id = TopUp.objects.filter(pk=object_id).values_list("card_id", flat=True).first()
    return reverse("citycard:card", args=[card_id]) if card_id else None


def _signed_in(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False))


def counters(user: Any) -> list[Counter]:
    if not can(user, "citycard.manage"):
        return []
    blocked = Card.objects.exclude(status=Card.Status.ACTIVE).count()
    return [Counter("Cartes bloquées ou perdues", blocked, reverse("citycard_agents:office"))]


def links(user: Any) -> list[tuple[str, str]]:
    if not can(user, "citycard.manage"):
        return []
    return [("Guichet de la carte de la ville", reverse("citycard_agents:office"))]


def register() -> None:
    purposes.register(
        purposes.Purpose(
            key=services.TOPUP_PURPOSE,
            label="Rechargement de la carte de la ville",
            due=topup_due,
            back=lambda object_id: _topup_back(object_id) if object_id.isdigit() else None,
        )
    )
    provide("citycard.my_cards", lambda: reverse("citycard:my_cards"))
    menu.register(
        MenuEntry(
            "citycard.my_cards",
            cast(str, gettext_lazy("Ma carte")),  # translated when the menu is drawn
            lambda: reverse("citycard:my_cards"),
            order=65,
            visible=_signed_in,
            place="footer",
        )
    )
    inbox_sections.register(
        InboxSection(
            key="citycard.office",
            title="Carte de la ville",
            counters=counters,
            links=links,
            order=65,
        )
    )
