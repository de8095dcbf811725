"""Enforce the retention periods of personal data (docs/privacy.md); run it daily."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from massalia.accounts import privacy
from massalia.core.privacy import retention


class Command(BaseCommand):
    help = "Supprime ou anonymise les données personnelles dont la durée de conservation est échue."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="Compter sans rien modifier.")

    def handle(self, *args: Any, **options: Any) -> None:
        dry_run = options["dry_run"]
        report = privacy.purge(dry_run=dry_run)
        rules = retention()
        for kind, count in report.counts.items():
            rule = rules[kind]
            self.stdout.write(f"{kind}: {count} — {rule.label}, conservation {rule.days()} jours")
        verdict = "Simulation, rien n'a été modifié" if dry_run else "Purge terminée"
        self.stdout.write(self.style.SUCCESS(f"{verdict} : {report.total} au total."))
