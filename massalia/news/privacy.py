"""The news' personal data: a newsletter subscription (an address, its choices) and the
record of each issue sent to it.

A person's data are those of their account's address once confirmed (as the notification
module does, an address used bare is not theirs until proven). Erasing the account deletes
the subscription and its deliveries. The deliveries go RETENTION_NEWSLETTER_DELIVERIES_DAYS
after they were made; a subscription switched off goes RETENTION_NEWSLETTER_STOPPED_DAYS after
it was switched off (the notification module keeps the address's "never", which is honoured)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db import transaction
from django.db.models import Exists, OuterRef, QuerySet

from massalia.core.notifications.mail import normalise
from massalia.core.notifications.models import Subscription
from massalia.core.notifications.registry import Frequency
from massalia.core.privacy import Counts, PersonalData, Retention, cutoff
from massalia.news import selectors
from massalia.news.models import Delivery, Subscriber
from massalia.news.newsletter import KIND


def _address(user: Any) -> str | None:
    return normalise(user.email) if selectors.may_manage(user) else None


def _choice() -> QuerySet[Subscription]:
    """The addresses' newsletter choices, kept by the notification module."""
    return Subscription.objects.filter(topic=KIND, user__isnull=True)


def export(user: Any) -> dict[str, Any]:
    email = _address(user)
    found = Subscriber.objects.filter(email=email).first() if email else None
    if found is None:
        return {}
    return {
        "newsletter": {
            "email": found.email,
            "receiving": selectors.receives(found.email),
            "confirmed_at": found.confirmed_at.isoformat(),
            "themes": [t.name for t in found.themes.all()],
            "quartiers": [q.display_name for q in found.quartiers.all()],
            "issues_sent": [
                {
                    "subject": d.issue.subject,
                    "state": d.state,
                    "sent_at": d.sent_at.isoformat() if d.sent_at else None,
                }
                for d in Delivery.objects.filter(email=found.email).select_related("issue")
            ],
        }
    }


@transaction.atomic
def erase(user: Any) -> Counts:
    email = _address(user)
    if not email:
        return {"newsletter_subscriptions": 0, "newsletter_deliveries": 0}
    deliveries, _ = Delivery.objects.filter(email=email).delete()
    subscriptions = Subscriber.objects.filter(email=email).count()
    Subscriber.objects.filter(email=email).delete()
    _choice().filter(email=email).delete()
    return {"newsletter_subscriptions": subscriptions, "newsletter_deliveries": deliveries}


def purge(now: datetime, dry_run: bool) -> Counts:
    deliveries = Delivery.objects.filter(
        created_at__lt=cutoff(now, "RETENTION_NEWSLETTER_DELIVERIES_DAYS")
    )
    switched_off = _choice().filter(
        email=OuterRef("email"),
        frequency=Frequency.NEVER,
        updated_at__lt=cutoff(now, "RETENTION_NEWSLETTER_STOPPED_DAYS"),
    )
    stopped = Subscriber.objects.filter(Exists(switched_off))
    counts = {"newsletter_deliveries": deliveries.count(), "newsletter_stopped": stopped.count()}
    if not dry_run:
        deliveries.delete()
        stopped.delete()
    return counts


PERSONAL_DATA = PersonalData(
    name="news",
    export=export,
    erase=erase,
    purge=purge,
    sections=("newsletter",),
    erases=("newsletter_subscriptions", "newsletter_deliveries"),
    retention={
        "newsletter_deliveries": Retention(
            "Envois de la lettre d'information", "RETENTION_NEWSLETTER_DELIVERIES_DAYS"
        ),
        "newsletter_stopped": Retention(
            "Abonnements arrêtés à la lettre d'information", "RETENTION_NEWSLETTER_STOPPED_DAYS"
        ),
    },
)
