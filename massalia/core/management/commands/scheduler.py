"""`massalia scheduler`: run the schedule (settings.SCHEDULE) in the foreground, without beat.

For embedded deployments, which have no Celery: the event retry sweep, the pulse's polling,
enrichment catch-up, alerts and digests, and the retention purge. Several can run against one
database (each entry is locked while it runs); with Celery, run `celery -A massalia beat`
instead, not both.
"""

from __future__ import annotations

import signal
import threading
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils.timezone import localtime

from massalia.core.models import ScheduledEntry
from massalia.core.scheduler import Scheduler


class Command(BaseCommand):
    help = (
        "Exécute les tâches planifiées (relances des événements, baromètre, purge) sans "
        "Celery beat : en continu, ou une seule fois avec --once."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--once",
            action="store_true",
            help="Exécuter les tâches dues puis s'arrêter (depuis cron, par exemple).",
        )
        parser.add_argument(
            "--list", action="store_true", help="Afficher le calendrier et les derniers passages."
        )

    def handle(self, *args: Any, once: bool, list: bool, **options: Any) -> None:
        scheduler = Scheduler()
        if list:
            self._list(scheduler)
        elif once:
            outcomes = scheduler.tick()
            for outcome in outcomes:
                result = "fait" if outcome.ok else f"échec ({outcome.error})"
                self.stdout.write(f"{outcome.entry} : {result}")
            if not outcomes:
                self.stdout.write("Aucune tâche n'était due.")
        else:
            stop = threading.Event()
            for signum in (signal.SIGINT, signal.SIGTERM):
                signal.signal(signum, lambda *_: stop.set())
            self.stdout.write(
                f"Tâches planifiées : {len(scheduler.schedule)} entrées (Ctrl-C pour arrêter)."
            )
            scheduler.run(stop)
            self.stdout.write("Arrêté.")

    def _list(self, scheduler: Scheduler) -> None:
        rows = {row.name: row for row in ScheduledEntry.objects.all()}
        for entry in scheduler.schedule:
            line = f"{entry.name} : {entry.task}, toutes les {entry.every.total_seconds():g} s"
            row = rows.get(entry.name)
            if row is not None:
                line += f", prochain passage {localtime(row.next_run_at):%Y-%m-%d %H:%M:%S}"
                if row.last_error:
                    line += f", dernier échec : {row.last_error}"
            self.stdout.write(line)
