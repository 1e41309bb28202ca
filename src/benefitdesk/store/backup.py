"""Consistent backup copies of a portfolio, kept in rotation beside it.

``Budget.sqlite`` is backed up into ``Budget.sqlite.backups/`` (the full file name, so
``Same.sqlite`` and ``Same.benefitdesk`` never share a folder), one file a copy, named
``<time>-<reason>.sqlite``. A copy goes through SQLite's online backup API, so it is
consistent even while the portfolio is open elsewhere, into a temporary name that is
renamed only once complete: a copy killed halfway leaves no file that looks like a
backup. Automatic copies are made when a portfolio is opened (at most once a day) and
before risky operations (an upgrade, an import, a restore); the newest ``KEEP`` stay.
"""

from __future__ import annotations

import sqlite3
from datetime import datetime, timedelta
from pathlib import Path

from benefitdesk.atomic import atomic_path

KEEP = 10
DAILY = timedelta(hours=20)
_PARTIAL = ".partial"


def backup_folder(portfolio: Path) -> Path:
    return portfolio.with_name(f"{portfolio.name}.backups")


def make_backup(portfolio: Path, reason: str = "auto", keep: int = KEEP) -> Path:
    """Copy ``portfolio`` into its backup folder and prune the oldest copies."""
    folder = backup_folder(portfolio)
    folder.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    target = folder / f"{stamp}-{reason}.sqlite"
    copy_database(portfolio, target)
    prune_backups(portfolio, keep)
    return target


def copy_database(source: Path, target: Path) -> None:
    """A consistent copy of ``source`` at ``target``, which appears only when complete."""
    with atomic_path(target) as partial:
        _backup(source, partial)


def _backup(source: Path, target: Path) -> None:
    src = sqlite3.connect(Path(source).resolve().as_uri() + "?mode=ro", uri=True)
    try:
        dest = sqlite3.connect(target)
        try:
            src.backup(dest)
            dest.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
        finally:
            dest.close()
    finally:
        src.close()


def list_backups(portfolio: Path) -> list[Path]:
    """Complete backups of ``portfolio``, newest first."""
    folder = backup_folder(portfolio)
    if not folder.is_dir():
        return []
    copies = [p for p in folder.iterdir() if p.suffix == ".sqlite" and p.is_file()]
    return sorted(copies, key=lambda p: p.name, reverse=True)


def prune_backups(portfolio: Path, keep: int = KEEP) -> None:
    for old in list_backups(portfolio)[keep:]:
        old.unlink(missing_ok=True)
    folder = backup_folder(portfolio)
    for left in folder.glob(f"*{_PARTIAL}*") if folder.is_dir() else ():
        left.unlink(missing_ok=True)  # a copy killed halfway


def backup_time(backup: Path) -> datetime | None:
    """When a backup was made, from its name."""
    try:
        return datetime.strptime(backup.name[:22], "%Y%m%d-%H%M%S-%f")
    except ValueError:
        return None


def backup_reason(backup: Path) -> str:
    return backup.stem[23:].replace("-", " ") or "auto"


def daily_backup(portfolio: Path, now: datetime | None = None) -> Path | None:
    """The automatic copy made on opening: only when the newest is older than a day."""
    now = now or datetime.now()
    newest = next(iter(list_backups(portfolio)), None)
    made = backup_time(newest) if newest else None
    if made is not None and now - made < DAILY:
        return None
    return make_backup(portfolio, reason="daily")


def restore_backup(backup: Path, portfolio: Path) -> Path | None:
    """Replace the content of ``portfolio`` by ``backup``, after backing up the current
    state (returned). One SQLite transaction: a restore killed halfway leaves the
    portfolio as it was."""
    check = sqlite3.connect(backup.resolve().as_uri() + "?mode=ro", uri=True)
    try:
        ok = check.execute("PRAGMA quick_check").fetchone()[0] == "ok"
    except sqlite3.DatabaseError:
        ok = False
    finally:
        check.close()
    if not ok:
        raise sqlite3.DatabaseError(f"the backup {backup.name} is damaged (not a database)")
    before = make_backup(portfolio, reason="before-restore") if portfolio.exists() else None
    source = sqlite3.connect(backup.resolve().as_uri() + "?mode=ro", uri=True)
    try:
        dest = sqlite3.connect(portfolio)
        try:
            source.backup(dest)
        finally:
            dest.close()
    finally:
        source.close()
    return before
