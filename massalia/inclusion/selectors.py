"""Reads of the directory: the search a person makes, and one place with what it offers."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet

from massalia.inclusion import hours, vocabulary
from massalia.inclusion.models import Service, Structure
from massalia.territory import geo

MAX_RADIUS_M = 20_000


@dataclass(frozen=True)
class Criteria:
    need: str = ""
    public: str = ""
    frais: str = ""
    accueil: str = ""
    language: str = ""
    quartier_id: int | None = None
    point: tuple[float, float] | None = None
    radius_m: int = 1000
    open_now: bool = False
    words: str = ""


# What a hit's services carry: what the results show (the name) and decide by (the hours);
# one place's page reads its services in full.
SERVICE_FIELDS = ("pk", "structure", "nom", "horaires")


@dataclass
class Hit:
    """A place found; `with_services` adds those of its services that fit (name and hours)."""

    structure: Structure
    services: list[Service] = field(default_factory=list)
    distance_m: float | None = None
    open: bool | None = None


def _tag(field_name: str, value: str) -> Q:
    return Q(**{f"{field_name}__contains": f"|{value}|"})


def need_filter(need: str) -> Q:
    """Services whose thématiques fall under the need (a whole category or one thématique)."""
    q = Q()
    for prefix in vocabulary.thematiques_of_need(need):
        needle = f"|{prefix}|" if "--" in prefix else f"|{prefix}--"
        q |= Q(thematiques__contains=needle)
    return q


def matching_services(c: Criteria) -> QuerySet[Service]:
    services = Service.objects.all()
    if c.need:
        services = services.filter(need_filter(c.need))
    if c.public:
        # A place open to everyone serves this audience too.
        services = services.filter(
            _tag("publics", c.public) | _tag("publics", "tous-publics") | Q(publics="")
        )
    if c.frais:
        services = services.filter(frais=c.frais)
    if c.accueil:
        services = services.filter(_tag("modes_accueil", c.accueil))
    return services


def search(c: Criteria, *, now: datetime.datetime | None = None) -> list[Hit]:
    """The places offering at least one service that fits, nearest first when a point is given."""
    services = matching_services(c)
    places = Structure.objects.filter(pk__in=services.values("structure_id"))
    if c.language:
        places = places.filter(_tag("langues", c.language))
    if c.quartier_id is not None:
        places = places.filter(quartier_id=c.quartier_id)
    if c.words:
        places = places.filter(
            Q(nom__icontains=c.words) | Q(resume__icontains=c.words) | Q(adresse__icontains=c.words)
        )
    if c.point is not None:
        places = places.filter(**geo.box_around(*c.point, c.radius_m).lookups())
    # A quartier's outline is a large JSON polygon: decoding one per place was most of the time
    # of a search over thousands of places, and the page only shows the quartier's name.
    hits = {p.pk: Hit(p) for p in places.select_related("quartier").defer("quartier__geometry")}
    # Whether each place is open needs only its services' hours: plain tuples, no model objects
    # (the services themselves are read for the page shown, by `with_services`).
    service_hours: dict[int, set[str]] = {pk: set() for pk in hits}
    offered = services.filter(structure_id__in=list(hits)).values_list("structure_id", "horaires")
    for structure_id, horaires in offered:
        service_hours[structure_id].add(horaires)
    kept = []
    moment = hours.local(now)
    for hit in hits.values():
        if c.point is not None and hit.structure.located:
            assert hit.structure.latitude is not None and hit.structure.longitude is not None
            hit.distance_m = geo.distance_m(
                c.point[0], c.point[1], hit.structure.latitude, hit.structure.longitude
            )
            if hit.distance_m > c.radius_m:
                continue
        hit.open = _open(hit.structure.horaires, service_hours[hit.structure.pk], moment)
        if c.open_now and hit.open is not True:
            continue
        kept.append(hit)
    if c.point is not None:
        kept.sort(key=lambda h: (h.distance_m or 0.0, h.structure.nom))
    else:
        kept.sort(key=lambda h: (h.structure.nom.lower(), h.structure.pk))
    return kept


def with_services(hits: Iterable[Hit], c: Criteria) -> None:
    """Give each hit (those of the page shown) its services that fit, by name, in one query."""
    by_place = {hit.structure.pk: hit for hit in hits}
    offered = matching_services(c).filter(structure_id__in=list(by_place))
    for service in offered.only(*SERVICE_FIELDS).order_by("nom", "pk"):
        by_place[service.structure_id].services.append(service)


def open_at(
    structure: Structure, services: list[Service], moment: datetime.datetime
) -> bool | None:
    """Open when the place or one of the given services is open; None when no hours are known."""
    return _open(structure.horaires, {s.horaires for s in services}, moment)


def _open(place_hours: str, service_hours: set[str], moment: datetime.datetime) -> bool | None:
    states = [hours.is_open(h, moment) for h in service_hours if h]
    states.append(hours.is_open(place_hours, moment))
    if any(state is True for state in states):
        return True
    if any(state is False for state in states):
        return False
    return None


def entry(pk: int) -> Structure | None:
    return Structure.objects.select_related("quartier").filter(pk=pk).first()
