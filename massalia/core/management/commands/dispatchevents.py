"""Run the event outbox's due deliveries: once, or in a loop (the embedded-mode worker)."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from massalia.core import events


class Command(BaseCommand):
    help = "Livre les événements en attente (une fois, ou en boucle avec --loop)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--loop", action="store_true", help="Continuer à interroger la file d'attente."
        )
        parser.add_argument(
            "--interval", type=float, default=5.0, help="Secondes entre deux passages (--loop)."
        )
        parser.add_argument(
            "--max-seconds",
            type=float,
            default=None,
            help="Arrêter la boucle après ce nombre de secondes.",
        )
        parser.add_argument(
            "--retry-failed",
            action="store_true",
            help="Remettre d'abord en file les livraisons abandonnées.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["retry_failed"]:
            requeued = events.retry_failed()
            self.stdout.write(f"{requeued} livraison(s) abandonnée(s) remise(s) en file.")
        started = time.monotonic()
        total = 0
        while True:
            attempted = events.deliver_due()
            total += attempted
            self.stdout.write(f"{attempted} livraison(s) tentée(s), {events.backlog()} en attente.")
            if not options["loop"] or self._expired(started, options["max_seconds"]):
                break
            # Drain a backlog without waiting; sleep only when the queue had nothing due.
            if attempted == 0:
                time.sleep(max(options["interval"], 0.0))
            if self._expired(started, options["max_seconds"]):
                break
        self.stdout.write(self.style.SUCCESS(f"Terminé : {total} livraison(s) tentée(s)."))

    @staticmethod
    def _expired(started: float, max_seconds: float | None) -> bool:
        return max_seconds is not None and time.monotonic() - started >= max_seconds
