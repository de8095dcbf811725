"""Devices, their readings, what was refused, the days kept, and the suspicions raised.

`Reading` is the time series: its primary key is (device, time), so a batch sent twice is
stored once. On PostgreSQL the table is partitioned by month of `time` (migration 0002 and
`partitions.py`); elsewhere it is a plain table. `DailyAggregate` keeps each device's days
after raw readings expire (`CONNECTED_READINGS_RETENTION_DAYS`).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from massalia.servicerequests.models import ServiceRequest
from massalia.territory.models import Quartier


class Device(models.Model):
    """A connected object the city runs or reads: a water meter, a bus-shelter tag, …"""

    class Kind(models.TextChoices):
        WATER_METER = "water_meter", "compteur d'eau"
        SHELTER_TAG = "shelter_tag", "étiquette d'abribus (NFC/QR)"
        VALIDATOR = "validator", "valideur"
        FACILITY_GATE = "facility_gate", "portillon d'équipement"
        CAMERA = "camera", "caméra"
        SENSOR = "sensor", "capteur"
        GATEWAY = "gateway", "passerelle"

    class State(models.TextChoices):
        ACTIVE = "active", "en service"
        MAINTENANCE = "maintenance", "en maintenance"
        INACTIVE = "inactive", "hors service"
        RETIRED = "retired", "retiré"

    identifier = models.CharField(
        "identifiant",
        max_length=100,
        unique=True,
        help_text="Tel que les relevés le nomment (numéro de série du compteur, …).",
    )
    kind = models.CharField("type", max_length=20, choices=Kind.choices)
    name = models.CharField("nom", max_length=120, blank=True)
    state = models.CharField("état", max_length=12, choices=State.choices, default=State.ACTIVE)
    latitude = models.FloatField("latitude", null=True, blank=True)
    longitude = models.FloatField("longitude", null=True, blank=True)
    address = models.CharField("adresse", max_length=200, blank=True)
    quartier = models.ForeignKey(
        Quartier,
        verbose_name="quartier",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="devices",
    )
    subscriber = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="abonné",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="devices",
    )
    battery_percent = models.PositiveSmallIntegerField("batterie (%)", null=True, blank=True)
    last_seen_at = models.DateTimeField("dernier relevé reçu", null=True, blank=True)
    # New readings came in since the suspicions were last reviewed (`watch.review_pending`).
    review_pending = models.BooleanField("à examiner", default=False)
    # The review's mark (`watch`): the earliest reading time received since the last claim,
    # so that the next review reads only from there (plus the context its rules need)…
    review_from = models.DateTimeField("à examiner depuis", null=True, blank=True)
    # … what a review under way took over (given back if it fails or its worker dies) …
    claimed_from = models.DateTimeField("examen : relevés depuis", null=True, blank=True)
    # … until when its claim holds (a claim past this time is taken over by another worker) …
    claimed_until = models.DateTimeField("examen en cours jusqu'à", null=True, blank=True)
    # … and when the meter was last reviewed (never: the first review reads the whole window).
    reviewed_at = models.DateTimeField("dernier examen", null=True, blank=True)
    key_prefix = models.CharField("début de la clé", max_length=16, blank=True)
    # NULL for devices without a key of their own: unique, and several may have none.
    key_hash = models.CharField(max_length=64, unique=True, null=True, editable=False)  # noqa: DJ001
    created_at = models.DateTimeField("créé le", auto_now_add=True)

    class Meta:
        ordering = ["identifier"]
        verbose_name = "objet connecté"
        verbose_name_plural = "objets connectés"

    def __str__(self) -> str:
        return self.name or f"{self.get_kind_display()} {self.identifier}"

    @property
    def accepts_readings(self) -> bool:
        return self.state in (self.State.ACTIVE, self.State.MAINTENANCE)


class Reading(models.Model):
    """One reading of a device: its main value (a water meter's index, in litres) and the
    others it sent (flow, temperature, alarm flags, …)."""

    pk = models.CompositePrimaryKey("device", "time")
    # The primary key begins with the device: no index of its own.
    device = models.ForeignKey(
        Device, verbose_name="objet", on_delete=models.CASCADE, related_name="readings",
        db_index=False,
    )  # fmt: skip
    time = models.DateTimeField("heure du relevé")
    value = models.FloatField("valeur")
    extra = models.JSONField("autres valeurs", default=dict, blank=True)
    received_at = models.DateTimeField("reçu le")

    class Meta:
        verbose_name = "relevé"
        verbose_name_plural = "relevés"

    def __str__(self) -> str:
        return f"{self.device_id} {self.time:%Y-%m-%d %H:%M} {self.value:g}"


class RejectedReading(models.Model):
    """A reading refused on the way in, kept with its reason: nothing is silently dropped."""

    class Channel(models.TextChoices):
        HTTP = "http", "HTTP"
        MQTT = "mqtt", "MQTT"
        FILE = "file", "fichier"

    received_at = models.DateTimeField("reçu le", db_index=True)
    channel = models.CharField("canal", max_length=8, choices=Channel.choices)
    device = models.ForeignKey(
        Device,
        verbose_name="objet",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="rejected",
    )
    device_identifier = models.CharField("identifiant annoncé", max_length=100, blank=True)
    position = models.PositiveIntegerField(
        "position", null=True, blank=True, help_text="Rang dans le lot (ligne d'un CSV)."
    )
    payload = models.TextField("contenu reçu")
    reason = models.CharField("motif", max_length=300)

    class Meta:
        ordering = ["-received_at", "-pk"]
        verbose_name = "relevé refusé"
        verbose_name_plural = "relevés refusés"

    def __str__(self) -> str:
        return f"{self.device_identifier or '?'} : {self.reason}"


class DailyAggregate(models.Model):
    """A device's day (local date), kept after its raw readings expire: a water meter's
    volume and how much of the day was measured (what the abnormal-consumption rule needs)."""

    device = models.ForeignKey(
        Device, verbose_name="objet", on_delete=models.CASCADE, related_name="days"
    )
    day = models.DateField("jour")
    litres = models.FloatField("volume (litres)")
    hours = models.PositiveSmallIntegerField("heures couvertes")
    estimated_hours = models.PositiveSmallIntegerField("heures estimées")
    opens_measured = models.BooleanField("début mesuré")
    closes_measured = models.BooleanField("fin mesurée")
    readings = models.PositiveIntegerField("relevés")

    class Meta:
        ordering = ["device", "day"]
        verbose_name = "journée agrégée"
        verbose_name_plural = "journées agrégées"
        constraints = [
            models.UniqueConstraint(fields=["device", "day"], name="connected_one_day_per_device")
        ]

    def __str__(self) -> str:
        return f"{self.device_id} {self.day:%Y-%m-%d} {self.litres:g} L"


class Suspicion(models.Model):
    """One episode of a suspicion on a device (a leak, a night flow, …), and the case it
    opened: the same episode seen again only moves its end."""

    class Kind(models.TextChoices):
        LEAK = "leak", "fuite probable"
        NIGHT_FLOW = "night_flow", "consommation nocturne anormale"
        BACKFLOW = "backflow", "retour d'eau"
        ABNORMAL_CONSUMPTION = "abnormal_consumption", "consommation anormale"
        ALARM = "alarm", "alarme du compteur"

    device = models.ForeignKey(
        Device, verbose_name="objet", on_delete=models.CASCADE, related_name="suspicions"
    )
    kind = models.CharField("type", max_length=24, choices=Kind.choices)
    detail = models.CharField(
        "code", max_length=40, blank=True, help_text="Le code d'une alarme du compteur."
    )
    start = models.DateTimeField("début")
    end = models.DateTimeField("fin")
    ongoing = models.BooleanField("en cours", default=True)
    litres = models.FloatField("volume (litres)", default=0)
    reference_litres = models.FloatField("volume de référence (litres)", null=True, blank=True)
    case = models.ForeignKey(
        ServiceRequest,
        verbose_name="demande",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    detected_at = models.DateTimeField("détectée le")
    closed_at = models.DateTimeField("close le", null=True, blank=True)

    class Meta:
        ordering = ["-start"]
        verbose_name = "suspicion"
        verbose_name_plural = "suspicions"
        indexes = [models.Index(fields=["device", "kind", "closed_at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} : {self.device.identifier}"
