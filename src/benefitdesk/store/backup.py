"""Consistent backup copies of a portfolio, kept in rotation beside it.

The copy goes through SQLite's online backup API, so it is consistent even while the
file is open in WAL mode elsewhere.
"""

from __future__ import annotations

import sqlite3
from datetime import datetime
from pathlib import Path

KEEP = 10


def backup_folder(portfolio: Path) -> Path:
    return portfolio.with_name(f"{portfolio.stem}.backups")


def make_backup(portfolio: Path, reason: str = "auto", keep: int = KEEP) -> Path:
    """Copy ``portfolio`` into its backup folder and prune the oldest copies."""
    folder = backup_folder(portfolio)
    folder.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    target = folder / f"{portfolio.stem}-{stamp}-{reason}.sqlite"
    source = sqlite3.connect(f"file:{portfolio}?mode=ro", uri=True)
    try:
        dest = sqlite3.connect(target)
        try:
            source.backup(dest)
        finally:
            dest.close()
    finally:
        source.close()
    prune_backups(portfolio, keep)
    return target


def list_backups(portfolio: Path) -> list[Path]:
    """Backups of ``portfolio``, newest first."""
    folder = backup_folder(portfolio)
    if not folder.is_dir():
        return []
    return sorted(folder.glob(f"{portfolio.stem}-*.sqlite"), reverse=True)


def prune_backups(portfolio: Path, keep: int = KEEP) -> None:
    for old in list_backups(portfolio)[keep:]:
        old.unlink(missing_ok=True)


def restore_backup(backup: Path, portfolio: Path) -> None:
    """Replace ``portfolio`` by ``backup`` (after backing up the current state)."""
    if portfolio.exists():
        make_backup(portfolio, reason="before-restore")
    source = sqlite3.connect(f"file:{backup}?mode=ro", uri=True)
    try:
        dest = sqlite3.connect(portfolio)
        try:
            source.backup(dest)
        finally:
            dest.close()
    finally:
        source.close()
