"""Automatic backups and putting one back, for the command line and the desktop app.

The copies themselves are made by `store.backup` (SQLite's backup API, under a
temporary name, ten kept). This module decides when, and restores one safely: under
the portfolio's lock, only a backup that is a whole portfolio BenefitDesk can open, and
after a copy of the current state (so a restore can itself be undone).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from benefitdesk.services.errors import ServiceError
from benefitdesk.store import Store
from benefitdesk.store.backup import (
    backup_reason,
    backup_time,
    daily_backup,
    list_backups,
    make_backup,
    restore_backup,
)
from benefitdesk.store.errors import NOTHING_CHANGED, NotAPortfolio, PortfolioError
from benefitdesk.store.lock import WAIT_SECONDS, PortfolioLock
from benefitdesk.store.migrate import read_schema
from benefitdesk.store.revisions import known_revisions


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    made: datetime | None
    reason: str
    size: int


def backups(portfolio: Path) -> list[BackupInfo]:
    """The backups of ``portfolio``, newest first."""
    return [
        BackupInfo(p, backup_time(p), backup_reason(p), p.stat().st_size)
        for p in list_backups(portfolio)
    ]


def backup_on_open(store: Store) -> Path | None:
    """The day's first copy of a portfolio opened for writing (None: not needed, or
    not possible, which must not stop anyone from opening their portfolio)."""
    path = store.path
    if path is None or store.read_only:
        return None
    try:
        return daily_backup(path)
    except (OSError, PortfolioError):
        return None


def backup_now(portfolio: Path, reason: str = "manual") -> Path:
    return make_backup(portfolio, reason=reason)


def restore(portfolio: Path, backup: Path, program: str | None = None) -> Path | None:
    """Put ``backup`` back as ``portfolio``; returns the copy made of the state it
    replaced. Refused while another BenefitDesk holds the portfolio."""
    _check_backup(backup)
    lock = PortfolioLock(portfolio, program or "the command `benefitdesk backups restore`")
    if not lock.acquire(wait=WAIT_SECONDS):
        raise lock.refusal("close it there first")
    try:
        return restore_backup(backup, portfolio)
    finally:
        lock.release()


def _check_backup(backup: Path) -> None:
    if not backup.is_file():
        raise ServiceError(f"No backup at {backup}")
    revision, _tables = read_schema(backup)
    if revision is None:
        raise NotAPortfolio(f"{backup.name} is not a BenefitDesk portfolio. {NOTHING_CHANGED}")
    if revision not in known_revisions():
        raise NotAPortfolio(
            f"{backup.name} was written by a newer BenefitDesk; it cannot be restored here. "
            f"{NOTHING_CHANGED}"
        )
