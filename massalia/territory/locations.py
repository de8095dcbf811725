"""Where a demand is, from what a person or a client says: a point, an address or a quartier.

The web form and Open311 both ask here, so a place is understood the same way whatever the
channel: a point wins; otherwise the address, geocoded by the gazetteer; otherwise the
quartier. The address is kept as it was given either way.

Before sending, a person reads back the place understood (`describe`): "42 La Canebière,
Belsunce (1er)"; from a point alone (a tap on the map, the phone's position) the nearest street
of the gazetteer says it (`reverse`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext, gettext_lazy

from massalia.territory import gazetteer, geo
from massalia.territory.models import Quartier

NO_PLACE = gettext_lazy("Indiquez un lieu : un point sur la carte, une adresse ou un quartier.")
OUTSIDE = gettext_lazy("Ce point est hors du territoire de la ville.")


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


@dataclass(frozen=True)
class Found:
    """A place as people read it: the street (with the number typed), its quartier and
    arrondissement, and its point when there is one."""

    address: str
    quartier_id: int
    quartier: str
    arrondissement: str
    latitude: float | None = None
    longitude: float | None = None

    @property
    def label(self) -> str:
        """ "42 La Canebière, Belsunce (1er)", or "Belsunce (1er)" without a street."""
        where = f"{self.quartier} ({self.arrondissement})"
        return f"{self.address}, {where}" if self.address else where


def arrondissement_ordinal(number: int) -> str:
    """1 → "1er", 2 → "2e", in the language of the page."""
    if number == 1:
        return gettext("1er")
    return gettext("%(number)se") % {"number": number}


def describe(location: Location) -> Found | None:
    """The place `locate` understood, read back: the gazetteer's spelling of the address typed
    (with its house number), else the street nearest its point; None outside the territory."""
    quartier_id = location.quartier_id
    has_point = location.latitude is not None and location.longitude is not None
    if quartier_id is None and has_point:
        assert location.latitude is not None and location.longitude is not None
        place = geo.locate(location.latitude, location.longitude)
        quartier_id = place.quartier_id if place else None
    quartier = _quartier(quartier_id)
    if quartier is None:
        return None
    address = ""
    if location.address:
        match = gazetteer.geocode(location.address)
        if match is not None:
            address = f"{gazetteer.house_number(location.address)} {match.name}".strip()
    elif has_point:
        assert location.latitude is not None and location.longitude is not None
        near = gazetteer.nearest_street(location.latitude, location.longitude)
        address = near.name if near else ""
    return Found(
        address,
        quartier.pk,
        quartier.display_name,
        arrondissement_ordinal(quartier.arrondissement.number),
        location.latitude,
        location.longitude,
    )


def reverse(latitude: float, longitude: float) -> Found | None:
    """The address of a point: the nearest street of the gazetteer (if one is close) and the
    quartier containing the point; None when the point is outside the territory."""
    return describe(Location(latitude, longitude))


def _quartier(quartier_id: int | None) -> Quartier | None:
    if quartier_id is None:
        return None
    # only(): never load a quartier's geometry (hundreds of kilobytes) to print its name.
    return (
        Quartier.objects.select_related("arrondissement")
        .only("name", "arrondissement__number")
        .filter(pk=quartier_id)
        .first()
    )
