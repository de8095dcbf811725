"""Where a demand is, from what a person or a client says: a point, an address or a quartier.

The web form and Open311 both ask here, so a place is understood the same way whatever the
channel: a point wins; otherwise the address, geocoded by the gazetteer; otherwise the
quartier. The address is kept as it was given either way.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext, gettext_lazy

from massalia.territory import gazetteer

NO_PLACE = gettext_lazy("Indiquez un lieu : un point sur la carte, une adresse ou un quartier.")


@dataclass(frozen=True)
class Location:
    latitude: float | None = None
    longitude: float | None = None
    quartier_id: int | None = None
    address: str = ""

    def as_kwargs(self) -> dict[str, Any]:
        """The place arguments of `servicerequests.services.submit_request`."""
        return {
            "latitude": self.latitude,
            "longitude": self.longitude,
            "quartier_id": self.quartier_id,
            "address": self.address,
        }


class LocationNotFound(ValueError):
    """Nothing said where: the message (in the language of the page) says what to give."""


def not_found(address: str) -> str:
    return gettext(
        "Adresse introuvable : « %(address)s ». Vérifiez l'orthographe, ou indiquez "
        "un point sur la carte ou un quartier."
    ) % {"address": address[:100]}


def locate(
    *,
    latitude: float | None = None,
    longitude: float | None = None,
    address: str = "",
    quartier_id: int | None = None,
) -> Location:
    """The demand's location; raises LocationNotFound when nothing usable was given."""
    address = address.strip()
    if latitude is not None and longitude is not None:
        return Location(latitude, longitude, quartier_id, address)
    if address:
        match = gazetteer.geocode(address)
        if match is not None:
            return Location(
                match.latitude, match.longitude, quartier_id or match.quartier_id, address
            )
        if quartier_id is None:
            raise LocationNotFound(not_found(address))
    if quartier_id is None:
        raise LocationNotFound(str(NO_PLACE))
    return Location(quartier_id=quartier_id, address=address)
