"""`massalia consultations import-document SLUG FILE` and `import-zones SLUG FILE.geojson`.

import-document reads a Markdown (.md) or HTML (.html, .htm) file into the document's
chapters (level-1 headings), sections (level 2) and articles (level 3); importing a new
version keeps the anchors, and the passages commented on are found again or said orphaned.
import-zones reads a GeoJSON FeatureCollection of Polygons or MultiPolygons with the
properties `code` and `name` (and optionally `articles`, anchors of other articles that apply).
The document must exist (created in the administration). Exit status 2 when the file cannot
be read or holds no article / no valid zone; nothing is changed then."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from massalia.consultations.documents import DocumentError, import_document
from massalia.consultations.models import Regulation
from massalia.consultations.zoning import ZoneFileError, import_zones


class Command(BaseCommand):
    help = "Consultations : importer le texte d'un document et son plan de zonage."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        document = sub.add_parser("import-document", help="Importer le texte (Markdown ou HTML).")
        document.add_argument("slug")
        document.add_argument("file", metavar="FICHIER")
        zones = sub.add_parser("import-zones", help="Importer le plan de zonage (GeoJSON).")
        zones.add_argument("slug")
        zones.add_argument("file", metavar="FICHIER.geojson")

    def handle(self, *args: Any, action: str, slug: str, file: str, **options: Any) -> None:
        regulation = Regulation.objects.filter(slug=slug).first()
        if regulation is None:
            raise CommandError(f"Aucun document « {slug} ».", returncode=2)
        path = Path(file)
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise CommandError(f"{file} : illisible ({exc}).", returncode=2) from None
        try:
            if action == "import-zones":
                count = import_zones(regulation, text)
                self.stdout.write(f"{count} zone(s) importée(s) pour « {regulation.title} ».")
                return
            fmt = "html" if path.suffix.lower() in (".html", ".htm") else "markdown"
            done = import_document(regulation, text, fmt)
        except (DocumentError, ZoneFileError) as exc:
            raise CommandError(f"{file} : {exc}", returncode=2) from None
        self.stdout.write(
            f"parties créées={done.created} mises à jour={done.updated} retirées={done.removed} "
            f"passages déplacés={done.reanchored} orphelins={done.orphaned}"
        )
