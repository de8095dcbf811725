"""The directory's pages: search, one entry, its printable sheet, reporting an error."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_GET

from massalia.core.security.ratelimit import by_ip, ratelimit
from massalia.inclusion import exporters, hours, selectors, services, vocabulary
from massalia.inclusion.forms import ReportForm, SearchForm
from massalia.inclusion.models import Service, Structure
from massalia.territory.locations import LocationNotFound

PER_PAGE = 20
MAP_LIMIT = 500


def _map() -> dict[str, str]:
    lat, lon = settings.MAP_CENTER
    return {
        "tiles": settings.MAP_TILES_URL,
        "attribution": settings.MAP_ATTRIBUTION,
        "center": f"{lat},{lon}",
    }


def _hits(
    request: HttpRequest,
) -> tuple[SearchForm, list[selectors.Hit], str, selectors.Criteria]:
    """The form, its hits, a message for the person (empty when all went well), the criteria."""
    form = SearchForm(request.GET or None)
    nothing = selectors.Criteria()
    if not request.GET:
        return form, selectors.search(nothing), "", nothing
    if not form.is_valid():
        return (
            form,
            [],
            gettext("Certains critères ne sont pas valables : corrigez-les ci-dessous."),
            nothing,
        )
    try:
        criteria = form.criteria()
    except LocationNotFound as exc:
        return form, [], str(exc), nothing
    return form, selectors.search(criteria), "", criteria


@require_GET
def search(request: HttpRequest) -> HttpResponse:
    form, hits, problem, criteria = _hits(request)
    query = request.GET.copy()
    query.pop("page", None)
    page = Paginator(hits, PER_PAGE).get_page(request.GET.get("page"))
    selectors.with_services(page.object_list, criteria)  # only the places shown
    context = {
        "form": form,
        "page": page,
        "count": len(hits),
        "problem": problem,
        "query": query.urlencode(),
        "map": _map(),
        "internet": request.GET.get("besoin") == vocabulary.INTERNET,
    }
    status = 400 if form.is_bound and not form.is_valid() else 200
    return render(request, "inclusion/search.html", context, status=status)


@require_GET
def search_geojson(request: HttpRequest) -> JsonResponse:
    form, hits, problem, _ = _hits(request)
    if form.is_bound and not form.is_valid():
        return JsonResponse({"error": {"message": problem}}, status=400)
    features = [
        {
            "type": "Feature",
            "geometry": {
                "type": "Point",
                "coordinates": [h.structure.longitude, h.structure.latitude],
            },
            "properties": {
                "title": h.structure.nom,
                "url": reverse("inclusion:entry", args=[h.structure.pk]),
                "status_label": _state(h.open),
            },
        }
        for h in hits[:MAP_LIMIT]
        if h.structure.located
    ]
    return JsonResponse({"type": "FeatureCollection", "features": features})


def _state(open_now: bool | None) -> str:
    if open_now is None:
        return gettext("Horaires non renseignés")
    return gettext("Ouvert maintenant") if open_now else gettext("Fermé")


def _entry_context(structure: Structure) -> dict[str, object]:
    offered = list(structure.services.order_by("nom", "pk"))
    now = timezone.now()
    return {
        "place": structure,
        "offered": offered,
        "open": selectors.open_at(structure, offered, hours.local(now)),
        "week": hours.week(structure.horaires, now),
        "next_change": hours.next_change(structure.horaires, now),
        "emails": structure.tags("courriels"),
        "sites": structure.tags("sites_web"),
        "languages": [vocabulary.LANGUAGES.get(c, c) for c in structure.tags("langues")],
        "can_report": services.error_type() is not None,
        "map": _map(),
        "now": now,
    }


def _structure(pk: int) -> Structure:
    structure = selectors.entry(pk)
    if structure is None:
        raise Http404("Ce lieu n'est pas dans l'annuaire.")
    return structure


@require_GET
def entry(request: HttpRequest, pk: int) -> HttpResponse:
    return render(request, "inclusion/entry.html", _entry_context(_structure(pk)))


@require_GET
def sheet(request: HttpRequest, pk: int) -> HttpResponse:
    return render(request, "inclusion/sheet.html", _entry_context(_structure(pk)))


@ratelimit("directory-report", rate="10/10m", key=by_ip)
def report(request: HttpRequest, pk: int) -> HttpResponse:
    structure = _structure(pk)
    if services.error_type() is None:
        raise Http404("Le signalement d'erreurs n'est pas ouvert.")
    anonymous = not request.user.is_authenticated
    form = ReportForm(request.POST or None, anonymous=anonymous)
    if request.method == "POST" and form.is_valid():
        try:
            services.report_error(
                structure=structure,
                what=form.cleaned_data["what"],
                details=form.cleaned_data["details"],
                requester=None if anonymous else request.user,
                email=form.cleaned_data.get("email", ""),
            )
        except services.CannotReport as exc:
            form.add_error(None, str(exc))
        else:
            thanks = gettext("Merci : votre signalement a été transmis à l'équipe de l'annuaire.")
            if anonymous:
                thanks += " " + gettext("Confirmez-le avec le lien reçu par email.")
            messages.success(request, thanks)
            return redirect("inclusion:entry", pk=structure.pk)
    status = 400 if form.is_bound else 200
    context = {"place": structure, "form": form}
    return render(request, "inclusion/report.html", context, status=status)


@require_GET
def export_lieux(request: HttpRequest) -> StreamingHttpResponse:
    rows = Structure.objects.filter(is_mediation=True).order_by("pk").iterator()
    response = StreamingHttpResponse(
        exporters.lieux_lines(rows), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = 'attachment; filename="lieux-mediation-numerique.csv"'
    return response


@require_GET
def export_data_inclusion(request: HttpRequest, kind: str) -> JsonResponse:
    if kind == "structures":
        out = exporters.checked(Structure.objects.order_by("pk").iterator(), kind="structure")
    elif kind == "services":
        out = exporters.checked(
            Service.objects.select_related("structure").order_by("pk").iterator(),
            kind="service",
        )
    else:
        raise Http404("Export inconnu.")
    return JsonResponse(out.rows, safe=False, json_dumps_params={"ensure_ascii": False})
