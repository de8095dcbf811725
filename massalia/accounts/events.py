"""Events published by accounts.

`AccountDeleted` ("accounts.deleted"): a person deleted their account. It carries only the
former account id, never an email or a name (the outbox outlives the account). Apps that keep
personal data of their own (the pulse, later) subscribe to purge what they hold for that id;
service requests are anonymised in the same transaction as the deletion, before the event.

`EmailVerified` ("accounts.email_verified"): a person proved they read their account's address
(its confirmation link, or a password reset). Service requests confirm the reports the
account filed while its address was unproven.
"""

from dataclasses import dataclass

from massalia.core.events import DomainEvent, event


@event
@dataclass(frozen=True, kw_only=True)
class AccountDeleted(DomainEvent):
    name = "accounts.deleted"
    user_id: int
    was_agent: bool


@event
@dataclass(frozen=True, kw_only=True)
class EmailVerified(DomainEvent):
    name = "accounts.email_verified"
    user_id: int
