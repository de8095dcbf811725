"""Identity-card and passport appointments: slots, bookings, changes, reminders, the day list.

Slots are rows, opened ahead (`open_slots`, every night) from a town hall's weekly hours or
the mobile office's published stops, minus closures. Booking takes a desk with one conditional
UPDATE (`booked = booked + 1 WHERE booked < capacity`), which both databases run atomically,
and a CHECK constraint refuses `booked > capacity` in any case: there is no check-then-insert
to race. A pre-request number (ANTS) holds one appointment to come at a time (a partial unique
index). The applicant manages the appointment through a signed link, without an account.
"""

from __future__ import annotations

import datetime
import re
import secrets
from collections.abc import Iterator
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from massalia.core.extensions import url_for
from massalia.core.notifications import notify
from massalia.core.tasks import defer, task
from massalia.eservices.models import Appointment, Closure, OpeningHours, Site, Slot, Stop

ANTS_NUMBER = re.compile(r"^[A-Z0-9]{10}$")
ANTS_HELP = (
    "Le numéro de pré-demande a 10 caractères, lettres et chiffres. Faites la pré-demande sur"
    " le site de l'ANTS (ants.gouv.fr) : le numéro figure sur le récapitulatif, qu'il faudra"
    " apporter au rendez-vous."
)
FULL = "Ce créneau vient d'être pris. Choisissez-en un autre : vos informations sont gardées."
TOO_LATE = "Ce créneau n'est plus réservable. Choisissez-en un autre."
NOT_BOOKED = "Ce rendez-vous n'est plus réservé : il a été annulé ou a déjà eu lieu."
REFERENCE_LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
SALT = "eservices.appointment"


def zone() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


def normalise_ants(value: str) -> str:
    """The pre-request number as ANTS writes it: capitals, no spaces or dashes."""
    return re.sub(r"[\s\-]", "", value or "").upper()


def check_ants(value: str) -> str:
    number = normalise_ants(value)
    if not ANTS_NUMBER.fullmatch(number):
        raise ValidationError({"ants_number": ANTS_HELP})
    return number


# Opening slots -------------------------------------------------------------------------------


def spans(site: Site, day: datetime.date) -> list[tuple[datetime.time, datetime.time, Stop | None]]:
    """When the site receives on `day`: its opening hours, or the mobile office's stops."""
    if site.is_mobile:
        return [(stop.opens, stop.closes, stop) for stop in site.stops.filter(day=day)]
    hours: list[OpeningHours] = [h for h in site.opening_hours.all() if h.weekday == day.weekday()]
    return [(h.opens, h.closes, None) for h in hours]


def _slots_of_span(
    site: Site, day: datetime.date, opens: datetime.time, closes: datetime.time
) -> Iterator[tuple[datetime.datetime, datetime.datetime]]:
    step = datetime.timedelta(minutes=site.slot_minutes)
    start = datetime.datetime.combine(day, opens, tzinfo=zone())
    end = datetime.datetime.combine(day, closes, tzinfo=zone())
    while start + step <= end:
        yield start, start + step
        start += step


def closed_days(site: Site, first: datetime.date, last: datetime.date) -> set[datetime.date]:
    days: set[datetime.date] = set()
    for closure in site.closures.filter(first_day__lte=last, last_day__gte=first):
        day = max(closure.first_day, first)
        while day <= min(closure.last_day, last):
            days.add(day)
            day += datetime.timedelta(days=1)
    return days


def open_slots(site: Site, *, today: datetime.date | None = None) -> int:
    """Create the site's missing slots up to its horizon; returns how many were created."""
    today = today or timezone.localdate()
    last = today + datetime.timedelta(days=site.horizon_days)
    closed = closed_days(site, today, last)
    new = []
    day = today
    while day <= last:
        if day not in closed:
            for opens, closes, stop in spans(site, day):
                for starts, ends in _slots_of_span(site, day, opens, closes):
                    new.append(
                        Slot(
                            site=site,
                            stop=stop,
                            starts_at=starts,
                            ends_at=ends,
                            capacity=site.desks,
                        )
                    )
        day += datetime.timedelta(days=1)
    existing = (
        set(
            Slot.objects.filter(site=site, starts_at__gte=new[0].starts_at).values_list(
                "starts_at", flat=True
            )
        )
        if new
        else set()
    )
    now = timezone.now()
    missing = [slot for slot in new if slot.starts_at not in existing and slot.starts_at > now]
    Slot.objects.bulk_create(missing, ignore_conflicts=True)
    return len(missing)


@task
def open_all_slots() -> int:
    """The nightly job: every active site's slots opened up to its horizon."""
    return sum(open_slots(site) for site in Site.objects.filter(active=True))


# Booking -------------------------------------------------------------------------------------


def _reference() -> str:
    return "".join(secrets.choice(REFERENCE_LETTERS) for _ in range(8))


def _earliest(site: Site, now: datetime.datetime) -> datetime.datetime:
    return now + datetime.timedelta(hours=site.notice_hours)


def _take_desk(slot: Slot, now: datetime.datetime) -> None:
    """One desk of `slot`, or a ValidationError saying why there is none.

    The UPDATE names the slot's own columns only: with a join, Django would write it as
    `WHERE id IN (SELECT …)`, and PostgreSQL would not check `booked < capacity` again on a
    row another transaction just changed."""
    if not slot.site.active or slot.starts_at <= _earliest(slot.site, now):
        raise ValidationError({"slot": TOO_LATE})
    taken = Slot.objects.filter(pk=slot.pk, booked__lt=F("capacity")).update(booked=F("booked") + 1)
    if not taken:
        raise ValidationError({"slot": FULL})


def _free_desk(slot_id: int) -> None:
    Slot.objects.filter(pk=slot_id, booked__gt=0).update(booked=F("booked") - 1)


def already_booked_message(appointment: Appointment) -> str:
    when = timezone.localtime(appointment.slot.starts_at)
    return (
        f"Ce numéro de pré-demande a déjà un rendez-vous, le {when:%d/%m/%Y à %H:%M}"
        f" ({appointment.slot.site}). Pour le déplacer ou l'annuler, suivez le lien du"
        " courriel de confirmation."
    )


def _refuse_second_booking(ants_number: str) -> None:
    current = (
        Appointment.objects.filter(ants_number=ants_number, status=Appointment.Status.BOOKED)
        .select_related("slot__site")
        .first()
    )
    if current is not None:
        raise ValidationError({"ants_number": already_booked_message(current)})


def book(
    *,
    slot: Slot,
    motive: str,
    ants_number: str,
    name: str,
    email: str,
    phone: str = "",
    user: Any = None,
    now: datetime.datetime | None = None,
) -> Appointment:
    """Book a desk of `slot`; a ValidationError (by field) says why not, and nothing is kept."""
    now = now or timezone.now()
    number = check_ants(ants_number)
    _refuse_second_booking(number)
    try:
        with transaction.atomic():
            _take_desk(slot, now)
            appointment = Appointment.objects.create(
                reference=_reference(),
                slot=slot,
                motive=motive,
                ants_number=number,
                name=name,
                email=email,
                phone=phone,
                user=user if getattr(user, "is_authenticated", False) else None,
                created_at=now,
                changed_at=now,
            )
    except IntegrityError:
        # The same number booked at the same instant by another request; or, should a
        # change ever write the UPDATE otherwise, the database's own capacity check.
        _refuse_second_booking(number)
        raise ValidationError({"slot": FULL}) from None
    defer(send_email, appointment_id=appointment.pk, template="appointment_booked")
    return appointment


def reschedule(
    appointment: Appointment, *, slot: Slot, now: datetime.datetime | None = None
) -> Appointment:
    """Move a booked appointment to `slot`: the new desk is taken before the old one is freed,
    in one transaction, so a full slot leaves the appointment where it was."""
    now = now or timezone.now()
    with transaction.atomic():
        current = Appointment.objects.select_for_update().get(pk=appointment.pk)
        if current.status != Appointment.Status.BOOKED:
            raise ValidationError({"__all__": NOT_BOOKED})
        if current.slot.starts_at <= now:
            raise ValidationError({"__all__": NOT_BOOKED})
        if slot.pk == current.slot_id:
            return current
        _take_desk(slot, now)
        _free_desk(current.slot_id)
        current.slot = slot
        current.changed_at = now
        current.reminded_at = None
        current.sequence += 1
        current.save(update_fields=["slot", "changed_at", "reminded_at", "sequence"])
    defer(send_email, appointment_id=current.pk, template="appointment_moved")
    return current


def cancel(
    appointment: Appointment, *, reason: str = "", now: datetime.datetime | None = None
) -> bool:
    """Cancel a booked appointment and free its desk; False if it was not booked any more."""
    now = now or timezone.now()
    with transaction.atomic():
        changed = Appointment.objects.filter(
            pk=appointment.pk, status=Appointment.Status.BOOKED
        ).update(
            status=Appointment.Status.CANCELLED,
            cancel_reason=reason,
            changed_at=now,
            sequence=F("sequence") + 1,
        )
        if changed:
            _free_desk(appointment.slot_id)
    if changed:
        defer(send_email, appointment_id=appointment.pk, template="appointment_cancelled")
    return bool(changed)


def mark(
    appointment: Appointment, *, attended: bool, by: Any, now: datetime.datetime | None = None
) -> None:
    """The agent's check at the counter: came or did not come (from the slot's start on)."""
    now = now or timezone.now()
    if appointment.slot.starts_at > now:
        raise ValidationError({"__all__": "Un rendez-vous se pointe à partir de son heure."})
    if appointment.status == Appointment.Status.CANCELLED:
        raise ValidationError({"__all__": "Ce rendez-vous a été annulé."})
    status = Appointment.Status.ATTENDED if attended else Appointment.Status.NO_SHOW
    Appointment.objects.filter(pk=appointment.pk).update(
        status=status, marked_by=by, changed_at=now
    )


def close(*, site: Site, first_day: datetime.date, last_day: datetime.date, reason: str) -> int:
    """Close the site on those days: the appointments booked then are cancelled with the
    reason (each applicant is told), and their slots take no one. Returns how many."""
    start = datetime.datetime.combine(first_day, datetime.time.min, tzinfo=zone())
    end = datetime.datetime.combine(
        last_day + datetime.timedelta(days=1), datetime.time.min, tzinfo=zone()
    )
    with transaction.atomic():
        Closure.objects.create(site=site, first_day=first_day, last_day=last_day, reason=reason)
        booked = list(
            Appointment.objects.filter(
                slot__site=site,
                slot__starts_at__gte=start,
                slot__starts_at__lt=end,
                status=Appointment.Status.BOOKED,
            )
        )
        for appointment in booked:
            cancel(appointment, reason=f"Fermeture : {reason}")
        Slot.objects.filter(site=site, starts_at__gte=start, starts_at__lt=end).update(
            capacity=F("booked")
        )
    return len(booked)


# Links, reminders, emails --------------------------------------------------------------------


def manage_token(appointment: Appointment) -> str:
    return signing.dumps(appointment.reference, salt=SALT)


def by_token(token: str) -> Appointment | None:
    try:
        reference = signing.loads(token, salt=SALT)
    except signing.BadSignature:
        return None
    return (
        Appointment.objects.select_related("slot__site", "slot__stop")
        .filter(reference=reference)
        .first()
    )


def manage_url(appointment: Appointment) -> str:
    return settings.SITE_URL.rstrip("/") + (
        url_for("eservices.appointment", manage_token(appointment)) or ""
    )


@task
def send_reminders(now: str | None = None) -> int:
    """The day before: a reminder to each applicant not yet reminded. Returns how many."""
    moment = datetime.datetime.fromisoformat(now) if now else timezone.now()
    tomorrow = timezone.localtime(moment).date() + datetime.timedelta(days=1)
    start = datetime.datetime.combine(tomorrow, datetime.time.min, tzinfo=zone())
    due = Appointment.objects.filter(
        status=Appointment.Status.BOOKED,
        reminded_at__isnull=True,
        slot__starts_at__gte=start,
        slot__starts_at__lt=start + datetime.timedelta(days=1),
    )
    sent = 0
    for appointment in due.select_related("slot__site", "slot__stop"):
        # Claimed first, so two schedulers never remind twice.
        if Appointment.objects.filter(pk=appointment.pk, reminded_at__isnull=True).update(
            reminded_at=moment
        ):
            send_email(appointment_id=appointment.pk, template="appointment_reminder")
            sent += 1
    return sent


def where(appointment: Appointment) -> tuple[str, str]:
    """(place, address) of the appointment: the stop's for the mobile office."""
    stop = appointment.slot.stop
    if stop is not None:
        return f"{appointment.slot.site.name} — {stop.place}", stop.address
    return appointment.slot.site.name, appointment.slot.site.address


@task
def send_email(*, appointment_id: int, template: str) -> None:
    from massalia.eservices import calendar

    appointment = (
        Appointment.objects.select_related("slot__site", "slot__stop")
        .filter(pk=appointment_id)
        .first()
    )
    if appointment is None:
        return
    place, address = where(appointment)
    notify(
        to=appointment.email,
        template=f"eservices/{template}",
        context={
            "appointment": appointment,
            "starts_at": timezone.localtime(appointment.slot.starts_at),
            "place": place,
            "address": address,
            "manage_url": manage_url(appointment),
        },
        attachments=[calendar.attachment(appointment)],
    )


def upcoming_of(user: Any) -> list[Appointment]:
    """The person's appointments still to come, and those of the last month."""
    if not getattr(user, "is_authenticated", False):
        return []
    since = timezone.now() - datetime.timedelta(days=31)
    return list(
        Appointment.objects.filter(user=user, slot__starts_at__gte=since)
        .select_related("slot__site", "slot__stop")
        .order_by("slot__starts_at")
    )


def no_show_rate(site: Site, *, days: int = 90) -> tuple[int, int]:
    """(absent, checked) among the site's appointments of the last `days` days."""
    since = timezone.now() - datetime.timedelta(days=days)
    checked = Appointment.objects.filter(
        slot__site=site,
        slot__starts_at__gte=since,
        status__in=[Appointment.Status.ATTENDED, Appointment.Status.NO_SHOW],
    )
    return checked.filter(status=Appointment.Status.NO_SHOW).count(), checked.count()
