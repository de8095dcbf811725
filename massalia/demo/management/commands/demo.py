"""`massalia demo`: migrate, load the demo and serve it (what `make demo` runs)."""

from __future__ import annotations

from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = "Prépare la base, charge la démonstration de Marseille et lance le serveur."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--addrport", default="127.0.0.1:8000")
        parser.add_argument("--size", choices=["small", "full"], default="full")

    def handle(self, *args: Any, addrport: str, size: str, **options: Any) -> None:
        call_command("migrate", interactive=False, verbosity=0)
        call_command("loaddemo", size=size, stdout=self.stdout)
        self.stdout.write(f"\nMassalia est servie sur http://{addrport}/ (Ctrl-C pour arrêter).")
        # No reloader: the demo is not a development session, and the reloader forks the process.
        call_command("runserver", addrport, use_reloader=False)
