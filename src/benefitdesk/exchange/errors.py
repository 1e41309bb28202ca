"""Problems found while reading a file, each tied to the place a user can go and fix.

PMO leads fix their registers in Excel, so every message names the sheet and cell the
way Excel shows them (`Benefits!H7`), never a 0-based index.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True, slots=True)
class Problem:
    """One finding. Errors stop an import; warnings are shown and the import goes on."""

    sheet: str
    cell: str | None
    message: str
    severity: Severity = "error"

    def __str__(self) -> str:
        place = f"{self.sheet}!{self.cell}" if self.cell else self.sheet
        return f"{place}: {self.message}"

    @property
    def is_error(self) -> bool:
        return self.severity == "error"


class ExchangeError(Exception):
    """Raised when a file cannot be used at all; carries every problem found, for the user."""

    def __init__(self, problems: Problem | Iterable[Problem]) -> None:
        self.problems: list[Problem] = (
            [problems] if isinstance(problems, Problem) else list(problems)
        )
        super().__init__("\n".join(str(p) for p in self.problems))


class CellError(ValueError):
    """A value that cannot be read. The message is for the user and has no place yet:
    the caller knows the cell and turns it into a `Problem` (see `values.parse_cell`)."""


def column_letter(col: int) -> str:
    """Excel column letters from a 0-based column index (0 → A, 26 → AA)."""
    if col < 0:
        raise ValueError(f"column index must be >= 0, not {col}")
    letters = ""
    n = col + 1
    while n:
        n, rem = divmod(n - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def cell_ref(row: int, col: int) -> str:
    """A1-style reference from 0-based (row, col): (6, 7) → "H7"."""
    if row < 0:
        raise ValueError(f"row index must be >= 0, not {row}")
    return f"{column_letter(col)}{row + 1}"


def show(value: object, limit: int = 40) -> str:
    """A cell value as the user typed or sees it, for messages: text in quotes, numbers
    without a needless `.0`, dates in ISO form."""
    if isinstance(value, str):
        text = value if len(value) <= limit else value[: limit - 1] + "…"
        return f'"{text}"'
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e16:
        return str(int(value))
    if isinstance(value, float):
        return f"{value:.15g}"
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ", timespec="minutes")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return str(value)
