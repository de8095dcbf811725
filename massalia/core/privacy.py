"""The one registry of personal data (RGPD): each app says how to export, erase and purge its own.

An app that holds personal data registers a `PersonalData` in its AppConfig.ready():

    register(PersonalData(name="servicerequests", export=..., erase=..., purge=...,
                          sections=("requests", "follows"), erases=(...), retention={...}))

`accounts.privacy` runs every registered part when a person downloads their data or deletes
their account, and `massalia purge` runs every part's retention rules. No app reaches into
another's tables, and the layers stay intact.

Each part declares the names it writes — the sections of an export, the kinds an erasure or a
purge counts — because the parts' answers are merged into one export and one report: two
parts using one name would silently overwrite each other, so `register` refuses the second at
start-up, naming both, and a part that answers with a name it did not declare is stopped too.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
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


class PersonalDataConflict(ImproperlyConfigured):
    """Two parts of the registry claim one name; raised at start-up."""


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
    # The top-level keys `export` returns.
    sections: tuple[str, ...] = ()
    # The kinds `erase` counts.
    erases: tuple[str, ...] = ()

    @property
    def owner(self) -> str:
        """The module that provides the part, to name it in an error."""
        return self.export.__module__

    def names(self) -> dict[str, tuple[str, ...]]:
        """The names this part writes, by the answer they appear in."""
        return {
            "export section": self.sections,
            "erased kind": self.erases,
            "purged kind": tuple(self.retention),
        }

    def exported(self, user: Any) -> dict[str, Any]:
        return self._checked("export section", self.sections, self.export(user))

    def erased(self, user: Any) -> Counts:
        return self._checked("erased kind", self.erases, self.erase(user))

    def purged(self, now: datetime, dry_run: bool) -> Counts:
        return self._checked("purged kind", tuple(self.retention), self.purge(now, dry_run))

    def _checked(self, what: str, declared: tuple[str, ...], answer: dict[str, Any]) -> Any:
        # An undeclared name could collide with another part's unnoticed: refuse it loudly.
        extra = sorted(set(answer) - set(declared))
        if extra:
            raise ImproperlyConfigured(
                f"The personal data part {self.name!r} ({self.owner}) answered with the "
                f"{what}(s) {', '.join(map(repr, extra))} it does not declare."
            )
        return answer


_parts: dict[str, PersonalData] = {}


def register(part: PersonalData) -> None:
    """Add an app's part; refuse a name (of the part or of anything it writes) already taken.

    Registering the very same part again (an app's ready() run twice) changes nothing.
    """
    current = _parts.get(part.name)
    if current == part:
        return
    if current is not None:
        raise PersonalDataConflict(
            f"Two apps register the personal data part {part.name!r}: "
            f"{current.owner} and {part.owner}."
        )
    for other in _parts.values():
        for what, names in part.names().items():
            shared = sorted(set(names) & set(other.names()[what]))
            if shared:
                raise PersonalDataConflict(
                    f"The {what} {shared[0]!r} is claimed by two apps: {other.name!r} "
                    f"({other.owner}) and {part.name!r} ({part.owner})."
                )
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
