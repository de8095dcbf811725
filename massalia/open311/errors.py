"""The one exception the Open311 views turn into a spec error document."""

from __future__ import annotations

from django.core.exceptions import ValidationError


class Open311Error(Exception):
    """A client error: an HTTP status and one or more French descriptions."""

    def __init__(self, status: int, *descriptions: str) -> None:
        super().__init__(descriptions[0] if descriptions else str(status))
        self.status = status
        self.descriptions = list(descriptions) or ["Requête invalide."]

    @classmethod
    def from_validation(cls, exc: ValidationError, status: int = 400) -> Open311Error:
        """One description per message; attribute errors name the `attribute[code]` field."""
        if not hasattr(exc, "error_dict"):
            return cls(status, *exc.messages)
        descriptions = []
        for field, messages in exc.message_dict.items():
            for message in messages:
                descriptions.append(
                    message if field in ("location", "__all__") else f"{field} : {message}"
                )
        return cls(status, *descriptions)


def bad_request(*descriptions: str) -> Open311Error:
    return Open311Error(400, *descriptions)


def not_found(*descriptions: str) -> Open311Error:
    return Open311Error(404, *descriptions)
