"""The news' writes: an item saved by an editor, a subscription asked, confirmed, changed or
stopped, an issue sent. Keyword-only, atomic, each publishing its event (the audit trail)."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone

from massalia.core.events import publish
from massalia.core.models import Upload
from massalia.core.notifications import Frequency, notify
from massalia.core.notifications.mail import normalise
from massalia.core.notifications.services import set_preference
from massalia.core.permissions import require
from massalia.core.text import clean_text, is_blank
from massalia.core.uploads import accept_image, discarded_on_error
from massalia.news import events, selectors
from massalia.news.models import Delivery, Issue, NewsItem, Subscriber, Theme
from massalia.news.newsletter import KIND, Choice, confirmation_url, stop_url, transmit
from massalia.territory.models import Quartier

log = logging.getLogger(__name__)


# Items ---------------------------------------------------------------------------------------


def save_item(
    *, item: NewsItem, editor: Any, image: UploadedFile | Upload | None = None
) -> NewsItem:
    """Save an item written by an editor (its quartiers are set by the caller afterwards);
    an image file goes through the upload pipeline (an `Upload` has already) and must come
    with its text alternative; UploadRejected says why a file is refused.

    Announces the item (NewsPublished) the first time it is given a publication time.
    """
    require(editor, "news.edit", item)
    item.image_alt = " ".join(clean_text(item.image_alt).split())
    if (image is not None or item.image_id) and is_blank(item.image_alt):
        raise ValidationError({"image_alt": "Décrivez l'image pour qui ne la voit pas."})
    with discarded_on_error(), transaction.atomic():
        if image is not None:
            item.image = image if isinstance(image, Upload) else accept_image(image)
        if item.author_id is None:
            item.author = editor
        announce = item.published_at is not None and item.announced_at is None
        if announce:
            item.announced_at = timezone.now()
        item.save()
        if announce:
            assert item.published_at is not None
            publish(
                events.NewsPublished(
                    item_id=item.pk,
                    theme_id=item.theme_id,
                    published_at=item.published_at.isoformat(),
                )
            )
    return item


# Subscriptions --------------------------------------------------------------------------------


def ask_subscription(*, email: str, themes: Iterable[Theme], quartiers: Iterable[Quartier]) -> None:
    """Send the confirmation link (double opt-in). Nothing is stored: the choices travel in
    the signed link, and the same answer is given whether the address is subscribed or not."""
    choice = Choice(
        email=normalise(email),
        themes=tuple(sorted(t.pk for t in themes)),
        quartiers=tuple(sorted(q.pk for q in quartiers)),
    )
    notify(
        to=choice.email,
        template="news_confirm",
        context={"confirm_url": confirmation_url(choice), "stop_url": stop_url(choice.email)},
    )


@transaction.atomic
def confirm_subscription(*, choice: Choice) -> Subscriber:
    """Record a confirmed address with its choices, and switch the newsletter on for it.

    Themes or quartiers deleted since the link was sent are left out.
    """
    subscriber, _ = Subscriber.objects.update_or_create(
        email=choice.email, defaults={"confirmed_at": timezone.now()}
    )
    subscriber.themes.set(Theme.objects.filter(pk__in=choice.themes))
    subscriber.quartiers.set(Quartier.objects.filter(pk__in=choice.quartiers))
    set_preference(kind=KIND, to=subscriber.email, frequency=Frequency.IMMEDIATELY)
    publish(events.SubscriptionConfirmed(subscriber_id=subscriber.pk))
    return subscriber


def change_subscription(
    *, user: Any, themes: Iterable[Theme], quartiers: Iterable[Quartier]
) -> Subscriber:
    """A signed-in person's own choices, for their account's address; a confirmed account
    address needs no second confirmation."""
    if not selectors.may_manage(user):
        raise PermissionDenied("Confirmez d'abord l'adresse de votre compte.")
    choice = Choice(
        email=normalise(user.email),
        themes=tuple(t.pk for t in themes),
        quartiers=tuple(q.pk for q in quartiers),
    )
    return confirm_subscription(choice=choice)


@transaction.atomic
def stop_subscription(*, user: Any) -> bool:
    """Switch the newsletter off for a signed-in person's address; False if it was not on."""
    if not selectors.may_manage(user) or not selectors.receives(user.email):
        return False
    set_preference(kind=KIND, to=normalise(user.email), frequency=Frequency.NEVER)
    return True


# Sending ---------------------------------------------------------------------------------------


def send_issue(*, issue: Issue, sender: Any = None) -> tuple[int, int]:
    """Send an issue to every subscriber it concerns, once each: (sent, failed) this run.

    Each address is claimed by a conditional write on its delivery row before its email goes,
    so a second run, or two at once, send nothing twice; a failed address is tried again by
    the next run. `sender` (None: the management command) must be an editor.
    """
    if sender is not None:
        require(sender, "news.edit", issue)
    items = list(issue.items.published().select_related("theme", "image").prefetch_related(
        "quartiers"
    ))  # fmt: skip
    sent = failed = 0
    for subscriber in selectors.active_subscribers().prefetch_related("themes", "quartiers"):
        chosen = selectors.items_for(subscriber, items)
        if not chosen or not _claim(issue, subscriber.email):
            continue
        try:
            transmit(
                to=subscriber.email,
                subject=issue.subject,
                context={"issue": issue, "items": chosen},
            )
        except Exception as exc:  # one bad address must not stop the others
            log.warning("newsletter %s not sent to one address: %s", issue.pk, type(exc).__name__)
            _delivered(issue, subscriber.email).update(
                state=Delivery.State.FAILED, error=f"{type(exc).__name__}: {exc}"[:500]
            )
            failed += 1
            continue
        _delivered(issue, subscriber.email).update(
            state=Delivery.State.SENT, sent_at=timezone.now(), items=len(chosen), error=""
        )
        sent += 1
    with transaction.atomic():
        Issue.objects.filter(pk=issue.pk, sent_at__isnull=True).update(sent_at=timezone.now())
        publish(events.NewsletterSent(issue_id=issue.pk, sent=sent, failed=failed))
    issue.refresh_from_db(fields=["sent_at"])
    return sent, failed


def _delivered(issue: Issue, email: str) -> QuerySet[Delivery]:
    return Delivery.objects.filter(issue=issue, email=email)


def _claim(issue: Issue, email: str) -> bool:
    """True if this run may send to `email`: its row was made now, or a failed one taken."""
    try:
        with transaction.atomic():
            Delivery.objects.create(issue=issue, email=email, state=Delivery.State.SENDING)
        return True
    except IntegrityError:
        retaken = _delivered(issue, email).filter(state=Delivery.State.FAILED)
        return retaken.update(state=Delivery.State.SENDING) == 1
