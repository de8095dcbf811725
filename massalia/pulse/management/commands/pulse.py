"""`massalia pulse …`: topics, sources, enrichment, models, alerts and quality evaluation."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TextIO, cast

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from massalia.core.imports import ImportFileError


class Command(BaseCommand):
    help = "Baromètre : thèmes, sources, enrichissement, modèles, alertes, évaluation."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("topics", help="Créer ou mettre à jour les thèmes et leurs exemples.")
        sub.add_parser("poll", help="Relever toutes les sources externes actives.")
        imp = sub.add_parser("import", help="Importer un export de réseau social (CSV ou JSON).")
        imp.add_argument("file", type=Path)
        imp.add_argument("--source", required=True, help="nom de la source (créée au besoin)")
        sub.add_parser("enrich", help="Enrichir les messages en attente.")
        sub.add_parser("train", help="Entraîner une nouvelle version du classifieur de thèmes.")
        sub.add_parser("detect", help="Chercher les hausses et les sujets émergents.")
        sub.add_parser("digest", help="Envoyer le résumé des alertes aux élus abonnés.")
        evaluate = sub.add_parser(
            "evaluate", help="Entraîner sur un fichier étiqueté et mesurer sur un autre."
        )
        evaluate.add_argument("--task", choices=["topic", "sentiment"], required=True)
        evaluate.add_argument("--train", type=Path, required=True)
        evaluate.add_argument("--test", type=Path, required=True)

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        handlers: dict[str, Callable[..., None]] = {
            "topics": self.topics,
            "poll": self.poll,
            "import": self.import_file,
            "enrich": self.enrich,
            "train": self.train,
            "detect": self.detect,
            "digest": self.digest,
            "evaluate": self.evaluate,
        }
        handlers[action](**options)

    @property
    def out(self) -> TextIO:
        return cast(TextIO, self.stdout)  # Django's OutputWrapper is a text stream

    def topics(self, **_: Any) -> None:
        from massalia.pulse.taxonomy import ensure_topics

        self.stdout.write(f"{len(ensure_topics())} thèmes")

    def poll(self, **_: Any) -> None:
        from massalia.pulse.connectors import poll_all

        for outcome in poll_all():
            self.stdout.write(str(outcome))

    def import_file(self, *, file: Path, source: str, **_: Any) -> None:
        from massalia.pulse.connectors.files import import_file

        try:
            self.stdout.write(import_file(file, source_name=source, progress=self.out))
        except ImportFileError as exc:
            raise CommandError(str(exc)) from exc

    def enrich(self, **_: Any) -> None:
        from massalia.pulse.enrich.pipeline import enrich_pending

        self.stdout.write(f"{enrich_pending()} messages enrichis")

    def train(self, **_: Any) -> None:
        from massalia.pulse.enrich.topics import train_version

        model = train_version()
        quality = model.quality
        self.stdout.write(
            f"version {model.version} : accuracy={quality.get('accuracy', 0):.3f} "
            f"macro_f1={quality.get('macro_f1', 0):.3f} (n_test={quality.get('n_test', 0)})"
        )

    def detect(self, **_: Any) -> None:
        from massalia.pulse.alerts import detect

        for alert in detect(timezone.localdate()):
            self.stdout.write(f"{alert.day} {alert.get_kind_display()} : {alert.title}")

    def digest(self, **_: Any) -> None:
        from massalia.pulse.alerts import send_digests

        self.stdout.write(f"{send_digests()} résumés envoyés")

    def evaluate(self, *, task: str, train: Path, test: Path, **_: Any) -> None:
        from massalia.pulse.evaluation import LabelledFileError, evaluate

        try:
            evaluate(task=task, train=train, test=test, out=self.out)
        except LabelledFileError as exc:
            raise CommandError(str(exc)) from exc
