"""The family account and school enrolment.

A household is owned by the adults who belong to it (the first one opened it; others may be
invited later); its address is located in the gazetteer once, and the documents it gives are
kept once and reused by every procedure. An enrolment is the domain row of a case on the case
engine (`servicerequests.ServiceRequest`): the case holds status, deadline, correspondence and
audit trail; the enrolment holds the child, the level, the sector school and the derogation.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from massalia.core.models import Upload
from massalia.eservices import billing, psu
from massalia.eservices.levels import Level, SchoolKind
from massalia.servicerequests.models import ServiceRequest
from massalia.servicerequests.workflows import open_states
from massalia.territory.models import Quartier


class HouseholdQuerySet(models.QuerySet["Household"]):
    def of(self, user: Any) -> HouseholdQuerySet:
        """The household `user` belongs to (none for anonymous people)."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(adults__user=user)


class Household(models.Model):
    """A family: its adults, its children, one address, its documents."""

    house_number = models.PositiveIntegerField("numéro", null=True, blank=True)
    number_suffix = models.CharField("complément", max_length=6, blank=True)
    street_name = models.CharField("voie", max_length=200, blank=True)
    # The gazetteer's normalised name of the street: what the school map is keyed by.
    street_key = models.CharField(
        "clé de la voie (normalisée)", max_length=200, blank=True, db_index=True
    )
    quartier = models.ForeignKey(Quartier, on_delete=models.PROTECT, null=True, blank=True)
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    caf_number = models.CharField("numéro d'allocataire CAF", max_length=7, blank=True)
    # What tariffs are computed from (the crèche's hourly rate): the household's monthly
    # resources as its tax notice of `resources_year` states them, declared by the family.
    monthly_resources = models.DecimalField(
        "ressources mensuelles (€)", max_digits=9, decimal_places=2, null=True, blank=True
    )
    resources_year = models.PositiveSmallIntegerField(
        "année des revenus déclarés", null=True, blank=True
    )
    resources_declared_at = models.DateTimeField("ressources déclarées le", null=True, blank=True)
    created_at = models.DateTimeField("créé le", default=timezone.now)
    updated_at = models.DateTimeField("modifié le", default=timezone.now)

    objects = HouseholdQuerySet.as_manager()

    class Meta:
        verbose_name = "foyer"

    def __str__(self) -> str:
        return f"foyer {self.pk}"

    @property
    def has_address(self) -> bool:
        return bool(self.street_key and self.house_number)

    @property
    def address(self) -> str:
        if not self.has_address:
            return ""
        number = f"{self.house_number}{(' ' + self.number_suffix) if self.number_suffix else ''}"
        return f"{number} {self.street_name}"


class Adult(models.Model):
    """An adult of a household: the one who opened it, or one invited by email, who has only
    that address until they join from the emailed link (`services.invite_adult`, `join`)."""

    household = models.ForeignKey(
        Household, on_delete=models.CASCADE, related_name="adults", verbose_name="foyer"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="household_memberships",
        verbose_name="compte",
    )
    invited_email = models.EmailField("adresse électronique d'invitation", blank=True)
    is_owner = models.BooleanField("a ouvert le foyer", default=False)
    joined_at = models.DateTimeField("a rejoint le foyer le", null=True, blank=True)

    class Meta:
        verbose_name = "adulte du foyer"
        verbose_name_plural = "adultes du foyer"
        constraints = [
            # A person belongs to one household at most: "my household" is one page.
            models.UniqueConstraint(
                fields=["user"], condition=models.Q(user__isnull=False), name="one_household"
            )
        ]

    def __str__(self) -> str:
        return f"adult {self.user_id or self.invited_email} of {self.household_id}"


class Child(models.Model):
    household = models.ForeignKey(
        Household, on_delete=models.CASCADE, related_name="children", verbose_name="foyer"
    )
    first_name = models.CharField("prénom", max_length=80)
    last_name = models.CharField("nom", max_length=80)
    birth_date = models.DateField("date de naissance")
    # Declared by the family: a disabled child (AEEH) moves the household one column of the
    # PSU barème, whichever of its children is in care.
    aeeh = models.BooleanField("bénéficiaire de l'AEEH", default=False)
    created_at = models.DateTimeField("ajouté le", default=timezone.now)

    class Meta:
        ordering = ["birth_date", "id"]
        verbose_name = "enfant"

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}"


class FamilyDocument(models.Model):
    """A paper the family gave once (cleaned by `core.uploads`), reused by every procedure."""

    class Kind(models.TextChoices):
        PROOF_OF_ADDRESS = "domicile", "justificatif de domicile"
        FAMILY_BOOK = "livret", "livret de famille"
        CAF = "caf", "attestation CAF"

    class Check(models.TextChoices):
        PENDING = "pending", "à vérifier"
        VALID = "valid", "vérifié"
        REFUSED = "refused", "refusé"

    household = models.ForeignKey(
        Household, on_delete=models.CASCADE, related_name="documents", verbose_name="foyer"
    )
    kind = models.CharField("type de document", max_length=12, choices=Kind.choices)
    upload = models.OneToOneField(Upload, on_delete=models.CASCADE, verbose_name="fichier")
    valid_until = models.DateField("valable jusqu'au", null=True, blank=True)
    uploaded_at = models.DateTimeField("déposé le", default=timezone.now)
    verification = models.CharField(
        "vérification", max_length=10, choices=Check.choices, default=Check.PENDING
    )
    check_note = models.CharField("note de vérification", max_length=300, blank=True)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="vérifié par",
    )
    checked_at = models.DateTimeField("vérifié le", null=True, blank=True)

    class Meta:
        verbose_name = "document du foyer"
        verbose_name_plural = "documents du foyer"
        ordering = ["kind", "-uploaded_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.household_id})"

    def is_valid_on(self, day: datetime.date) -> bool:
        return self.verification != self.Check.REFUSED and (
            self.valid_until is None or self.valid_until >= day
        )


class School(models.Model):
    code = models.SlugField("code", max_length=20, unique=True)
    name = models.CharField("nom", max_length=200)
    kind = models.CharField("type", max_length=12, choices=SchoolKind.choices)
    address = models.CharField("adresse", max_length=250, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = "école"

    def __str__(self) -> str:
        return self.name


class SectorLine(models.Model):
    """One line of the school map: a street's house numbers (a side of them) → its school."""

    class Side(models.TextChoices):
        ODD = "impair", "numéros impairs"
        EVEN = "pair", "numéros pairs"
        BOTH = "tous", "tous les numéros"

    street_name = models.CharField("voie", max_length=200)
    street_key = models.CharField("clé de la voie (normalisée)", max_length=200, db_index=True)
    first_number = models.PositiveIntegerField("du numéro")
    last_number = models.PositiveIntegerField("au numéro")
    side = models.CharField("côté", max_length=8, choices=Side.choices)
    school = models.ForeignKey(
        School, on_delete=models.CASCADE, related_name="sector_lines", verbose_name="école"
    )

    class Meta:
        verbose_name = "ligne de la carte scolaire"
        verbose_name_plural = "lignes de la carte scolaire"
        ordering = ["street_key", "first_number"]
        constraints = [
            models.UniqueConstraint(
                fields=["street_key", "first_number", "last_number", "side", "school"],
                name="one_sector_line",
            ),
            models.CheckConstraint(
                condition=models.Q(first_number__lte=models.F("last_number")),
                name="sector_range_in_order",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.street_name} {self.first_number}-{self.last_number} → {self.school}"

    def serves(self, number: int) -> bool:
        if not self.first_number <= number <= self.last_number:
            return False
        if self.side == self.Side.ODD:
            return number % 2 == 1
        if self.side == self.Side.EVEN:
            return number % 2 == 0
        return True

    @property
    def numbers_label(self) -> str:
        return f"{self.get_side_display()} {self.first_number}–{self.last_number}"


class Capacity(models.Model):
    """Seats a school opens for a level in a school year."""

    school = models.ForeignKey(
        School, on_delete=models.CASCADE, related_name="capacities", verbose_name="école"
    )
    level = models.CharField("niveau", max_length=4, choices=Level.choices)
    school_year = models.PositiveSmallIntegerField("année scolaire (début)")
    seats = models.PositiveSmallIntegerField("places")

    class Meta:
        verbose_name = "capacité d'accueil"
        verbose_name_plural = "capacités d'accueil"
        constraints = [
            models.UniqueConstraint(
                fields=["school", "level", "school_year"], name="one_capacity_per_level"
            )
        ]

    def __str__(self) -> str:
        return f"{self.school} {self.level} {self.school_year}: {self.seats}"


class Derogation(models.TextChoices):
    """The reasons a family may give to enrol outside its sector (the city's usual list)."""

    SIBLING = "fratrie", "un frère ou une sœur est déjà scolarisé dans l'école demandée"
    WORK = "travail", "proximité du lieu de travail d'un parent"
    CARE = "garde", "mode de garde près de l'école demandée"
    HEALTH = "sante", "raison médicale"
    MOVING = "demenagement", "déménagement prévu dans le secteur de l'école demandée"
    OTHER = "autre", "autre raison (précisée)"


class EnrolmentQuerySet(models.QuerySet["Enrolment"]):
    def accepted(self) -> EnrolmentQuerySet:
        return self.filter(case__status="accepted")

    def open(self) -> EnrolmentQuerySet:
        return self.filter(case__status__in=_open())

    def waiting(self) -> EnrolmentQuerySet:
        """The waiting list, in its declared order: the date the case was filed, then its number."""
        waiting = self.filter(waitlisted_at__isnull=False, case__status__in=_open())
        return waiting.order_by("case__created_at", "case_id")


def _open() -> list[str]:
    return open_states()


class Enrolment(models.Model):
    """A child's enrolment request, riding on a case of the engine."""

    case = models.OneToOneField(
        ServiceRequest, on_delete=models.CASCADE, related_name="enrolment", verbose_name="demande"
    )
    household = models.ForeignKey(
        Household, on_delete=models.CASCADE, related_name="enrolments", verbose_name="foyer"
    )
    child = models.ForeignKey(
        Child, on_delete=models.CASCADE, related_name="enrolments", verbose_name="enfant"
    )
    level = models.CharField("niveau", max_length=4, choices=Level.choices)
    school_year = models.PositiveSmallIntegerField("année scolaire (début)")
    sector_school = models.ForeignKey(
        School,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="école de secteur",
    )
    sector_reason = models.CharField("raison de l'école de secteur", max_length=400, blank=True)
    requested_school = models.ForeignKey(
        School, on_delete=models.PROTECT, related_name="+", verbose_name="école demandée"
    )
    derogation_reasons = models.JSONField("motifs de dérogation", default=list, blank=True)
    derogation_details = models.TextField("précisions sur la dérogation", blank=True)
    # Set when an agent found the requested school full: the case stays open, waiting.
    waitlisted_at = models.DateTimeField("en liste d'attente depuis le", null=True, blank=True)

    objects = EnrolmentQuerySet.as_manager()

    class Meta:
        verbose_name = "inscription scolaire"
        verbose_name_plural = "inscriptions scolaires"

    def __str__(self) -> str:
        return f"inscription {self.case_id}"

    @property
    def is_derogation(self) -> bool:
        return self.sector_school_id != self.requested_school_id

    @property
    def year_label(self) -> str:
        return f"{self.school_year}-{self.school_year + 1}"

    def derogation_labels(self) -> list[str]:
        labels = dict(Derogation.choices)
        return [labels.get(code, code) for code in self.derogation_reasons]


# Identity-card and passport appointments ---------------------------------------------------


class Site(models.Model):
    """Where identity cards and passports are applied for: a sector town hall's counter, or
    the mobile office ("bureau municipal itinérant"), which opens at its published stops."""

    class Kind(models.TextChoices):
        TOWN_HALL = "mairie", "Mairie de secteur"
        MOBILE = "itinerant", "Bureau municipal itinérant"

    slug = models.SlugField("identifiant d'URL", max_length=80, unique=True)
    name = models.CharField("nom", max_length=160)
    kind = models.CharField("sorte", max_length=12, choices=Kind.choices)
    town_hall = models.OneToOneField(
        "territory.SectorTownHall",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="appointment_site",
        verbose_name="mairie de secteur",
    )
    address = models.CharField("adresse", max_length=200, blank=True)
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    # The department whose agents receive the applicants (the appointments' day lists).
    department = models.ForeignKey(
        "territory.Department", on_delete=models.PROTECT, verbose_name="service"
    )
    slot_minutes = models.PositiveSmallIntegerField("durée d'un créneau (minutes)", default=20)
    desks = models.PositiveSmallIntegerField("guichets (rendez-vous par créneau)", default=2)
    horizon_days = models.PositiveSmallIntegerField("réservable jusqu'à (jours)", default=42)
    notice_hours = models.PositiveSmallIntegerField("délai minimal (heures)", default=2)
    active = models.BooleanField("ouvert aux réservations", default=True)

    class Meta:
        ordering = ["kind", "name"]
        verbose_name = "lieu de rendez-vous"
        verbose_name_plural = "lieux de rendez-vous"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(slot_minutes__gte=5, desks__gte=1),
                name="eservices_site_slots_possible",
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_mobile(self) -> bool:
        return self.kind == self.Kind.MOBILE


class OpeningHours(models.Model):
    """A weekly opening of a town hall's counter (one row per day and span)."""

    site = models.ForeignKey(
        Site, on_delete=models.CASCADE, related_name="opening_hours", verbose_name="lieu"
    )
    weekday = models.PositiveSmallIntegerField(
        "jour",
        choices=[
            (0, "lundi"),
            (1, "mardi"),
            (2, "mercredi"),
            (3, "jeudi"),
            (4, "vendredi"),
            (5, "samedi"),
            (6, "dimanche"),
        ],
    )
    opens = models.TimeField("ouverture")
    closes = models.TimeField("fermeture")

    class Meta:
        ordering = ["site", "weekday", "opens"]
        verbose_name = "horaire d'ouverture"
        verbose_name_plural = "horaires d'ouverture"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closes__gt=models.F("opens")), name="eservices_opening_order"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.opens:%H:%M}–{self.closes:%H:%M}"


class Stop(models.Model):
    """A published stop of the mobile office: a place, a day, hours."""

    site = models.ForeignKey(
        Site, on_delete=models.CASCADE, related_name="stops", verbose_name="lieu"
    )
    day = models.DateField("jour")
    opens = models.TimeField("ouverture")
    closes = models.TimeField("fermeture")
    place = models.CharField("lieu", max_length=160)
    address = models.CharField("adresse", max_length=200)
    quartier = models.ForeignKey(Quartier, on_delete=models.PROTECT, null=True, blank=True)
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)

    class Meta:
        ordering = ["day", "opens"]
        verbose_name = "étape du bureau itinérant"
        verbose_name_plural = "étapes du bureau itinérant"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closes__gt=models.F("opens")), name="eservices_stop_order"
            )
        ]

    def __str__(self) -> str:
        return f"{self.place}, {self.day:%d/%m/%Y}"


class Closure(models.Model):
    """Days a site does not receive (holidays, works, a strike): no slot is opened then, and
    the appointments already booked on them are cancelled with the reason."""

    site = models.ForeignKey(
        Site, on_delete=models.CASCADE, related_name="closures", verbose_name="lieu"
    )
    first_day = models.DateField("du")
    last_day = models.DateField("au")
    reason = models.CharField("motif", max_length=200)

    class Meta:
        ordering = ["first_day"]
        verbose_name = "fermeture"
        verbose_name_plural = "fermetures"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(last_day__gte=models.F("first_day")),
                name="eservices_closure_order",
            )
        ]

    def __str__(self) -> str:
        return f"{self.site} fermé du {self.first_day:%d/%m/%Y} au {self.last_day:%d/%m/%Y}"


class SlotQuerySet(models.QuerySet["Slot"]):
    def bookable(self, site: Site, now: datetime.datetime | None = None) -> SlotQuerySet:
        """The site's slots with a desk left, far enough ahead for its notice, within its
        horizon."""
        now = now or timezone.now()
        return self.filter(
            site=site,
            site__active=True,
            booked__lt=models.F("capacity"),
            starts_at__gt=now + datetime.timedelta(hours=site.notice_hours),
            starts_at__lt=now + datetime.timedelta(days=site.horizon_days),
        ).select_related("site", "stop")


class Slot(models.Model):
    """One time slot of a site, with its desks (`capacity`) and the appointments it holds
    (`booked`). Booking adds one to `booked` by a conditional UPDATE, and the database refuses
    `booked > capacity`: never more appointments than desks, whatever the concurrency."""

    site = models.ForeignKey(
        Site, on_delete=models.CASCADE, related_name="slots", verbose_name="lieu"
    )
    stop = models.ForeignKey(
        Stop,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="slots",
        verbose_name="étape",
    )
    starts_at = models.DateTimeField("début")
    ends_at = models.DateTimeField("fin")
    capacity = models.PositiveSmallIntegerField("places")
    booked = models.PositiveSmallIntegerField("réservées", default=0)

    objects = SlotQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at"]
        verbose_name = "créneau"
        verbose_name_plural = "créneaux"
        constraints = [
            models.UniqueConstraint(fields=["site", "starts_at"], name="eservices_slot_once"),
            models.CheckConstraint(
                condition=models.Q(booked__lte=models.F("capacity")),
                name="eservices_slot_within_capacity",
            ),
        ]

    def __str__(self) -> str:
        local = timezone.localtime(self.starts_at)
        return f"{self.site}, {local:%d/%m/%Y %H:%M}"

    @property
    def left(self) -> int:
        return max(self.capacity - self.booked, 0)


class Appointment(models.Model):
    """A booked appointment: one applicant, one pre-request number, one slot."""

    class Motive(models.TextChoices):
        ID_CARD = "cni", "Carte nationale d'identité"
        PASSPORT = "passeport", "Passeport"
        BOTH = "cni-passeport", "Carte d'identité et passeport"

    class Status(models.TextChoices):
        BOOKED = "booked", "Réservé"
        CANCELLED = "cancelled", "Annulé"
        ATTENDED = "attended", "Venu"
        NO_SHOW = "no_show", "Absent"

    reference = models.CharField("référence", max_length=12, unique=True)
    slot = models.ForeignKey(
        Slot, on_delete=models.PROTECT, related_name="appointments", verbose_name="créneau"
    )
    motive = models.CharField("motif", max_length=16, choices=Motive.choices)
    ants_number = models.CharField("numéro de pré-demande ANTS", max_length=10)
    name = models.CharField("nom", max_length=120)
    email = models.EmailField("adresse électronique")
    phone = models.CharField("téléphone", max_length=20, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="appointments",
        verbose_name="compte",
    )
    status = models.CharField("état", max_length=12, choices=Status.choices, default=Status.BOOKED)
    cancel_reason = models.CharField("motif d'annulation", max_length=200, blank=True)
    created_at = models.DateTimeField("réservé le", default=timezone.now)
    changed_at = models.DateTimeField("modifié le", default=timezone.now)
    reminded_at = models.DateTimeField("rappel envoyé le", null=True, blank=True)
    # Grows with each move or cancellation: the calendar event's SEQUENCE (RFC 5545).
    sequence = models.PositiveIntegerField("version", default=0)
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="pointé par",
    )

    class Meta:
        ordering = ["slot__starts_at"]
        verbose_name = "rendez-vous"
        verbose_name_plural = "rendez-vous"
        constraints = [
            # One pre-request number, one appointment to come (ANTS' own rule).
            models.UniqueConstraint(
                fields=["ants_number"],
                condition=models.Q(status="booked"),
                name="eservices_one_booking_per_ants_number",
            )
        ]

    def __str__(self) -> str:
        return f"rendez-vous {self.reference}"

    @property
    def is_booked(self) -> bool:
        return self.status == self.Status.BOOKED


# Crèche billing: the PSU barème, invoices and credit notes ------------------------------------


class PsuScaleQuerySet(models.QuerySet["PsuScale"]):
    def in_force(self, day: datetime.date) -> PsuScale | None:
        """The barème period that applies on `day`: the latest one started by then."""
        return self.filter(starts_on__lte=day).order_by("-starts_on").first()


class PsuScale(models.Model):
    """One period of the CNAF's barème for collective care, as data an agent edits: from
    `starts_on`, the monthly resources' floor and ceiling and the effort rates by number of
    children. A period starts on a date, not a year, because the CNAF moves the ceiling in
    September as well as January (7,000 € from 1 September 2024, 8,500 € from 1 September
    2025)."""

    starts_on = models.DateField("en vigueur à partir du", unique=True)
    floor_cents = models.PositiveIntegerField("plancher de ressources mensuelles (centimes)")
    ceiling_cents = models.PositiveIntegerField("plafond de ressources mensuelles (centimes)")
    # {"1": "0.0619", …, "8": "0.0206"}: percent per hour billed, as the CNAF writes them,
    # kept as text so no float ever touches them; "8" is 8 children and more.
    effort_rates = models.JSONField("taux d'effort horaires (%) par nombre d'enfants")
    source = models.TextField("source des montants", blank=True)

    objects = PsuScaleQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_on"]
        verbose_name = "barème PSU"
        verbose_name_plural = "barèmes PSU"

    def __str__(self) -> str:
        return f"barème PSU du {self.starts_on:%d/%m/%Y}"

    def clean(self) -> None:
        try:
            self.to_scale()
        except (psu.ScaleError, TypeError, AttributeError) as error:
            raise ValidationError(str(error)) from error

    def to_scale(self) -> psu.Scale:
        """The barème as `psu.Scale`, checked (a `psu.ScaleError` when it cannot be right)."""
        if not isinstance(self.effort_rates, dict):
            raise psu.ScaleError("Les taux d'effort doivent être donnés par nombre d'enfants.")
        return psu.Scale(
            starts_on=self.starts_on,
            floor_cents=self.floor_cents,
            ceiling_cents=self.ceiling_cents,
            rates=psu.parse_rates(self.effort_rates),
        )


class InvoiceCounter(models.Model):
    """The last number given per kind of document and year: invoices and credit notes are
    numbered in one unbroken sequence each, taken in the transaction that writes them."""

    kind = models.CharField("pièce", max_length=8)
    year = models.PositiveSmallIntegerField("année")
    last = models.PositiveIntegerField("dernier numéro", default=0)

    class Meta:
        verbose_name = "compteur de numérotation"
        verbose_name_plural = "compteurs de numérotation"
        constraints = [
            models.UniqueConstraint(fields=["kind", "year"], name="eservices_one_counter")
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.year}: {self.last}"


class InvoiceQuerySet(models.QuerySet["Invoice"]):
    def unpaid(self) -> InvoiceQuerySet:
        return self.filter(status__in=[Invoice.Status.ISSUED, Invoice.Status.OVERDUE])

    def past_due(self, day: datetime.date) -> InvoiceQuerySet:
        return self.unpaid().filter(due_on__lt=day)


class Invoice(models.Model):
    """A month of crèche care billed to a household, with the figures it was computed from:
    the contract (plain fields until contracts link to crèche places), the resources and
    children the rate was read for, the barème period used. Never edited once issued: a
    correction cancels it with a `CreditNote` and issues the invoice that `replaces` it."""

    class Status(models.TextChoices):
        ISSUED = "issued", "émise"
        PAID = "paid", "payée"
        OVERDUE = "overdue", "en retard"
        CANCELLED = "cancelled", "annulée par avoir"

    number = models.CharField("numéro", max_length=16, unique=True)
    year = models.PositiveSmallIntegerField("année de numérotation")
    # SET_NULL: an invoice is an accounting record kept after the family account is erased.
    household = models.ForeignKey(
        Household,
        on_delete=models.SET_NULL,
        null=True,
        related_name="invoices",
        verbose_name="foyer",
    )
    child = models.ForeignKey(
        Child, on_delete=models.SET_NULL, null=True, related_name="invoices", verbose_name="enfant"
    )
    child_name = models.CharField("enfant accueilli", max_length=170)
    month = models.DateField("mois facturé")
    contract_starts_on = models.DateField("début du contrat")
    contract_ends_on = models.DateField("fin du contrat")
    hours_per_week = models.DecimalField("heures par semaine", max_digits=5, decimal_places=2)
    weekdays = models.JSONField("jours d'accueil (0 = lundi)", default=list)
    weeks = models.DecimalField("semaines du contrat", max_digits=5, decimal_places=2)
    closure_weeks = models.DecimalField(
        "semaines de fermeture", max_digits=5, decimal_places=2, default=0
    )
    holiday_weeks = models.DecimalField(
        "semaines de congés de la famille", max_digits=5, decimal_places=2, default=0
    )
    monthly_resources_cents = models.PositiveIntegerField("ressources mensuelles (centimes)")
    dependent_children = models.PositiveSmallIntegerField("enfants à charge")
    disabled_children = models.PositiveSmallIntegerField(
        "enfants en situation de handicap (AEEH)", default=0
    )
    scale = models.ForeignKey(
        PsuScale, on_delete=models.PROTECT, related_name="invoices", verbose_name="barème"
    )
    hourly_rate_cents = models.PositiveIntegerField("tarif horaire (centimes)")
    total_cents = models.IntegerField("montant (centimes)")
    # What a cancelled and paid invoice's credit note already covers of this one.
    credit_applied_cents = models.PositiveIntegerField("avoir imputé (centimes)", default=0)
    status = models.CharField("état", max_length=10, choices=Status.choices, default=Status.ISSUED)
    issued_on = models.DateField("émise le")
    due_on = models.DateField("à payer avant le")
    paid_on = models.DateField("payée le", null=True, blank=True)
    reminders_sent = models.PositiveSmallIntegerField("relances envoyées", default=0)
    last_reminder_on = models.DateField("dernière relance le", null=True, blank=True)
    replaces = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="replaced_by",
        verbose_name="remplace la facture",
    )
    # The contract billed (empty for invoices issued before contracts were kept, and once
    # the family account is erased).
    creche_contract = models.ForeignKey(
        "CrecheContract",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="invoices",
        verbose_name="contrat d'accueil",
    )
    created_at = models.DateTimeField("créée le", default=timezone.now)

    objects = InvoiceQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "-number"]
        verbose_name = "facture de crèche"
        verbose_name_plural = "factures de crèche"
        indexes = [models.Index(fields=["household", "month"], name="eservices_invoice_month")]
        constraints = [
            # A contract's month is billed once; a correction cancels before it replaces.
            models.UniqueConstraint(
                fields=["creche_contract", "month"],
                condition=~models.Q(status="cancelled"),
                name="eservices_one_invoice_per_contract_month",
            )
        ]

    def __str__(self) -> str:
        return f"facture {self.number}"

    @property
    def amount_due_cents(self) -> int:
        if self.status in (self.Status.PAID, self.Status.CANCELLED):
            return 0
        return max(self.total_cents - self.credit_applied_cents, 0)

    def contract(self) -> billing.Contract:
        """The contract this invoice was computed from, as `billing.Contract`."""
        return billing.Contract(
            starts_on=self.contract_starts_on,
            ends_on=self.contract_ends_on,
            hours_per_week=self.hours_per_week,
            weeks=self.weeks,
            closure_weeks=self.closure_weeks,
            holiday_weeks=self.holiday_weeks,
            weekdays=tuple(self.weekdays),
        )


class InvoiceLine(models.Model):
    """One figure a family can check: hours × rate = amount."""

    invoice = models.ForeignKey(
        Invoice, on_delete=models.CASCADE, related_name="lines", verbose_name="facture"
    )
    position = models.PositiveSmallIntegerField("ordre")
    kind = models.CharField("nature", max_length=12)
    label = models.CharField("libellé", max_length=250)
    hours = models.DecimalField("heures", max_digits=7, decimal_places=2)
    rate_cents = models.PositiveIntegerField("tarif horaire (centimes)")
    amount_cents = models.IntegerField("montant (centimes)")

    class Meta:
        ordering = ["invoice", "position"]
        verbose_name = "ligne de facture"
        verbose_name_plural = "lignes de facture"
        constraints = [
            models.UniqueConstraint(fields=["invoice", "position"], name="eservices_line_once")
        ]

    def __str__(self) -> str:
        return self.label


class CreditNote(models.Model):
    """A credit note ("avoir") cancelling the whole of one invoice, with its own number: its
    lines are the invoice's with the opposite sign, so they are not copied."""

    number = models.CharField("numéro", max_length=16, unique=True)
    year = models.PositiveSmallIntegerField("année de numérotation")
    invoice = models.OneToOneField(
        Invoice, on_delete=models.PROTECT, related_name="credit_note", verbose_name="facture"
    )
    amount_cents = models.IntegerField("montant crédité (centimes)")
    # Left to pay back when the cancelled invoice was paid and the replacement costs less.
    refund_cents = models.PositiveIntegerField("à rembourser (centimes)", default=0)
    reason = models.CharField("motif", max_length=300)
    issued_on = models.DateField("émis le")
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="émis par",
    )

    class Meta:
        ordering = ["-year", "-number"]
        verbose_name = "avoir"
        verbose_name_plural = "avoirs"

    def __str__(self) -> str:
        return f"avoir {self.number}"


# Crèche applications, their scoring and the allocation rounds -------------------------------


class AgeGroup(models.TextChoices):
    """The sections of a municipal crèche, by the child's age on the day care starts."""

    BABIES = "bebes", "bébés (de 10 semaines à 11 mois)"
    MIDDLE = "moyens", "moyens (de 12 à 23 mois)"
    OLDER = "grands", "grands (de 24 mois à l'école)"


class Creche(models.Model):
    """A municipal crèche: where it is (located by the territory's gazetteer), the department
    whose commission allocates its places, and its age groups with their places."""

    code = models.SlugField("code", max_length=20, unique=True)
    name = models.CharField("nom", max_length=200)
    address = models.CharField("adresse", max_length=250, blank=True)
    quartier = models.ForeignKey(
        Quartier, on_delete=models.PROTECT, null=True, blank=True, verbose_name="quartier"
    )
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    department = models.ForeignKey(
        "territory.Department", on_delete=models.PROTECT, verbose_name="service (commission)"
    )
    is_active = models.BooleanField("ouverte aux demandes", default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = "crèche"

    def __str__(self) -> str:
        return self.name


class CrecheGroup(models.Model):
    """The places a crèche opens in one age group for the next allocation round."""

    creche = models.ForeignKey(
        Creche, on_delete=models.CASCADE, related_name="groups", verbose_name="crèche"
    )
    age_group = models.CharField("tranche d'âge", max_length=8, choices=AgeGroup.choices)
    places = models.PositiveSmallIntegerField("places à attribuer")

    class Meta:
        ordering = ["creche", "age_group"]
        verbose_name = "section de crèche"
        verbose_name_plural = "sections de crèche"
        constraints = [
            models.UniqueConstraint(fields=["creche", "age_group"], name="eservices_group_once")
        ]

    def __str__(self) -> str:
        return f"{self.creche} — {self.get_age_group_display()} : {self.places}"


class Criterion(models.Model):
    """A published criterion of the score and its points: declared by the family (with a
    document when it says so), or computed from the waiting time (points per month)."""

    class Answer(models.TextChoices):
        DECLARED = "declared", "déclaré par la famille"
        WAITING = "waiting", "calculé : ancienneté de la demande, par mois"

    code = models.SlugField("code", max_length=40, unique=True)
    label = models.CharField("libellé", max_length=200)
    points = models.PositiveSmallIntegerField("points accordés")
    answer = models.CharField("réponse", max_length=10, choices=Answer.choices)
    needs_document = models.BooleanField("justificatif demandé", default=True)
    explanation = models.CharField("précision pour les familles", max_length=300, blank=True)
    is_published = models.BooleanField("publié et appliqué", default=True)
    position = models.PositiveSmallIntegerField("ordre", default=0)

    class Meta:
        ordering = ["position", "code"]
        verbose_name = "critère d'attribution"
        verbose_name_plural = "critères d'attribution"

    def __str__(self) -> str:
        return f"{self.label} ({self.points} pts)"


class CrecheApplicationQuerySet(models.QuerySet["CrecheApplication"]):
    def open(self) -> CrecheApplicationQuerySet:
        return self.filter(case__status__in=_open())

    def of(self, household: Household) -> CrecheApplicationQuerySet:
        return self.filter(household=household)


class CrecheApplication(models.Model):
    """A family's application for a crèche place, riding on a case of the engine (private
    type `demande-creche`, workflow `demarche`): the child, up to five crèches in order, the
    start date and weekly hours, the declared criteria and the score with its detail."""

    case = models.OneToOneField(
        ServiceRequest,
        on_delete=models.CASCADE,
        related_name="creche_application",
        verbose_name="demande",
    )
    household = models.ForeignKey(
        Household,
        on_delete=models.CASCADE,
        related_name="creche_applications",
        verbose_name="foyer",
    )
    child = models.ForeignKey(
        Child, on_delete=models.CASCADE, related_name="creche_applications", verbose_name="enfant"
    )
    age_group = models.CharField("tranche d'âge", max_length=8, choices=AgeGroup.choices)
    start_on = models.DateField("date d'accueil souhaitée")
    hours_per_week = models.PositiveSmallIntegerField("heures par semaine")
    # The waiting time counts from the first application, kept when one is renewed.
    waiting_since = models.DateField("en attente depuis le")
    renews = models.OneToOneField(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="renewed_by",
        verbose_name="renouvelle la demande",
    )
    score = models.PositiveIntegerField("score total", default=0)
    score_detail = models.JSONField("détail du score", default=list, blank=True)
    scored_on = models.DateField("score calculé le", null=True, blank=True)
    created_at = models.DateTimeField("déposée le", default=timezone.now)

    objects = CrecheApplicationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "demande de place en crèche"
        verbose_name_plural = "demandes de place en crèche"

    def __str__(self) -> str:
        return f"demande de crèche {self.case_id}"


class CrecheChoice(models.Model):
    application = models.ForeignKey(
        CrecheApplication, on_delete=models.CASCADE, related_name="choices", verbose_name="demande"
    )
    creche = models.ForeignKey(Creche, on_delete=models.PROTECT, verbose_name="crèche")
    rank = models.PositiveSmallIntegerField("rang du choix")

    class Meta:
        ordering = ["application", "rank"]
        verbose_name = "crèche choisie"
        verbose_name_plural = "crèches choisies"
        constraints = [
            models.UniqueConstraint(fields=["application", "rank"], name="eservices_choice_rank"),
            models.UniqueConstraint(
                fields=["application", "creche"], name="eservices_choice_creche"
            ),
            models.CheckConstraint(
                condition=models.Q(rank__gte=1, rank__lte=5), name="eservices_choice_1_to_5"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.rank}. {self.creche}"


class CriterionAnswer(models.Model):
    """A criterion the family declared, with its document; an agent may refuse the proof."""

    application = models.ForeignKey(
        CrecheApplication, on_delete=models.CASCADE, related_name="answers", verbose_name="demande"
    )
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, verbose_name="critère")
    upload = models.OneToOneField(
        Upload, on_delete=models.SET_NULL, null=True, blank=True, verbose_name="justificatif"
    )
    refused = models.BooleanField("justificatif refusé", default=False)

    class Meta:
        verbose_name = "critère déclaré"
        verbose_name_plural = "critères déclarés"
        constraints = [
            models.UniqueConstraint(
                fields=["application", "criterion"], name="eservices_answer_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.criterion} ({self.application_id})"


class AllocationRound(models.Model):
    """One sitting of the commission: its date, the published rule it applies, who ran and
    published it, and the totals of its result."""

    class Rule(models.TextChoices):
        PRIORITY = "priority", "priorité au score"
        MAX_PLACED = "max-placed", "le plus d'enfants accueillis"

    class Status(models.TextChoices):
        DRAFT = "draft", "en préparation"
        RUN = "run", "calculée"
        PUBLISHED = "published", "publiée"

    name = models.CharField("nom", max_length=120)
    department = models.ForeignKey(
        "territory.Department", on_delete=models.PROTECT, verbose_name="commission (service)"
    )
    held_on = models.DateField("date de la commission")
    rule = models.CharField("règle", max_length=12, choices=Rule.choices, default=Rule.PRIORITY)
    status = models.CharField("état", max_length=10, choices=Status.choices, default=Status.DRAFT)
    response_days = models.PositiveSmallIntegerField("délai de réponse (jours)", default=15)
    # Two months from publication: the delay of an administrative appeal (CRPA L411-2, CJA
    # R421-1), stated on every decision.
    appeal_months = models.PositiveSmallIntegerField("délai de recours (mois)", default=2)
    totals = models.JSONField("résultat", default=dict, blank=True)
    run_at = models.DateTimeField("calculée le", null=True, blank=True)
    run_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="calculée par",
    )
    published_at = models.DateTimeField("publiée le", null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="publiée par",
    )
    created_at = models.DateTimeField("créée le", default=timezone.now)

    class Meta:
        ordering = ["-held_on", "-id"]
        verbose_name = "commission d'attribution"
        verbose_name_plural = "commissions d'attribution"

    def __str__(self) -> str:
        return f"{self.name} ({self.held_on:%d/%m/%Y})"


class Offer(models.Model):
    """What a round decided for one application: a place (crèche, choice rank) or the
    waiting list, with its reasons (structured, and as the French text the family reads),
    the family's answer before the deadline, and an agent's override with its reason."""

    class Status(models.TextChoices):
        WAITING = "waiting", "liste d'attente"
        OFFERED = "offered", "place proposée"
        ACCEPTED = "accepted", "place acceptée"
        DECLINED = "declined", "place refusée"
        EXPIRED = "expired", "sans réponse dans le délai"

    round = models.ForeignKey(
        AllocationRound, on_delete=models.CASCADE, related_name="offers", verbose_name="commission"
    )
    application = models.ForeignKey(
        CrecheApplication, on_delete=models.CASCADE, related_name="offers", verbose_name="demande"
    )
    creche = models.ForeignKey(
        Creche, on_delete=models.PROTECT, null=True, blank=True, verbose_name="crèche obtenue"
    )
    choice_rank = models.PositiveSmallIntegerField("rang du choix obtenu", null=True, blank=True)
    # The application's place in the round's published order (1: first).
    position = models.PositiveIntegerField("rang dans l'ordre de la commission")
    score = models.PositiveIntegerField("score retenu")
    status = models.CharField("état", max_length=10, choices=Status.choices)
    reasons = models.JSONField("motifs (structurés)", default=dict)
    reasons_text = models.TextField("motifs", blank=True)
    from_waiting_list = models.BooleanField("place libérée par un désistement", default=False)
    respond_by = models.DateField("réponse attendue avant le", null=True, blank=True)
    answered_at = models.DateTimeField("réponse le", null=True, blank=True)
    override_reason = models.CharField("motif de la modification", max_length=500, blank=True)
    overridden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="modifiée par",
    )
    overridden_at = models.DateTimeField("modifiée le", null=True, blank=True)

    class Meta:
        ordering = ["round", "position"]
        verbose_name = "décision d'attribution"
        verbose_name_plural = "décisions d'attribution"
        constraints = [
            models.UniqueConstraint(fields=["round", "application"], name="eservices_offer_once")
        ]

    def __str__(self) -> str:
        return f"décision {self.round_id}/{self.application_id}"

    @property
    def holds_place(self) -> bool:
        return self.status in (self.Status.OFFERED, self.Status.ACCEPTED)


class Appeal(models.Model):
    """A family's appeal ("recours gracieux") against a published decision, with its reasons,
    and the commission's answer: upheld (the decision is changed through an override) or
    rejected, with a reason the family reads. One open appeal per application at a time."""

    class Status(models.TextChoices):
        OPEN = "open", "en attente de réponse"
        UPHELD = "upheld", "accepté"
        REJECTED = "rejected", "rejeté"

    offer = models.ForeignKey(
        Offer, on_delete=models.CASCADE, related_name="appeals", verbose_name="décision"
    )
    application = models.ForeignKey(
        CrecheApplication, on_delete=models.CASCADE, related_name="appeals", verbose_name="demande"
    )
    reasons = models.TextField("motifs du recours")
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name="déposé par",
    )
    filed_at = models.DateTimeField("déposé le", default=timezone.now)
    status = models.CharField("état", max_length=10, choices=Status.choices, default=Status.OPEN)
    answer = models.TextField("réponse de la commission", blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="répondu par",
    )
    answered_at = models.DateTimeField("répondu le", null=True, blank=True)

    class Meta:
        ordering = ["-filed_at", "-id"]
        verbose_name = "recours"
        verbose_name_plural = "recours"
        constraints = [
            models.UniqueConstraint(
                fields=["application"],
                condition=models.Q(status="open"),
                name="eservices_one_open_appeal",
            )
        ]

    def __str__(self) -> str:
        return f"recours {self.pk} (demande {self.application_id})"

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN


# Crèche contracts: the place a family accepted, as the figures it is billed from ------------


class CrecheContract(models.Model):
    """The contract of care ("contrat d'accueil") of a place a family accepted: the child, the
    crèche, the dates, the hours reserved per week on given weekdays, the weeks of the contract
    and the crèche's closure weeks among them. Opened with the application's figures when the
    offer is accepted; an agent adjusts them with the family. Each month is billed from it."""

    # Erasing the family account deletes its contracts; their invoices stay, unlinked.
    offer = models.OneToOneField(
        Offer, on_delete=models.CASCADE, related_name="contract", verbose_name="place acceptée"
    )
    household = models.ForeignKey(
        Household,
        on_delete=models.CASCADE,
        related_name="creche_contracts",
        verbose_name="foyer",
    )
    child = models.ForeignKey(
        Child, on_delete=models.CASCADE, related_name="creche_contracts", verbose_name="enfant"
    )
    creche = models.ForeignKey(
        Creche, on_delete=models.PROTECT, related_name="contracts", verbose_name="crèche"
    )
    starts_on = models.DateField("début du contrat")
    ends_on = models.DateField("fin du contrat")
    hours_per_week = models.DecimalField("heures par semaine", max_digits=5, decimal_places=2)
    weekdays = models.JSONField("jours d'accueil (0 = lundi)", default=list)
    weeks = models.DecimalField("semaines du contrat", max_digits=5, decimal_places=2)
    closure_weeks = models.DecimalField(
        "semaines de fermeture", max_digits=5, decimal_places=2, default=0
    )
    holiday_weeks = models.DecimalField(
        "semaines de congés de la famille", max_digits=5, decimal_places=2, default=0
    )
    created_at = models.DateTimeField("ouvert le", default=timezone.now)
    changed_at = models.DateTimeField("modifié le", default=timezone.now)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="modifié par",
    )

    class Meta:
        ordering = ["creche", "starts_on", "pk"]
        verbose_name = "contrat d'accueil en crèche"
        verbose_name_plural = "contrats d'accueil en crèche"

    def __str__(self) -> str:
        return f"contrat {self.pk} ({self.creche})"

    def figures(self) -> billing.Contract:
        """The contract as `billing.Contract` (a `billing.BillingError` when it cannot be)."""
        return billing.Contract(
            starts_on=self.starts_on,
            ends_on=self.ends_on,
            hours_per_week=self.hours_per_week,
            weeks=self.weeks,
            closure_weeks=self.closure_weeks,
            holiday_weeks=self.holiday_weeks,
            weekdays=tuple(self.weekdays),
        )


class CrecheAbsence(models.Model):
    """Days a child under contract did not come that the rules may deduct, recorded by an
    agent (with the paper the kind needs, see `billing.NEEDS_PROOF`)."""

    KINDS = [(kind.value, billing.ABSENCE_LABELS[kind]) for kind in billing.AbsenceKind]

    contract = models.ForeignKey(
        CrecheContract, on_delete=models.CASCADE, related_name="absences", verbose_name="contrat"
    )
    kind = models.CharField("motif", max_length=16, choices=KINDS)
    first_day = models.DateField("du")
    last_day = models.DateField("au")
    proof = models.BooleanField("justificatif fourni", default=True)
    recorded_at = models.DateTimeField("enregistrée le", default=timezone.now)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="enregistrée par",
    )

    class Meta:
        ordering = ["contract", "first_day"]
        verbose_name = "absence déductible"
        verbose_name_plural = "absences déductibles"

    def __str__(self) -> str:
        return f"{self.get_kind_display()} du {self.first_day:%d/%m/%Y}"

    def figures(self) -> billing.Absence:
        return billing.Absence(
            kind=billing.AbsenceKind(self.kind),
            first_day=self.first_day,
            last_day=self.last_day,
            proof=self.proof,
        )


class CrecheExtraHours(models.Model):
    """Hours a child under contract stayed beyond the hours reserved that day (the crèche's
    sign-in sheet), recorded by an agent and billed with the month at the contract's rate."""

    contract = models.ForeignKey(
        CrecheContract, on_delete=models.CASCADE, related_name="extra_hours", verbose_name="contrat"
    )
    day = models.DateField("jour")
    hours = models.DecimalField("heures", max_digits=4, decimal_places=2)
    recorded_at = models.DateTimeField("enregistrées le", default=timezone.now)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="enregistrées par",
    )

    class Meta:
        ordering = ["contract", "day", "pk"]
        verbose_name = "heures au-delà du contrat"
        verbose_name_plural = "heures au-delà du contrat"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(hours__gt=0, hours__lte=12), name="eservices_extra_hours_range"
            )
        ]

    def __str__(self) -> str:
        return f"{self.hours} h le {self.day:%d/%m/%Y}"
