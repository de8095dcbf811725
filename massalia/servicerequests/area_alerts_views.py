"""The pages of area alerts: ask for one, confirm it from the email, list and remove them.

Links from emails (confirm, remove) show a button on GET and act on POST: mail scanners
follow links, and must neither confirm an alert someone made for another's address nor
remove one.
"""

from __future__ import annotations

from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods, require_POST

from massalia.accounts.models import User
from massalia.core.notifications import Frequency
from massalia.core.security.ratelimit import by_ip, ratelimit
from massalia.servicerequests import area_alerts
from massalia.servicerequests.area_alerts_forms import QUARTIER, AreaAlertForm
from massalia.servicerequests.models import AreaAlert
from massalia.territory.models import Quartier

PAGES = "servicerequests/area_alerts"
SESSION_SENT = "area_alert_sent_to"


def _unknown_link(request: HttpRequest) -> HttpResponse:
    context = {
        "title": gettext("Lien d'alerte inconnu"),
        "message": gettext(
            "Ce lien n'est pas valable, ou l'alerte a été retirée. Vérifiez qu'il est complet "
            "ou demandez une nouvelle alerte."
        ),
    }
    return render(request, "404.html", context, status=404)


@require_http_methods(["GET", "POST"])
@ratelimit("area-alert", rate="10/h", key=by_ip)
def new_alert(request: HttpRequest) -> HttpResponse:
    """Ask for the new requests of a quartier, or around an address."""
    anonymous = not request.user.is_authenticated
    if request.method == "GET":
        form = AreaAlertForm(initial=_initial(request), anonymous=anonymous)
        return render(request, f"{PAGES}/new.html", {"form": form})
    form = AreaAlertForm(request.POST, anonymous=anonymous)
    if not form.is_valid():
        return render(request, f"{PAGES}/new.html", {"form": form}, status=400)
    data = form.cleaned_data
    try:
        alert = area_alerts.create_alert(
            user=None if anonymous else cast(User, request.user),
            email=data.get("email") or "",
            frequency=data["frequency"],
            groups=data["groups"],
            **_area(data),
        )
    except area_alerts.TooManyAlerts:
        form.add_error(
            None,
            gettext("Vous avez déjà %(count)s alertes : retirez-en une avant d'en ajouter.")
            % {"count": area_alerts.MAX_ALERTS},
        )
        return render(request, f"{PAGES}/new.html", {"form": form}, status=400)
    if alert.confirmed_at is not None:
        messages.success(
            request,
            gettext("Votre alerte est enregistrée : vous recevrez un email pour %(area)s.")
            % {"area": area_alerts.describe(alert)},
        )
        return redirect("servicerequests:my_alerts")
    request.session[SESSION_SENT] = alert.user.email if alert.user else alert.email
    return redirect("servicerequests:area_alert_sent")


def _initial(request: HttpRequest) -> dict[str, Any]:
    """A quartier named in the link (from a request's page or the map's filter)."""
    raw = request.GET.get("quartier", "")
    if raw.isdigit() and len(raw) < 10 and Quartier.objects.filter(pk=int(raw)).exists():
        return {"area": QUARTIER, "quartier": int(raw)}
    return {}


def _area(data: dict[str, Any]) -> dict[str, Any]:
    if data["area"] == QUARTIER:
        return {"quartier": Quartier.objects.get(pk=data["quartier"])}
    place = data["place"]
    return {
        "latitude": place.latitude,
        "longitude": place.longitude,
        "radius_m": data["radius"],
        "address": place.address,
    }


@require_http_methods(["GET"])
def alert_sent(request: HttpRequest) -> HttpResponse:
    """Check your mailbox (the address is shown to the person who typed it, in their session)."""
    return render(request, f"{PAGES}/sent.html", {"email": request.session.get(SESSION_SENT, "")})


@require_http_methods(["GET", "POST"])
def confirm_alert(request: HttpRequest, token: str) -> HttpResponse:
    """The confirmation link of the email: a button (GET), then the alert is on (POST)."""
    alert = area_alerts.by_token(token)
    if alert is None:
        return _unknown_link(request)
    chosen = request.POST.get("frequency") or request.GET.get("frequence") or ""
    frequency = chosen if chosen in _FREQUENCIES else Frequency.IMMEDIATELY.value
    if request.method == "POST":
        area_alerts.confirm_alert(token=token, frequency=frequency)
        return render(request, f"{PAGES}/confirmed.html", {"area": area_alerts.describe(alert)})
    context = {"alert": alert, "area": area_alerts.describe(alert), "frequency": frequency}
    return render(request, f"{PAGES}/confirm.html", {**context, "token": token})


_FREQUENCIES = {Frequency.IMMEDIATELY.value, Frequency.DAILY.value, Frequency.WEEKLY.value}


@require_http_methods(["GET", "POST"])
def remove_by_link(request: HttpRequest, token: str) -> HttpResponse:
    """The removal link of an alert's emails (no account needed): a button, then removed."""
    alert = area_alerts.by_token(token)
    if alert is None:
        return _unknown_link(request)
    area = area_alerts.describe(alert)
    if request.method == "POST":
        area_alerts.delete_alert(alert=alert)
        return render(request, f"{PAGES}/removed.html", {"area": area})
    return render(request, f"{PAGES}/remove.html", {"area": area, "token": token})


@login_required
@require_http_methods(["GET"])
def my_alerts(request: HttpRequest) -> HttpResponse:
    """The person's alerts, each with its area, themes and a button to remove it."""
    rows = [
        (alert, area_alerts.describe(alert), area_alerts.themes(alert))
        for alert in area_alerts.of_user(cast(User, request.user))
    ]
    return render(request, f"{PAGES}/mine.html", {"alerts": rows})


@require_POST
@login_required
def remove_alert(request: HttpRequest, pk: int) -> HttpResponse:
    alert = AreaAlert.objects.filter(pk=pk, user=cast(User, request.user)).first()
    if alert is None:
        raise Http404(gettext("Cette alerte n'existe pas."))
    area = area_alerts.describe(alert)
    area_alerts.delete_alert(alert=alert)
    messages.success(request, gettext("L'alerte pour %(area)s est retirée.") % {"area": area})
    return redirect("servicerequests:my_alerts")
