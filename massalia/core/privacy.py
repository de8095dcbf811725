"""The one registry of personal data (RGPD): each app says how to export, erase and purge its own.

An app that holds personal data registers a `PersonalData` in its AppConfig.ready():

    register(PersonalData(name="servicerequests", export=..., erase=..., purge=...))

`accounts.privacy` runs every registered part when a person downloads their data or deletes
their account, and `massalia purge` runs every part's retention rules. No app reaches into
another's tables, and the layers stay intact.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db.models import Exists, OuterRef

from massalia.core.models import EventDelivery, OutboxEvent, RejectedRecord

Counts = dict[str, int]


@dataclass(frozen=True)
class Retention:
    """One kind of data a purge removes: its French label and the setting of its period."""

    label: str
    setting: str

    def days(self) -> int:
        return int(getattr(settings, self.setting))


@dataclass(frozen=True)
class PersonalData:
    name: str
    # The person's data held by the app, as a JSON-ready dict (sections by name).
    export: Callable[[Any], dict[str, Any]]
    # Erase or anonymise the person's data before their account is deleted; counts by kind.
    erase: Callable[[Any], Counts]
    # Apply the retention periods: (now, dry_run) → counts by kind.
    purge: Callable[[datetime, bool], Counts]
    # The kinds `purge` counts, each with its label and retention setting.
    retention: dict[str, Retention] = field(default_factory=dict)


_parts: dict[str, PersonalData] = {}


def register(part: PersonalData) -> None:
    _parts[part.name] = part


def parts() -> list[PersonalData]:
    return [_parts[name] for name in sorted(_parts)]


def cutoff(now: datetime, setting: str) -> datetime:
    return now - timedelta(days=int(getattr(settings, setting)))


def _purge_core(now: datetime, dry_run: bool) -> Counts:
    return {
        "delivered_events": _purge_events(cutoff(now, "RETENTION_EVENTS_DAYS"), dry_run),
        "import_rejects": _purge_rejects(cutoff(now, "RETENTION_IMPORT_REJECTS_DAYS"), dry_run),
    }


def _purge_events(before: datetime, dry_run: bool) -> int:
    """Outbox events whose every delivery succeeded; pending or failed ones are kept."""
    unfinished = EventDelivery.objects.filter(event=OuterRef("pk")).exclude(
        state=EventDelivery.State.DONE
    )
    old = OutboxEvent.objects.filter(created_at__lt=before).filter(~Exists(unfinished))
    count = old.count()
    if not dry_run and count:
        old.delete()
    return count


def _purge_rejects(before: datetime, dry_run: bool) -> int:
    """Rejected import records (raw input, possibly personal); the run's summary stays."""
    old = RejectedRecord.objects.filter(run__started_at__lt=before)
    count = old.count()
    if not dry_run and count:
        old.delete()
    return count


register(
    PersonalData(
        name="core",
        export=lambda user: {},
        erase=lambda user: {},
        purge=_purge_core,
        retention={
            "delivered_events": Retention("événements livrés", "RETENTION_EVENTS_DAYS"),
            "import_rejects": Retention(
                "enregistrements rejetés à l'import", "RETENTION_IMPORT_REJECTS_DAYS"
            ),
        },
    )
)


def retention() -> dict[str, Retention]:
    """Every kind of data that `massalia purge` removes, across the registered parts."""
    return {kind: rule for part in parts() for kind, rule in part.retention.items()}
