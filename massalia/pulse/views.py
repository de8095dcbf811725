"""The pulse's pages: the officials' dashboard, its CSV export, the weekly report, the three
small actions (seen alert, wrong topic, digest) and the public page that explains it all.

Views parse the request, check the permission, call the selectors (or one service) and render.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, StreamingHttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

from massalia.core import exports
from massalia.core.permissions import can, require
from massalia.pulse import charts, forms, notifications, selectors
from massalia.pulse.models import Alert, Message
from massalia.pulse.selectors import Filters


def _filters(request: HttpRequest) -> tuple[forms.DashboardForm, Filters]:
    form = forms.DashboardForm(request.GET or None, today=timezone.localdate())
    return form, form.filters()


def _abilities(user: Any) -> dict[str, Any]:
    return {
        "can_acknowledge": can(user, "pulse.acknowledge_alert"),
        "can_correct": can(user, "pulse.correct_topic"),
        "can_subscribe": can(user, "pulse.subscribe_digest"),
        "subscribed": notifications.is_subscribed(user),
    }


@require_GET
@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    """What people say, where and how they feel, and how the services keep up."""
    require(request.user, "pulse.view")
    form, filters = _filters(request)
    context = {
        "form": form,
        "filters": filters,
        "query": request.GET.urlencode(),
        "here": request.get_full_path(),
        **dashboard_data(filters),
        **_abilities(request.user),
    }
    if context["can_correct"]:
        context["correct_form"] = forms.CorrectTopicForm()
    return render(request, "pulse/dashboard.html", context)


def dashboard_data(filters: Filters) -> dict[str, Any]:
    series = selectors.series(filters)
    arrondissements = selectors.by_arrondissement(filters)
    quartiers = selectors.by_quartier(filters)
    return {
        "figures": selectors.key_figures(filters),
        "weekly": selectors.weekly(filters),
        "series": series,
        "partial": partial_from(series, filters) is not None,
        "volume_chart": volume_chart(series, filters),
        "sentiment_chart": sentiment_chart(series, filters),
        "arrondissements": arrondissements,
        "quartiers": quartiers,
        "arrondissement_map": place_map(arrondissements, "arrondissement", filters),
        "quartier_map": place_map(quartiers, "quartier", filters),
        "heat": selectors.heat_map(filters),
        "alerts": selectors.alert_list(filters),
        "verbatims": selectors.verbatims(filters),
        "performance": selectors.performance(filters),
        "creches": selectors.creches(filters),
        "city_card": selectors.city_card(filters),
        "retention_days": settings.PULSE_RETENTION_DAYS,
    }


COUNTED = "tous les messages analysés (publications, courriels, demandes), doublons compris"


def partial_from(series: list[selectors.Bucket], filters: Filters) -> int | None:
    """The index of the bucket that holds today (not over yet), if the span reaches today."""
    today = timezone.localdate()
    step = 7 if selectors.weekly(filters) else 1
    for index, bucket in enumerate(series):
        if bucket.day <= today < bucket.day + timedelta(days=step):
            return index
    return None


def period(filters: Filters) -> str:
    return f"du {filters.start:%d/%m/%Y} au {filters.end:%d/%m/%Y}"


def _partial_note(series: list[selectors.Bucket], filters: Filters) -> str:
    if partial_from(series, filters) is None:
        return ""
    unit = "cette semaine" if selectors.weekly(filters) else "aujourd'hui"
    return f" {unit.capitalize()} n'est pas fini : son chiffre, en pointillé, est partiel."


def volume_chart(series: list[selectors.Bucket], filters: Filters) -> str:
    unit = "semaine" if selectors.weekly(filters) else "jour"
    total = sum(b.messages for b in series)
    return charts.line_chart(
        [(b.label, b.messages) for b in series],
        title=f"Messages par {unit}, {period(filters)}",
        desc=f"{total} messages {period(filters)} : {COUNTED}." + _partial_note(series, filters),
        ident="volume",
        partial_from=partial_from(series, filters),
    )


def sentiment_chart(series: list[selectors.Bucket], filters: Filters) -> str:
    unit = "semaine" if selectors.weekly(filters) else "jour"
    negative = sum(b.negative for b in series)
    positive = sum(b.positive for b in series)
    return charts.stacked_bars(
        [(b.label, (b.negative, b.neutral, b.positive)) for b in series],
        title=f"Tonalité des messages par {unit}, {period(filters)}",
        desc=f"{negative} messages négatifs et {positive} positifs {period(filters)}, "
        f"parmi {COUNTED}." + _partial_note(series, filters),
        ident="tonalite",
        partial_from=partial_from(series, filters),
    )


def place_map(figures: list[selectors.PlaceFigure], kind: str, filters: Filters) -> str:
    shapes = charts.territory_shapes()
    projected = shapes.quartiers if kind == "quartier" else shapes.arrondissements
    wanted = {f.id for f in figures}
    projected = charts.Projected(
        [s for s in projected.shapes if s.id in wanted], projected.width, projected.height
    )
    highest = max((f.messages for f in figures), default=0)
    values = {
        f.id: (selectors.level(f.messages, highest), f"{f.name} : {f.messages} message(s)")
        for f in figures
    }
    label = "quartier" if kind == "quartier" else "arrondissement"
    return charts.choropleth(
        projected,
        values,
        title=f"Carte des messages par {label}, {period(filters)}",
        desc="Plus la couleur est foncée, plus il y a de messages. Seuls les messages dont le "
        "lieu est connu y figurent. Détail dans le tableau.",
        ident=f"carte-{kind}",
        selected=filters.quartier_id if kind == "quartier" else filters.arrondissement_id,
    )


@require_GET
@login_required
def export_csv(request: HttpRequest) -> StreamingHttpResponse:
    """The daily aggregates for the dashboard's filters, as a spreadsheet-friendly CSV."""
    require(request.user, "pulse.view")
    _, filters = _filters(request)
    name = f"barometre-{filters.start:%Y-%m-%d}-{filters.end:%Y-%m-%d}.csv"
    rows = selectors.export_rows(filters)
    return exports.response(selectors.SIGNALS_EXPORT, rows, fmt="csv", filename=name)


@require_GET
@login_required
def report(request: HttpRequest) -> HttpResponse:
    """A printable weekly report (ISO week "2026-W47"; the last full week by default)."""
    require(request.user, "pulse.view")
    today = timezone.localdate()
    monday = forms.parse_week(request.GET.get("semaine"), today=today)
    if monday is None:
        refused = {"error": "Semaine inconnue : écrivez-la comme 2026-W47.", "week": None}
        return render(request, "pulse/report.html", refused, status=400)
    filters = Filters(start=monday, end=monday + timedelta(days=6))
    series = selectors.series(filters)
    following = monday + timedelta(days=7)
    context: dict[str, Any] = {
        "week": forms.week_label(monday),
        "filters": filters,
        "previous_week": forms.week_label(monday - timedelta(days=7)),
        "next_week": forms.week_label(following) if following <= today else None,
        "figures": selectors.key_figures(filters),
        "volume_chart": volume_chart(series, filters),
        "series": series,
        "topics": selectors.top_topics(filters),
        "places": selectors.top_places(filters),
        "alerts": selectors.alert_list(filters, limit=10),
        "verbatims": selectors.verbatims(filters, limit=4),
        "performance": selectors.performance(filters),
    }
    return render(request, "pulse/report.html", context)


@require_GET
@login_required
def alert(request: HttpRequest, pk: int) -> HttpResponse:
    """One alert and exactly the messages it counts (its topic, its place, its days)."""
    require(request.user, "pulse.view")
    found = get_object_or_404(Alert.objects.select_related("topic", "arrondissement"), pk=pk)
    context = {
        "alert": found,
        "listing": selectors.alert_messages(found),
        "retention_days": settings.PULSE_RETENTION_DAYS,
        **_abilities(request.user),
    }
    return render(request, "pulse/alert.html", context)


def _back(request: HttpRequest) -> HttpResponseRedirect:
    """Back to the dashboard page the action came from (its filters kept)."""
    target = request.POST.get("retour", "")
    home = reverse("pulse:dashboard")
    if target.startswith(home) and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return HttpResponseRedirect(target)
    return HttpResponseRedirect(home)


def _refused(request: HttpRequest, message: str) -> HttpResponse:
    """An action's form was incomplete: nothing changed; say so and offer the way back."""
    context = {"title": "Rien n'a été modifié", "message": message, "back": _back(request).url}
    return render(request, "pulse/refused.html", context, status=400)


@require_POST
@login_required
def acknowledge(request: HttpRequest, pk: int) -> HttpResponse:
    """An official marks an alert as seen."""
    alert = get_object_or_404(Alert, pk=pk)
    require(request.user, "pulse.acknowledge_alert", alert)
    from massalia.pulse import alerts

    alerts.acknowledge(alert, request.user)
    messages.success(request, f"Alerte « {alert.title} » marquée comme vue.")
    return _back(request)


@require_POST
@login_required
def correct(request: HttpRequest, pk: int) -> HttpResponse:
    """An agent says a message's topic is wrong and gives the right one."""
    message = get_object_or_404(Message, pk=pk)
    require(request.user, "pulse.correct_topic", message)
    form = forms.CorrectTopicForm(request.POST)
    if not form.is_valid():
        return _refused(request, "Choisissez le bon thème dans la liste.")
    from massalia.pulse.enrich import topics

    topic = form.cleaned_data["theme"]
    topics.correct(message, topic, request.user)
    messages.success(request, f"Merci : le message est rangé sous « {topic.name} ».")
    return _back(request)


@require_POST
@login_required
def digest(request: HttpRequest) -> HttpResponse:
    """An official subscribes to (or leaves) the email digest of alerts."""
    require(request.user, "pulse.subscribe_digest")
    form = forms.DigestForm(request.POST)
    if not form.is_valid():
        return _refused(request, "Choisissez de vous abonner ou de vous désabonner.")
    from massalia.pulse import alerts

    if form.cleaned_data["abonner"]:
        alerts.subscribe(request.user)
        messages.success(request, "Vous recevrez le résumé des alertes par courriel.")
    else:
        alerts.unsubscribe(request.user)
        messages.success(request, "Vous ne recevrez plus le résumé des alertes.")
    return _back(request)


@require_GET
def about(request: HttpRequest) -> HttpResponse:
    """For everyone: what the pulse listens to, why, what it removes and who reads it."""
    context = {"retention_days": settings.PULSE_RETENTION_DAYS}
    return render(request, "pulse/about.html", context)
