"""What a PostgreSQL server's refusals mean, in words a user can act on.

libpq reports every connection failure as one OperationalError without an SQLSTATE,
so the kind is read from its message; a refusal by the server's role or row-level
security carries SQLSTATE 42501.
"""

from __future__ import annotations

import re

from benefitdesk.store.errors import PortfolioError


class ServerError(PortfolioError):
    """A server portfolio cannot be used right now; the message says why."""


class ServerUnavailable(ServerError):
    """The server cannot be reached (down, wrong host or port, no network)."""


class AuthenticationFailed(ServerError):
    """The server refused the user name or password (or none was given)."""

    def __init__(self, message: str, *, missing_password: bool = False):
        super().__init__(message)
        self.missing_password = missing_password


class PermissionDenied(ServerError):
    """The server's roles or row-level security refused a change."""


class RowChanged(ServerError):
    """Someone else changed the row between reading and saving it."""


def _reason(message: str) -> str:
    """The part of a libpq message after 'failed:' (or all of it)."""
    text = message.split("failed:", 2)[-1] if "failed:" in message else message
    return " ".join(text.replace("FATAL:", "").split()).strip()


def connection_error(exc: BaseException, shown: str) -> ServerError:
    """A connection failure as a user-facing error about ``shown`` (a URL sans password)."""
    message = str(getattr(exc, "orig", None) or exc)
    lower = message.lower()
    if "no password supplied" in lower:
        return AuthenticationFailed(
            f"{shown} needs a password: give it in ~/.pgpass or PGPASSWORD, "
            "or type it when the app asks",
            missing_password=True,
        )
    if "password authentication failed" in lower or "authentication failed" in lower:
        user = re.search(r'for user "([^"]+)"', message)
        who = f" for {user.group(1)}" if user else ""
        return AuthenticationFailed(f"The server refused the password{who} ({shown})")
    if "does not exist" in lower and "database" in lower:
        return ServerUnavailable(f"The server has no such database: {_reason(message)}")
    if "no pg_hba.conf entry" in lower:
        return AuthenticationFailed(
            f"The server does not let this user connect: {_reason(message)}"
        )
    if "permission denied for database" in lower:
        return PermissionDenied(f"The server's role does not allow connecting: {_reason(message)}")
    if "connection refused" in lower:
        return ServerUnavailable(
            f"Cannot reach the server for {shown}: connection refused "
            "(is PostgreSQL running there, on that port?)"
        )
    if "timeout" in lower or "timed out" in lower:
        return ServerUnavailable(f"Cannot reach the server for {shown}: no answer (timed out)")
    if "resolve host" in lower or "could not translate host name" in lower:
        return ServerUnavailable(f"Cannot reach the server for {shown}: unknown host name")
    return ServerUnavailable(f"Cannot reach the server for {shown}: {_reason(message)}")


def permission_error(exc: BaseException, role: str | None) -> PermissionDenied:
    """A refusal by grants or row-level security, naming the role that was refused."""
    message = str(getattr(exc, "orig", None) or exc).splitlines()[0]
    as_role = f"your role ({role})" if role else "your database role"
    table = re.search(r'(?:table|relation) "?([a-z_]+)"?', message)
    what = table.group(1).replace("_", " ") if table else "this"
    if "row-level security" in message:
        return PermissionDenied(
            f"The server refused the change: {as_role} may change {what} records only on "
            "the benefits you own"
        )
    return PermissionDenied(f"The server refused the change: {as_role} may not change {what}")


def is_permission_error(exc: BaseException) -> bool:
    orig = getattr(exc, "orig", None)
    return getattr(orig, "sqlstate", None) == "42501"


def is_connection_error(exc: BaseException) -> bool:
    orig = getattr(exc, "orig", None)
    return type(orig).__name__ == "OperationalError" and getattr(orig, "sqlstate", None) is None
