"""Public pages of procurement: search, contract, supplier, buyer, charts and exports.

Every filter comes from the GET query; a bad value answers 400 with the page and its message
(the exports a plain French sentence), never an error of ours.
"""

from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.gzip import gzip_page
from django.views.decorators.http import require_GET

from massalia.transparency import charts, exports, selectors
from massalia.transparency.forms import SearchForm

PAGE_SIZE = 25
BAD_FILTERS = _("Critères de recherche invalides : corrigez-les sur la page de recherche.")


def _search(request: HttpRequest) -> tuple[SearchForm, dict[str, Any] | None]:
    form = SearchForm(request.GET)
    return form, (form.filters() if form.is_valid() else None)


def _query(request: HttpRequest) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


@require_GET
def search(request: HttpRequest) -> HttpResponse:
    form, filters = _search(request)
    if filters is None:
        refused = {"form": form, "page": None, "query": _query(request)}
        return render(request, "transparency/search.html", refused, status=400)
    rows = selectors.contracts(filters)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    context: dict[str, Any] = {
        "form": form,
        "page": page,
        "totals": selectors.totals(rows),
        "query": _query(request),
    }
    return render(request, "transparency/search.html", context)


@require_GET
def statistics(request: HttpRequest) -> HttpResponse:
    form, filters = _search(request)
    context: dict[str, Any] = {"form": form, "query": _query(request), "charts": []}
    if filters is None:
        return render(request, "transparency/charts.html", context, status=400)
    rows = selectors.contracts(filters)
    suppliers = selectors.top_suppliers(rows)
    figures = [
        ("annees", gettext("Dépense par année de notification"), selectors.by_year(rows)),
        ("procedures", gettext("Dépense par procédure"), selectors.by_procedure(rows)),
        (
            "cpv",
            gettext("Dépense par domaine (division CPV), les dix premiers"),
            selectors.by_division(rows),
        ),
        ("titulaires", gettext("Les dix premiers titulaires"), [f for _, f in suppliers]),
    ]
    context["totals"] = selectors.totals(rows)
    context["charts"] = [
        {
            "id": ident,
            "title": title,
            "figures": found,
            "svg": charts.bars(found, title=title, ident=ident),
        }
        for ident, title, found in figures
    ]
    return render(request, "transparency/charts.html", context)


@require_GET
def contract(request: HttpRequest, pk: int) -> HttpResponse:
    found = selectors.contract(pk)
    if found is None:
        raise Http404("Contrat introuvable.")
    return render(request, "transparency/contract.html", {"contract": found})


@require_GET
def supplier(request: HttpRequest, pk: int) -> HttpResponse:
    found = selectors.supplier(pk)
    if found is None:
        raise Http404("Titulaire introuvable.")
    rows = selectors.supplier_contracts(found)
    context = {
        "supplier": found,
        "totals": selectors.totals(rows),
        "buyers": selectors.buyers_of(rows),
        "page": Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page")),
    }
    return render(request, "transparency/supplier.html", context)


@require_GET
def buyer(request: HttpRequest, pk: int) -> HttpResponse:
    found = selectors.buyer(pk)
    if found is None:
        raise Http404("Acheteur introuvable.")
    rows = selectors.contracts({"acheteur": found.pk})
    context = {
        "buyer": found,
        "totals": selectors.totals(rows),
        "suppliers": selectors.top_suppliers(rows),
        "page": Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page")),
    }
    return render(request, "transparency/buyer.html", context)


@require_GET
@gzip_page  # public data, no secret in it
def export_csv(request: HttpRequest) -> HttpResponse | StreamingHttpResponse:
    _, filters = _search(request)
    if filters is None:
        return HttpResponse(str(BAD_FILTERS), status=400, content_type="text/plain; charset=utf-8")
    return exports.csv_response(selectors.contracts(filters))


@require_GET
@gzip_page
def export_decp(request: HttpRequest) -> HttpResponse | StreamingHttpResponse:
    _, filters = _search(request)
    if filters is None:
        return HttpResponse(str(BAD_FILTERS), status=400, content_type="text/plain; charset=utf-8")
    return exports.decp_response(selectors.contracts(filters))
