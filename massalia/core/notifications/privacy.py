"""The personal data of notifications (RGPD): a person's choices, messages and digests.

Registered as the part and export section "notifications" by the core app's ready(). A
person's rows are those of their account; rows of the same address used bare (an anonymous
follower) are left out, as the requests filed anonymously are (docs/privacy.md): signing up
does not prove one owns an address. Messages and digests hold copies of what was sent: they
go RETENTION_NOTIFICATIONS_DAYS after they were made, once sent, withdrawn or abandoned; the
choices stay, since a "never" must keep being honoured.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db.models import QuerySet

from massalia.core.notifications.models import Digest, Notification, Subscription
from massalia.core.privacy import Counts, PersonalData, Retention, cutoff

FINISHED = [Notification.State.SENT, Notification.State.WITHDRAWN, Notification.State.FAILED]


def _mine(model: Any, user: Any) -> QuerySet[Any]:
    return model.objects.filter(user_id=user.pk)


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def export(user: Any) -> dict[str, Any]:
    return {
        "notifications": {
            "choices": [
                {"kind": s.topic, "channel": s.channel, "frequency": s.frequency}
                for s in _mine(Subscription, user).order_by("topic")
            ],
            "messages": [
                {
                    "kind": n.topic,
                    "subject": n.subject,
                    "body": n.body,
                    "state": n.state,
                    "created_at": _iso(n.created_at),
                    "sent_at": _iso(n.sent_at),
                }
                for n in _mine(Notification, user).order_by("created_at", "id")
            ],
        }
    }


def erase(user: Any) -> Counts:
    digests, _ = _mine(Digest, user).delete()
    messages, _ = _mine(Notification, user).delete()
    choices, _ = _mine(Subscription, user).delete()
    return {
        "removed_notification_choices": choices,
        "removed_notifications": messages,
        "removed_digests": digests,
    }


def purge(now: datetime, dry_run: bool) -> Counts:
    """Messages sent (or withdrawn, or abandoned) and digests sent before the cutoff."""
    before = cutoff(now, "RETENTION_NOTIFICATIONS_DAYS")
    old = Notification.objects.filter(state__in=FINISHED, created_at__lt=before)
    old_digests = Digest.objects.exclude(state=Digest.State.PENDING).filter(created_at__lt=before)
    count = old.count()
    if not dry_run and count:
        old.delete()
    if not dry_run:
        old_digests.delete()
    return {"sent_notifications": count}


PERSONAL_DATA = PersonalData(
    name="notifications",
    export=export,
    erase=erase,
    purge=purge,
    sections=("notifications",),
    erases=("removed_notification_choices", "removed_notifications", "removed_digests"),
    retention={
        "sent_notifications": Retention(
            "copies des notifications envoyées", "RETENTION_NOTIFICATIONS_DAYS"
        )
    },
)
