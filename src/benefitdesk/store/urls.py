"""Portfolio locations: a file's path or a server's ``postgresql://`` URL.

The public way to recognise, show and build a server URL, so the app's connect dialog
and the command line never handle SQLAlchemy's URL objects themselves. Recognising one
imports nothing: every command's portfolio argument goes through `is_url`, and
SQLAlchemy costs a `report --json` a tenth of a second (README, "Performance").
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlalchemy.engine import URL

SERVER_SCHEMES = ("postgresql", "postgres", "postgresql+psycopg")
DEFAULT_PORT = 5432


def is_url(target: str | Path) -> bool:
    return isinstance(target, str) and "://" in target


def is_server_url(target: str | Path) -> bool:
    """True for a ``postgresql://`` (or ``postgres://``) portfolio URL."""
    return is_url(target) and str(target).split("://", 1)[0].lower() in SERVER_SCHEMES


def server_url(target: str) -> URL:
    """``target`` as SQLAlchemy's URL for the psycopg 3 driver."""
    from sqlalchemy.engine import make_url

    url = make_url(target.replace("postgres://", "postgresql://", 1))
    return url.set(drivername="postgresql+psycopg")


def display_url(target: str | Path) -> str:
    """A portfolio location fit to show: a server URL without its password."""
    if not is_server_url(target):
        return str(target)
    from sqlalchemy.engine import make_url

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
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        url = make_url(text.strip())
    except ArgumentError:
        return None
    return ServerAddress(url.host or "", url.port, url.database or "", url.username)


def address_url(address: ServerAddress) -> str:
    """The ``postgresql://user@host:port/database`` URL of ``address``."""
    from sqlalchemy.engine import URL

    url = URL.create(
        "postgresql",
        username=address.username or None,
        host=address.host,
        port=address.port,
        database=address.database,
    )
    return url.render_as_string(hide_password=False)


# --- other databases: a sync profile's SQL source --------------------------------------


def is_database_url(text: str) -> bool:
    """True when ``text`` parses as an SQLAlchemy database URL (``sqlite:///ops.db``)."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        make_url(text.strip())
    except ArgumentError:
        return False
    return True


def sqlite_file(url: str) -> str | None:
    """The file of an SQLite database URL as written (perhaps relative), or None: another
    database, one in memory, or not a URL."""
    if not is_database_url(url):
        return None
    from sqlalchemy.engine import make_url

    parsed = make_url(url.strip())
    database = parsed.database
    if not parsed.drivername.startswith("sqlite") or not database:
        return None
    if database == ":memory:" or database.startswith("file:"):
        return None
    return database


def with_database(url: str, database: str) -> str:
    """``url`` (a valid database URL) naming ``database`` instead, password kept."""
    from sqlalchemy.engine import make_url

    changed = make_url(url.strip()).set(database=database)
    return changed.render_as_string(hide_password=False)


def masked_url(url: str) -> str:
    """A database URL fit to show and record: the password hidden."""
    if not is_database_url(url):
        return url
    from sqlalchemy.engine import make_url

    return make_url(url.strip()).render_as_string(hide_password=True)
