"""Move a portfolio between a file and a server: ``publish`` and ``clone``.

Both copy everything (history, import batches, audit log) with the ids it had, check
every table's count, and refuse a target that already holds anything. A clone is
built under a temporary name and renamed when complete, so a cancelled or failed
clone leaves no half-made file.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from benefitdesk.progress import CancelCheck, Progress
from benefitdesk.services.errors import ValidationError
from benefitdesk.services.team import require_server_url
from benefitdesk.store import Store
from benefitdesk.store.engine import make_engine
from benefitdesk.store.migrate import prepare_portfolio
from benefitdesk.store.transfer import TargetNotEmpty, copy_portfolio


@dataclass(frozen=True)
class Copied:
    source: str
    target: str
    counts: dict[str, int]  # rows per table, checked on both sides

    @property
    def benefits(self) -> int:
        return self.counts.get("benefit", 0)

    @property
    def rows(self) -> int:
        return sum(self.counts.values())


def publish(
    path: str | Path,
    url: str,
    *,
    password: str | None = None,
    progress: Progress | None = None,
    cancelled: CancelCheck | None = None,
) -> Copied:
    """Copy the portfolio file ``path`` to the (set up, empty) server portfolio ``url``.

    ``path`` is what the command line's ``--portfolio`` resolved to: a URL is refused.
    """
    require_server_url(url)
    if not isinstance(path, Path) or not path.exists():
        raise ValidationError(f"No portfolio file at {path}")
    with Store(path) as source, Store(url, password=password) as target:
        counts = copy_portfolio(
            source.engine, target.engine, progress=progress, cancelled=cancelled
        )
        return Copied(source.display, target.display, counts)


def clone(
    url: str,
    path: Path,
    *,
    password: str | None = None,
    progress: Progress | None = None,
    cancelled: CancelCheck | None = None,
) -> Copied:
    """Copy the server portfolio ``url`` into a new portfolio file ``path``."""
    require_server_url(url)
    path = Path(path)
    if path.exists() and (path.is_dir() or path.stat().st_size > 0):
        raise TargetNotEmpty(f"{path} already exists: a clone goes into a new file")
    partial = path.with_name(path.name + ".partial")
    for leftover in (partial, *_sidecars(partial)):
        leftover.unlink(missing_ok=True)
    try:
        with Store(url, password=password) as source:
            prepare_portfolio(partial, create=True)
            target = make_engine(partial)
            try:
                counts = copy_portfolio(
                    source.engine, target, progress=progress, cancelled=cancelled
                )
            finally:
                target.dispose()
            shown = source.display
        partial.replace(path)
    finally:
        for leftover in (partial, *_sidecars(partial)):
            leftover.unlink(missing_ok=True)
    return Copied(shown, str(path), counts)


def _sidecars(path: Path) -> list[Path]:
    return [path.with_name(path.name + suffix) for suffix in ("-wal", "-shm", "-journal")]
