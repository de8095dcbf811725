"""The public contracts as an open dataset: one row per marché or contrat de concession.

Every field here is public by law (the DECP); the values are the normalised ones, and the
amount and duration are given both as awarded and as they stand after the modifications.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Max, Min, Prefetch, QuerySet

from massalia.core import datasets, exports
from massalia.transparency.models import Contract, ContractSupplier

SLUG = "marches-publics"


def _suppliers(contract: Contract) -> str:
    return " | ".join(
        f"{h.supplier.name or h.supplier.identifier} ({h.supplier.id_type} {h.supplier.identifier})"
        for h in contract.holders.all()
    )


def table() -> exports.Dataset:
    """The columns of the contracts dataset."""
    column = exports.Column
    return exports.Dataset(
        name=SLUG,
        columns=[
            column("id", "identifiant", lambda c: c.decp_id),
            column("kind", "type", lambda c: c.get_kind_display()),
            column("buyer_siret", "SIRET de l'acheteur", lambda c: c.buyer.siret),
            column("buyer", "acheteur", lambda c: c.buyer.name),
            column("subject", "objet", lambda c: c.subject),
            column("nature", "nature", lambda c: c.nature),
            column("cpv", "code CPV", lambda c: c.cpv),
            column("procedure", "procédure", lambda c: c.procedure),
            column("place_code", "lieu d'exécution (code)", lambda c: c.place_code),
            column("place_name", "lieu d'exécution", lambda c: c.place_name),
            column("notified_on", "notifié le", lambda c: c.notified_on),
            column("published_on", "publié le", lambda c: c.published_on),
            column("starts_on", "début d'exécution", lambda c: c.starts_on),
            column("duration_months", "durée initiale (mois)", lambda c: c.duration_months),
            column("amount", "montant initial HT", lambda c: c.amount, decimals=2),
            column(
                "current_duration_months",
                "durée actuelle (mois)",
                lambda c: c.current_duration_months,
            ),
            column("current_amount", "montant actuel HT", lambda c: c.current_amount, decimals=2),
            column("modifications", "modifications", lambda c: c.modification_count),
            column("suppliers", "titulaires", _suppliers),
        ],
    )


def rows() -> QuerySet[Contract]:
    """Every contract, with its buyer, its suppliers and its number of modifications."""
    holders = ContractSupplier.objects.select_related("supplier").order_by("position")
    return (
        Contract.objects.select_related("buyer")
        .defer("data", "fingerprint")
        .annotate(modification_count=Count("modifications"))
        .prefetch_related(Prefetch("holders", queryset=holders))
        .order_by("-notified_on", "key")
    )


def _period() -> datasets.Period:
    span = Contract.objects.aggregate(start=Min("notified_on"), end=Max("notified_on"))
    return (span["start"], span["end"])


def _modified() -> Any:
    return Contract.objects.aggregate(last=Max("updated_at"))["last"]


MEANINGS = {
    "id": "identifiant du contrat donné par l'acheteur",
    "kind": "marché public ou contrat de concession",
    "buyer_siret": "SIRET de l'acheteur ou de l'autorité concédante",
    "buyer": "nom de l'acheteur",
    "subject": "objet du contrat",
    "nature": "nature du contrat (marché, accord-cadre, concession de travaux…)",
    "cpv": "code CPV de l'objet (nomenclature européenne), avec son chiffre de contrôle",
    "procedure": "procédure de passation",
    "place_code": "code du lieu principal d'exécution",
    "place_name": "nom du lieu principal d'exécution",
    "notified_on": "date de notification (ou de signature, pour une concession)",
    "published_on": "date de publication des données",
    "starts_on": "date de début d'exécution, quand elle est publiée",
    "duration_months": "durée initiale, en mois",
    "amount": "montant initial hors taxes, en euros",
    "current_duration_months": "durée après les modifications, en mois",
    "current_amount": "montant hors taxes après les modifications, en euros",
    "modifications": "nombre de modifications publiées",
    "suppliers": "titulaires (dénomination et identifiant), séparés par « | »",
}


def register() -> None:
    """Publish the contracts in the open data catalog."""
    datasets.register(
        datasets.Dataset(
            key=SLUG,
            title="Marchés publics attribués",
            description=(
                "Les données essentielles des marchés publics et des contrats de concession"
                " (DECP) : acheteur, objet, procédure, montants, durées, titulaires et nombre de"
                " modifications, tels que publiés puis normalisés. Un contrat publié par"
                " plusieurs sources n'y figure qu'une fois."
            ),
            table=table,
            rows=rows,
            frequency=datasets.IRREGULAR,
            meanings=MEANINGS,
            keywords=("marchés publics", "commande publique", "DECP", "concessions", "achats"),
            themes=(datasets.GOVERNMENT, datasets.ECONOMY),
            temporal=_period,
            modified=_modified,
            order=20,
        )
    )
