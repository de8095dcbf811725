from django import template

from massalia.servicerequests.models import CaseMessage, HistoryEntry

register = template.Library()

LABELS = {"assignee": "Attribuée à", "from": "Service d'origine", "to": "Nouveau service"}
MERGE_LABELS = {"into": "Fusionnée dans la demande", "from": "Doublon reçu : demande"}


@register.filter
def event_details(event: HistoryEntry) -> list[tuple[str, str]]:
    """The audit row's data as readable French (label, value) pairs."""
    if event.kind == HistoryEntry.Kind.MESSAGE:
        return _message_details(event.data or {})
    pairs = []
    for key, value in (event.data or {}).items():
        if event.kind == HistoryEntry.Kind.MERGED and key in MERGE_LABELS:
            pairs.append((MERGE_LABELS[key], f"n° {value}"))
        else:
            pairs.append(
                (LABELS.get(key, key), str(value) if value not in ("", None) else "personne")
            )
    return pairs


def _message_details(data: dict[str, object]) -> list[tuple[str, str]]:
    senders = dict(CaseMessage.Sender.choices)
    pairs = [("De", str(senders.get(str(data.get("sender")), data.get("sender"))))]
    if data.get("documents"):
        pairs.append(("Documents joints", str(data["documents"])))
    return pairs
