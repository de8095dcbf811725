"""`massalia sendnewsletter ISSUE_ID`: send an issue to its subscribers (again: only those
not reached yet, and those whose sending failed)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from massalia.news import services
from massalia.news.models import Issue


class Command(BaseCommand):
    help = "Envoie une lettre d'information aux abonné·es concerné·es, chacun une seule fois."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("issue", type=int, help="numéro de la lettre (voir l'admin)")

    def handle(self, *args: Any, **options: Any) -> None:
        issue = Issue.objects.filter(pk=options["issue"]).first()
        if issue is None:
            raise CommandError(f"Aucune lettre n° {options['issue']}.")
        sent, failed = services.send_issue(issue=issue)
        self.stdout.write(f"« {issue} » : envoyée à {sent} adresse(s), {failed} échec(s).")
