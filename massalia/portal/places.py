"""Turn what the report form says about the place into coordinates or a quartier."""

from __future__ import annotations

from typing import Any

NOT_FOUND = (
    "Adresse introuvable. Vérifiez l'orthographe, choisissez un point sur la carte "
    "ou sélectionnez un quartier."
)
NO_PLACE = "Indiquez un lieu : un point sur la carte, une adresse ou un quartier."


def _geocode(text: str) -> Any:
    # Imported lazily: the gazetteer is optional (a city may have no street list yet).
    try:
        from massalia.territory.gazetteer import geocode
    except ImportError:
        return None
    return geocode(text)


def resolve_place(data: dict[str, Any]) -> tuple[dict[str, Any], str]:
    """(keyword arguments for services.submit_request, error message or "").

    A point on the map wins; otherwise the address is geocoded; otherwise the quartier.
    """
    address = (data.get("address") or "").strip()
    quartier_id = data.get("quartier") or None
    lat, lon = data.get("latitude"), data.get("longitude")
    place: dict[str, Any] = {"address": address, "quartier_id": quartier_id}
    if lat is not None and lon is not None:
        return {**place, "latitude": lat, "longitude": lon}, ""
    if address:
        match = _geocode(address)
        if match is not None:
            return {
                **place,
                "latitude": match.latitude,
                "longitude": match.longitude,
                "quartier_id": quartier_id or match.quartier_id,
            }, ""
        if quartier_id is None:
            return place, NOT_FOUND
    if quartier_id is None:
        return place, NO_PLACE
    return place, ""
