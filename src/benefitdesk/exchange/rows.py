"""The shape every reader produces: rows of raw cell values that know their place.

A `Row` is a named tuple, not a dataclass, because 100,000 of them are made per import
and a tuple is the cheapest object that still reads well (`row.number`, `row.ref(i)`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple, TypeAlias

from benefitdesk.exchange.errors import Problem, Severity, cell_ref

CellValue: TypeAlias = int | float | str | bool | dt.date | dt.datetime | dt.time | dt.timedelta


class Row(NamedTuple):
    """One row of a sheet. `values[i]` sits in Excel column `first_column + i`."""

    sheet: str
    number: int  # 1-based Excel row number
    first_column: int  # 1-based Excel column of values[0]
    values: list[CellValue]

    def column(self, index: int) -> int:
        """1-based Excel column of `values[index]`."""
        return self.first_column + index

    def ref(self, index: int) -> str:
        """A1 reference of `values[index]`, e.g. "H7"."""
        return cell_ref(self.number - 1, self.first_column - 1 + index)

    def get(self, index: int | None) -> CellValue:
        """The value at `index`, or "" when the column is absent or beyond a short row."""
        if index is None or index >= len(self.values):
            return ""
        return self.values[index]

    def problem(self, index: int | None, message: str, severity: Severity = "error") -> Problem:
        """A problem at `values[index]` (or at the row's first cell when index is None)."""
        return Problem(self.sheet, self.ref(0 if index is None else index), message, severity)


@dataclass(slots=True)
class Grid:
    """A whole sheet in memory: its name and its rows (blank rows left out by default)."""

    sheet: str
    rows: list[Row] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.rows)

    def __iter__(self) -> Iterator[Row]:
        return iter(self.rows)

    def problem(self, message: str, severity: Severity = "error") -> Problem:
        return Problem(self.sheet, None, message, severity)


def is_blank_row(values: Sequence[CellValue]) -> bool:
    """True when every cell is empty or only spaces. Runs once per row, so the common
    cases are decided by C-level calls: a row of "" and a row with a first value."""
    if values.count("") == len(values):
        return True
    v0 = values[0]
    if v0 != "" and (type(v0) is not str or not v0.isspace()):
        return False
    return all(v == "" or (type(v) is str and v.isspace()) for v in values)


# A NamedTuple's generated __new__ is Python code; building the tuple directly costs a
# third as much, which shows on 100,000 rows.
new_row = tuple.__new__
