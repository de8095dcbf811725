"""The document consultation's public pages: the document (its text, its zoning map), an
article, a zone, the observation form, and the public register (filtered, as CSV, printable).

Every page works without JavaScript: a passage is quoted by copying it into the form (a small
script of ours fills the field from a selection), a point is given by an address or its
coordinates (the script fills them from a click on the map)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from massalia.consultations import register
from massalia.consultations.document_forms import ObservationForm
from massalia.consultations.models import (
    ObservationFile,
    ObservationStatus,
    Part,
    PartKind,
    Regulation,
    TargetKind,
    Theme,
    Zone,
)
from massalia.consultations.zoning import zone_map
from massalia.core import exports
from massalia.core.forms import GET_POST, add_service_errors, posted
from massalia.core.views import upload_response
from massalia.territory.gazetteer import geocode

PER_PAGE = 25


def _regulation(slug: str) -> Regulation:
    return get_object_or_404(Regulation, slug=slug, is_published=True)


def _article(regulation: Regulation, anchor: str) -> Part:
    return get_object_or_404(
        Part, regulation=regulation, anchor=anchor, kind=PartKind.ARTICLE, removed=False
    )


def _common(request: HttpRequest, regulation: Regulation) -> dict[str, Any]:
    return {
        "regulation": regulation,
        "is_open": regulation.is_open(),
        "closed_message": "" if regulation.is_open() else register.closed_message(regulation),
    }


@require_GET
def regulations(request: HttpRequest) -> HttpResponse:
    rows = Regulation.objects.filter(is_published=True)
    return render(request, "consultations/documents/list.html", {"rows": rows})


@require_GET
def document(request: HttpRequest, slug: str) -> HttpResponse:
    regulation = _regulation(slug)
    parts = list(regulation.parts.filter(removed=False).prefetch_related("zones"))
    zones = list(regulation.zones.all())
    context = _common(request, regulation) | {
        "parts": parts,
        "zones": zones,
        "map": zone_map(zones),
        "count": register.published(regulation).count(),
    }
    return render(request, "consultations/documents/document.html", context)


@require_GET
def article(request: HttpRequest, slug: str, anchor: str) -> HttpResponse:
    regulation = _regulation(slug)
    part = _article(regulation, anchor)
    context = _common(request, regulation) | {
        "part": part,
        "zones": list(part.zones.all()),
        "observations": register.published(regulation).filter(part=part),
        "article_form": _form(request, TargetKind.ARTICLE, article=part.anchor),
        "passage_form": _form(request, TargetKind.PASSAGE, article=part.anchor),
    }
    return render(request, "consultations/documents/article.html", context)


@require_GET
def zone(request: HttpRequest, slug: str, code: str) -> HttpResponse:
    regulation = _regulation(slug)
    found = get_object_or_404(Zone, regulation=regulation, code=code)
    context = _common(request, regulation) | {
        "zone": found,
        "articles": list(found.articles.filter(removed=False)),
        "map": zone_map(list(regulation.zones.all()), highlight=found),
        "observations": register.published(regulation).filter(zone=found),
        "form": _form(request, TargetKind.ZONE, zone=found.code),
    }
    return render(request, "consultations/documents/zone.html", context)


def _form(request: HttpRequest, target: str, **initial: str) -> ObservationForm:
    # Two forms on one page: their fields are named alike (the same view takes them) but
    # their ids differ, so that each label points at its own field.
    return ObservationForm(
        initial={"target": target, **initial},
        signed_in=request.user.is_authenticated,
        auto_id=f"{target}_%s",
    )


@GET_POST
def observe(request: HttpRequest, slug: str) -> HttpResponse:
    """The observation form on a page of its own (what it is about is in its hidden fields,
    or in the query: ?cible=zone&zone=UA); where the other pages' forms are sent."""
    regulation = _regulation(slug)
    data = posted(request)
    target = (data or request.GET).get("target") or request.GET.get("cible") or "document"
    initial = {
        "target": target,
        "article": request.GET.get("article", ""),
        "zone": request.GET.get("zone", ""),
    }
    form = ObservationForm(
        data, request.FILES or None, initial=initial, signed_in=request.user.is_authenticated
    )
    status = 200
    if data is not None:
        status = 400
        if form.is_valid():
            try:
                observation = _file(request, regulation, form)
            except PermissionDenied as error:
                form.add_error(None, str(error))
                status = 403
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request,
                    _("Merci ! Votre observation est enregistrée sous le n° %(number)d. Elle "
                      "paraîtra dans le registre public après relecture par un modérateur.")
                    % {"number": observation.number},
                )  # fmt: skip
                return redirect(_back(regulation, observation.part, observation.zone))
    chosen = form.data.get("target", target) if form.is_bound else target
    part = _find_part(regulation, form["article"].value())
    found_zone = regulation.zones.filter(code=form["zone"].value() or "").first()
    zones = list(regulation.zones.all())
    context = _common(request, regulation) | {
        "form": form,
        "target": chosen if chosen in TargetKind.values else "document",
        "part": part,
        "zone": found_zone,
        "map": zone_map(zones) if chosen == TargetKind.POINT else None,
    }
    return render(request, "consultations/documents/observe.html", context, status=status)


def _find_part(regulation: Regulation, anchor: Any) -> Part | None:
    if not anchor:
        return None
    return regulation.parts.filter(anchor=str(anchor), kind=PartKind.ARTICLE, removed=False).first()


def _file(request: HttpRequest, regulation: Regulation, form: ObservationForm) -> Any:
    data = form.cleaned_data
    target = data["target"]
    latitude, longitude = data.get("latitude"), data.get("longitude")
    if target == TargetKind.POINT and (latitude is None or longitude is None) and data["place"]:
        match = geocode(data["place"])
        if match is None:
            raise ValidationError(
                {"place": _("Cette adresse est introuvable : précisez-la, ou indiquez la "
                            "latitude et la longitude.")}
            )  # fmt: skip
        latitude, longitude = match.latitude, match.longitude
    return register.file_observation(
        regulation=regulation,
        author=request.user,
        text=data["text"],
        theme=data["theme"],
        target=target,
        display_name=data.get("display_name", ""),
        author_name=data.get("author_name", ""),
        author_email=data.get("author_email", ""),
        part=_find_part(regulation, data.get("article")),
        quote=data.get("quote", ""),
        zone=regulation.zones.filter(code=data.get("zone") or "").first(),
        latitude=latitude,
        longitude=longitude,
        place=data.get("place", ""),
        files=data.get("attachments") or [],
    )


def _back(regulation: Regulation, part: Part | None, found_zone: Zone | None) -> str:
    if part is not None:
        return reverse("consultations:article", args=[regulation.slug, part.anchor])
    if found_zone is not None:
        return reverse("consultations:zone", args=[regulation.slug, found_zone.code])
    return reverse("consultations:document", args=[regulation.slug])


def _filters(request: HttpRequest) -> dict[str, str]:
    keys = {
        "q": "words",
        "article": "article",
        "zone": "zone",
        "theme": "theme",
        "reponse": "answered",
    }
    return {name: request.GET.get(key, "").strip()[:100] for key, name in keys.items()}


@require_GET
def register_page(request: HttpRequest, slug: str) -> HttpResponse:
    regulation = _regulation(slug)
    filters = _filters(request)
    found = register.search(regulation, **filters)
    page = Paginator(found, PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = _common(request, regulation) | {
        "page": page,
        "filters": filters,
        "query": query.urlencode(),
        "articles": regulation.parts.filter(kind=PartKind.ARTICLE, removed=False),
        "zones": regulation.zones.all(),
        "themes": Theme.choices,
        "total": register.published(regulation).count(),
    }
    return render(request, "consultations/documents/register.html", context)


@require_GET
def register_print(request: HttpRequest, slug: str) -> HttpResponse:
    regulation = _regulation(slug)
    context = _common(request, regulation) | {
        "observations": register.search(regulation, **_filters(request)),
    }
    return render(request, "consultations/documents/register_print.html", context)


def _target_label(observation: Any) -> str:
    if observation.part is not None:
        return observation.part.heading
    if observation.zone is not None:
        return f"{observation.zone.code} — {observation.zone.name}"
    return observation.get_target_display()


REGISTER = exports.Dataset(
    name="registre",
    columns=[
        exports.Column("numero", "N°", lambda o: o.number),
        exports.Column("depose_le", "Déposée le", lambda o: o.created_at),
        exports.Column("auteur", "Auteur", lambda o: o.shown_name),
        exports.Column("theme", "Thème", lambda o: o.get_theme_display()),
        exports.Column("objet", "Objet", lambda o: o.get_target_display()),
        exports.Column("article", "Article", lambda o: o.part.number if o.part else ""),
        exports.Column("zone", "Zone", lambda o: o.zone.code if o.zone else ""),
        exports.Column("passage", "Passage cité", lambda o: o.quote),
        exports.Column("observation", "Observation", lambda o: o.text),
        exports.Column("reponse", "Réponse", lambda o: o.answer),
        exports.Column("reponse_de", "Réponse de", lambda o: o.get_answer_role_display()),
        exports.Column("repondue_le", "Répondue le", lambda o: o.answered_at),
    ],
)


@require_GET
def register_csv(request: HttpRequest, slug: str) -> HttpResponseBase:
    regulation = _regulation(slug)
    rows = register.search(regulation, **_filters(request)).prefetch_related(None)
    return exports.response(REGISTER, rows, fmt="csv", filename=f"registre-{regulation.slug}.csv")


@require_GET
def attachment(request: HttpRequest, slug: str, number: int, pk: int) -> HttpResponseBase:
    """A file joined to a published observation (the pending ones are not public)."""
    regulation = _regulation(slug)
    found = get_object_or_404(
        ObservationFile.objects.select_related("upload"),
        pk=pk, observation__regulation=regulation, observation__number=number,
        observation__status=ObservationStatus.PUBLISHED,
    )  # fmt: skip
    return upload_response(found.upload)
