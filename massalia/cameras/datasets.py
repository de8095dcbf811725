"""The register as an open dataset: one row per camera, every field of the register and
nothing else (there is no image or video to publish)."""

from __future__ import annotations

from typing import Any

from django.db.models import Max, QuerySet
from django.urls import reverse

from massalia.cameras.models import Camera
from massalia.core import datasets, exports

SLUG = "videoprotection"


def _arrondissement(camera: Camera) -> str:
    return camera.quartier.arrondissement.name if camera.quartier else ""


def table() -> exports.Dataset:
    """The columns of the cameras dataset."""
    column = exports.Column
    return exports.Dataset(
        name=SLUG,
        columns=[
            column("id", "identifiant", lambda c: c.identifier),
            column("address", "adresse", lambda c: c.address),
            column("latitude", "latitude", lambda c: c.latitude, decimals=6),
            column("longitude", "longitude", lambda c: c.longitude, decimals=6),
            column("quartier", "quartier", lambda c: c.quartier.name if c.quartier else ""),
            column("arrondissement", "arrondissement", _arrondissement),
            column("purposes", "finalités", lambda c: " | ".join(c.purpose_labels())),
            column("purpose_codes", "codes des finalités", lambda c: "|".join(c.purpose_codes)),
            column("operator", "exploitant", lambda c: c.operator),
            column("legal_basis", "fondement légal", lambda c: c.legal_basis),
            column("order", "arrêté préfectoral", lambda c: c.order_reference),
            column("authorised_on", "autorisée le", lambda c: c.authorised_on),
            column("expires_on", "valable jusqu'au", lambda c: c.expires_on),
            column("expired", "autorisation échue", lambda c: c.is_expired),
            column("retention_days", "conservation (jours)", lambda c: c.retention_days),
            column("field_of_view", "type", lambda c: c.get_field_of_view_display()),
            column("status", "état", lambda c: c.get_status_display()),
            column("removed_on", "retirée le", lambda c: c.removed_on),
            column("page", "page", lambda c: reverse("cameras:camera", args=[c.identifier])),
        ],
        geometry=lambda c: exports.point(c.longitude, c.latitude),
        feature_id=lambda c: c.identifier,
    )


def rows() -> QuerySet[Camera]:
    """Every camera of the register, in service or removed."""
    return (
        Camera.objects.select_related("quartier__arrondissement")
        .prefetch_related("purposes")
        .order_by("identifier")
    )


def _modified() -> Any:
    return Camera.objects.aggregate(last=Max("updated_at"))["last"]


MEANINGS = {
    "id": "identifiant de la caméra dans le registre",
    "address": "adresse ou lieu de la caméra",
    "latitude": "latitude (WGS84)",
    "longitude": "longitude (WGS84)",
    "quartier": "quartier où se trouve la caméra",
    "arrondissement": "arrondissement où se trouve la caméra",
    "purposes": "finalités autorisées (Code de la sécurité intérieure, L251-2), séparées par « | »",
    "purpose_codes": "codes stables des mêmes finalités, séparés par « | »",
    "operator": "exploitant, responsable du système, à qui adresser une demande d'accès",
    "legal_basis": "texte qui fonde l'autorisation",
    "order": "numéro de l'arrêté préfectoral d'autorisation",
    "authorised_on": "date de l'arrêté préfectoral",
    "expires_on": "fin de validité de l'autorisation (cinq ans, renouvelable)",
    "expired": "vrai quand une caméra en service a dépassé la fin de son autorisation",
    "retention_days": "durée maximale de conservation des enregistrements, en jours (30 au plus)",
    "field_of_view": "caméra fixe ou dôme orientable",
    "status": "en service ou retirée",
    "removed_on": "date de retrait, pour une caméra retirée",
    "page": "chemin de la page de la caméra sur le site",
}


def register() -> None:
    """Publish the register in the open data catalog."""
    datasets.register(
        datasets.Dataset(
            key=SLUG,
            title="Caméras de vidéoprotection de la voie publique",
            description=(
                "Le registre public des caméras de vidéoprotection : emplacement, finalités,"
                " exploitant, arrêté préfectoral d'autorisation et sa fin de validité, durée de"
                " conservation des enregistrements, type de caméra et état. Le jeu ne contient"
                " aucune image ni aucune vidéo."
            ),
            table=table,
            rows=rows,
            frequency=datasets.IRREGULAR,
            meanings=MEANINGS,
            keywords=("vidéoprotection", "caméras", "sécurité", "libertés publiques"),
            themes=(datasets.GOVERNMENT, datasets.REGIONS),
            modified=_modified,
            order=40,
        )
    )
