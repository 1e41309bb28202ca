"""Reject: rows fail, not files. The rows an import leaves out, each with its place and
reasons, and the file's own errors that stop it whole.

Every error found at a data row rejects that row (the steps before never write a row
with an error): the valid rows import, the rejected ones are listed and can be written
to a rejects workbook to fix and import again. An error anywhere else — without a
cell, in a header, a mapping that names what the file lacks, a file with nothing
recognised — is the file's, and nothing is written.

The rejected rows' cells are read again from the file afterwards (only when there are
some), so the hot path of a 100,000-row log keeps no row it has read.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from benefitdesk.exchange.errors import Problem
from benefitdesk.exchange.grid import CellValue, iter_rows
from benefitdesk.services.importing.read import Fixes, patched

#: Rejected rows kept (read back, stored with the batch); the count stays exact beyond.
MAX_REJECTS = 10_000
_ROW = re.compile(r"[A-Z]+(\d+)")


@dataclass(frozen=True, slots=True)
class RejectedRow:
    """One data row left out: where it is, why, and its cells as written (from A)."""

    sheet: str
    row: int
    reasons: tuple[str, ...]  # each "H7: "abc" is not a number"
    cells: tuple[CellValue, ...] = ()

    @property
    def reason(self) -> str:
        return "; ".join(self.reasons)


@dataclass(frozen=True, slots=True)
class RejectedSheet:
    """A sheet's rejected rows, with the rows above them (titles, the header)."""

    name: str
    header_row: int
    top: tuple[tuple[CellValue, ...], ...]
    rows: tuple[RejectedRow, ...]

    @property
    def header(self) -> tuple[CellValue, ...]:
        return self.top[-1] if self.top else ()


def row_of(problem: Problem) -> int | None:
    """The Excel row number of a problem's cell ("H7" → 7)."""
    found = _ROW.fullmatch(problem.cell or "")
    return int(found[1]) if found else None


def split_errors(
    problems: Iterable[Problem], header_rows: Mapping[str, int]
) -> tuple[dict[tuple[str, int], list[Problem]], list[Problem]]:
    """(errors by rejected row, the file's own errors). `header_rows`: the header row of
    each sheet whose data rows were read; an error below it is its row's."""
    rows: dict[tuple[str, int], list[Problem]] = {}
    fatal: list[Problem] = []
    for problem in problems:
        if not problem.is_error:
            continue
        number, header = row_of(problem), header_rows.get(problem.sheet)
        if number is not None and header is not None and number > header:
            rows.setdefault((problem.sheet, number), []).append(problem)
        else:
            fatal.append(problem)
    return rows, fatal


def read_rejects(
    path: Path,
    rows: Mapping[tuple[str, int], list[Problem]],
    header_rows: Mapping[str, int],
    limit: int = MAX_REJECTS,
    fixes: Fixes | None = None,
) -> list[RejectedSheet]:
    """The rejected rows' cells, read again from `path` (with the user's `fixes`), with
    each sheet's top rows."""
    wanted: dict[str, dict[int, tuple[str, ...]]] = {}
    for (sheet, number), found in sorted(rows.items())[:limit]:
        reasons = tuple(dict.fromkeys(f"{p.cell}: {p.message}" for p in found))
        wanted.setdefault(sheet, {})[number] = reasons
    sheets = []
    for sheet, by_row in wanted.items():
        header, last = header_rows[sheet], max(by_row)
        top: list[tuple[CellValue, ...]] = []
        kept: list[RejectedRow] = []
        read = iter_rows(path, sheet)
        for row in patched(read, fixes[sheet]) if fixes and fixes.get(sheet) else read:
            if row.number > last:
                break
            cells = ("",) * (row.first_column - 1) + tuple(row.values)
            if row.number <= header:
                top += [()] * (row.number - len(top) - 1) + [cells]
            elif row.number in by_row:
                kept.append(RejectedRow(sheet, row.number, by_row[row.number], cells))
        sheets.append(RejectedSheet(sheet, header, tuple(top), tuple(kept)))
    return sheets
