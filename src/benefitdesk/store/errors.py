"""Errors a user or their machine can cause, in words fit to show them.

Failures of the machine (no permission, a full disk, a read-only file system, a damaged
file) reach BenefitDesk as ``OSError`` or as SQLite errors; `explain` names each as
such, with where it happened and that nothing was changed. That last part is true by
construction: every write is one transaction (rolled back on failure), and files are
written under a temporary name and renamed only when complete (docs/reliability.md).
"""

from __future__ import annotations

import errno
import os
import re
import sqlite3
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

NOTHING_CHANGED = "Nothing was changed."
FULL_BELOW = 1024 * 1024  # free bytes under which a disk counts as full


class PortfolioError(Exception):
    """A portfolio file cannot be used; the message is fit to show a user."""


class PortfolioMissing(PortfolioError):
    pass


class NotAPortfolio(PortfolioError):
    pass


class SchemaTooNew(PortfolioError):
    pass


class ReadOnlyPortfolio(PortfolioError):
    """A write was asked of a portfolio open read-only."""


class PortfolioBusy(PortfolioError):
    """Another BenefitDesk holds the portfolio's lock."""


class MachineError(PortfolioError):
    """The machine refused: permission, disk space, read-only file system, I/O."""


_PERMISSION = {errno.EACCES, errno.EPERM}
_FULL = {errno.ENOSPC, errno.EDQUOT} if hasattr(errno, "EDQUOT") else {errno.ENOSPC}


def explain(
    error: BaseException,
    portfolio: Path | str | None = None,
    written: Path | str | None = None,
) -> str | None:
    """A plain sentence for a failure of the machine or of a database file, or None
    when ``error`` is not one (then it is a bug, and shown as one). ``written`` is the
    file or folder the failed work was writing, when it was not the portfolio."""
    if isinstance(error, PortfolioError):
        return str(error)
    if isinstance(error, OSError):
        return _explain_os(error, written or portfolio)
    message = str(getattr(error, "orig", None) or error).lower()
    module = type(getattr(error, "orig", None) or error).__module__
    if not module.startswith(("sqlite3", "sqlalchemy")):
        return None
    place = _name(portfolio) if portfolio is not None else "the portfolio"
    if "database or disk is full" in message or (
        ("disk i/o error" in message or "unable to open" in message) and _disk_full(portfolio)
    ):
        return f"The disk is full: {place} could not be written. {NOTHING_CHANGED}"
    if "readonly database" in message or "read-only" in message:
        return f"{place} cannot be written here: {where_read_only(portfolio)}. {NOTHING_CHANGED}"
    if "unable to open database file" in message:
        return f"{place} cannot be opened: {where_read_only(portfolio)}. {NOTHING_CHANGED}"
    if "database is locked" in message or "database is busy" in message:
        return (
            f"{place} is busy: another program is writing to it. Try again in a moment. "
            f"{NOTHING_CHANGED}"
        )
    if "disk i/o error" in message:
        return f"The disk reported an error while using {place}. {NOTHING_CHANGED}"
    if any(s in message for s in ("not a database", "malformed", "encrypted", "corrupt")):
        return f"{place} is damaged or is not a BenefitDesk portfolio. {NOTHING_CHANGED}"
    return None


def database_errors() -> tuple[type[Exception], ...]:
    """The database drivers' errors: sqlite3's, and SQLAlchemy's once it is loaded (a
    command that never loaded it cannot raise them, and importing it only to catch them
    would cost every command a tenth of a second or more)."""
    found: list[type[Exception]] = [sqlite3.DatabaseError]
    loaded = sys.modules.get("sqlalchemy.exc")
    if loaded is not None:
        found.append(loaded.DatabaseError)
    return tuple(found)


@contextmanager
def portfolio_errors(
    portfolio: Path | str | None = None, written: Path | str | None = None
) -> Iterator[None]:
    """Turn a database error raised inside into a :class:`PortfolioError` in words
    (:func:`explain`), so the command line and the app never catch a driver's errors.
    An error ``explain`` cannot name is a damaged or unreadable portfolio."""
    try:
        yield
    except database_errors() as exc:
        message = explain(exc, portfolio, written)
        if message is None:
            message = f"{portfolio or 'the portfolio'} is damaged or unreadable ({exc})"
        raise PortfolioError(message) from exc


def _name(path: Path | str | None) -> str:
    return Path(path).name if path else "a file"


# The temporary names files are written under before they are renamed into place.
_TEMPORARY = re.compile(r"^\.(?P<name>.+?)(\.[0-9a-f]{8}\.partial|\.building|\.partial)$")


def _visible(target: str | os.PathLike[str]) -> Path:
    """The file a person asked for, where the failure hit its temporary twin."""
    path = Path(target)
    match = _TEMPORARY.match(path.name)
    return path.with_name(match["name"]) if match else path


def _explain_os(error: OSError, portfolio: Path | str | None) -> str | None:
    target = _visible(error.filename) if error.filename else portfolio
    place = str(target) if target else "a file"
    if error.errno in _PERMISSION:
        unreadable = target and Path(target).exists() and not os.access(target, os.R_OK)
        return f"No permission to {'read' if unreadable else 'write'} {place}. {NOTHING_CHANGED}"
    if error.errno in _FULL:
        return f"The disk is full: {place} could not be written. {NOTHING_CHANGED}"
    if error.errno == errno.EROFS:
        return f"{place} is on a read-only file system. {NOTHING_CHANGED}"
    if error.errno == errno.ENOENT:
        return f"{place} does not exist. {NOTHING_CHANGED}"
    if error.errno in (errno.EISDIR, errno.ENOTDIR):
        return f"{place}: a folder and a file are mixed up. {NOTHING_CHANGED}"
    if error.errno == errno.EIO:
        return f"The disk reported an error while using {place}. {NOTHING_CHANGED}"
    return f"{place}: {error.strerror or error}. {NOTHING_CHANGED}"


def where_read_only(portfolio: Path | str | None) -> str:
    """Why a file cannot be written, as far as the machine tells."""
    if portfolio is None:
        return "no permission to write it"
    path = Path(portfolio)
    folder = path.parent
    if _read_only_file_system(folder):
        return f"{folder} is on a read-only file system"
    if path.exists() and not os.access(path, os.W_OK):
        return f"no permission to write {path}"
    if not os.access(folder, os.W_OK):
        return f"no permission to write in the folder {folder}"
    return f"no permission to write {path}"


def unwritable_reason(portfolio: Path) -> str | None:
    """Why ``portfolio`` (an existing file) cannot be written, or None when it can: SQLite
    needs to write both the file and its folder (journal files go beside it)."""
    folder = portfolio.parent
    if _read_only_file_system(folder):
        return f"{folder} is on a read-only file system"
    if not os.access(portfolio, os.W_OK):
        return f"no permission to write {portfolio.name}"
    if not os.access(folder, os.W_OK):
        return f"no permission to write in its folder {folder}"
    if disk_full(folder):
        return f"the disk is full at {folder}"
    return None


def _read_only_file_system(folder: Path) -> bool:
    try:
        return bool(os.statvfs(folder).f_flag & os.ST_RDONLY)
    except (AttributeError, OSError):  # Windows has no statvfs
        return False


def disk_full(folder: Path) -> bool:
    """Less room than SQLite needs to open a file for writing (its journal files)."""
    try:
        import shutil  # only to explain a failure (2 ms that every command would pay)

        return shutil.disk_usage(folder).free < FULL_BELOW
    except OSError:
        return False


def _disk_full(portfolio: Path | str | None) -> bool:
    return portfolio is not None and disk_full(Path(portfolio).parent)
