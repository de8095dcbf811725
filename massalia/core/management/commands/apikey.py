"""`massalia apikey create NAME [--scope S …] [--owner O] | list | revoke NAME`: API keys."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from massalia.core.api import scopes
from massalia.core.api.keys import create_key, revoke_key
from massalia.core.api.models import ApiKey


class Command(BaseCommand):
    help = "Gère les clés d'API (create NOM [--scope DROIT …], list, revoke NOM)."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        create = actions.add_parser("create", help="Crée une clé et l'affiche (une seule fois).")
        create.add_argument("name")
        create.add_argument(
            "--scope",
            action="append",
            dest="scopes",
            metavar="DROIT",
            help="Un droit de la clé (répétable), par exemple open311:write ; sans --scope, "
            "les droits par défaut : " + (", ".join(scopes.defaults()) or "aucun") + ".",
        )
        create.add_argument("--owner", default="", help="Qui utilise la clé (organisation, email).")
        actions.add_parser("list", help="Liste les clés (sans les clés elles-mêmes).")
        revoke = actions.add_parser("revoke", help="Désactive une clé.")
        revoke.add_argument("name")

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "create":
            self._create(options["name"], options["scopes"], options["owner"])
        elif action == "list":
            self._list()
        else:
            self._revoke(options["name"])

    def _create(self, name: str, chosen: list[str] | None, owner: str) -> None:
        try:
            key, raw = create_key(name=name, scopes=chosen, owner=owner)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        self.stdout.write(f"Clé « {key.name} » créée. Elle ne sera plus jamais affichée :")
        # The key alone on the last line, so scripts can take it with `tail -n 1`.
        self.stdout.write(raw)

    def _list(self) -> None:
        for key in ApiKey.objects.order_by("name"):
            used = key.last_used_at.isoformat(timespec="seconds") if key.last_used_at else "jamais"
            state = "active" if key.is_active else "révoquée"
            rights = ",".join(key.scopes or []) or "aucun droit"
            self.stdout.write(f"{key.name}\t{key.prefix}…\t{state}\tutilisée : {used}\t{rights}")

    def _revoke(self, name: str) -> None:
        try:
            revoke_key(name=name)
        except ApiKey.DoesNotExist as exc:
            raise CommandError(f"Aucune clé nommée « {name} ».") from exc
        self.stdout.write(f"Clé « {name} » révoquée.")
