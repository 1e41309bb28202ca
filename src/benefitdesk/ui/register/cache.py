"""A cache of the register's rows (and the dashboard's value over time), so a large
portfolio's window shows at once.

Loading and evaluating 10,000 benefits takes seconds; the rows the register shows
are small. They are saved when a portfolio closes next to a key made of the file's
size and modification times and the as-of date, and shown the next time while the
portfolio loads in the background. Any write to the portfolio changes its main or WAL
file, so a stale cache is never shown as current. The value over time (two dozen
points, half a second of work on 10,000 benefits) is kept the same way, in a file of
its own.
"""

from __future__ import annotations

import marshal
import zlib
from datetime import date
from pathlib import Path

from benefitdesk.atomic import write_bytes_atomically
from benefitdesk.ui.register.model_rows import RegisterRow

VERSION = 4


def _stat(path: Path) -> tuple[int, int]:
    """Size and modification time; an empty or missing file (a WAL after a clean
    checkpoint) counts as nothing."""
    try:
        info = path.stat()
    except OSError:
        return (0, 0)
    return (info.st_size, info.st_mtime_ns) if info.st_size else (0, 0)


def state_key(portfolio: Path, as_of: date) -> tuple[object, ...]:
    """Changes whenever the portfolio's content (or the day) does; names the file, so
    two portfolios whose cache files share a name never read each other's."""
    wal = portfolio.with_name(portfolio.name + "-wal")
    name = str(portfolio.resolve())
    return (VERSION, name, as_of.toordinal(), *_stat(portfolio), *_stat(wal))


def cache_path(folder: Path, portfolio: Path, kind: str = "register") -> Path:
    # Two checksums of the path name the file: hashlib would load OpenSSL before the
    # window's first paint (a few milliseconds), and the key above settles a clash.
    name = str(portfolio.resolve()).encode()
    return folder / f"{kind}-{zlib.crc32(name):08x}{zlib.adler32(name):08x}.bin"


def save_cached(folder: Path, kind: str, portfolio: Path, as_of: date, payload: object) -> None:
    """Keep ``payload`` (plain tuples, lists, numbers and text) for the portfolio as it
    is now."""
    folder.mkdir(parents=True, exist_ok=True)
    # marshal: the fastest stdlib format for plain tuples (10,000 rows load in a few ms);
    # the file is our own cache, versioned by VERSION and the Python it was written by.
    data = marshal.dumps((state_key(portfolio, as_of), payload))
    write_bytes_atomically(cache_path(folder, portfolio, kind), data)


def load_cached(folder: Path, kind: str, portfolio: Path, as_of: date) -> object | None:
    """What was kept if it describes the portfolio as it is now, else None."""
    try:
        key, payload = marshal.loads(cache_path(folder, portfolio, kind).read_bytes())
    except (OSError, ValueError, EOFError, TypeError):
        return None
    return payload if key == state_key(portfolio, as_of) else None


def save_rows(folder: Path, portfolio: Path, as_of: date, rows: list[RegisterRow]) -> None:
    save_cached(folder, "register", portfolio, as_of, [tuple(r) for r in rows])


def load_rows(folder: Path, portfolio: Path, as_of: date) -> list[RegisterRow] | None:
    """The cached rows if they describe the portfolio as it is now, else None."""
    rows = load_cached(folder, "register", portfolio, as_of)
    # tuples in RegisterRow's layout: the model reads them by position
    return rows if isinstance(rows, list) else None
