"""A GTFS timetable as the city imports it: the feed, its agencies, lines, stops, trips, the
times each trip calls at each stop, and the days each service runs.

Every row keeps its feed's own identifier (`gtfs_id`), unique within the feed, so importing
the same feed again updates rows in place and the stops keep their pages (and their tags'
URLs). Times of day are seconds after the service day's "noon minus twelve hours", as GTFS
counts them: a trip past midnight has times beyond 24:00 on the day it started.
"""

from __future__ import annotations

from django.db import models

from massalia.territory.models import Quartier


class Feed(models.Model):
    """One imported GTFS feed (a network's timetable), named by a short code."""

    code = models.SlugField("code", max_length=50, unique=True)
    name = models.CharField("nom", max_length=200, blank=True)
    timezone = models.CharField("fuseau horaire", max_length=64, default="Europe/Paris")
    imported_at = models.DateTimeField("importé le", null=True, blank=True)

    class Meta:
        verbose_name = "réseau (flux GTFS)"
        verbose_name_plural = "réseaux (flux GTFS)"

    def __str__(self) -> str:
        return self.name or self.code


class FeedRow(models.Model):
    feed = models.ForeignKey(Feed, on_delete=models.CASCADE, verbose_name="réseau")
    gtfs_id = models.CharField("identifiant GTFS", max_length=100)

    class Meta:
        abstract = True


class Agency(FeedRow):
    name = models.CharField("nom", max_length=200)
    url = models.URLField("site", max_length=300, blank=True)
    timezone = models.CharField("fuseau horaire", max_length=64)

    class Meta:
        verbose_name = "exploitant"
        constraints = [
            models.UniqueConstraint(fields=["feed", "gtfs_id"], name="transit_agency_unique")
        ]

    def __str__(self) -> str:
        return self.name


class Route(FeedRow):
    """A line as the public knows it (its short name, "83")."""

    agency = models.ForeignKey(
        Agency, on_delete=models.SET_NULL, null=True, blank=True, verbose_name="exploitant"
    )
    short_name = models.CharField("numéro", max_length=50, blank=True)
    long_name = models.CharField("nom", max_length=200, blank=True)
    route_type = models.PositiveSmallIntegerField("mode", default=3)
    color = models.CharField("couleur", max_length=6, blank=True)
    text_color = models.CharField("couleur du texte", max_length=6, blank=True)

    class Meta:
        verbose_name = "ligne"
        constraints = [
            models.UniqueConstraint(fields=["feed", "gtfs_id"], name="transit_route_unique")
        ]

    def __str__(self) -> str:
        return self.short_name or self.long_name or self.gtfs_id

    @property
    def label(self) -> str:
        return self.short_name or self.long_name or self.gtfs_id


class Stop(FeedRow):
    """A stop (a bus shelter, a platform): where its tag and code are put."""

    name = models.CharField("nom", max_length=200)
    code = models.CharField("code public", max_length=50, blank=True)
    latitude = models.FloatField("latitude")
    longitude = models.FloatField("longitude")
    quartier = models.ForeignKey(
        Quartier,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        verbose_name="quartier",
        related_name="stops",
    )

    class Meta:
        verbose_name = "arrêt"
        ordering = ["name", "gtfs_id"]
        constraints = [
            models.UniqueConstraint(fields=["feed", "gtfs_id"], name="transit_stop_unique")
        ]

    def __str__(self) -> str:
        return self.name


class Trip(FeedRow):
    route = models.ForeignKey(Route, on_delete=models.CASCADE, verbose_name="ligne")
    service_id = models.CharField("service", max_length=100)
    headsign = models.CharField("destination", max_length=200, blank=True)
    direction = models.PositiveSmallIntegerField("sens", null=True, blank=True)
    # The rank of its last call, where it only arrives (set by the import once all are read).
    last_sequence = models.PositiveIntegerField("rang du terminus", null=True, blank=True)

    class Meta:
        verbose_name = "course"
        constraints = [
            models.UniqueConstraint(fields=["feed", "gtfs_id"], name="transit_trip_unique")
        ]

    def __str__(self) -> str:
        return self.gtfs_id


class StopTime(models.Model):
    """A trip's call at a stop: its times in seconds of its service day."""

    trip = models.ForeignKey(
        Trip, on_delete=models.CASCADE, related_name="stop_times", verbose_name="course"
    )
    stop = models.ForeignKey(
        Stop, on_delete=models.CASCADE, related_name="stop_times", verbose_name="arrêt"
    )
    sequence = models.PositiveIntegerField("rang")
    arrival = models.PositiveIntegerField("arrivée (s)")
    departure = models.PositiveIntegerField("départ (s)")
    headsign = models.CharField("destination affichée ici", max_length=200, blank=True)
    no_pickup = models.BooleanField("pas de montée", default=False)

    class Meta:
        verbose_name = "passage"
        constraints = [
            models.UniqueConstraint(fields=["trip", "sequence"], name="transit_stoptime_unique")
        ]
        indexes = [models.Index(fields=["stop", "departure"], name="transit_stop_departure")]

    def __str__(self) -> str:
        return f"{self.trip_id} #{self.sequence}"


class Frequency(models.Model):
    """A trip run every `headway` seconds from `start` until (not at) `end`: its stop times
    then give the pattern, counted from its first call (frequencies.txt)."""

    trip = models.ForeignKey(
        Trip, on_delete=models.CASCADE, related_name="frequencies", verbose_name="course"
    )
    start = models.PositiveIntegerField("premier départ (s)")
    end = models.PositiveIntegerField("fin (s)")
    headway = models.PositiveIntegerField("intervalle (s)")

    class Meta:
        verbose_name = "fréquence"
        constraints = [
            models.UniqueConstraint(fields=["trip", "start"], name="transit_frequency_unique")
        ]

    def __str__(self) -> str:
        return f"{self.trip_id} toutes les {self.headway} s"


class Calendar(models.Model):
    """The weekdays a service runs between two dates (calendar.txt)."""

    feed = models.ForeignKey(Feed, on_delete=models.CASCADE, verbose_name="réseau")
    service_id = models.CharField("service", max_length=100)
    # Monday first, as Python's weekday() counts: "1111100" runs on weekdays.
    weekdays = models.CharField("jours (lundi…dimanche)", max_length=7)
    start_date = models.DateField("du")
    end_date = models.DateField("au")

    class Meta:
        verbose_name = "calendrier"
        constraints = [
            models.UniqueConstraint(fields=["feed", "service_id"], name="transit_calendar_unique")
        ]

    def __str__(self) -> str:
        return self.service_id


class CalendarDate(models.Model):
    """A day a service runs although its calendar says not, or does not although it says so."""

    class Kind(models.IntegerChoices):
        ADDED = 1, "ajouté"
        REMOVED = 2, "supprimé"

    feed = models.ForeignKey(Feed, on_delete=models.CASCADE, verbose_name="réseau")
    service_id = models.CharField("service", max_length=100)
    date = models.DateField("jour")
    exception = models.PositiveSmallIntegerField("exception", choices=Kind.choices)

    class Meta:
        verbose_name = "exception de calendrier"
        constraints = [
            models.UniqueConstraint(
                fields=["feed", "service_id", "date"], name="transit_calendardate_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.service_id} {self.date}"
