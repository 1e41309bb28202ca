"""Engine set-up: the only engine-specific code in the store.

SQLite runs in WAL mode with foreign keys on and ``synchronous=FULL``. pysqlite's
own implicit transactions are switched off and SQLAlchemy emits ``BEGIN`` itself, so
that every unit of work, DDL included, is exactly one transaction (the recipe from the
SQLAlchemy SQLite dialect documentation).

A shared portfolio lives on a PostgreSQL server, reached by a ``postgresql://`` URL
through psycopg 3. The password comes from where libpq looks (``~/.pgpass``,
``PGPASSWORD``), from the system keyring, or from the caller (the app's prompt); it is
never stored by BenefitDesk in clear text.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.exc import DBAPIError
from sqlalchemy.pool import NullPool

from benefitdesk.store.server_errors import (
    PermissionDenied,
    connection_error,
    is_connection_error,
    is_permission_error,
)
from benefitdesk.store.urls import display_url, is_server_url, is_url, server_url

__all__ = ["display_url", "is_server_url", "is_url", "make_engine", "server_url"]

SQLITE_MAGIC = b"SQLite format 3\x00"
#: Seconds to wait for a server before saying it cannot be reached.
CONNECT_TIMEOUT = 10


def make_engine(
    target: str | Path,
    *,
    read_only: bool = False,
    foreign_keys: bool = True,
    immutable: bool = False,
    password: str | None = None,
) -> Engine:
    """An engine for a portfolio file path or, for a shared server, a database URL.

    ``immutable`` (read-only only) is for a file in a folder or on a file system where
    SQLite cannot create its journal files: it then reads without any locking.
    """
    if is_server_url(target):
        return _server_engine(str(target), read_only=read_only, password=password)
    if is_url(target):
        return create_engine(str(target), pool_pre_ping=True)
    # A URI of our own, handed to sqlite3 directly: SQLAlchemy would decode a "%" in a
    # file name once more, and "?" or "#" in a name would end the path.
    uri = Path(target).resolve().as_uri() + f"?mode={'ro' if read_only else 'rwc'}"
    if read_only and immutable:
        uri += "&immutable=1"
    engine = create_engine(
        "sqlite://",
        creator=lambda: sqlite3.connect(uri, uri=True, timeout=10),
        poolclass=NullPool,
    )
    _install_sqlite_pragmas(engine, read_only=read_only, foreign_keys=foreign_keys)
    return engine


def server_connect_args(target: str, password: str | None = None) -> dict[str, Any]:
    """libpq's arguments besides the URL: our name, a time-out, and a password that
    the URL lacks (given by the caller, else remembered in the keyring, else libpq's
    own ~/.pgpass and PGPASSWORD)."""
    args: dict[str, Any] = {"application_name": "BenefitDesk", "connect_timeout": CONNECT_TIMEOUT}
    if server_url(target).password is None:
        from benefitdesk.store.credentials import saved_password

        password = password or saved_password(target)
        if password is not None:
            args["password"] = password
    return args


def _server_engine(target: str, *, read_only: bool, password: str | None) -> Engine:
    connect_args = server_connect_args(target, password)
    if read_only:
        connect_args["options"] = "-c default_transaction_read_only=on"
    return create_engine(
        server_url(target), pool_pre_ping=True, pool_size=4, connect_args=connect_args
    )


def _install_sqlite_pragmas(engine: Engine, *, read_only: bool, foreign_keys: bool) -> None:
    @event.listens_for(engine, "connect")
    def on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # we emit BEGIN ourselves
        cursor = dbapi_connection.cursor()
        try:
            if not read_only:
                cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute(f"PRAGMA foreign_keys={'ON' if foreign_keys else 'OFF'}")
            cursor.execute("PRAGMA synchronous=FULL")
            cursor.execute("PRAGMA busy_timeout=10000")
        except UnicodeDecodeError as exc:  # a damaged schema: its text is not even UTF-8
            raise sqlite3.DatabaseError(f"file is not a database ({exc.reason})") from exc
        finally:
            cursor.close()

    @event.listens_for(engine, "begin")
    def on_begin(connection: Any) -> None:
        connection.exec_driver_sql("BEGIN")


def looks_like_sqlite(path: Path) -> bool:
    """True for an empty file or one that starts with SQLite's magic header."""
    with path.open("rb") as handle:
        head = handle.read(len(SQLITE_MAGIC))
    return head in (b"", SQLITE_MAGIC)


@contextmanager
def administering(target: str, refused: str, password: str | None = None) -> Iterator[Engine]:
    """An engine for a server's administrative work, disposed of after; the server's
    refusals in plain words (``refused``: what a permission error says it needs)."""
    engine = make_engine(target, password=password)
    try:
        yield engine
    except DBAPIError as exc:
        if is_permission_error(exc):
            raise PermissionDenied(f"{refused} ({exc.orig})") from exc
        if is_connection_error(exc):
            raise connection_error(exc, display_url(target)) from exc
        raise
    finally:
        engine.dispose()
