"""A cache of the register's rows, so a large portfolio's window shows at once.

Loading and evaluating 10,000 benefits takes seconds; the rows the register shows
are small. They are saved when a portfolio closes (and after it loads) next to a key
made of the file's size and modification times and the as-of date, and shown the
next time while the portfolio loads in the background. Any write to the portfolio
changes its main or WAL file, so a stale cache is never shown as current.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import fields
from datetime import date
from pathlib import Path
from typing import Any

from benefitdesk.analysis.types import Status
from benefitdesk.ui.register.model import RegisterRow

VERSION = 1
FIELDS = [f.name for f in fields(RegisterRow)]


def _stat(path: Path) -> list[int]:
    """Size and modification time; an empty or missing file (a WAL after a clean
    checkpoint) counts as nothing."""
    try:
        info = path.stat()
    except OSError:
        return [0, 0]
    return [info.st_size, info.st_mtime_ns] if info.st_size else [0, 0]


def state_key(portfolio: Path, as_of: date) -> str:
    """Changes whenever the portfolio's content (or the day) does."""
    wal = portfolio.with_name(portfolio.name + "-wal")
    return json.dumps([VERSION, as_of.isoformat(), _stat(portfolio), _stat(wal)])


def cache_path(folder: Path, portfolio: Path) -> Path:
    digest = hashlib.sha256(str(portfolio.resolve()).encode()).hexdigest()[:24]
    return folder / f"register-{digest}.json"


def save_rows(folder: Path, portfolio: Path, as_of: date, rows: list[RegisterRow]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    payload = {
        "key": state_key(portfolio, as_of),
        "rows": [[getattr(r, name) for name in FIELDS] for r in rows],
    }
    target = cache_path(folder, portfolio)
    partial = target.with_suffix(".partial")
    partial.write_text(json.dumps(payload, default=str))
    partial.replace(target)


def load_rows(folder: Path, portfolio: Path, as_of: date) -> list[RegisterRow] | None:
    """The cached rows if they describe the portfolio as it is now, else None."""
    try:
        payload = json.loads(cache_path(folder, portfolio).read_text())
        if payload.get("key") != state_key(portfolio, as_of):
            return None
        return [_row(values) for values in payload["rows"]]
    except (OSError, ValueError, KeyError, TypeError):
        return None


STATUS, NEXT_DUE = FIELDS.index("status"), FIELDS.index("next_due")


def _row(values: list[Any]) -> RegisterRow:
    values[STATUS] = Status(values[STATUS])
    due = values[NEXT_DUE]
    values[NEXT_DUE] = date.fromisoformat(due) if due else None
    return RegisterRow(*values)
