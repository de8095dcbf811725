"""`massalia citycard reduce-taps [--at ISO] [--dry-run]`: the taps older than the retention
(CITYCARD_TAP_RETENTION_HOURS, 48 by default) become anonymous counts by device and hour, as
the scheduled job does every hour. Exit status 2 for an unreadable `--at`."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from massalia.citycard import services


class Command(BaseCommand):
    help = "Carte de la ville : réduire les validations nominatives en comptages anonymes."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        reduce = sub.add_parser("reduce-taps", help="Réduire les validations anciennes.")
        reduce.add_argument("--at", default="", help="Instant ISO 8601 (par défaut : maintenant).")
        reduce.add_argument("--dry-run", action="store_true", help="Compter sans réduire.")

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        now = timezone.now()
        if options["at"]:
            try:
                now = datetime.fromisoformat(options["at"])
            except ValueError:
                raise CommandError(f"--at illisible : {options['at']}", returncode=2) from None
            if timezone.is_naive(now):
                now = timezone.make_aware(now)
        count = services.reduce_taps(now=now, dry_run=options["dry_run"])
        verb = "à réduire" if options["dry_run"] else "réduites en comptages anonymes"
        self.stdout.write(f"{count} validation(s) {verb}.")
