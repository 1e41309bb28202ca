"""Building a demo portfolio file all at once or not at all.

The demo is built under a temporary name beside the target and renamed only when it
is complete, so a demo killed halfway (or stopped by a full disk) leaves no half-made
portfolio that would then block the next ``demo`` with "already exists".
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from benefitdesk.services.errors import ServiceError
from benefitdesk.store.lock import PortfolioLock

_SIDE_FILES = ("", "-wal", "-shm", "-journal", ".lock")


class DemoError(ServiceError):
    """The demo cannot be created where asked; the message is fit to show a user."""


def refuse_existing(path: Path) -> None:
    """Raise DemoError when ``path`` is a folder or a non-empty file."""
    if path.is_dir():
        raise DemoError(f"{path} is a folder; give a file name for the demo portfolio")
    if path.exists() and path.stat().st_size > 0:
        raise DemoError(
            f"{path} already exists; the demo never overwrites a file. "
            "Choose a new file name or remove the old file first."
        )


def remove_portfolio(path: Path) -> None:
    """Remove a portfolio file with its side files (after a failed build)."""
    for suffix in _SIDE_FILES:
        path.with_name(path.name + suffix).unlink(missing_ok=True)


@contextmanager
def built_atomically(path: Path) -> Iterator[Path]:
    """A temporary path to build the portfolio in; it becomes ``path`` when the block
    ends without error, and is removed otherwise. The target's lock is held meanwhile,
    so two demos cannot build into one file and a leftover of a killed build can go."""
    refuse_existing(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    lock = PortfolioLock(path, "the command `benefitdesk demo`")
    try:
        free = lock.acquire()
    except OSError as exc:  # name the portfolio asked for, not its lock file
        exc.filename = str(path)
        raise
    if not free:
        holder = lock.holder()
        raise DemoError(f"{path} is being made by {holder.describe() if holder else 'someone'}")
    building = path.with_name(f".{path.name}.building")
    try:
        remove_portfolio(building)  # what a killed build left
        yield building
        _single_file(building)
        refuse_existing(path)
        building.replace(path)
    finally:
        remove_portfolio(building)
        if not path.exists():  # nothing was made: leave nothing behind
            lock.path.unlink(missing_ok=True)
        lock.release()


def _single_file(path: Path) -> None:
    """Fold the write-ahead log into the file, so that renaming the file moves it all."""
    connection = sqlite3.connect(path)
    try:
        connection.execute("PRAGMA journal_mode=DELETE")
    finally:
        with suppress(sqlite3.Error):
            connection.close()
