"""Starting a portfolio: empty (`benefitdesk new`), or from the register a PMO already
keeps (`benefitdesk import --create`, File › New Portfolio from Spreadsheet…).

Either way the portfolio is built under a temporary name beside the target and renamed
into place only when complete, so a failed or cancelled start leaves no half-made file,
and an existing file is never touched.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from benefitdesk.model import PortfolioSettings
from benefitdesk.progress import CancelCheck, Progress
from benefitdesk.services.errors import ServiceError
from benefitdesk.services.importing import ImportMapping, ImportResult, apply_import
from benefitdesk.store import Store

_CURRENCY = re.compile(r"[A-Za-z]{3}")
_SIDE_FILES = ("", "-wal", "-shm", "-journal")


def portfolio_name(source: Path) -> str:
    """A name from a file's: "Oxford_Projects_Out.csv" → "Oxford Projects Out"."""
    words = re.sub(r"[_\s]+", " ", source.stem).strip()
    return words[:1].upper() + words[1:] if words else "Portfolio"


def _check_target(path: Path) -> None:
    if path.is_dir():
        raise ServiceError(f"{path} is a folder; give a file name for the portfolio")
    if path.exists():
        raise ServiceError(
            f"{path} already exists; a new portfolio never replaces a file. "
            "Choose another name, or import into the existing portfolio."
        )
    if not path.parent.is_dir():
        raise ServiceError(f"the folder {path.parent} does not exist")


def _currency(code: str | None) -> str | None:
    if code is None:
        return None
    if not _CURRENCY.fullmatch(code.strip()):
        raise ServiceError(f'"{code}" is not a currency code (three letters, e.g. GBP)')
    return code.strip().upper()


def _partial(path: Path) -> Path:
    return path.with_name(f".{path.name}.partial")


def _remove(path: Path) -> None:
    for suffix in _SIDE_FILES:
        path.with_name(path.name + suffix).unlink(missing_ok=True)


def _settings(store: Store, name: str, currency: str | None) -> None:
    with store.transaction() as session:
        settings = session.get(PortfolioSettings, 1)
        assert settings is not None  # Store(create=True) made it
        settings.name = name[:200]
        if currency is not None:
            settings.currency = currency
        session.add(settings)


def _move_into_place(partial: Path, path: Path) -> None:
    try:
        partial.replace(path)
    except OSError as exc:
        _remove(partial)
        raise ServiceError(f"the portfolio could not be saved as {path} ({exc.strerror})") from None


def create_portfolio(
    path: str | os.PathLike[str], *, name: str | None = None, currency: str | None = None
) -> Path:
    """An empty portfolio at `path` (named after the file unless `name` is given)."""
    target = Path(path)
    _check_target(target)
    code = _currency(currency)
    partial = _partial(target)
    _remove(partial)
    try:
        with Store(partial, create=True) as store:
            _settings(store, name or portfolio_name(target), code)
    except BaseException:
        _remove(partial)
        raise
    _move_into_place(partial, target)
    return target


def create_from_file(
    path: str | os.PathLike[str],
    source: str | os.PathLike[str],
    *,
    mapping: ImportMapping | None = None,
    name: str | None = None,
    currency: str | None = None,
    progress: Progress | None = None,
    cancelled: CancelCheck | None = None,
) -> ImportResult:
    """A portfolio at `path` holding what `source` holds. When the import has errors
    (or nothing in the file is recognised) no portfolio is created; the result says
    why."""
    target, file = Path(path), Path(source)
    _check_target(target)
    code = _currency(currency)
    partial = _partial(target)
    _remove(partial)
    try:
        with Store(partial, create=True) as store:
            _settings(store, name or portfolio_name(file), code)
            result = apply_import(store, file, mapping, progress=progress, cancelled=cancelled)
    except BaseException:
        _remove(partial)
        raise
    if not result.committed:
        _remove(partial)
        return result
    _move_into_place(partial, target)
    return result
