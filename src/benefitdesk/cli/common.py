"""What every command shares: exit codes, the user-error type, argument types."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from benefitdesk.store import Store

EXIT_OK, EXIT_BAD_INPUT, EXIT_USAGE = 0, 1, 2


class UserError(Exception):
    """A mistake in what the user asked for; printed as one line, exit code 1."""


def iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date (use YYYY-MM-DD)") from None


def open_store(path: Path | str) -> Store:
    """The portfolio at ``path``, opened for one command (imported here, on first use:
    SQLAlchemy costs half a second that ``--help`` should not pay)."""
    from benefitdesk.store import Store

    return Store(path)


def portfolio_arg(text: str) -> str | Path:
    """A portfolio: a file, a ``postgresql://`` URL, or a saved connection's name.

    An existing file is decided here, without loading the saved connections (and the
    JSON and settings folders they need): the common case, and `report --json`'s."""
    from benefitdesk.store.urls import is_url

    if not is_url(text) and Path(text).is_file():
        return Path(text)
    from benefitdesk.store.connections import resolve_target

    return resolve_target(text)


def portfolio_label(target: str | Path) -> str:
    """A portfolio as messages name it: the file's name, or the URL without password."""
    if isinstance(target, Path):
        return target.name
    from benefitdesk.store.urls import display_url

    return display_url(target)
