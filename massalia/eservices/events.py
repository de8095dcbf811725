"""Events published by the e-services: a family's appeal against a crèche decision and the
commission's answer (the case's own moves are the engine's events)."""

from dataclasses import dataclass

from massalia.core.events import DomainEvent, event


@event
@dataclass(frozen=True, kw_only=True)
class CrecheAppealFiled(DomainEvent):
    name = "eservices.creche_appeal_filed"
    appeal_id: int
    request_id: int
    round_id: int


@event
@dataclass(frozen=True, kw_only=True)
class CrecheAppealAnswered(DomainEvent):
    name = "eservices.creche_appeal_answered"
    appeal_id: int
    request_id: int
    round_id: int
    upheld: bool
