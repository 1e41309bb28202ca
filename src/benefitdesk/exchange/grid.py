"""Spreadsheets and CSV files as rows of raw, typed cell values that know their place.

Nothing is interpreted here: a cell keeps the type the file gave it (python-calamine
gives float, int, str, bool, date, datetime, time or timedelta; CSV gives str), so the
parsers in `values` and `dates` can tell a real date cell from the text "Mar-2025".
What is added is the place: every `Row` carries its sheet, its Excel row number and the
Excel column of its first value, so any problem can be reported as `Benefits!H7`.

Conventions worth knowing:

- An empty cell is the empty string `""`, as python-calamine returns it, so rows pass
  through without a copy. Blank rows are skipped by default; row numbers stay true.
- Formulas arrive as the result Excel cached when it last saved the file. A workbook
  written by a library that does not calculate (openpyxl) has no cached results and its
  formula cells read as empty; so do cells showing an error such as `#DIV/0!`.
- Merged ranges (xlsx, xls) are filled with their top-left value, so a merged header or
  a label merged down a block of rows reads on every row it covers.
- Percent-formatted cells arrive as fractions (12% typed in Excel is 0.12); text "12%"
  is parsed by `values.parse_number` as 12.

To stream a large sheet, read the first rows, find the header, then go on with the
same iterator: `rows = iter_rows(p); head = list(islice(rows, 30)); ...; chain(head[i+1:], rows)`.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple, TypeAlias

import python_calamine as calamine

from benefitdesk.exchange.errors import ExchangeError, Problem, Severity, cell_ref
from benefitdesk.exchange.limits import DEFAULT_LIMITS, FileRefused, Limits, check_file

CellValue: TypeAlias = int | float | str | bool | dt.date | dt.datetime | dt.time | dt.timedelta

_DELIMITERS = ",;\t|"
_SNIFF_CHARS = 64 * 1024


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


def list_sheets(
    path: str | os.PathLike[str], *, include_hidden: bool = True, limits: Limits = DEFAULT_LIMITS
) -> list[str]:
    """Worksheet names in workbook order (chart and macro sheets left out). A CSV file
    is one sheet named after the file."""
    p = Path(path)
    if check_file(p, limits) == "text":
        return [p.name]
    with p.open("rb") as f:
        wb = _open_workbook(p, f)
        try:
            return _worksheet_names(wb, include_hidden)
        finally:
            wb.close()


def iter_rows(
    path: str | os.PathLike[str],
    sheet: str | None = None,
    *,
    skip_blank: bool = True,
    fill_merged: bool = True,
    limits: Limits = DEFAULT_LIMITS,
) -> Iterator[Row]:
    """Rows of one sheet (default: the first visible worksheet), produced lazily.

    The file is checked and opened before this returns, so a refused or damaged file
    raises here, not at the first `next()`.
    """
    return _open_rows(Path(path), sheet, skip_blank, fill_merged, limits)[1]


def read_grid(
    path: str | os.PathLike[str],
    sheet: str | None = None,
    *,
    skip_blank: bool = True,
    fill_merged: bool = True,
    limits: Limits = DEFAULT_LIMITS,
) -> Grid:
    """One sheet in memory; see `iter_rows`."""
    name, rows = _open_rows(Path(path), sheet, skip_blank, fill_merged, limits)
    return Grid(name, list(rows))


def read_grids(
    path: str | os.PathLike[str], *, skip_blank: bool = True, limits: Limits = DEFAULT_LIMITS
) -> list[Grid]:
    """Every worksheet of a workbook (or the single sheet of a CSV file)."""
    names = list_sheets(path, limits=limits)
    return [read_grid(path, name, skip_blank=skip_blank, limits=limits) for name in names]


# --- workbooks -------------------------------------------------------------------------


def _open_rows(
    p: Path, sheet: str | None, skip_blank: bool, fill_merged: bool, limits: Limits
) -> tuple[str, Iterator[Row]]:
    if check_file(p, limits) == "text":
        return p.name, _csv_rows(p, skip_blank)
    with p.open("rb") as f:
        wb = _open_workbook(p, f)
        try:
            name = _resolve_sheet(p, wb, sheet)
            data = wb.get_sheet_by_name(name)  # loads the whole sheet into memory
        except calamine.CalamineError as exc:
            raise FileRefused(p, f"cannot be read: {exc}") from None
        finally:
            wb.close()
    return name, _sheet_rows(data, name, skip_blank, fill_merged)


def _open_workbook(p: Path, f: io.BufferedReader) -> calamine.CalamineWorkbook:
    # From the open file rather than the path: python-calamine then picks the reader by
    # content, so an .xlsx saved with an .xls name (common in exports) still opens.
    try:
        return calamine.CalamineWorkbook.from_filelike(f)
    except calamine.PasswordError:
        raise FileRefused(
            p, "is password-protected; remove the password and save it again"
        ) from None
    except calamine.CalamineError as exc:
        raise FileRefused(p, f"is damaged or not a workbook ({exc})") from None


def _worksheet_names(wb: calamine.CalamineWorkbook, include_hidden: bool) -> list[str]:
    return [
        m.name
        for m in wb.sheets_metadata
        if m.typ == calamine.SheetTypeEnum.WorkSheet
        and (include_hidden or m.visible == calamine.SheetVisibleEnum.Visible)
    ]


def _resolve_sheet(p: Path, wb: calamine.CalamineWorkbook, sheet: str | None) -> str:
    """The sheet asked for, forgiving case and surrounding spaces; None → first visible."""
    names = _worksheet_names(wb, include_hidden=True)
    if sheet is None:
        visible = _worksheet_names(wb, include_hidden=False)
        if visible or names:
            return (visible or names)[0]
        raise FileRefused(p, "has no worksheet")
    if sheet in names:
        return sheet
    wanted = sheet.strip().casefold()
    for name in names:
        if name.strip().casefold() == wanted:
            return name
    raise ExchangeError(
        Problem(p.name, None, f'has no sheet "{sheet}" (its sheets: {", ".join(names)})')
    )


def _is_blank(values: list[CellValue]) -> bool:
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
_new_row = tuple.__new__


def _merge_plan(
    sheet: calamine.CalamineSheet, start: tuple[int, int], end: tuple[int, int]
) -> dict[int, list[tuple[int, int, int]]]:
    """Merged ranges keyed by their first row: (last row, first index, last index), with
    indexes relative to the row values and everything clipped to the data extent."""
    plan: dict[int, list[tuple[int, int, int]]] = {}
    for (r0, c0), (r1, c1) in sheet.merged_cell_ranges or []:
        r1, c1 = min(r1, end[0]), min(c1, end[1])
        if c0 < start[1] or r0 > r1 or c0 > c1 or (r0 == r1 and c0 == c1):
            continue
        plan.setdefault(r0, []).append((r1, c0 - start[1], c1 - start[1]))
    return plan


def _sheet_rows(
    sheet: calamine.CalamineSheet, name: str, skip_blank: bool, fill_merged: bool
) -> Iterator[Row]:
    start, end = sheet.start, sheet.end
    if start is None or end is None:
        return
    first_row, first_column = start[0], start[1] + 1
    plan = _merge_plan(sheet, start, end) if fill_merged else {}
    active: list[tuple[int, int, int, CellValue]] = []  # (last row, i0, i1, value)
    # python-calamine's iter_rows yields `start[0]` empty rows before the data (so the
    # index is the 0-based sheet row) and starts each row at the first data column.
    for r, values in enumerate(sheet.iter_rows()):
        if r < first_row:
            continue
        blank = _is_blank(values)  # judged on the row's own cells, before filling
        if plan or active:
            for last, i0, i1 in plan.pop(r, ()):
                active.append((last, i0, i1, values[i0]))
            if active:
                for _last, i0, i1, value in active:
                    for i in range(i0, i1 + 1):
                        if values[i] == "":
                            values[i] = value
                active = [m for m in active if m[0] > r]
        if blank and skip_blank:
            continue
        yield _new_row(Row, (name, r + 1, first_column, values))


# --- CSV -------------------------------------------------------------------------------


def _decode(p: Path, data: bytes) -> str:
    """Text from bytes: a BOM decides; else UTF-8, else Windows-1252 (what Excel writes
    on a UK/US Windows "CSV" save), else Latin-1, which accepts any byte."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise FileRefused(p, "is damaged: invalid UTF-16 text") from None
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")


def sniff_delimiter(text: str) -> str:
    """The delimiter among `, ; tab |` that splits the first lines most consistently.

    csv.Sniffer guesses wrong on "£1,234.50" in a semicolon file; counting how many rows
    share the commonest field count, then fields in the header line, does not.
    """
    sample = text[:_SNIFF_CHARS]
    if len(text) > _SNIFF_CHARS and "\n" in sample:
        sample = sample[: sample.rindex("\n")]
    best, best_score = ",", (0, 0, 0)
    for d in _DELIMITERS:
        try:
            records = [r for r in csv.reader(io.StringIO(sample), delimiter=d) if r][:50]
        except csv.Error:
            continue
        if not records:
            continue
        counts = [len(r) for r in records]
        mode = max(set(counts), key=counts.count)
        if mode < 2:
            continue
        score = (counts.count(mode), len(records[0]), mode)
        if score > best_score:
            best, best_score = d, score
    return best


def _csv_rows(p: Path, skip_blank: bool) -> Iterator[Row]:
    text = _decode(p, p.read_bytes())
    delimiter = sniff_delimiter(text)
    return _csv_iter(p, text, delimiter, skip_blank)


def _csv_iter(p: Path, text: str, delimiter: str, skip_blank: bool) -> Iterator[Row]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    name = p.name
    number = 0
    while True:
        try:
            values: list[CellValue] = next(reader)  # type: ignore[assignment]
        except StopIteration:
            return
        except csv.Error as exc:
            raise ExchangeError(
                Problem(name, None, f"line {reader.line_num}: cannot be read ({exc})")
            ) from None
        number += 1  # the record number is the row Excel shows when it opens the file
        if skip_blank and _is_blank(values):
            continue
        yield _new_row(Row, (name, number, 1, values))
