"""Writing workbooks of Excel tables: frozen header, formats, widths, drop-downs, safe text.

openpyxl builds, through its public API, everything around the data: styles, the
tables, validations, the workbook's parts. The data rows themselves are streamed into
the package afterwards (`sheet_rows.splice_rows`): as openpyxl objects, the million
measurements of a large portfolio would take minutes and gigabytes.

Formula injection: text is always written as a string cell, never as a formula, so a
note such as `=HYPERLINK(...)` or `-1+2` stays text in Excel. Cells written through
openpyxl go through `set_text`, which forces the string type.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from io import BytesIO
from typing import Any
from zipfile import ZipFile

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.packaging.custom import StringProperty
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.filters import AutoFilter
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.table import Table, TableStyleInfo
from openpyxl.worksheet.table import TableColumn as ExcelTableColumn
from openpyxl.worksheet.worksheet import Worksheet

from benefitdesk.atomic import atomic_path
from benefitdesk.exchange.canonical import DATE_FORMAT, NUMBER_FORMATS, ColumnType
from benefitdesk.exchange.sheet_rows import (
    MAX_CELL_CHARS,
    CellFormatter,
    RowStream,
    Tick,
    splice_rows,
)
from benefitdesk.progress import Cancelled

__all__ = [
    "MAX_CELL_CHARS",
    "Cancelled",
    "TableColumn",
    "TableSheet",
    "TextSheet",
    "Tick",
    "set_text",
    "write_workbook",
]

_DATE_TYPES = frozenset({"date"})
_NUMBER_TYPES = frozenset({"number", "money", "percent", "int"})
_CONTEXT_FILL = PatternFill("solid", fgColor="F2F2F2")
_INPUT_FILL = PatternFill("solid", fgColor="FFF2CC")
# The header is styled on the cells as well as by the table style: LibreOffice does not
# draw Excel's table styles, and a header must look like one everywhere.
_HEADER_FONT = Font(name="Calibri", size=11, bold=True, color="FFFFFF")
_HEADER_FILL = PatternFill("solid", fgColor="1F4E78")
_HEADER_BORDER = Border(bottom=Side(style="thin", color="0B2E4F"))
#: Widest column, in characters, when widths are taken from the content.
MAX_WIDTH = 60
SAMPLE_ROWS = 1_000
TEXT_WIDTH = 100


@dataclass(frozen=True, slots=True)
class TableColumn:
    header: str
    type: ColumnType
    width: float
    choices: tuple[str, ...] = ()
    role: str = "data"  # data | context (read-only for the reader) | input (to fill in)


@dataclass(slots=True)
class TableSheet:
    """A sheet holding one Excel table: `count` rows, produced lazily by `rows` (each a
    sequence of values in column order; None or "" leaves the cell empty)."""

    name: str
    table_name: str
    columns: Sequence[TableColumn]
    rows: Iterable[Sequence[Any]]
    count: int
    spare_rows: int = 0  # rows below the data that keep the validation (templates)
    freeze: str = "A2"


@dataclass(frozen=True, slots=True)
class TextSheet:
    """A sheet of prose: a title and paragraphs (the template's instructions)."""

    name: str
    title: str
    lines: Sequence[str]


def new_workbook() -> tuple[Workbook, Worksheet]:
    """A workbook and the sheet openpyxl makes with it (to use, or to remove)."""
    wb = Workbook()
    first = wb.active
    assert isinstance(first, Worksheet)
    return wb, first


def fit_to_page_width(ws: Worksheet) -> None:
    """Printed as wide as the page, as long as it needs."""
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)


def set_text(cell: Cell, value: str) -> Cell:
    """Put `value` in `cell` as text, never a formula, whatever it starts with."""
    cell.value = value
    cell.data_type = "s"
    return cell


def _style_id(styles: Worksheet, number_format: str, fill: PatternFill | None = None) -> int:
    """Register a cell style in the workbook and return its index: openpyxl registers
    styles through cells, so a cell of ``styles``, a sheet removed before saving, is
    styled."""
    if number_format == "General" and fill is None:
        return 0
    cell = styles.cell(row=styles.max_row + 1, column=1)
    cell.number_format = number_format
    if fill is not None:
        cell.fill = fill
    return int(cell.style_id)


def _validation(column: TableColumn, ref: str) -> DataValidation | None:
    if column.role == "context":
        return None
    if column.choices:
        listing = ",".join(column.choices)
        if len(listing) > 255:  # Excel's limit for a list typed into the rule
            return None
        dv = DataValidation(
            type="list", formula1=f'"{listing}"', allow_blank=True, errorStyle="stop"
        )
        dv.error = "Choose one of: " + ", ".join(column.choices)
        dv.errorTitle = column.header
    elif column.type in _DATE_TYPES:
        dv = DataValidation(
            type="date", operator="greaterThanOrEqual", formula1="1", allow_blank=True
        )
        dv.error = "Enter a date, e.g. 2026-03-31"
        dv.errorTitle = column.header
    elif column.type == "percent":
        dv = DataValidation(
            type="decimal", operator="between", formula1="0", formula2="100", allow_blank=True
        )
        dv.error = "Enter a percentage from 0 to 100"
        dv.errorTitle = column.header
    elif column.type == "int":
        dv = DataValidation(
            type="whole", operator="greaterThanOrEqual", formula1="1", allow_blank=True
        )
        dv.error = "Enter a whole number (1, 2, 3 …)"
        dv.errorTitle = column.header
    elif column.type in _NUMBER_TYPES:
        dv = DataValidation(
            type="decimal",
            operator="between",
            formula1="-1E+15",
            formula2="1E+15",
            allow_blank=True,
        )
        dv.error = "Enter a number (no units or currency symbols)"
        dv.errorTitle = column.header
    else:
        return None
    dv.showErrorMessage = True
    dv.add(ref)
    return dv


def _content_widths(spec: TableSheet) -> list[float]:
    """Column widths that fit the header and, for rows held in a list, the first
    `SAMPLE_ROWS` values (streamed rows keep the widths the columns declare)."""
    widths = [max(c.width, len(c.header) + 4) for c in spec.columns]
    if not isinstance(spec.rows, list | tuple):
        return widths
    for values in spec.rows[:SAMPLE_ROWS]:
        for i, value in enumerate(values[: len(widths)]):
            if isinstance(value, str):
                size = max(len(line) for line in value.splitlines()) if value else 0
            elif isinstance(value, float | int) and not isinstance(value, bool):
                size = len(f"{value:,.2f}")
            else:
                continue
            widths[i] = max(widths[i], min(size + 2, MAX_WIDTH))
    return widths


def _page_setup(ws: Worksheet) -> None:
    """Printed: landscape, as wide as the page, the header on every page."""
    ws.page_setup.orientation = "landscape"
    fit_to_page_width(ws)
    ws.print_title_rows = "1:1"


def _table_sheet(wb: Workbook, styles: Worksheet, spec: TableSheet) -> RowStream:
    """The sheet around ``spec``'s table, all but its data rows, which are returned to
    stream in."""
    ws = wb.create_sheet(spec.name)
    formatters: list[CellFormatter] = []
    valid_to = max(spec.count + 1 + spec.spare_rows, 2)
    widths = _content_widths(spec)
    for index, column in enumerate(spec.columns, start=1):
        letter = get_column_letter(index)
        cell = set_text(ws.cell(row=1, column=index), column.header)
        cell.font = _HEADER_FONT
        cell.fill = _HEADER_FILL
        cell.border = _HEADER_BORDER
        cell.alignment = Alignment(vertical="center")
        fill = {"context": _CONTEXT_FILL, "input": _INPUT_FILL}.get(column.role)
        number_format = NUMBER_FORMATS.get(column.type, "General")
        style = _style_id(styles, number_format, fill)
        date_style = style if column.type == "date" else _style_id(styles, DATE_FORMAT, fill)
        formatters.append(CellFormatter(letter, style, date_style))
        ws.column_dimensions[letter].width = widths[index - 1]
        dv = _validation(column, f"{letter}2:{letter}{valid_to}")
        if dv is not None:
            ws.add_data_validation(dv)
    last = get_column_letter(len(spec.columns))
    ws.add_table(_table(spec, f"A1:{last}{max(spec.count, 1) + 1}"))
    ws.freeze_panes = spec.freeze
    _page_setup(ws)
    return RowStream(spec.rows, spec.count, formatters, f"A1:{last}{spec.count + 1}")


def _table(spec: TableSheet, ref: str) -> Table:
    """The Excel table over ``ref``, with its filter buttons, its columns named here
    (openpyxl would otherwise read the names from the sheet's cells, a cell object for
    every cell of the table)."""
    table = Table(displayName=spec.table_name, ref=ref, autoFilter=AutoFilter(ref=ref))
    table.tableStyleInfo = TableStyleInfo(
        name="TableStyleMedium2", showRowStripes=True, showColumnStripes=False
    )
    for number, column in enumerate(spec.columns, start=1):
        table.tableColumns.append(ExcelTableColumn(id=number, name=column.header))
    return table


def _text_sheet(wb: Workbook, spec: TextSheet) -> None:
    ws = wb.create_sheet(spec.name)
    ws.column_dimensions["A"].width = TEXT_WIDTH
    set_text(ws.cell(row=1, column=1), spec.title).font = Font(
        name="Calibri", size=14, bold=True, color="1F4E78"
    )
    wrap = Alignment(wrap_text=True, vertical="top")
    for row, line in enumerate(spec.lines, start=3):
        cell = set_text(ws.cell(row=row, column=1), line)
        cell.alignment = wrap
        # Heights are set: LibreOffice does not grow a row for wrapped text on opening.
        lines = max(1, -(-len(line) // int(TEXT_WIDTH * 1.1)))
        ws.row_dimensions[row].height = 15 * lines + 2
        if line.endswith(":") or line.isupper():
            cell.font = Font(name="Calibri", size=11, bold=True)
    ws.sheet_view.showGridLines = False
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True


def write_workbook(
    path: str | os.PathLike[str],
    sheets: Sequence[TableSheet | TextSheet],
    *,
    title: str | None = None,
    tick: Tick | None = None,
    cancelled: Callable[[], bool] | None = None,
    properties: Mapping[str, str] | None = None,
) -> None:
    """Write `sheets` in order to `path`, replacing it only once complete.

    `tick(rows)` is called as rows are written; `cancelled()` is asked between chunks of
    rows and, when true, stops with `Cancelled` leaving `path` untouched. `properties`
    become custom document properties (File › Properties › Custom in Excel), which
    Excel and LibreOffice keep when the file is saved again.
    """
    wb, styles = new_workbook()  # the first sheet registers the columns' styles, then goes
    if title:
        wb.properties.title = title
    wb.properties.creator = "BenefitDesk"
    for name, value in (properties or {}).items():
        # openpyxl-stubs predate custom document properties (openpyxl 3.1)
        wb.custom_doc_props.append(StringProperty(name=name, value=value))  # type: ignore[attr-defined]
    streams: dict[str, RowStream] = {}
    for spec in sheets:
        if isinstance(spec, TextSheet):
            _text_sheet(wb, spec)
        else:
            streams[spec.name] = _table_sheet(wb, styles, spec)
    wb.remove(styles)
    wb.properties.modified = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    skeleton = BytesIO()
    wb.save(skeleton)
    with atomic_path(path) as partial, ZipFile(skeleton) as package, partial.open("wb") as out:
        splice_rows(package, out, streams, tick or (lambda _n: None), cancelled or (lambda: False))
