"""`massalia territory …`: import the territory and the street gazetteer, locate, geocode,
and make the lighter copy of a quartiers file that the package ships (`simplify`)."""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from massalia.core.imports import ImportFileError
from massalia.territory import approximate, gazetteer, geo, simplify
from massalia.territory.importers import import_quartiers, import_streets


class Command(BaseCommand):
    help = "Territoire : import des quartiers et des rues, localisation, géocodage."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        imp = sub.add_parser("import", help="Importer le GeoJSON officiel des quartiers.")
        imp.add_argument("file", type=Path)
        streets = sub.add_parser("import-streets", help="Importer le répertoire des rues (JSON).")
        streets.add_argument("file", type=Path)
        sub.add_parser("approximate", help="Construire le territoire approximatif (sans fichier).")
        simple = sub.add_parser(
            "simplify",
            help="Écrire une copie allégée d'un GeoJSON de quartiers (limites communes).",
        )
        simple.add_argument("file", type=Path)
        simple.add_argument("output", type=Path)
        simple.add_argument(
            "--tolerance",
            type=float,
            default=simplify.DEFAULT_TOLERANCE,
            help="Écart toléré, en degrés (défaut : %(default)s, environ 5 m).",
        )
        locate = sub.add_parser("locate", help="Quartier et arrondissement d'un point.")
        locate.add_argument("--lat", type=float)
        locate.add_argument("--lon", type=float)
        locate.add_argument(
            "--csv", dest="csv_file", type=Path, help="CSV avec les colonnes lat,lon"
        )
        geocode = sub.add_parser("geocode", help="Coordonnées d'une adresse ou d'une voie.")
        geocode.add_argument("address", nargs="?")
        geocode.add_argument(
            "--csv", dest="csv_file", type=Path, help="CSV avec la colonne address"
        )

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        handlers: dict[str, Callable[..., None]] = {
            "import": self.import_quartiers,
            "import-streets": self.import_streets,
            "approximate": self.build_approximate,
            "simplify": self.simplify,
            "locate": self.locate,
            "geocode": self.geocode,
        }
        handlers[action](**options)

    def import_quartiers(self, *, file: Path, **_: Any) -> None:
        try:
            import_quartiers(file, progress=self.stdout)
        except ImportFileError as exc:
            raise CommandError(str(exc)) from exc

    def import_streets(self, *, file: Path, **_: Any) -> None:
        try:
            import_streets(file, progress=self.stdout)
        except ImportFileError as exc:
            raise CommandError(str(exc)) from exc

    def build_approximate(self, **_: Any) -> None:
        approximate.build()
        state = "approximatif" if approximate.is_approximate() else "officiel (inchangé)"
        self.stdout.write(f"Territoire {state}.")

    def simplify(self, *, file: Path, output: Path, tolerance: float, **_: Any) -> None:
        if not 0 < tolerance < 0.01:
            raise CommandError("--tolerance doit être compris entre 0 et 0,01 degré.")
        try:
            written = simplify.simplify_file(file, output, tolerance=tolerance)
        except OSError as exc:
            raise CommandError(f"Impossible de lire ou d'écrire le fichier : {exc}") from exc
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            raise CommandError(f"{file.name} n'est pas un GeoJSON de quartiers lisible.") from exc
        self.stdout.write(f"{output} : {written // 1024} Ko.")

    def locate(
        self, *, lat: float | None, lon: float | None, csv_file: Path | None, **_: Any
    ) -> None:
        if csv_file is not None:
            self._locate_csv(csv_file)
            return
        if lat is None or lon is None:
            raise CommandError("Indiquez --lat et --lon, ou --csv FICHIER.")
        place = geo.locate(lat, lon)
        if place is None:
            raise CommandError("Ce point est en dehors du territoire de la ville.")
        self.stdout.write(f"{place.quartier_name},{place.insee_code}")

    def _locate_csv(self, path: Path) -> None:
        rows = list(_csv_rows(path, ("lat", "lon")))
        points: list[tuple[float, float]] = []
        positions: list[int] = []
        for position, row in enumerate(rows):
            point = _point(row.get("lat"), row.get("lon"))
            if point is not None:
                points.append(point)
                positions.append(position)
        places: list[geo.Place | None] = [None] * len(rows)
        for position, place in zip(positions, geo.locate_many(points), strict=True):
            places[position] = place
        out = csv_writer(self.stdout)
        for place in places:
            out.writerow([place.quartier_name, place.insee_code] if place else ["", ""])

    def geocode(self, *, address: str | None, csv_file: Path | None, **_: Any) -> None:
        if csv_file is not None:
            out = csv_writer(self.stdout)
            for row in _csv_rows(csv_file, ("address",)):
                match = gazetteer.geocode(row.get("address") or "")
                out.writerow(_match_fields(match))
            return
        if not address or not address.strip():
            raise CommandError("Indiquez une adresse, ou --csv FICHIER.")
        match = gazetteer.geocode(address)
        if match is None:
            raise CommandError(f"Aucun résultat pour « {address} ».")
        csv_writer(self.stdout).writerow(_match_fields(match))


def csv_writer(stream: Any) -> Any:
    return csv.writer(stream, lineterminator="\n")


def _match_fields(match: gazetteer.Match | None) -> list[str]:
    if match is None:
        return ["", "", ""]
    return [f"{match.latitude:.6f}", f"{match.longitude:.6f}", match.quartier_name]


def _point(lat: Any, lon: Any) -> tuple[float, float] | None:
    try:
        point = (float(lat), float(lon))
    except (TypeError, ValueError):
        return None
    return point if geo.valid_coordinates(*point) else None


def _csv_rows(path: Path, columns: tuple[str, ...]) -> Iterator[dict[str, str]]:
    try:
        handle = path.open(encoding="utf-8-sig", newline="")
    except OSError as exc:
        raise CommandError(f"Impossible de lire {path} : {exc.strerror}") from exc
    with handle:
        reader = csv.DictReader(handle)
        missing = [c for c in columns if c not in (reader.fieldnames or [])]
        if missing:
            raise CommandError(f"Colonne(s) manquante(s) dans {path.name} : {', '.join(missing)}")
        try:
            yield from reader
        except (csv.Error, UnicodeDecodeError) as exc:
            raise CommandError(f"CSV illisible ({path.name}) : {exc}") from exc
