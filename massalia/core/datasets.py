"""The open datasets the platform publishes: one description per dataset, filled by each domain.

A domain declares what it publishes (`Dataset`: a stable slug, a French title and description,
keywords and themes, licence, how often it changes, where and when it applies, its columns as
a `core.exports.Dataset` and the rows) in its `AppConfig.ready()` through `register()`. The
open data catalog (`massalia.opendata`) reads the `datasets` registry: it lists them, serves
their downloads and describes them in DCAT-AP. A lower layer never imports the catalog.

The rows are what the public may see: a domain hands over a queryset already narrowed to its
public records and public fields (the service requests: `ServiceRequest.objects.published()`).
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from massalia.core import exports
from massalia.core.extensions import Registry

FREQUENCY = "http://publications.europa.eu/resource/authority/frequency/"
THEME = "http://publications.europa.eu/resource/authority/data-theme/"


@dataclass(frozen=True)
class Frequency:
    """An accrual periodicity of the EU vocabulary (`uri`), with its French label."""

    uri: str
    label: str


CONTINUOUS = Frequency(FREQUENCY + "CONT", "en continu")
DAILY = Frequency(FREQUENCY + "DAILY", "quotidienne")
WEEKLY = Frequency(FREQUENCY + "WEEKLY", "hebdomadaire")
MONTHLY = Frequency(FREQUENCY + "MONTHLY", "mensuelle")
ANNUAL = Frequency(FREQUENCY + "ANNUAL", "annuelle")
IRREGULAR = Frequency(FREQUENCY + "IRREG", "irrégulière")


@dataclass(frozen=True)
class Theme:
    """A data theme of the EU vocabulary (`uri`), with its French label."""

    uri: str
    label: str


GOVERNMENT = Theme(THEME + "GOVE", "Gouvernement et secteur public")
REGIONS = Theme(THEME + "REGI", "Régions et villes")
ECONOMY = Theme(THEME + "ECON", "Économie et finances")
TRANSPORT = Theme(THEME + "TRAN", "Transports")
ENVIRONMENT = Theme(THEME + "ENVI", "Environnement")


@dataclass(frozen=True)
class Licence:
    uri: str
    title: str
    short: str  # as people name it: "Licence Ouverte 2.0"
    spdx: str = ""


# The URL data.gouv.fr knows the Licence Ouverte 2.0 by (its "lov2" licence).
ETALAB_2 = Licence(
    uri="https://www.etalab.gouv.fr/wp-content/uploads/2017/04/ETALAB-Licence-Ouverte-v2.0.pdf",
    title="Licence Ouverte / Open Licence version 2.0",
    short="Licence Ouverte 2.0 (Etalab-2.0)",
    spdx="etalab-2.0",
)


@dataclass(frozen=True)
class Spatial:
    """Where a dataset applies, when it is not the whole commune."""

    label: str
    bounds: tuple[float, float, float, float] | None = None  # min_lon, min_lat, max_lon, max_lat
    identifier: str = ""  # an INSEE code, for instance


Period = tuple[datetime.date | None, datetime.date | None]
SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
RESERVED = {"catalogue"}  # the catalog's own files: donnees/catalogue.jsonld


def _nothing() -> None:
    return None


@dataclass(frozen=True)
class Dataset:
    """One published dataset.

    `table` builds the columns (a `core.exports.Dataset`; built on demand because a column may
    reverse a URL), `rows` the public rows it is read from (a QuerySet, streamed), `meanings`
    says what each column holds (by column key, in French), `modified` when the data last
    changed and `temporal` the period it covers (None when unknown). `spatial` None means the
    whole commune; `publisher` empty means the city.
    """

    key: str  # the slug: donnees/<key>.csv; never change it, harvesters remember it
    title: str
    description: str
    table: Callable[[], exports.Dataset]
    rows: Callable[[], Iterable[Any]]
    frequency: Frequency
    meanings: Mapping[str, str] = field(default_factory=dict)
    keywords: tuple[str, ...] = ()
    themes: tuple[Theme, ...] = ()
    licence: Licence = ETALAB_2
    publisher: str = ""
    spatial: Spatial | None = None
    temporal: Callable[[], Period | None] = _nothing
    modified: Callable[[], datetime.datetime | None] = _nothing
    order: int = 100

    def __post_init__(self) -> None:
        if not SLUG.match(self.key) or self.key in RESERVED:
            raise ValueError(f"dataset slug {self.key!r} is not a usable slug")

    @property
    def slug(self) -> str:
        return self.key

    @property
    def has_geometry(self) -> bool:
        return self.table().geometry is not None

    def formats(self) -> list[exports.Format]:
        """The download formats it is served in: CSV and JSON, and GeoJSON when it has places."""
        return ["csv", "json", "geojson"] if self.has_geometry else ["csv", "json"]


datasets: Registry[Dataset] = Registry("dataset")


def register(dataset: Dataset) -> Dataset:
    """Publish `dataset` in the open data catalog (from the owning app's `ready()`)."""
    return datasets.register(dataset)
