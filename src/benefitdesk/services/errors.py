"""Errors that services raise for a user's mistake; messages are fit to show."""

from __future__ import annotations


class ServiceError(Exception):
    """A request the portfolio cannot accept. ``problems`` maps field → message."""

    def __init__(self, message: str, problems: dict[str, str] | None = None):
        super().__init__(message)
        self.problems = problems or {}


class ValidationError(ServiceError):
    pass


class ApprovalRefused(ServiceError):
    """A benefit with definition errors cannot be approved."""


class NotFound(ServiceError):
    pass


class StaleEdit(ServiceError):
    """The record changed since the user's copy was read: nothing was overwritten."""
