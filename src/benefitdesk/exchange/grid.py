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

import io
import itertools
import os
from collections.abc import Iterator
from pathlib import Path

import python_calamine as calamine

from benefitdesk.exchange.delimited import csv_rows
from benefitdesk.exchange.errors import ExchangeError, Problem
from benefitdesk.exchange.limits import (
    DEFAULT_LIMITS,
    FileRefused,
    Limits,
    check_file,
    check_sheet_extent,
)
from benefitdesk.exchange.rows import CellValue, Grid, Row, is_blank_row, new_row

__all__ = ["CellValue", "Grid", "Row", "iter_rows", "list_sheets", "read_grid", "read_grids"]


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
    """One sheet in memory; see `iter_rows`. For large sheets prefer `iter_rows`:
    holding 100,000 rows makes the garbage collector walk them all, ~1.5× the time."""
    name, rows = _open_rows(Path(path), sheet, skip_blank, fill_merged, limits)
    return Grid(name, list(rows))


def read_grids(
    path: str | os.PathLike[str],
    *,
    skip_blank: bool = True,
    fill_merged: bool = True,
    limits: Limits = DEFAULT_LIMITS,
) -> list[Grid]:
    """Every worksheet of a workbook (or the single sheet of a CSV file), opening the
    file once."""
    p = Path(path)
    if check_file(p, limits) == "text":
        return [Grid(p.name, list(_text_rows(p, skip_blank, limits)))]
    with p.open("rb") as f:
        wb = _open_workbook(p, f)
        try:
            grids = []
            for name in _worksheet_names(wb, True):  # one sheet in memory at a time
                data = _load_sheet(p, wb, name, limits)
                grids.append(Grid(name, list(_sheet_rows(data, name, skip_blank, fill_merged))))
                del data
            return grids
        finally:
            wb.close()


def _text_rows(p: Path, skip_blank: bool, limits: Limits) -> Iterator[Row]:
    """A CSV file's rows, none wider than a worksheet: a few MB of commas on one line
    would otherwise become millions of columns for every step after reading."""
    for row in csv_rows(p, skip_blank):
        if len(row.values) > limits.max_columns:
            raise FileRefused(
                p,
                f"line {row.number} has {len(row.values):,} columns, more than the "
                f"{limits.max_columns:,} a worksheet can have; is it really a CSV file?",
            )
        yield row


# --- workbooks -------------------------------------------------------------------------


def _open_rows(
    p: Path, sheet: str | None, skip_blank: bool, fill_merged: bool, limits: Limits
) -> tuple[str, Iterator[Row]]:
    if check_file(p, limits) == "text":
        return p.name, _text_rows(p, skip_blank, limits)
    with p.open("rb") as f:
        wb = _open_workbook(p, f)
        try:
            name = _resolve_sheet(p, wb, sheet)
            data = _load_sheet(p, wb, name, limits)
        finally:
            wb.close()
    return name, _sheet_rows(data, name, skip_blank, fill_merged)


def _load_sheet(
    p: Path, wb: calamine.CalamineWorkbook, name: str, limits: Limits
) -> calamine.CalamineSheet:
    """The whole sheet in memory, once its extent is known to fit the budget."""
    check_sheet_extent(p, name, limits)
    try:
        return wb.get_sheet_by_name(name)
    except calamine.CalamineError as exc:
        raise FileRefused(p, f"is damaged and cannot be read ({exc})") from None


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
    # python-calamine's iter_rows yields `start[0]` empty rows before the data (so the
    # index is the 0-based sheet row) and starts each row at the first data column.
    rows = enumerate(itertools.islice(sheet.iter_rows(), first_row, None), first_row)
    plan = _merge_plan(sheet, start, end) if fill_merged else {}
    if plan:
        yield from _filled_rows(rows, plan, name, first_column, skip_blank)
        return
    for r, values in rows:  # the hot loop: one test per row when the first cell has data
        v0 = values[0]
        if skip_blank and (v0 == "" or (type(v0) is str and v0.isspace())) and is_blank_row(values):
            continue
        yield new_row(Row, (name, r + 1, first_column, values))


def _filled_rows(
    rows: Iterator[tuple[int, list[CellValue]]],
    plan: dict[int, list[tuple[int, int, int]]],
    name: str,
    first_column: int,
    skip_blank: bool,
) -> Iterator[Row]:
    active: list[tuple[int, int, int, CellValue]] = []  # (last row, i0, i1, value)
    for r, values in rows:
        blank = is_blank_row(values)  # judged on the row's own cells, before filling
        if plan or active:
            for last, i0, i1 in plan.pop(r, ()):
                active.append((last, i0, i1, values[i0]))
            for _last, i0, i1, value in active:
                for i in range(i0, i1 + 1):
                    if values[i] == "":
                        values[i] = value
            active = [m for m in active if m[0] > r]
        if blank and skip_blank:
            continue
        yield new_row(Row, (name, r + 1, first_column, values))
