"""Engine set-up: the only SQLite-specific code in the store.

SQLite runs in WAL mode with foreign keys on and ``synchronous=FULL``. pysqlite's
own implicit transactions are switched off and SQLAlchemy emits ``BEGIN`` itself, so
that every unit of work, DDL included, is exactly one transaction (the recipe from the
SQLAlchemy SQLite dialect documentation).
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.pool import NullPool

SQLITE_MAGIC = b"SQLite format 3\x00"


def is_url(target: str | Path) -> bool:
    return isinstance(target, str) and "://" in target


def make_engine(
    target: str | Path,
    *,
    read_only: bool = False,
    foreign_keys: bool = True,
    immutable: bool = False,
) -> Engine:
    """An engine for a portfolio file path or, for a shared server, a database URL.

    ``immutable`` (read-only only) is for a file in a folder or on a file system where
    SQLite cannot create its journal files: it then reads without any locking.
    """
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


def _install_sqlite_pragmas(engine: Engine, *, read_only: bool, foreign_keys: bool) -> None:
    @event.listens_for(engine, "connect")
    def on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # we emit BEGIN ourselves
        cursor = dbapi_connection.cursor()
        if not read_only:
            cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA foreign_keys={'ON' if foreign_keys else 'OFF'}")
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute("PRAGMA busy_timeout=10000")
        cursor.close()

    @event.listens_for(engine, "begin")
    def on_begin(connection: Any) -> None:
        connection.exec_driver_sql("BEGIN")


def looks_like_sqlite(path: Path) -> bool:
    """True for an empty file or one that starts with SQLite's magic header."""
    with path.open("rb") as handle:
        head = handle.read(len(SQLITE_MAGIC))
    return head in (b"", SQLITE_MAGIC)
