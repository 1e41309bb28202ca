"""The rejects workbook: the rows an import left out, to fix and import again.

Each sheet keeps its name, the rows above its data (titles, the header) in their
places and every column in its letter, so the same mapping reads it; an `Error` column
after the last one says what was wrong, and the cells at fault are shaded. The import
passes over the `Error` column (`canonical.REJECTS_HEADER`). Text is written as text,
never as a formula, whatever the file it came from held.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import column_index_from_string, get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from benefitdesk.atomic import atomic_path
from benefitdesk.exchange.canonical import DATE_FORMAT, REJECTS_HEADER
from benefitdesk.exchange.grid import CellValue
from benefitdesk.exchange.workbook_writer import MAX_CELL_CHARS, new_workbook, set_text

_BAD_FILL = PatternFill("solid", fgColor="F8CBAD")
_ERROR_FONT = Font(color="9C0006")
_HEADER_FONT = Font(bold=True)
_CELL = re.compile(r"([A-Z]+)\d+: ")
#: Excel's limit on a sheet name.
_SHEET_NAME = 31


@dataclass(frozen=True, slots=True)
class RejectsSheet:
    """What one sheet of the rejects workbook holds."""

    name: str
    top: Sequence[Sequence[CellValue]]  # the rows above the data; the last is the header
    rows: Sequence[tuple[Sequence[CellValue], str]]  # (cells from column A, the error)


def _put(ws: Worksheet, row: int, col: int, value: CellValue) -> None:
    if value == "" or value is None:
        return
    cell = ws.cell(row, col)
    assert isinstance(cell, Cell)  # the rejects sheets merge no cells
    if isinstance(value, str):
        set_text(cell, value[:MAX_CELL_CHARS])
    elif isinstance(value, dt.time):
        cell.value = value.isoformat()
    else:
        cell.value = value
        if isinstance(value, dt.date):
            cell.number_format = DATE_FORMAT


def _sheet(wb: Workbook, spec: RejectsSheet, taken: set[str]) -> None:
    name = spec.name[:_SHEET_NAME] or "Rejects"
    while name.casefold() in taken:
        name = f"{name[: _SHEET_NAME - 2]}_{len(taken)}"
    taken.add(name.casefold())
    ws = wb.create_sheet(name)
    width = max([len(r) for r in spec.top] + [len(c) for c, _e in spec.rows] + [1])
    error_col = width + 1
    for number, cells in enumerate(spec.top, start=1):
        for col, value in enumerate(cells, start=1):
            _put(ws, number, col, value)
    header = max(len(spec.top), 1)
    set_text(ws.cell(header, error_col), REJECTS_HEADER).font = _HEADER_FONT
    for col in range(1, error_col):
        ws.cell(header, col).font = _HEADER_FONT
    for offset, (cells, error) in enumerate(spec.rows, start=1):
        row = header + offset
        for col, value in enumerate(cells, start=1):
            _put(ws, row, col, value)
        set_text(ws.cell(row, error_col), error[:MAX_CELL_CHARS]).font = _ERROR_FONT
        ws.cell(row, error_col).alignment = Alignment(wrap_text=True, vertical="top")
        for letters in set(_CELL.findall(error)):
            ws.cell(row, column_index_from_string(letters)).fill = _BAD_FILL
    ws.freeze_panes = ws.cell(header + 1, 1)
    last = header + len(spec.rows)
    for col in range(1, error_col):
        longest = max(len(str(ws.cell(r, col).value or "")) for r in range(header, last + 1))
        ws.column_dimensions[get_column_letter(col)].width = min(max(longest + 2, 8), 40)
    ws.column_dimensions[get_column_letter(error_col)].width = 60
    ws.page_setup.orientation = "landscape"  # printed, the Error column stays on the page
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0


def write_rejects(path: str | os.PathLike[str], sheets: Sequence[RejectsSheet]) -> Path:
    """Write the rejects workbook to `path`, replacing it only once complete."""
    target = Path(path)
    wb, first = new_workbook()
    wb.remove(first)
    taken: set[str] = set()
    for spec in sheets:
        _sheet(wb, spec, taken)
    if not sheets:
        wb.create_sheet("Rejects")
    wb.properties.creator = "BenefitDesk"
    with atomic_path(target) as partial:
        wb.save(partial)
    return target
