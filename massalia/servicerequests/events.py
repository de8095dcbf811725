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
