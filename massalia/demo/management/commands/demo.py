"""`massalia demo`: migrate, load the demo and serve it (what `make demo` runs).

The schedule (event retries, the pulse's polling and catch-up, the purge) runs in a thread of
the same process while it serves, as `massalia scheduler` would: the demo has no Celery beat.
"""

from __future__ import annotations

import signal
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser
from django.urls import reverse

from massalia.core.scheduler import start_in_background
from massalia.demo.organisation import DEMO_PASSWORD

# runserver's wildcard addresses serve every interface; links name the loopback one.
WILDCARDS = {"0": "127.0.0.1", "0.0.0.0": "127.0.0.1", "[::]": "[::1]"}


def site_url(addrport: str) -> str:
    """The site's address for links, from runserver's `[addr:]port`."""
    addr, _, port = addrport.rpartition(":")
    addr = WILDCARDS.get(addr, addr) or "127.0.0.1"
    return f"http://{addr}:{port}"


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


class Command(BaseCommand):
    help = "Prépare la base, charge la démonstration de Marseille et lance le serveur."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--addrport", default="127.0.0.1:8000")
        parser.add_argument("--size", choices=["small", "full"], default="full")
        parser.add_argument(
            "--no-scheduler",
            action="store_true",
            help="Ne pas exécuter les tâches planifiées pendant le service.",
        )

    def handle(
        self, *args: Any, addrport: str, size: str, no_scheduler: bool, **options: Any
    ) -> None:
        call_command("migrate", interactive=False, verbosity=0)
        call_command("loaddemo", size=size, pulse=size, stdout=self.stdout)
        call_command("collectstatic", interactive=False, verbosity=0)
        # Settings chose the apps' folders when nothing was collected yet: serve the compressed
        # copies just written instead (the map page would otherwise weigh over 150 KB).
        settings.WHITENOISE_USE_FINDERS = settings.DEBUG
        # Emails' links and Open311 discovery name the site: the address served, not :8000.
        settings.SITE_URL = site_url(addrport)
        self.stdout.write(f"\nMassalia est servie sur {settings.SITE_URL}/ (Ctrl-C pour arrêter).")
        dashboard = reverse("pulse:dashboard")
        self.stdout.write(
            f"Baromètre de la ville : {settings.SITE_URL}{dashboard} "
            f"(compte « elu », mot de passe {DEMO_PASSWORD})."
        )
        # With Celery, beat runs the schedule; the demo's own thread would run it a second time.
        background = None
        if not no_scheduler and settings.TASKS_BACKEND == "inline":
            background = start_in_background()
            # Stopped like Ctrl-C (a service manager's SIGTERM too), so the thread ends cleanly.
            signal.signal(signal.SIGTERM, _interrupt)
            self.stdout.write("Tâches planifiées exécutées en arrière-plan.")
        try:
            # No reloader: the demo is not a development session, and the reloader forks.
            call_command("runserver", addrport, use_reloader=False)
        finally:
            if background is not None and not background.stop(timeout=5.0):
                self.stderr.write("Une tâche planifiée est encore en cours : arrêt sans elle.")
