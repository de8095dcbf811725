"""The catalog described in DCAT-AP: the catalog, its datasets and their distributions.

Addresses are absolute, from `SITE_URL` (never from the request's Host header), so a harvester
sees the same identifiers whichever way it came in. The catalog is paged the way data.gouv.fr's
harvester (udata) and CKAN's follow it: each page carries a `hydra:PartialCollectionView`
whose `hydra:next` is the next page's address, absent on the last page.
"""

from __future__ import annotations

import datetime
import json
import math
from dataclasses import dataclass
from typing import Literal as Kind

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from massalia.core.datasets import Dataset, Spatial, datasets
from massalia.opendata.rdf import IRI, Literal, Node
from massalia.territory import commune

DEFAULT_PAGE_SIZE = 100
FILE_TYPE = "http://publications.europa.eu/resource/authority/file-type/"
MEDIA_TYPE = "https://www.iana.org/assignments/media-types/"
GEOJSON_LITERAL = MEDIA_TYPE + "application/vnd.geo+json"
FRENCH = "http://publications.europa.eu/resource/authority/language/FRA"

Syntax = Kind["jsonld", "rdf"]


@dataclass(frozen=True)
class Format:
    label: str
    media_type: str
    file_type: str  # in the EU file-type vocabulary
    description: str


FORMATS = {
    "csv": Format(
        "CSV",
        "text/csv",
        "CSV",
        "Tableur : UTF-8, séparateur point-virgule, virgule décimale.",
    ),
    "json": Format("JSON", "application/json", "JSON", "Un tableau JSON, un objet par ligne."),
    "geojson": Format(
        "GeoJSON",
        "application/geo+json",
        "GEOJSON",
        "Une FeatureCollection GeoJSON (WGS 84), un point par ligne.",
    ),
}


def absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def publisher_name(dataset: Dataset | None = None) -> str:
    return (dataset.publisher if dataset else "") or f"Ville de {settings.CITY_NAME}"


def page_size() -> int:
    return max(1, int(getattr(settings, "OPENDATA_PAGE_SIZE", DEFAULT_PAGE_SIZE)))


# Values -----------------------------------------------------------------------------------------


def _french(text: str) -> Literal:
    return Literal(text, lang="fr")


def _when(value: datetime.datetime | datetime.date | None) -> Literal | None:
    if value is None:
        return None
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return Literal(value.replace(microsecond=0).isoformat(), datatype="xsd:dateTime")
    return Literal(value.isoformat(), datatype="xsd:date")


def _publisher(dataset: Dataset | None = None) -> Node:
    return Node(types=("foaf:Organization",)).add("foaf:name", Literal(publisher_name(dataset)))


def _contact(dataset: Dataset) -> Node:
    return Node(types=("vcard:Organization",)).describe(
        ("vcard:fn", Literal(publisher_name(dataset))),
        ("vcard:hasURL", IRI(dataset_uri(dataset))),
    )


def _licence(dataset: Dataset) -> Node:
    return Node(dataset.licence.uri, ("dct:LicenseDocument",)).add(
        "rdfs:label", _french(dataset.licence.title)
    )


def _spatial(spatial: Spatial | None) -> Node:
    if spatial is None:
        city = commune.current()
        spatial = Spatial(city.name, city.bounds, city.insee_code)
    node = Node(types=("dct:Location",)).add("skos:prefLabel", _french(spatial.label))
    if spatial.identifier:
        node.add("dct:identifier", Literal(spatial.identifier))
    if spatial.bounds:
        w, s, e, n = spatial.bounds
        ring = [[w, s], [e, s], [e, n], [w, n], [w, s]]
        wkt = "POLYGON((" + ", ".join(f"{x} {y}" for x, y in ring) + "))"
        geojson = json.dumps({"type": "Polygon", "coordinates": [ring]})
        node.add("dcat:bbox", Literal(wkt, datatype="gsp:wktLiteral"))
        node.add("locn:geometry", Literal(geojson, datatype=GEOJSON_LITERAL))
    return node


def _temporal(dataset: Dataset) -> Node | None:
    period = dataset.temporal()
    if not period or not any(period):
        return None
    start, end = period
    return Node(types=("dct:PeriodOfTime",)).describe(
        ("dcat:startDate", _when(start)), ("dcat:endDate", _when(end))
    )


# Nodes ------------------------------------------------------------------------------------------


def dataset_uri(dataset: Dataset) -> str:
    return absolute(reverse("opendata:dataset", args=[dataset.slug]))


def download_uri(dataset: Dataset, fmt: str) -> str:
    return absolute(reverse("opendata:download", args=[dataset.slug, fmt]))


def dataset_node(dataset: Dataset) -> Node:
    """One dataset with its distributions (one per download format), in DCAT-AP."""
    modified = _when(dataset.modified())
    uri = dataset_uri(dataset)
    node = Node(uri, ("dcat:Dataset",))
    node.add("dct:identifier", Literal(dataset.slug))
    node.add("dct:title", _french(dataset.title))
    node.add("dct:description", _french(dataset.description))
    node.add("dcat:keyword", *(_french(k) for k in dataset.keywords))
    node.add("dcat:theme", *(IRI(t.uri) for t in dataset.themes))
    node.add("dct:publisher", _publisher(dataset))
    node.add("dcat:contactPoint", _contact(dataset))
    node.add("dct:license", _licence(dataset))
    node.add("dct:accrualPeriodicity", IRI(dataset.frequency.uri))
    node.add("dct:spatial", _spatial(dataset.spatial))
    node.add("dct:temporal", _temporal(dataset))
    node.add("dct:modified", modified)
    node.add("dct:language", IRI(FRENCH))
    node.add("dcat:landingPage", IRI(uri))
    for fmt in dataset.formats():
        known = FORMATS[fmt]
        url = download_uri(dataset, fmt)
        node.add(
            "dcat:distribution",
            Node(url, ("dcat:Distribution",)).describe(
                ("dct:title", _french(f"{dataset.title} ({known.label})")),
                ("dct:description", _french(known.description)),
                ("dcat:accessURL", IRI(url)),
                ("dcat:downloadURL", IRI(url)),
                ("dcat:mediaType", IRI(MEDIA_TYPE + known.media_type)),
                ("dct:format", IRI(FILE_TYPE + known.file_type)),
                ("dct:license", IRI(dataset.licence.uri)),
                ("dct:modified", modified),
            ),
        )
    return node


@dataclass(frozen=True)
class Page:
    number: int
    size: int
    total: int
    items: list[Dataset]

    @property
    def last(self) -> int:
        return max(1, math.ceil(self.total / self.size))


class PageError(ValueError):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def page_of(raw: str | None) -> Page:
    """The catalog's page numbered `raw` (the `page` parameter; None: the first).

    Raises PageError: 400 for a value that is not a page number, 404 past the last page."""
    text = "1" if raw is None else raw.strip()
    if not text.isascii() or not text.isdigit() or len(text) > 9 or int(text) < 1:
        raise PageError(400, "Le paramètre « page » doit être un numéro de page : 1, 2, 3…")
    entries, size = list(datasets), page_size()
    page = Page(int(text), size, len(entries), [])
    if page.number > page.last:
        raise PageError(404, f"Le catalogue n'a que {page.last} page(s).")
    start = (page.number - 1) * size
    return Page(page.number, size, page.total, entries[start : start + size])


def _page_url(syntax: Syntax, number: int) -> str:
    name = "opendata:catalog_jsonld" if syntax == "jsonld" else "opendata:catalog_rdf"
    return absolute(f"{reverse(name)}?page={number}")


def catalog_nodes(page: Page, syntax: Syntax) -> list[Node]:
    """One page of the catalog: the catalog, the page's view (hydra) and its datasets."""
    described = [dataset_node(d) for d in page.items]
    modified = [d.modified() for d in datasets]
    latest = max((m for m in modified if m is not None), default=None)
    catalog = Node(absolute(reverse("opendata:catalog")), ("dcat:Catalog",))
    catalog.add("dct:title", _french(f"Données ouvertes de la Ville de {settings.CITY_NAME}"))
    catalog.add(
        "dct:description",
        _french(
            f"Les jeux de données publics de la Ville de {settings.CITY_NAME}, sous Licence"
            " Ouverte 2.0, téléchargeables en CSV, JSON et GeoJSON."
        ),
    )
    catalog.add("dct:publisher", _publisher())
    catalog.add("foaf:homepage", IRI(absolute(reverse("opendata:catalog"))))
    catalog.add("dct:language", IRI(FRENCH))
    catalog.add("dct:modified", _when(latest))
    catalog.add("dcat:dataset", *(IRI(n.id) for n in described if n.id))
    view = Node(_page_url(syntax, page.number), ("hydra:PartialCollectionView",))
    view.add("hydra:first", IRI(_page_url(syntax, 1)))
    view.add("hydra:last", IRI(_page_url(syntax, page.last)))
    if page.number > 1:
        view.add("hydra:previous", IRI(_page_url(syntax, page.number - 1)))
    if page.number < page.last:
        view.add("hydra:next", IRI(_page_url(syntax, page.number + 1)))
    view.add("hydra:totalItems", Literal(str(page.total), datatype="xsd:integer"))
    view.add("hydra:itemsPerPage", Literal(str(page.size), datatype="xsd:integer"))
    catalog.add("hydra:view", IRI(view.id or ""))
    return [catalog, view, *described]
