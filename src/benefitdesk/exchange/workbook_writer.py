"""Writing workbooks of Excel tables: frozen header, formats, widths, drop-downs, safe text.

openpyxl builds everything around the data (styles, the table, validations, the
workbook parts), but the data rows themselves are streamed straight into the zip as
sheet XML: openpyxl spends ~45 µs on each cell object and holds them all in memory,
which for the million measurements of a large portfolio would be minutes and
gigabytes. Rows are written exactly as openpyxl would write them, except that text is
stored inline (`t="inlineStr"`), which Excel, LibreOffice, python-calamine and
openpyxl all read.

Formula injection: text is always written as a string cell, never as a formula, so a
note such as `=HYPERLINK(...)` or `-1+2` stays text in Excel. Cells written through
openpyxl go through `set_text`, which forces the string type.
"""

from __future__ import annotations

import datetime as dt
import math
import os
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape
from zipfile import ZIP_DEFLATED, ZipFile

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.packaging.custom import StringProperty
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._writer import WorksheetWriter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.table import Table, TableStyleInfo
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

from benefitdesk.atomic import atomic_path
from benefitdesk.exchange.canonical import DATE_FORMAT, NUMBER_FORMATS, ColumnType
from benefitdesk.progress import Cancelled

__all__ = [
    "Cancelled",
    "TableColumn",
    "TableSheet",
    "TextSheet",
    "set_text",
    "write_workbook",
]

#: Excel refuses a cell holding more characters than this.
MAX_CELL_CHARS = 32_767
#: Rows between two progress reports (and checks for Cancel).
TICK_ROWS = 5_000
_EPOCH_ORDINAL = dt.date(1899, 12, 30).toordinal()
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

Tick = Callable[[int], None]


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


def set_text(cell: Cell, value: str) -> Cell:
    """Put `value` in `cell` as text, never a formula, whatever it starts with."""
    cell.value = value
    cell.data_type = "s"
    return cell


def _safe(text: str) -> str:
    if len(text) > MAX_CELL_CHARS:
        text = text[:MAX_CELL_CHARS]
    if ILLEGAL_CHARACTERS_RE.search(text):
        text = ILLEGAL_CHARACTERS_RE.sub("", text)
    return text


def _text_xml(ref: str, style: str, text: str) -> str:
    text = _safe(text)
    body = escape(text)
    if "\r" in body:
        body = body.replace("\r", "&#13;")
    space = ' xml:space="preserve"' if text != text.strip() or "\n" in text else ""
    return f'<c r="{ref}"{style} t="inlineStr"><is><t{space}>{body}</t></is></c>'


class _CellFormatter:
    """Formats one column's values as cell XML, with that column's style. Empty cells
    are left out, unless the column is styled (a fill shows where to type)."""

    def __init__(self, letter: str, style: int, date_style: int) -> None:
        self.letter = letter
        self.style = f' s="{style}"' if style else ""
        self.date_style = f' s="{date_style}"'
        self.serials: dict[dt.date, int] = {}

    def __call__(self, value: Any, row: str) -> str:
        if value is None or value == "":
            return f'<c r="{self.letter}{row}"{self.style}/>' if self.style else ""
        kind = type(value)
        if kind is str:
            return _text_xml(self.letter + row, self.style, value)
        if kind is float or kind is int:
            if kind is float and not math.isfinite(value):
                return ""
            return f'<c r="{self.letter}{row}"{self.style}><v>{value!r}</v></c>'
        if kind is dt.date:
            serial = self.serials.get(value)
            if serial is None:
                serial = self.serials[value] = value.toordinal() - _EPOCH_ORDINAL
            return f'<c r="{self.letter}{row}"{self.date_style}><v>{serial}</v></c>'
        return self._other(value, row)

    def _other(self, value: Any, row: str) -> str:
        ref = self.letter + row
        if isinstance(value, bool):
            return f'<c r="{ref}"{self.style} t="b"><v>{int(value)}</v></c>'
        if isinstance(value, str):  # an enum member, a str subclass
            text = str(value.value) if hasattr(value, "value") else str(value)
            return _text_xml(ref, self.style, text)
        if isinstance(value, dt.datetime):
            serial = value.toordinal() - _EPOCH_ORDINAL
            seconds = value.hour * 3600 + value.minute * 60 + value.second
            return f'<c r="{ref}"{self.date_style}><v>{serial + seconds / 86400!r}</v></c>'
        if isinstance(value, dt.date):
            return f'<c r="{ref}"{self.date_style}><v>{value.toordinal() - _EPOCH_ORDINAL}</v></c>'
        if isinstance(value, int | float):
            return self(float(value), row)
        return _text_xml(ref, self.style, str(value))


def _style_id(ws: Worksheet, number_format: str, fill: PatternFill | None = None) -> int:
    """Register a cell style in the workbook and return its index (a scratch cell is
    styled and removed again: openpyxl only registers styles through cells)."""
    if number_format == "General" and fill is None:
        return 0
    cell = ws.cell(row=ws.max_row + 1, column=1)
    cell.number_format = number_format
    if fill is not None:
        cell.fill = fill
    style = cell.style_id
    del ws._cells[(cell.row, cell.column)]
    return int(style)


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
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = "1:1"


def _table_sheet(wb: Workbook, spec: TableSheet) -> tuple[Worksheet, list[_CellFormatter]]:
    ws = wb.create_sheet(spec.name)
    formatters: list[_CellFormatter] = []
    last_row = max(spec.count, 1) + 1
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
        style = _style_id(ws, number_format, fill)
        date_style = style if column.type == "date" else _style_id(ws, DATE_FORMAT, fill)
        formatters.append(_CellFormatter(letter, style, date_style))
        ws.column_dimensions[letter].width = widths[index - 1]
        dv = _validation(column, f"{letter}2:{letter}{valid_to}")
        if dv is not None:
            ws.add_data_validation(dv)
    last = get_column_letter(len(spec.columns))
    table = Table(displayName=spec.table_name, ref=f"A1:{last}{last_row}")
    table.tableStyleInfo = TableStyleInfo(
        name="TableStyleMedium2", showRowStripes=True, showColumnStripes=False
    )
    # Named here: openpyxl would otherwise read the names through ws[ref], creating a
    # cell object for every cell of the table.
    table._initialise_columns()
    for table_column, column in zip(table.tableColumns, spec.columns, strict=True):
        table_column.name = column.header
    ws.add_table(table)
    ws.freeze_panes = spec.freeze
    _page_setup(ws)
    dimension = f"A1:{last}{spec.count + 1}"
    ws.calculate_dimension = lambda: dimension  # type: ignore[method-assign]
    return ws, formatters


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


class _StreamingWriter(ExcelWriter):  # type: ignore[misc]
    """openpyxl's writer; the rows of table sheets are streamed into the zip member."""

    def __init__(
        self,
        workbook: Workbook,
        archive: ZipFile,
        streams: dict[str, tuple[TableSheet, list[_CellFormatter]]],
        tick: Tick,
        cancelled: Callable[[], bool],
    ) -> None:
        super().__init__(workbook, archive)
        self._streams = streams
        self._tick = tick
        self._cancelled = cancelled

    def write_worksheet(self, ws: Any) -> None:
        stream = self._streams.get(ws.title)
        if stream is None:
            super().write_worksheet(ws)
            return
        writer = WorksheetWriter(ws, out=BytesIO())
        writer.write()
        xml = writer.read()
        head, found, tail = xml.partition(b"</sheetData>")
        if not found:
            raise RuntimeError("openpyxl wrote a worksheet without sheet data")
        spec, formatters = stream
        with self._archive.open(ws.path[1:], "w", force_zip64=True) as member:
            member.write(head)
            written = self._write_rows(member, spec, formatters)
            member.write(found + tail)
        if written != spec.count:
            raise RuntimeError(f"{spec.name}: {written} rows written, {spec.count} announced")
        ws._rels = writer._rels
        self.manifest.append(ws)

    def _write_rows(self, member: Any, spec: TableSheet, formatters: list[_CellFormatter]) -> int:
        if self._cancelled():  # between sheets too: a small sheet never reaches a tick
            raise Cancelled
        parts: list[str] = []
        number = 1
        for number, values in enumerate(spec.rows, start=2):
            row = str(number)
            cells = "".join([f(v, row) for f, v in zip(formatters, values, strict=False)])
            parts.append(f'<row r="{row}">{cells}</row>')
            if len(parts) == TICK_ROWS:
                member.write("".join(parts).encode())
                parts.clear()
                if self._cancelled():
                    raise Cancelled
                self._tick(TICK_ROWS)
        member.write("".join(parts).encode())
        self._tick(len(parts))
        return number - 1


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
    target = Path(path)
    wb = Workbook()
    wb.remove(wb.active)
    if title:
        wb.properties.title = title
    wb.properties.creator = "BenefitDesk"
    for name, value in (properties or {}).items():
        wb.custom_doc_props.append(StringProperty(name=name, value=value))
    streams: dict[str, tuple[TableSheet, list[_CellFormatter]]] = {}
    for spec in sheets:
        if isinstance(spec, TextSheet):
            _text_sheet(wb, spec)
        else:
            streams[spec.name] = (spec, _table_sheet(wb, spec)[1])
    wb.properties.modified = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    with (
        atomic_path(target) as partial,
        ZipFile(partial, "w", ZIP_DEFLATED, allowZip64=True, compresslevel=3) as archive,
    ):
        _StreamingWriter(
            wb, archive, streams, tick or (lambda _n: None), cancelled or (lambda: False)
        ).write_data()
