"""Events published by the news (the one list of what they say upward). No subscriber yet."""

from dataclasses import dataclass

from massalia.core.events import DomainEvent, event


@event
@dataclass(frozen=True, kw_only=True)
class NewsPublished(DomainEvent):
    """An item was given its publication time (now or later): feeds and pages show it then."""

    name = "news.published"
    item_id: int
    theme_id: int
    published_at: str


@event
@dataclass(frozen=True, kw_only=True)
class SubscriptionConfirmed(DomainEvent):
    """An address confirmed its subscription to the newsletter (double opt-in)."""

    name = "news.subscription_confirmed"
    subscriber_id: int


@event
@dataclass(frozen=True, kw_only=True)
class NewsletterSent(DomainEvent):
    """A run of an issue's sending finished: how many addresses received it this time."""

    name = "news.newsletter_sent"
    issue_id: int
    sent: int
    failed: int
