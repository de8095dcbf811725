"""The open data catalog: its pages, the downloads and the DCAT-AP metadata."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import cast

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, JsonResponse, StreamingHttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext, gettext_noop
from django.views.decorators.gzip import gzip_page
from django.views.decorators.http import require_safe

from massalia.core import exports
from massalia.core.datasets import Dataset, datasets
from massalia.opendata import dcat, rdf

JSONLD = "application/ld+json"
# The labels of the update frequencies (massalia.core.datasets), written out for translation.
FREQUENCY_LABELS = (
    gettext_noop("en continu"),
    gettext_noop("quotidienne"),
    gettext_noop("hebdomadaire"),
    gettext_noop("mensuelle"),
    gettext_noop("annuelle"),
    gettext_noop("irrégulière"),
)
RDFXML = "application/rdf+xml; charset=utf-8"


@dataclass(frozen=True)
class Download:
    label: str
    url: str
    description: str


@dataclass(frozen=True)
class Summary:
    """What the pages show of a dataset, read once."""

    dataset: Dataset
    modified: datetime.datetime | None
    downloads: list[Download]

    @classmethod
    def of(cls, dataset: Dataset) -> Summary:
        downloads = [
            Download(
                dcat.FORMATS[fmt].label,
                reverse("opendata:download", args=[dataset.slug, fmt]),
                dcat.FORMATS[fmt].description,
            )
            for fmt in dataset.formats()
        ]
        return cls(dataset, dataset.modified(), downloads)


def _refused(request: HttpRequest, status: int, message: str) -> HttpResponse:
    title = gettext("Requête invalide") if status == 400 else gettext("Page introuvable")
    context = {"title": title, "message": message}
    return render(request, "errors/error.html", context, status=status)


def _machine_refused(status: int, code: str, message: str) -> JsonResponse:
    return JsonResponse({"error": {"code": code, "message": message}}, status=status)


# French in the machine answers (JSON-LD, RDF), in the person's language on the pages.
UNKNOWN = gettext_noop(
    "Ce jeu de données n'existe pas (ou plus) : consultez le catalogue des données ouvertes."
)


@require_safe
def catalog(request: HttpRequest) -> HttpResponse:
    summaries = [Summary.of(d) for d in datasets]
    return render(request, "opendata/catalog.html", {"summaries": summaries})


@require_safe
def dataset(request: HttpRequest, slug: str) -> HttpResponse:
    found = datasets.get(slug)
    if found is None:
        return _refused(request, 404, gettext(UNKNOWN))
    rows = found.rows()
    table = found.table()
    context = {
        "summary": Summary.of(found),
        "period": found.temporal(),
        "count": rows.count() if isinstance(rows, QuerySet) else None,
        "columns": [(c.key, c.header, found.meanings.get(c.key, "")) for c in table.columns],
        "jsonld": reverse("opendata:dataset_jsonld", args=[slug]),
        "rdf": reverse("opendata:dataset_rdf", args=[slug]),
    }
    return render(request, "opendata/dataset.html", context)


@require_safe
@gzip_page  # public data, no secret in it: compressing is safe
def download(request: HttpRequest, slug: str, fmt: str) -> HttpResponse | StreamingHttpResponse:
    """The whole dataset in `fmt`, streamed: memory stays flat whatever its size."""
    found = datasets.get(slug)
    if found is None:
        return _refused(request, 404, gettext(UNKNOWN))
    if fmt not in found.formats():
        offered = ", ".join(dcat.FORMATS[f].label for f in found.formats())
        return _refused(
            request,
            404,
            gettext("Ce jeu de données n'est pas proposé dans ce format ; formats : %(offered)s.")
            % {"offered": offered},
        )
    chosen = cast(exports.Format, fmt)
    return exports.response(found.table(), found.rows(), fmt=chosen, filename=f"{slug}.{fmt}")


def _catalog_page(request: HttpRequest, syntax: dcat.Syntax) -> HttpResponse:
    try:
        page = dcat.page_of(request.GET.get("page"))
    except dcat.PageError as refused:
        return _machine_refused(refused.status, "page", refused.message)
    nodes = dcat.catalog_nodes(page, syntax)
    if syntax == "jsonld":
        return HttpResponse(rdf.jsonld_text(nodes), content_type=JSONLD)
    return HttpResponse(rdf.rdfxml(nodes), content_type=RDFXML)


@require_safe
def catalog_jsonld(request: HttpRequest) -> HttpResponse:
    """The catalog in DCAT-AP JSON-LD, paged (`?page=`): what data.gouv.fr harvests."""
    return _catalog_page(request, "jsonld")


@require_safe
def catalog_rdf(request: HttpRequest) -> HttpResponse:
    """The catalog in DCAT-AP RDF/XML, paged like the JSON-LD."""
    return _catalog_page(request, "rdf")


def _described(
    slug: str, write: Callable[[list[rdf.Node]], str], content_type: str
) -> HttpResponse:
    found = datasets.get(slug)
    if found is None:
        return _machine_refused(404, "unknown_dataset", UNKNOWN)
    return HttpResponse(write([dcat.dataset_node(found)]), content_type=content_type)


@require_safe
def dataset_jsonld(request: HttpRequest, slug: str) -> HttpResponse:
    """One dataset and its distributions in DCAT-AP JSON-LD."""
    return _described(slug, rdf.jsonld_text, JSONLD)


@require_safe
def dataset_rdf(request: HttpRequest, slug: str) -> HttpResponse:
    """One dataset and its distributions in DCAT-AP RDF/XML."""
    return _described(slug, rdf.rdfxml, RDFXML)
