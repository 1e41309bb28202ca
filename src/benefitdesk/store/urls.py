"""Portfolio locations: a file's path or a server's ``postgresql://`` URL.

The public way to recognise, show and build a server URL, so the app's connect dialog
and the command line never handle SQLAlchemy's URL objects themselves.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError

SERVER_SCHEMES = ("postgresql", "postgres", "postgresql+psycopg")
DEFAULT_PORT = 5432


def is_url(target: str | Path) -> bool:
    return isinstance(target, str) and "://" in target


def is_server_url(target: str | Path) -> bool:
    """True for a ``postgresql://`` (or ``postgres://``) portfolio URL."""
    return is_url(target) and str(target).split("://", 1)[0].lower() in SERVER_SCHEMES


def server_url(target: str) -> URL:
    """``target`` as SQLAlchemy's URL for the psycopg 3 driver."""
    url = make_url(target.replace("postgres://", "postgresql://", 1))
    return url.set(drivername="postgresql+psycopg")


def display_url(target: str | Path) -> str:
    """A portfolio location fit to show: a server URL without its password."""
    if not is_server_url(target):
        return str(target)
    url = make_url(str(target))._replace(password=None)  # set() ignores None
    return url.render_as_string(hide_password=True).replace("+psycopg", "")


@dataclass(frozen=True, slots=True)
class ServerAddress:
    """The parts of a server URL a person fills in (the password is never among them)."""

    host: str
    port: int | None
    database: str
    username: str | None


def server_address(text: str) -> ServerAddress | None:
    """The parts of a URL typed or pasted whole; None when ``text`` is not a URL."""
    try:
        url = make_url(text.strip())
    except ArgumentError:
        return None
    return ServerAddress(url.host or "", url.port, url.database or "", url.username)


def address_url(address: ServerAddress) -> str:
    """The ``postgresql://user@host:port/database`` URL of ``address``."""
    url = URL.create(
        "postgresql",
        username=address.username or None,
        host=address.host,
        port=address.port,
        database=address.database,
    )
    return url.render_as_string(hide_password=False)
