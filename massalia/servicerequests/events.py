"""Events published by service requests.

Subscribers: notifications now; the pulse and open data later.
"""

from dataclasses import dataclass

from massalia.core.events import DomainEvent, event


@event
@dataclass(frozen=True, kw_only=True)
class RequestSubmitted(DomainEvent):
    name = "servicerequests.submitted"
    request_id: int
    request_type: str
    department_id: int
    quartier_id: int | None
    confirmed: bool


@event
@dataclass(frozen=True, kw_only=True)
class RequestConfirmed(DomainEvent):
    name = "servicerequests.confirmed"
    request_id: int


@event
@dataclass(frozen=True, kw_only=True)
class RequestStatusChanged(DomainEvent):
    name = "servicerequests.status_changed"
    request_id: int
    audit_id: int
    from_status: str
    to_status: str


@event
@dataclass(frozen=True, kw_only=True)
class RequestReassigned(DomainEvent):
    name = "servicerequests.reassigned"
    request_id: int
    from_department_id: int
    to_department_id: int


@event
@dataclass(frozen=True, kw_only=True)
class RequestsMerged(DomainEvent):
    name = "servicerequests.merged"
    request_id: int
    into_id: int


@event
@dataclass(frozen=True, kw_only=True)
class CaseMessageSent(DomainEvent):
    """A message of a case's correspondence (its text stays in the case: not in the outbox)."""

    name = "servicerequests.message_sent"
    request_id: int
    message_id: int
    sender: str


@event
@dataclass(frozen=True, kw_only=True)
class AreaAlertCreated(DomainEvent):
    """Someone asked for the new requests of an area (`area_alerts`); an alert waiting for
    its confirmation (`confirmed` false) gets the link by email, which carries the
    `frequency` they chose."""

    name = "servicerequests.area_alert_created"
    alert_id: int
    confirmed: bool
    frequency: str = ""


@event
@dataclass(frozen=True, kw_only=True)
class AreaAlertConfirmed(DomainEvent):
    name = "servicerequests.area_alert_confirmed"
    alert_id: int


@event
@dataclass(frozen=True, kw_only=True)
class ContributionAdded(DomainEvent):
    """Someone added an update or photos to a case (`held`: waiting for a moderator)."""

    name = "servicerequests.contribution_added"
    request_id: int
    contribution_id: int
    held: bool


@event
@dataclass(frozen=True, kw_only=True)
class ContributionPublished(DomainEvent):
    """An update's text became public (at once, or by a moderator's decision)."""

    name = "servicerequests.contribution_published"
    request_id: int
    contribution_id: int


@event
@dataclass(frozen=True, kw_only=True)
class ContributionModerated(DomainEvent):
    """A moderator published or hid an update or a photo (the decision is the audit row)."""

    name = "servicerequests.contribution_moderated"
    request_id: int
    decision_id: int
    action: str
