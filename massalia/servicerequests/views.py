"""The case engine's public pages: report a problem, follow it, answer the department, browse
the public requests (list, map, downloads)."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any, cast

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    JsonResponse,
    QueryDict,
    StreamingHttpResponse,
)
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext, gettext_noop
from django.views.decorators.gzip import gzip_page
from django.views.decorators.http import require_GET, require_POST
from unidecode import unidecode

from massalia.accounts import mandates
from massalia.accounts.models import Mandate, User
from massalia.core import exports
from massalia.core.permissions import can
from massalia.core.security.ratelimit import by_ip, ratelimit
from massalia.core.uploads import UploadRejected
from massalia.core.views import upload_response
from massalia.servicerequests import (
    clusters,
    contributions,
    correspondence,
    selectors,
    services,
)
from massalia.servicerequests import exports as public_exports
from massalia.servicerequests.attributes import display_values
from massalia.servicerequests.contribution_forms import ContributionForm
from massalia.servicerequests.forms import FilterForm, MessageForm, ReportForm, grouped_types
from massalia.servicerequests.models import Attachment, RequestType, ServiceRequest
from massalia.territory import locations, outlines
from massalia.territory.geo import Box
from massalia.territory.locations import Location, LocationNotFound

PAGE_SIZE = 20


def _map() -> dict[str, str]:
    lat, lon = settings.MAP_CENTER
    return {
        "tiles": settings.MAP_TILES_URL,
        "attribution": settings.MAP_ATTRIBUTION,
        "center": f"{lat},{lon}",
    }


def report(request: HttpRequest) -> HttpResponse:
    """Step 1: choose what to report, by theme."""
    types = sorted(
        RequestType.objects.filter(is_active=True),
        key=lambda t: (unidecode(t.group).lower(), unidecode(t.name).lower()),
    )
    return render(request, "servicerequests/report_choose.html", {"groups": grouped_types(types)})


# A report may take a few POSTs (errors, duplicates shown first): the limit stays generous.
@ratelimit("report", rate="20/10m", key=by_ip)
def report_form(request: HttpRequest, code: str) -> HttpResponse:
    """Step 2: describe, locate, attach photos; duplicates are shown before filing."""
    request_type = get_object_or_404(RequestType, code=code, is_active=True)
    anonymous = not request.user.is_authenticated
    lapsed = mandates.SESSION_KEY in request.session
    mandate = mandates.current(request)
    if lapsed and mandate is None:
        return _lapsed(request, request_type)
    if mandate is not None and request.method == "GET":
        acting = gettext("Vous agissez pour %(person)s : la demande sera la sienne.")
        messages.info(request, acting % {"person": mandate.person})
    form = ReportForm(
        request.POST or None,
        request.FILES or None,
        request_type=request_type,
        anonymous=anonymous,
        initial=asked_place(request.GET),
    )
    context: dict[str, Any] = {
        "form": form,
        "request_type": request_type,
        "location_errors": [],
        "map": _map(),
    }
    if request.method == "POST" and VERIFY in request.POST:
        return _verify(request, form, context)
    if request.method == "POST" and form.is_valid():
        place = _locate(form.cleaned_data)
        if isinstance(place, LocationNotFound):
            context["location_errors"] = [str(place)]
        else:
            duplicates = _unseen_duplicates(request_type, place, form)
            if duplicates:
                context["duplicates"] = duplicates
                context["had_photos"] = bool(form.cleaned_data.get("photos"))
            else:
                filed = _file(request, form, request_type, place, context, mandate)
                if filed is not None:
                    return filed
    return render(request, "servicerequests/report_form.html", context)


# The form's "Vérifier l'adresse" button (the page's script checks as one types instead).
VERIFY = "verifier-adresse"


def _verify(request: HttpRequest, form: ReportForm, context: dict[str, Any]) -> HttpResponse:
    """The place the report would be filed at, read back before sending — the same resolution
    as filing (`_locate`) — with the form as it was typed; nothing is filed, nothing said
    about the other fields yet. A browser does not send files twice: the page says so."""
    form.is_valid()  # only the place's fields are read from it
    place = _locate(form.cleaned_data)
    if isinstance(place, LocationNotFound):
        context["place_missing"] = str(place)
    elif (found := locations.describe(place)) is None:
        context["place_missing"] = str(locations.OUTSIDE)
    else:
        # In its own direction: a French street name in an Arabic sentence.
        context["place_found"] = format_html("<bdi>{}</bdi>", found.label)
    as_typed = {
        name: field.widget.value_from_datadict(form.data, {}, form.add_prefix(name))
        for name, field in form.fields.items()
        if name != "photos"
    }
    context["form"] = ReportForm(
        initial=as_typed, request_type=form.request_type, anonymous=form.anonymous
    )
    context["had_photos"] = bool(request.FILES)
    return render(request, "servicerequests/report_form.html", context)


def asked_place(query: QueryDict) -> dict[str, Any]:
    """The place another page fills the form in with (a bus stop's "report a problem at this
    stop"): `?latitude=&longitude=&address=`, each kept only when readable."""
    place: dict[str, Any] = {}
    try:
        lat, lon = float(query.get("latitude", "")), float(query.get("longitude", ""))
    except ValueError:
        lat = lon = math.nan
    if math.isfinite(lat) and math.isfinite(lon) and abs(lat) <= 90 and abs(lon) <= 180:
        place |= {"latitude": lat, "longitude": lon}
    if query.get("address"):
        place["address"] = query["address"][:250]
    return place


LAPSED = gettext_noop(
    "Le mandat n'est plus en vigueur : aucune demande n'a été déposée. "
    "Recueillez à nouveau le consentement de la personne."
)


def _lapsed(request: HttpRequest, request_type: RequestType) -> HttpResponse:
    """A mediator whose mandate was withdrawn or expired files nothing, for no one: a report
    meant for the person must not be filed in the mediator's own name."""
    if request.method == "POST":
        context = {"title": gettext("Mandat plus en vigueur"), "message": gettext(LAPSED)}
        return render(request, "404.html", context, status=409)
    messages.error(request, gettext(LAPSED))
    return redirect("servicerequests:report_form", code=request_type.code)


def _locate(data: dict[str, Any]) -> Location | LocationNotFound:
    try:
        return locations.locate(
            latitude=data.get("latitude"),
            longitude=data.get("longitude"),
            address=data.get("address") or "",
            quartier_id=data.get("quartier") or None,
        )
    except LocationNotFound as exc:
        return exc


def _unseen_duplicates(request_type: RequestType, place: Location, form: ReportForm) -> list:
    if place.latitude is None or place.longitude is None:
        return []
    found = selectors.nearby_open(
        request_type=request_type, latitude=place.latitude, longitude=place.longitude
    )
    ids = {n.request.pk for n in found}
    if ids <= form.seen_ids():
        return []
    form.data = data = cast(QueryDict, form.data).copy()
    data["seen_duplicates"] = ",".join(str(i) for i in sorted(ids | form.seen_ids()))
    return found


def _file(
    request: HttpRequest,
    form: ReportForm,
    request_type: RequestType,
    place: Location,
    context: dict[str, Any],
    mandate: Mandate | None = None,
) -> HttpResponse | None:
    """File the report, for the signed-in person or, under `mandate`, for the person who
    consented (a mediator at the counter vouches for her: the case needs no email link)."""
    data = form.cleaned_data
    try:
        filed = services.submit_request(
            request_type=request_type,
            description=data["description"],
            attributes=data.get("attributes") or {},
            requester=_requester(request, mandate),
            confirmed=mandate is not None,
            email=data.get("email") or "",
            name=data.get("name") or "",
            photos=data.get("photos") or [],
            **place.as_kwargs(),
        )
    except UploadRejected as exc:
        form.add_error("photos", str(exc))
        return None
    except ValidationError as exc:
        context["location_errors"] = _messages(exc)
        return None
    if mandate is not None:
        return _receipt(request, filed, mandate)
    if filed.confirmed_at is None:
        request.session["report_sent_email"] = filed.requester_email
        return redirect("servicerequests:report_sent")
    messages.success(
        request,
        gettext("Votre demande n° %(number)s a bien été enregistrée.") % {"number": filed.pk},
    )
    return redirect("servicerequests:request_detail", pk=filed.pk)


def _requester(request: HttpRequest, mandate: Mandate | None) -> User | None:
    if mandate is not None:
        return mandate.person
    return cast(User, request.user) if request.user.is_authenticated else None


def _receipt(request: HttpRequest, filed: ServiceRequest, mandate: Mandate) -> HttpResponse:
    """The case's trail names the mediator and the mandate; the page is the person's receipt,
    to print (she also gets the acknowledgement by email, and a link to take over her account
    if she has an address but no password yet)."""
    services.add_note(
        case=filed, actor=mandate.mediator, internal_note=mandates.filing_note(mandate)
    )
    takeover = mandates.offer_takeover(mandate.person)
    context = {"req": filed, "mandate": mandate, "takeover": takeover}
    return render(request, "servicerequests/report_receipt.html", context)


def _messages(exc: ValidationError) -> list[str]:
    if hasattr(exc, "message_dict"):
        return [m for items in exc.message_dict.values() for m in items]
    return list(exc.messages)


def report_sent(request: HttpRequest) -> HttpResponse:
    email = request.session.get("report_sent_email", "")
    return render(request, "servicerequests/report_sent.html", {"email": email})


@require_GET
def nearby(request: HttpRequest) -> JsonResponse:
    """JSON for the report page's script: open requests of this type around a point."""
    code = request.GET.get("type", "")
    # PostgreSQL refuses a NUL byte in a query: no type has one.
    request_type = RequestType.objects.filter(code=code).first() if "\x00" not in code else None
    try:
        lat, lon = float(request.GET["lat"]), float(request.GET["lon"])
    except (KeyError, ValueError):
        return JsonResponse({"error": gettext("Paramètres lat et lon attendus.")}, status=400)
    # inf or nan would crash the distance computation; both are refused like a missing point.
    if not (math.isfinite(lat) and math.isfinite(lon) and abs(lat) <= 90 and abs(lon) <= 180):
        return JsonResponse({"error": gettext("Coordonnées invalides.")}, status=400)
    if request_type is None:
        return JsonResponse({"error": gettext("Type de demande inconnu.")}, status=400)
    found = selectors.nearby_open(request_type=request_type, latitude=lat, longitude=lon)
    items = [
        {
            "id": n.request.pk,
            "url": reverse("servicerequests:request_detail", args=[n.request.pk]),
            "title": str(n.request),
            "status": n.request.get_status_display(),
            "distance_m": round(n.distance_m),
            "description": n.request.public_description[:200],
        }
        for n in found
    ]
    return JsonResponse({"results": items})


def _viewable(request: HttpRequest, pk: int) -> ServiceRequest:
    found = (
        ServiceRequest.objects.select_related(
            "request_type", "quartier", "arrondissement", "merged_into"
        )
        .filter(pk=pk)
        .first()
    )
    if found is None or not can(request.user, "servicerequests.view", found):
        raise Http404(gettext("Cette demande n'existe pas ou n'est pas publique."))
    return found


def request_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _render_detail(request, _viewable(request, pk), MessageForm())


def _render_detail(
    request: HttpRequest,
    found: ServiceRequest,
    message_form: MessageForm,
    status: int = 200,
    contribution_form: ContributionForm | None = None,
) -> HttpResponse:
    """The case's page; its requester also reads and answers the correspondence there, and
    anyone signed in adds updates and photos (`contributions`)."""
    can_reply = can(request.user, "servicerequests.reply", found)
    if can_reply:
        correspondence.mark_read(case=found, by=correspondence.Sender.REQUESTER)
    context = {
        "req": found,
        "answers": display_values(found.request_type, found.attributes or {}, public=True),
        "photos": found.attachments.public(),
        "history": selectors.public_history(found),
        "following": selectors.is_following(found, request.user),
        "can_follow": can(request.user, "servicerequests.follow", found),
        "is_mine": can_reply,
        "can_reopen": can_reply and correspondence.can_reopen(found),
        "reopen_days": settings.REOPEN_DAYS,
        "thread": correspondence.thread(found) if can_reply else None,
        "message_form": message_form,
        "map": _map(),
        "contributions": contributions.panel(
            request.user, found, contribution_form or ContributionForm()
        ),
    }
    return render(request, "servicerequests/request_detail.html", context, status=status)


@ratelimit("reply", rate="20/h")
def reply_by_link(request: HttpRequest, token: str) -> HttpResponse:
    """The reply page of a requester without an account, opened from the department's email."""
    found = correspondence.case_of_link(token)
    if found is None:
        invalid = {
            "title": gettext("Lien de réponse non valable"),
            "message": correspondence.EXPIRED,
        }
        return render(request, "404.html", invalid, status=404)
    form = MessageForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        send = correspondence.reopen_by_link if found.closed_at else correspondence.reply_by_link
        try:
            send(token=token, body=data["body"], documents=data["documents"])
        except ValidationError as exc:
            form.add_error(None, list(exc.messages))
        else:
            messages.success(request, gettext("Votre message a été transmis au service."))
            return redirect("servicerequests:reply_by_link", token=token)
    if request.method == "GET":
        correspondence.mark_read(case=found, by=correspondence.Sender.REQUESTER)
    context: dict[str, Any] = {
        "req": found,
        "thread": correspondence.thread(found),
        "form": form,
        "token": token,
        "can_reopen": correspondence.can_reopen(found),
        "reopen_days": settings.REOPEN_DAYS,
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "servicerequests/reply_by_link.html", context, status=status)


def reply_document(request: HttpRequest, token: str, upload_id: int) -> FileResponse:
    """A document of the correspondence, to the holder of the case's reply link."""
    found = correspondence.case_of_link(token)
    item = (
        Attachment.objects.filter(request=found, upload_id=upload_id, message__isnull=False).first()
        if found
        else None
    )
    if item is None:
        raise Http404(gettext("Pièce jointe introuvable."))
    return upload_response(item.upload)


@require_POST
@login_required
@ratelimit("reply", rate="20/h")
def reopen(request: HttpRequest, pk: int) -> HttpResponse:
    """The requester reopens a resolved report ("still a problem?"), saying what is left."""
    done = gettext("La demande est rouverte : le service est prévenu.")
    return _requester_writes(request, pk, correspondence.reopen, done)


@require_POST
@login_required
@ratelimit("reply", rate="20/h")
def reply(request: HttpRequest, pk: int) -> HttpResponse:
    """The requester answers the department, with documents."""
    done = gettext("Votre message a été transmis au service.")
    return _requester_writes(request, pk, correspondence.reply_from_requester, done)


def _requester_writes(
    request: HttpRequest, pk: int, write: Callable[..., object], done: str
) -> HttpResponse:
    """The requester's message to the department through `write`, then back to the case."""
    found = _viewable(request, pk)
    if not can(request.user, "servicerequests.reply", found):
        raise Http404(gettext("Cette demande n'existe pas ou n'est pas publique."))
    form = MessageForm(request.POST, request.FILES)
    if form.is_valid():
        data = form.cleaned_data
        try:
            write(
                case=found,
                author=cast(User, request.user),
                body=data["body"],
                documents=data["documents"],
            )
        except ValidationError as exc:
            form.add_error(None, list(exc.messages))
        else:
            messages.success(request, done)
            return redirect("servicerequests:request_detail", pk=found.pk)
    return _render_detail(request, found, form, status=400)


@require_POST
@login_required
def follow(request: HttpRequest, pk: int) -> HttpResponse:
    found = _viewable(request, pk)
    if not can(request.user, "servicerequests.follow", found):
        raise Http404(gettext("Cette demande n'existe pas ou n'est pas publique."))
    if request.POST.get("action") == "unfollow":
        services.unfollow(case=found, user=cast(User, request.user))
        messages.success(request, gettext("Vous ne suivez plus cette demande."))
    else:
        services.follow(case=found, user=cast(User, request.user))
        messages.success(
            request, gettext("Vous suivez cette demande : vous serez informé·e par email.")
        )
    return redirect("servicerequests:request_detail", pk=found.pk)


def confirm_request(request: HttpRequest, token: str) -> HttpResponse:
    # PostgreSQL refuses a NUL byte in a query: no token has one.
    confirmed = services.confirm_request(token=token) if "\x00" not in token else None
    if confirmed is None:
        context = {
            "title": gettext("Lien de confirmation inconnu"),
            "message": gettext(
                "Ce lien de confirmation n'est pas valable. Vérifiez qu'il est complet "
                "ou déposez à nouveau votre demande."
            ),
        }
        return render(request, "404.html", context, status=404)
    return render(request, "servicerequests/confirmed.html", {"req": confirmed})


# The page parameter of each list of "my requests" (one list may be on page 3, the other on 1).
MY_PAGES = {"filed": "deposees", "followed": "suivies"}


@login_required
def my_requests(request: HttpRequest) -> HttpResponse:
    """The requests a person filed and those they follow, each list in pages of its own."""
    context: dict[str, Any] = {}
    for name, rows in selectors.mine(request.user).items():
        param = MY_PAGES[name]
        page = Paginator(rows.order_by("-created_at", "-pk"), PAGE_SIZE)
        context[name] = page.get_page(request.GET.get(param))
        others = request.GET.copy()
        others.pop(param, None)
        context[f"{name}_query"] = others.urlencode()
    return render(request, "servicerequests/my_requests.html", context)


def requests_list(request: HttpRequest) -> HttpResponse:
    form = FilterForm(request.GET)
    rows = selectors.public_requests(form.filters())
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {"form": form, "page": page, "query": query.urlencode()}
    return render(request, "servicerequests/requests.html", context)


def requests_map(request: HttpRequest) -> HttpResponse:
    """The public requests on a map, clustered by the server, with counts and a legend that
    the page states in text too (read without JavaScript)."""
    form = FilterForm(request.GET)
    filters = form.filters()
    rows = selectors.public_requests(filters)
    located = rows.exclude(latitude=None).exclude(longitude=None)
    labels = clusters.state_labels()
    counts = clusters.count_by_kind(located)
    # The labels may be lazy translations: join their texts.
    legend = [(k, counts[k.code], ", ".join(map(str, labels[k.code]))) for k in clusters.KINDS]
    located_n, matching = sum(counts.values()), rows.count()
    everything = ServiceRequest.objects.published().count()
    context = {
        "form": form,
        "query": request.GET.urlencode(),
        "map": _map(),
        "legend": [(k, _number(n), s) for k, n, s in legend],
        "located": located_n,
        "located_text": _number(located_n),
        "everything_text": _number(everything),
        "unlocated": matching - located_n,
        "unlocated_text": _number(matching - located_n),
        "applied": _applied(form, filters),
    }
    return render(request, "servicerequests/map.html", context)


def _number(n: int) -> str:
    """1234 → "1 234" (French grouping, a no-break space)."""
    return f"{n:,}".replace(",", "\u00a0")


def _applied(form: FilterForm, filters: dict[str, Any]) -> list[str]:
    """The filters in use as people read them: "Type : Tags"."""
    out = []
    for name, value in filters.items():
        field = form.fields[name]
        choices = dict(getattr(field, "choices", ()))
        shown = {"label": field.label, "value": choices.get(value, value)}
        out.append(gettext("%(label)s : %(value)s") % shown)
    return out


# The map's grid: a cell is about CELL_PX pixels wide on screen, whatever the zoom.
CELL_PX = 64
MAX_ZOOM = 19
# A map window never needs more cells than this (a wide screen shows a few hundred).
MAX_CELLS = 5000


class BadWindow(ValueError):
    """A bounding box or zoom the map endpoint cannot read (the message is French)."""


def _window(params: QueryDict) -> tuple[Box, int]:
    try:
        zoom = int(params.get("zoom", ""))
    except ValueError:
        raise BadWindow(f"zoom doit être un entier entre 0 et {MAX_ZOOM}.") from None
    if not 0 <= zoom <= MAX_ZOOM:
        raise BadWindow(f"zoom doit être un entier entre 0 et {MAX_ZOOM}.")
    try:
        west, south, east, north = (float(v) for v in params.get("bbox", "").split(","))
    except ValueError:
        raise BadWindow("bbox doit valoir « ouest,sud,est,nord » en degrés décimaux.") from None
    if not all(math.isfinite(v) for v in (west, south, east, north)):
        raise BadWindow("bbox doit valoir « ouest,sud,est,nord » en degrés décimaux.")
    if not (-180 <= west < east <= 180 and -90 <= south < north <= 90):
        raise BadWindow(
            "bbox : l'ouest doit être avant l'est, le sud avant le nord, "
            "dans les limites de la Terre (longitudes ±180, latitudes ±90)."
        )
    return Box(min_lat=south, max_lat=north, min_lon=west, max_lon=east), zoom


def _steps(zoom: int) -> tuple[float, float]:
    """The grid's (latitude, longitude) steps in degrees at `zoom` (Web Mercator: a degree of
    latitude looks longer than one of longitude, by 1/cos(latitude), at the city's)."""
    lon_step = 360 / 2**zoom * CELL_PX / 256
    return lon_step * math.cos(math.radians(settings.MAP_CENTER[0])), lon_step


@require_GET
@gzip_page
def map_clusters(request: HttpRequest) -> JsonResponse:
    """The public requests matching the filters inside `bbox`, clustered for `zoom`."""
    try:
        box, zoom = _window(request.GET)
    except BadWindow as exc:
        return _bad_window(str(exc))
    lat_step, lon_step = _steps(zoom)
    cells = (box.max_lat - box.min_lat) / lat_step * (box.max_lon - box.min_lon) / lon_step
    if cells > MAX_CELLS:
        return _bad_window("bbox : la zone est trop grande pour ce niveau de zoom.")
    rows = selectors.public_requests(FilterForm(request.GET).filters())
    data = public_exports.clustered(rows, box, lat_step=lat_step, lon_step=lon_step)
    return JsonResponse(data, content_type="application/geo+json")


def _bad_window(message: str) -> JsonResponse:
    error = {"code": "invalid", "message": message}
    return JsonResponse({"error": error}, status=400, json_dumps_params={"ensure_ascii": False})


@require_GET
@gzip_page
def map_outlines(request: HttpRequest) -> JsonResponse:
    """The quartiers' outlines, drawn under the map's markers: a map even without tiles."""
    response = JsonResponse(outlines.quartiers_geojson(), content_type="application/geo+json")
    response["Cache-Control"] = "public, max-age=3600"
    return response


@require_GET
@gzip_page  # public data, no secret in it: compressing is safe and divides its weight by ~8
def requests_geojson(request: HttpRequest) -> StreamingHttpResponse:
    """Every public request matching the filters, as a streamed GeoJSON FeatureCollection."""
    public = selectors.public_requests(FilterForm(request.GET).filters())
    rows = public_exports.map_rows(public.exclude(latitude=None).exclude(longitude=None))
    return exports.response(public_exports.for_map(), rows, fmt="geojson")


@require_GET
@gzip_page
def requests_csv(request: HttpRequest) -> StreamingHttpResponse:
    """The public requests matching the filters, every public field, as a streamed CSV."""
    rows = public_exports.spreadsheet_rows(
        selectors.public_requests(FilterForm(request.GET).filters())
    )
    return exports.response(public_exports.for_spreadsheets(), rows, fmt="csv")


def attachment(request: HttpRequest, upload_id: int) -> FileResponse:
    """A case's photo or document, to whoever may see it (`servicerequests.view_attachment`)."""
    item = (
        Attachment.objects.select_related("request__request_type", "upload")
        .filter(upload_id=upload_id)
        .first()
    )
    if item is None or not can(request.user, "servicerequests.view_attachment", item):
        raise Http404(gettext("Pièce jointe introuvable."))
    return upload_response(item.upload)
