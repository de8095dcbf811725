"""Who may see and act on the pulse (registered in the one permission policy).

Elected officials read the dashboard, acknowledge alerts and subscribe to the digest. Agents
and department managers read it too, and may say a message's topic is wrong (their
corrections train the next classifier); they change nothing else. Citizens see only the
public page that explains what is collected.
"""

from __future__ import annotations

from typing import Any

from massalia.core.permissions import rule


def _signed_in(user: Any) -> bool:
    return bool(user is not None and user.is_authenticated)


def _official(user: Any) -> bool:
    return _signed_in(user) and (user.is_superuser or user.is_official)


def _agent(user: Any) -> bool:
    return _signed_in(user) and (user.is_superuser or bool(user.department_ids()))


@rule("pulse.view")
def view(user: Any, obj: Any) -> bool:
    return _official(user) or _agent(user)


@rule("pulse.correct_topic")
def correct_topic(user: Any, message: Any) -> bool:
    # A correction keeps the message's text: a private demand's text must not be copied.
    return _agent(user) and not getattr(message, "is_private", False)


@rule("pulse.acknowledge_alert")
def acknowledge_alert(user: Any, alert: Any) -> bool:
    return _official(user)


@rule("pulse.subscribe_digest")
def subscribe_digest(user: Any, obj: Any) -> bool:
    return _official(user)
