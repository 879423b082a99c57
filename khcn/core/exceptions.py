"""Domain exceptions raised by services; views and the API turn them into messages."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied


class DomainError(Exception):
    """A rule of the domain refused the action; ``message`` is shown to the user."""

    def __init__(self, message: str, *, code: str = "domain_error") -> None:
        super().__init__(message)
        self.message = message
        self.code = code


class TransitionNotAllowed(DomainError):
    """The workflow has no such transition from the object's current status."""


class GuardFailed(DomainError):
    """A workflow guard refused the transition."""


__all__ = ["DomainError", "GuardFailed", "PermissionDenied", "TransitionNotAllowed"]
