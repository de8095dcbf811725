"""The inbox as a spreadsheet: what the agents see in the list, one row per case.

It is the department's own work, for its agents: the citizen's original text is in it, never
the requester's contact details.
"""

from __future__ import annotations

from django.utils import timezone

from massalia.core import exports


def _local(value: object) -> object:
    return timezone.localtime(value) if value else None  # type: ignore[arg-type]


def inbox_table() -> exports.Dataset:
    return exports.Dataset(
        name="demandes",
        columns=[
            exports.Column("id", "n°", lambda r: r.pk),
            exports.Column("type", "type", lambda r: r.request_type.name),
            exports.Column("status", "statut", lambda r: r.get_status_display()),
            exports.Column(
                "quartier", "quartier", lambda r: r.quartier.display_name if r.quartier else ""
            ),
            exports.Column(
                "arrondissement",
                "arrondissement",
                lambda r: r.arrondissement.name if r.arrondissement else "",
            ),
            exports.Column("address", "adresse", lambda r: r.address),
            exports.Column("description", "description", lambda r: r.description),
            exports.Column("created_at", "déposée le", lambda r: _local(r.created_at)),
            exports.Column("expected_at", "échéance", lambda r: _local(r.expected_at)),
            exports.Column("overdue", "en retard", lambda r: "oui" if r.is_overdue else "non"),
            exports.Column("assignee", "attribuée à", lambda r: str(r.assignee or "")),
            exports.Column("closed_at", "fermée le", lambda r: _local(r.closed_at)),
        ],
    )
