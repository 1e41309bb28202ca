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
from collections.abc import Callable, Iterable
from datetime import date
from operator import itemgetter
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from benefitdesk.atomic import write_bytes_atomically
from benefitdesk.ui.register.model_rows import CODE, RegisterRow

if TYPE_CHECKING:
    from benefitdesk.ui.style import Tolerances

VERSION = 5


def _stat(path: Path) -> tuple[int, int]:
    """Size and modification time; an empty or missing file (a WAL after a clean
    checkpoint) counts as nothing."""
    try:
        info = path.stat()
    except OSError:
        return (0, 0)
    return (info.st_size, info.st_mtime_ns) if info.st_size else (0, 0)


def state_key(portfolio: Path, as_of: date) -> tuple[int | str, ...]:
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


def save_cached(folder: Path, kind: str, portfolio: Path, as_of: date, payload: Any) -> None:
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


#: The rows read before the register's first paint: more than any screen shows.
HEAD_ROWS = 200


class CachedTolerances(NamedTuple):
    """The portfolio's tolerances, which colour the cached rows' variances."""

    amber_pct: float
    red_pct: float


class CachedRows(NamedTuple):
    """The register as it was: its first rows in code order (the order it first shows),
    how many rows there are, the others (read when asked for) and the tolerances that
    colour them (None for rows without figures)."""

    head: list[RegisterRow]
    total: int
    rest: Callable[[], list[RegisterRow]]
    tolerances: CachedTolerances | None = None


def save_rows(
    folder: Path,
    portfolio: Path,
    as_of: date,
    rows: Iterable[RegisterRow],
    tolerances: Tolerances | None = None,
) -> None:
    """Keep the rows in code order, the first ``HEAD_ROWS`` apart: the next start reads
    those alone before its first paint (all 10,000 took 5 ms more, decoding included)."""
    ordered = sorted((tuple(r) for r in rows), key=itemgetter(CODE))
    kept = (tolerances.amber_pct, tolerances.red_pct) if tolerances is not None else None
    head = (state_key(portfolio, as_of), len(ordered), ordered[:HEAD_ROWS], kept)
    first = marshal.dumps(head)
    folder.mkdir(parents=True, exist_ok=True)
    data = len(first).to_bytes(4, "little") + first + marshal.dumps(ordered[HEAD_ROWS:])
    write_bytes_atomically(cache_path(folder, portfolio, "register"), data)


def load_rows(folder: Path, portfolio: Path, as_of: date) -> CachedRows | None:
    """The cached rows if they describe the portfolio as it is now, else None. Rows are
    tuples in RegisterRow's layout: the model reads them by position."""
    try:
        data = memoryview(cache_path(folder, portfolio, "register").read_bytes())
        size = int.from_bytes(data[:4], "little")
        key, total, head, kept = marshal.loads(data[4 : 4 + size])
        tolerances = CachedTolerances(*kept) if kept is not None else None
    except (OSError, ValueError, EOFError, TypeError):
        return None
    if key != state_key(portfolio, as_of) or not isinstance(head, list):
        return None

    def rest() -> list[RegisterRow]:
        try:
            others = marshal.loads(data[4 + size :])
        except (ValueError, EOFError, TypeError):
            return []
        return others if isinstance(others, list) else []

    return CachedRows(head, total, rest, tolerances)
