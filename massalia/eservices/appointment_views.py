"""Pages of the identity-card and passport appointments: choose a place, a day, a slot; then
manage it through the emailed link; and, for the agents, the day's list at the counter."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, F, Min, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_POST

from massalia.core.forms import GET_POST, add_service_errors
from massalia.core.permissions import require
from massalia.core.security.ratelimit import ratelimit
from massalia.eservices import appointments, calendar
from massalia.eservices.forms import (
    BookingForm,
    ClosureForm,
    MarkForm,
    RescheduleForm,
    SlotChoiceField,
)
from massalia.eservices.models import Appointment, Site, Slot, Stop

WEEK = datetime.timedelta(days=7)


@require_GET
def sites(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    town_halls = []
    for site in Site.objects.filter(active=True, kind=Site.Kind.TOWN_HALL):
        first = Slot.objects.bookable(site, now).aggregate(first=Min("starts_at"))["first"]
        town_halls.append((site, first and timezone.localtime(first)))
    stops = (
        Stop.objects.filter(site__active=True, day__gte=timezone.localdate())
        .select_related("site", "quartier")
        .annotate(free=Count("slots", filter=Q(slots__booked__lt=F("slots__capacity"))))
        .order_by("day", "opens")[:30]
    )
    return render(
        request, "eservices/appointment_sites.html", {"town_halls": town_halls, "stops": stops}
    )


def _week_start(request: HttpRequest, default: datetime.date | None = None) -> datetime.date:
    """The first day shown: ?semaine=, else `default` (the stop's or the appointment's day)."""
    today = timezone.localdate()
    try:
        asked = datetime.date.fromisoformat(request.GET.get("semaine", ""))
    except ValueError:
        asked = default or today
    return min(max(asked, today), today + datetime.timedelta(days=400))


def _week(site: Site, start: datetime.date, stop: Stop | None) -> Any:
    begin = datetime.datetime.combine(start, datetime.time.min, tzinfo=appointments.zone())
    slots = Slot.objects.bookable(site).filter(starts_at__gte=begin, starts_at__lt=begin + WEEK)
    return slots.filter(stop=stop) if stop else slots


def _by_day(slots: Any) -> list[tuple[datetime.date, list[Slot]]]:
    days: dict[datetime.date, list[Slot]] = {}
    for slot in slots:
        days.setdefault(timezone.localtime(slot.starts_at).date(), []).append(slot)
    return list(days.items())


def _offer(form: Any, slots: Any) -> None:
    """Show `slots` in the form's picker (after a refused POST, which accepted any)."""
    field = form.fields["slot"]
    assert isinstance(field, SlotChoiceField)
    field.queryset = slots


def _picker(site: Site, request: HttpRequest, form: Any, start: datetime.date) -> dict[str, Any]:
    """What the slot picker shows: the week's days, the form, the previous and next weeks."""
    rows = _by_day(form.fields["slot"].queryset)
    chosen = form["slot"].value()
    return {
        "site": site,
        "form": form,
        "days": [
            (day, [(slot, str(slot.pk) == str(chosen)) for slot in slots]) for day, slots in rows
        ],
        "start": start,
        "previous": start - WEEK if start > timezone.localdate() else None,
        "next": start + WEEK,
        "slot_errors": form["slot"].errors,
    }


@GET_POST
@ratelimit("booking", rate="20/h")
def site(request: HttpRequest, slug: str) -> HttpResponse:
    place = get_object_or_404(Site, slug=slug, active=True)
    stop = _stop(place, request)
    start = _week_start(request, stop.day if stop else None)
    slots = _week(place, start, stop) if request.method == "GET" else Slot.objects.bookable(place)
    initial = {"email": getattr(request.user, "email", ""), "name": _full_name(request.user)}
    form = BookingForm(
        request.POST if request.method == "POST" else None, slots=slots, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        try:
            booked = appointments.book(user=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                gettext("Votre rendez-vous est réservé. Une confirmation part par courriel."),
            )
            return redirect("eservices:appointment", appointments.manage_token(booked))
    if form.is_bound:  # shown again: the week asked for
        _offer(form, _week(place, start, stop))
    context = _picker(place, request, form, start) | {"stop": stop, "help": appointments.ANTS_HELP}
    return render(
        request, "eservices/appointment_book.html", context, status=400 if form.is_bound else 200
    )


def _stop(place: Site, request: HttpRequest) -> Stop | None:
    if not place.is_mobile or not request.GET.get("etape", "").isdigit():
        return None
    return place.stops.filter(pk=int(request.GET["etape"])).first()


def _full_name(user: Any) -> str:
    if not getattr(user, "is_authenticated", False):
        return ""
    return user.get_full_name() or ""


def _by_link(token: str) -> Appointment:
    found = appointments.by_token(token)
    if found is None:
        raise Http404("Ce lien de rendez-vous n'est pas valable.")
    return found


@require_GET
def appointment(request: HttpRequest, token: str) -> HttpResponse:
    found = _by_link(token)
    place, address = appointments.where(found)
    changeable = found.is_booked and found.slot.starts_at > timezone.now()
    context = {
        "appointment": found,
        "token": token,
        "place": place,
        "address": address,
        "starts_at": timezone.localtime(found.slot.starts_at),
        "changeable": changeable,
    }
    return render(request, "eservices/appointment.html", context)


@require_GET
def appointment_ics(request: HttpRequest, token: str) -> HttpResponse:
    found = _by_link(token)
    name, content, mime = calendar.attachment(found)
    response = HttpResponse(content, content_type=f"{mime}; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@require_POST
def cancel(request: HttpRequest, token: str) -> HttpResponse:
    found = _by_link(token)
    if appointments.cancel(found, reason="Annulé par le demandeur"):
        messages.success(
            request, gettext("Le rendez-vous est annulé : le créneau est rendu à d'autres.")
        )
    else:
        messages.error(request, appointments.NOT_BOOKED)
    return redirect("eservices:appointment", token)


@GET_POST
def reschedule(request: HttpRequest, token: str) -> HttpResponse:
    found = _by_link(token)
    if not found.is_booked or found.slot.starts_at <= timezone.now():
        messages.error(request, appointments.NOT_BOOKED)
        return redirect("eservices:appointment", token)
    place = found.slot.site
    start = _week_start(request, timezone.localtime(found.slot.starts_at).date())
    slots = _week(place, start, None) if request.method == "GET" else Slot.objects.bookable(place)
    form = RescheduleForm(request.POST if request.method == "POST" else None, slots=slots)
    if request.method == "POST" and form.is_valid():
        try:
            appointments.reschedule(found, slot=form.cleaned_data["slot"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, gettext("Le rendez-vous est déplacé. Une confirmation part par courriel.")
            )
            return redirect("eservices:appointment", token)
    if form.is_bound:
        _offer(form, _week(place, start, None))
    context = _picker(place, request, form, start) | {"appointment": found, "token": token}
    return render(
        request, "eservices/appointment_move.html", context, status=400 if form.is_bound else 200
    )


# The counter ---------------------------------------------------------------------------------


def _counter_site(request: HttpRequest, slug: str) -> Site:
    place = get_object_or_404(Site, slug=slug)
    require(request.user, "eservices.receive_appointments", place)
    return place


def _day(request: HttpRequest) -> datetime.date:
    try:
        return datetime.date.fromisoformat(request.GET.get("jour", ""))
    except ValueError:
        return timezone.localdate()


@require_GET
@login_required
def day_list(request: HttpRequest, slug: str) -> HttpResponse:
    place = _counter_site(request, slug)
    day = _day(request)
    begin = datetime.datetime.combine(day, datetime.time.min, tzinfo=appointments.zone())
    rows = (
        Appointment.objects.filter(
            slot__site=place,
            slot__starts_at__gte=begin,
            slot__starts_at__lt=begin + datetime.timedelta(days=1),
        )
        .exclude(status=Appointment.Status.CANCELLED)
        .select_related("slot__stop")
        .order_by("slot__starts_at", "name")
    )
    context = {
        "site": place,
        "day": day,
        "rows": rows,
        "previous": day - datetime.timedelta(days=1),
        "next": day + datetime.timedelta(days=1),
        "closure_form": ClosureForm(),
        "closures": place.closures.filter(last_day__gte=timezone.localdate()),
        "no_shows": appointments.no_show_rate(place),
    }
    return render(request, "eservices/appointment_day.html", context)


@require_POST
@login_required
def mark(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    place = _counter_site(request, slug)
    found = get_object_or_404(Appointment.objects.select_related("slot"), pk=pk, slot__site=place)
    form = MarkForm(request.POST)
    day = timezone.localtime(found.slot.starts_at).date()
    if not form.is_valid():
        messages.error(request, "Dites si la personne est venue.")
    else:
        try:
            appointments.mark(found, attended=form.cleaned_data["came"] == "oui", by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
    return redirect(f"{_day_url(place)}?jour={day.isoformat()}")


def _day_url(place: Site) -> str:
    return reverse("eservices:appointment_day", args=[place.slug])


@require_POST
@login_required
def close(request: HttpRequest, slug: str) -> HttpResponse:
    place = _counter_site(request, slug)
    form = ClosureForm(request.POST)
    if not form.is_valid():
        errors = [str(e) for field in form.errors.values() for e in field]
        messages.error(request, "Fermeture refusée : " + " ".join(errors))
        return redirect(_day_url(place))
    cancelled = appointments.close(site=place, **form.cleaned_data)
    messages.success(
        request,
        f"Fermeture enregistrée ; {cancelled} rendez-vous annulé{'s' if cancelled > 1 else ''},"
        " chaque demandeur est prévenu.",
    )
    return redirect(_day_url(place))
