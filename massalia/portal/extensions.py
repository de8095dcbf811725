"""What the portal offers the other apps: its pages as links, and its navigation entries."""

from __future__ import annotations

from typing import Any

from django.db.models import Max, Min
from django.urls import reverse

from massalia.core import datasets
from massalia.core.extensions import MenuEntry, menu, provide


def _signed_in(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False))


def register() -> None:
    provide("portal.home", lambda: reverse("portal:home"))
    provide("portal.report", lambda: reverse("portal:report"))
    provide("servicerequests.mine", lambda: reverse("portal:my_requests"))
    provide("servicerequests.public_page", lambda pk: reverse("portal:request_detail", args=[pk]))
    provide("servicerequests.attachment", lambda pk: reverse("portal:attachment", args=[pk]))
    provide("servicerequests.reply_link", lambda t: reverse("portal:reply_by_link", args=[t]))
    provide(
        "servicerequests.reply_document",
        lambda token, pk: reverse("portal:reply_document", args=[token, pk]),
    )
    provide(
        "servicerequests.confirmation",
        lambda token: reverse("portal:confirm_request", args=[token]),
    )
    for entry in (
        MenuEntry("portal.report", "Signaler", lambda: reverse("portal:report"), order=10),
        MenuEntry("portal.requests", "Demandes", lambda: reverse("portal:requests"), order=20),
        MenuEntry("portal.map", "Carte", lambda: reverse("portal:map"), order=30),
        MenuEntry(
            "portal.mine",
            "Mes demandes",
            lambda: reverse("portal:my_requests"),
            order=40,
            visible=_signed_in,
        ),
    ):
        menu.register(entry)
    datasets.register(_public_requests())


def _public_requests() -> datasets.Dataset:
    """The public requests as an open dataset: public types, confirmed, public fields only."""
    from massalia.portal import exports
    from massalia.servicerequests.models import ServiceRequest

    def published() -> Any:
        return ServiceRequest.objects.published()

    def period() -> datasets.Period:
        span = published().aggregate(start=Min("created_at"), end=Max("created_at"))
        return (span["start"] and span["start"].date(), span["end"] and span["end"].date())

    return datasets.Dataset(
        key="demandes",
        title="Demandes et signalements des habitants",
        description=(
            "Les demandes publiques déposées par les habitants (voirie, propreté, éclairage…) :"
            " leur type, leur état, leur lieu et leurs dates, avec le texte publié, d'où les"
            " données personnelles sont retirées. Les demandes de types privés n'y figurent"
            " jamais."
        ),
        table=exports.for_spreadsheets,
        rows=lambda: exports.spreadsheet_rows(published()),
        frequency=datasets.CONTINUOUS,
        meanings={
            "id": "numéro de la demande, celui de sa page publique",
            "type": "type de demande (nid-de-poule, dépôt sauvage…)",
            "theme": "thème du type de demande",
            "status_label": "état de la demande",
            "description": "texte publié, sans données personnelles",
            "address": "adresse indiquée",
            "quartier": "quartier où se trouve le point",
            "arrondissement": "arrondissement où se trouve le point",
            "latitude": "latitude du point (WGS 84)",
            "longitude": "longitude du point (WGS 84)",
            "created_at": "date et heure du dépôt",
            "updated_at": "date et heure de la dernière mise à jour",
            "closed_at": "date et heure de la clôture, vide si la demande est ouverte",
            "url": "adresse de la page publique de la demande",
        },
        keywords=("signalements", "demandes", "services publics", "voirie", "propreté"),
        themes=(datasets.GOVERNMENT, datasets.REGIONS),
        temporal=period,
        modified=lambda: published().aggregate(last=Max("updated_at"))["last"],
        order=10,
    )
