"""Enforce the retention periods of personal data (docs/privacy.md); run it daily."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from massalia.accounts import privacy

LABELS = {
    "unconfirmed_requests": "demandes jamais confirmées",
    "closed_request_contacts": "email et nom des demandes closes",
    "delivered_events": "événements livrés",
    "import_rejects": "enregistrements rejetés à l'import",
}


class Command(BaseCommand):
    help = "Supprime ou anonymise les données personnelles dont la durée de conservation est échue."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="Compter sans rien modifier.")

    def handle(self, *args: Any, **options: Any) -> None:
        dry_run = options["dry_run"]
        report = privacy.purge(dry_run=dry_run)
        days = privacy.retention_days()
        for kind, count in report.counts.items():
            label = LABELS.get(kind, kind)
            self.stdout.write(f"{kind}: {count} — {label}, conservation {days[kind]} jours")
        verdict = "Simulation, rien n'a été modifié" if dry_run else "Purge terminée"
        self.stdout.write(self.style.SUCCESS(f"{verdict} : {report.total} au total."))
