"""`massalia loaddemo`: Marseille's demo data (territory, departments, people, requests)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser

from massalia.demo.loader import SIZES, WATER, load_demo
from massalia.demo.organisation import DEMO_PASSWORD, Login
from massalia.demo.pulse import PulseResult
from massalia.territory import shipped
from massalia.territory.models import Quartier, Street


class Command(BaseCommand):
    help = "Charge les données de démonstration de Marseille (sans doublon si relancée)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--size", choices=sorted(SIZES), default="full")
        parser.add_argument("--requests", type=int, help="Nombre de demandes (remplace --size).")
        parser.add_argument("--territory", type=Path, help="GeoJSON officiel des quartiers.")
        parser.add_argument("--streets", type=Path, help="Répertoire des rues (JSON).")
        parser.add_argument("--seed", type=int, default=13)
        parser.add_argument(
            "--pulse", choices=["small", "full"], help="Charger aussi le baromètre (messages)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        count = options["requests"] if options["requests"] is not None else SIZES[options["size"]]
        if count < 0:
            raise CommandError("--requests doit être positif.")
        self.prepare_territory(options["territory"], options["streets"])
        water = WATER[options["size"]] if options["requests"] is None else None
        result = load_demo(count=count, seed=options["seed"], pulse=options["pulse"], water=water)
        if result.created:
            self.stdout.write(f"{result.created} demandes créées en {result.seconds:.1f} s.")
        else:
            self.stdout.write(f"Demandes de démonstration déjà présentes : {result.requests}.")
        if result.water is not None and result.water.meters:
            w = result.water
            self.stdout.write(
                f"Compteurs d'eau : {w.meters} compteurs, {w.readings} relevés horaires, "
                f"{w.suspicions} suspicions (fuite, débit nocturne, surconsommation)."
            )
        if result.pulse is not None:
            print_pulse(self.stdout, result.pulse)
        print_logins(self.stdout, result.logins)

    def prepare_territory(self, territory: Path | None, streets: Path | None) -> None:
        """The files given, else the territory the package ships, else the approximate one."""
        if territory is not None:
            call_command("territory", "import", str(territory), stdout=self.stdout)
        if streets is not None:
            call_command("territory", "import-streets", str(streets), stdout=self.stdout)
        installed = shipped.install(progress=self.stdout)
        if installed is None:
            if not Quartier.objects.exists():
                self.build_approximate()
        elif installed.quartiers is not None:
            self.stdout.write(
                f"Territoire officiel chargé ({Quartier.objects.count()} quartiers, "
                f"{Street.objects.count()} voies)."
            )

    def build_approximate(self) -> None:
        try:
            from massalia.territory import approximate
        except ImportError as exc:
            raise CommandError(
                "Aucun quartier en base et le territoire approximatif n'est pas disponible : "
                "importez les quartiers avec --territory FICHIER.geojson."
            ) from exc
        approximate.build()
        self.stdout.write(
            f"Territoire approximatif construit ({Quartier.objects.count()} quartiers) ; "
            "importez le fichier officiel avec --territory pour des limites exactes."
        )


def print_logins(stdout: Any, logins: list[Login]) -> None:
    """The demo accounts, as a table to sign in with."""
    width = max(len(login.username) for login in logins)
    stdout.write(f"\nComptes de démonstration (mot de passe pour tous : {DEMO_PASSWORD})")
    for login in logins:
        stdout.write(f"  {login.username.ljust(width)}  {login.role}")


def print_pulse(stdout: Any, pulse: PulseResult) -> None:
    """What the pulse's demo holds, and how long it took."""
    if pulse.created:
        stdout.write(f"Baromètre : {pulse.created} messages ajoutés en {pulse.seconds:.0f} s.")
    stdout.write(
        f"Baromètre : {pulse.messages} messages, {pulse.alerts.get('spike', 0)} hausses "
        f"inhabituelles et {pulse.alerts.get('emerging', 0)} sujets émergents signalés."
    )
