"""Writes of the directory that reach other domains: an error reported on an entry."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError

from massalia.inclusion.models import Structure
from massalia.servicerequests import services as requests
from massalia.servicerequests.models import RequestType, ServiceRequest
from massalia.territory import geo

ERROR_TYPE = "annuaire-erreur"

WHAT = {
    "adresse": "L'adresse ou le plan",
    "horaires": "Les horaires",
    "contact": "Le téléphone, le courriel ou le site",
    "services": "Les services proposés",
    "ferme": "Le lieu a fermé ou déménagé",
    "autre": "Autre chose",
}


class CannotReport(ValueError):
    """The entry cannot be reported (no editors' type, or no place in the city): French text."""


def error_type() -> RequestType | None:
    """The request type the directory's editors receive errors through, when it exists."""
    return RequestType.objects.filter(code=ERROR_TYPE, is_active=True).first()


def report_error(
    *,
    structure: Structure,
    what: str,
    details: str,
    requester: Any = None,
    email: str = "",
) -> ServiceRequest:
    """File an error on a directory entry as a case for the directory's editors.

    The case is placed at the entry (its point, else its quartier); a signed-in person's case
    is confirmed at once, an anonymous one waits for the email link like any other case.
    """
    request_type = error_type()
    if request_type is None:
        raise CannotReport("Le signalement d'erreurs n'est pas ouvert pour cet annuaire.")
    place: dict[str, Any] = {}
    if structure.located and geo.locate(structure.latitude, structure.longitude):  # type: ignore[arg-type]
        place = {"latitude": structure.latitude, "longitude": structure.longitude}
    elif structure.quartier_id is not None:
        place = {"quartier_id": structure.quartier_id}
    else:
        raise CannotReport(
            "Ce lieu est hors du territoire de la ville : il ne peut être signalé ici."
        )
    description = (
        f"Fiche de l'annuaire : « {structure.nom} » (n° {structure.pk}, source "
        f"{structure.source}/{structure.ident}).\nÀ corriger : {WHAT.get(what, what)}.\n\n{details}"
    )
    try:
        return requests.submit_request(
            request_type=request_type,
            description=description,
            address=structure.full_address,
            requester=requester,
            email=email,
            **place,
        )
    except ValidationError as exc:
        raise CannotReport(" ".join(exc.messages)) from exc
