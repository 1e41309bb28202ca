"""The board pack's look, and the one safe way to put a value in a cell.

Styles are built once per workbook and copied onto cells as openpyxl's internal style
arrays: assigning a named style searches the workbook's styles on every cell, which
for the 300,000 cells of a 1,000-benefit pack nearly doubled the build time. Every
value goes through :func:`put`, which is where formula injection is stopped.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from copy import copy
from dataclasses import dataclass
from typing import Any

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.workbook import Workbook
from openpyxl.worksheet.cell_range import CellRange
from openpyxl.worksheet.worksheet import Worksheet

from benefitdesk.analysis.types import RiskReason, Status
from benefitdesk.model.currency import currency_symbol

#: Text starting with one of these would be a formula (or DDE payload) in a spreadsheet.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")

NAVY = "1F3864"
GREY_TEXT = "595959"
HEADER_FILL = "D9E1F2"
RULE = "8EA9DB"

STATUS_LABELS: dict[str, str] = {
    Status.ON_TRACK: "On track",
    Status.AT_RISK: "At risk",
    Status.OFF_TRACK: "Off track",
    Status.REALISED: "Realised",
    Status.NO_DATA: "No data",
    Status.NOT_STARTED: "Not started",
    Status.UNDEFINED: "Undefined",
}
#: Board order: the good news, then what needs attention, then what cannot be judged.
STATUS_ORDER: tuple[str, ...] = tuple(STATUS_LABELS)

#: (fill, font colour) per status: Excel's own good / neutral / bad palette, readable
#: in print and in grey-scale.
STATUS_COLOURS: dict[str, tuple[str, str]] = {
    Status.ON_TRACK: ("C6EFCE", "006100"),
    Status.REALISED: ("BDD7EE", "1F4E79"),
    Status.AT_RISK: ("FFEB9C", "7F4F00"),
    Status.OFF_TRACK: ("FFC7CE", "9C0006"),
    Status.NO_DATA: ("EDEDED", "404040"),
    Status.NOT_STARTED: ("F2F2F2", "595959"),
    Status.UNDEFINED: ("EDEDED", "404040"),
}
#: The same colours as chart fills, strong enough to read as bars.
STATUS_CHART_COLOURS: dict[str, str] = {
    Status.ON_TRACK: "4EA72E",
    Status.REALISED: "2E75B6",
    Status.AT_RISK: "F2B800",
    Status.OFF_TRACK: "C00000",
    Status.NO_DATA: "A6A6A6",
    Status.NOT_STARTED: "D0D0D0",
    Status.UNDEFINED: "7F7F7F",
}
SEVERITY_COLOURS = {"error": STATUS_COLOURS[Status.OFF_TRACK], "warning": ("FFEB9C", "7F4F00")}
RAG_COLOURS = {
    "green": STATUS_COLOURS[Status.ON_TRACK],
    "amber": STATUS_COLOURS[Status.AT_RISK],
    "red": STATUS_COLOURS[Status.OFF_TRACK],
}

REASON_LABELS: dict[str, str] = {
    RiskReason.BEHIND_PLAN: "behind plan",
    RiskReason.OVERDUE: "measurement overdue",
    RiskReason.FORECAST: "forecast short of target",
    RiskReason.INDICATOR: "leading indicator behind",
}

DATE_FORMAT = "dd mmm yyyy"
PCT_FORMAT = "0.0%"
SIGNED_PCT_FORMAT = "+0.0%;-0.0%;0.0%"
COUNT_FORMAT = "#,##0"
VALUE_FORMATS = ("#,##0", "#,##0.0", "#,##0.00")
#: Height of one line of 10 pt text, in points.
LINE_POINTS = 13.0


def money_format(currency: str) -> str:
    """The symbol (£, $, …) before the amount; any other ISO code after it."""
    code = (currency or "").upper()
    symbol = currency_symbol(code)
    if symbol:
        return f'"{symbol}"#,##0;-"{symbol}"#,##0;"{symbol}"0'
    code = "".join(ch for ch in code if ch.isalnum()) or "GBP"
    return f'#,##0 "{code}";-#,##0 "{code}";0 "{code}"'


def value_format(*values: float | None) -> str:
    """Decimals for a measure's values: none for thousands, two for small ratios."""
    known = [abs(v) for v in values if v is not None]
    largest = max(known, default=0.0)
    if largest >= 1000:
        return VALUE_FORMATS[0]
    if largest >= 10:
        return VALUE_FORMATS[1]
    return VALUE_FORMATS[2]


def value_look(*values: float | None) -> str:
    """The name of the value style that suits a measure (see :func:`value_format`)."""
    return f"value{VALUE_FORMATS.index(value_format(*values))}"


def lines_needed(text: object, width_chars: float) -> int:
    """Printed lines of ``text`` wrapped at word boundaries in a column that wide.

    Row heights are set by hand because neither Excel (for merged cells) nor
    LibreOffice (on opening a file) grows a row to fit its wrapped text. One character
    of 10 pt text per unit of column width errs on the tall side: a row a little too
    high is better than text cut off.
    """
    if text is None or text == "":
        return 1
    per_line = max(1, int(width_chars))
    total = 0
    for paragraph in str(text).splitlines() or [""]:
        lines, used = 1, 0
        for word in paragraph.split():
            if used and used + 1 + len(word) <= per_line:
                used += 1 + len(word)
                continue
            if used:
                lines += 1
            lines += (len(word) - 1) // per_line  # a word longer than a line breaks
            used = (len(word) - 1) % per_line + 1
        total += lines
    return total


def fit_row(ws: Worksheet, row: int, texts: Iterable[tuple[object, float]]) -> None:
    """Make ``row`` tall enough for the longest of its wrapped ``(text, width)`` cells."""
    lines = max((lines_needed(text, width) for text, width in texts), default=1)
    if lines > 1:
        current = ws.row_dimensions[row].height or 0
        ws.row_dimensions[row].height = max(current, LINE_POINTS * lines + 3)


def status_label(status: str) -> str:
    return STATUS_LABELS.get(status, str(status).replace("_", " ").capitalize())


def reasons_text(reasons: Iterable[str]) -> str:
    text = ", ".join(REASON_LABELS.get(r, str(r)) for r in reasons)
    return text[:1].upper() + text[1:]


@dataclass(frozen=True)
class Look:
    """One cell style: font, fill, borders, alignment and number format."""

    bold: bool = False
    italic: bool = False
    size: float = 10
    colour: str = "000000"
    fill: str | None = None
    number_format: str = "General"
    horizontal: str | None = None
    vertical: str = "top"
    wrap: bool = False
    underline: bool = False
    rule_below: bool = False
    rule_above: bool = False


def _looks(currency: str) -> dict[str, Look]:
    money = money_format(currency)
    looks: dict[str, Look] = {
        "title": Look(bold=True, size=16, colour=NAVY, vertical="center"),
        "subtitle": Look(italic=True, colour=GREY_TEXT),
        "section": Look(bold=True, size=11, colour="FFFFFF", fill=NAVY, vertical="center"),
        "header": Look(bold=True, fill=HEADER_FILL, wrap=True, vertical="bottom", rule_below=True),
        "header_right": Look(
            bold=True,
            fill=HEADER_FILL,
            wrap=True,
            vertical="bottom",
            horizontal="right",
            rule_below=True,
        ),
        "label": Look(colour=GREY_TEXT),
        "label_bold": Look(bold=True),
        "text": Look(),
        "text_bold": Look(bold=True),
        "wrap": Look(wrap=True),
        "note": Look(italic=True, size=9, colour=GREY_TEXT),
        "note_right": Look(italic=True, size=9, colour=GREY_TEXT, horizontal="right"),
        "link": Look(colour="0563C1", underline=True),
        "money": Look(number_format=money),
        "money_bold": Look(number_format=money, bold=True),
        "money_total": Look(number_format=money, bold=True, rule_above=True),
        "pct": Look(number_format=PCT_FORMAT),
        "pct_bold": Look(number_format=PCT_FORMAT, bold=True),
        "pct_signed": Look(number_format=SIGNED_PCT_FORMAT),
        "count": Look(number_format=COUNT_FORMAT),
        "count_bold": Look(number_format=COUNT_FORMAT, bold=True),
        "count_total": Look(number_format=COUNT_FORMAT, bold=True, rule_above=True),
        "total_label": Look(bold=True, rule_above=True),
        "date": Look(number_format=DATE_FORMAT, horizontal="left"),
        "date_c": Look(number_format=DATE_FORMAT, horizontal="center"),
        "date_late_c": Look(
            number_format=DATE_FORMAT, horizontal="center", colour="C00000", bold=True
        ),
        "header_c": Look(
            bold=True,
            fill=HEADER_FILL,
            wrap=True,
            vertical="bottom",
            horizontal="center",
            rule_below=True,
        ),
        "date_on": Look(number_format='"on "dd mmm yyyy', horizontal="left", colour=GREY_TEXT),
        "date_by": Look(number_format='"by "dd mmm yyyy', horizontal="left", colour=GREY_TEXT),
        "date_late": Look(number_format=DATE_FORMAT, horizontal="left", colour="C00000", bold=True),
        "late": Look(colour="C00000", bold=True),
        "count_late": Look(number_format=COUNT_FORMAT, colour="C00000", bold=True),
        "money_note": Look(number_format=money, italic=True, size=9, colour=GREY_TEXT),
        "pct_note_budget": Look(number_format='0% "of budget"', italic=True, colour=GREY_TEXT),
        "pct_note_plan": Look(number_format='0% "of planned"', italic=True, colour=GREY_TEXT),
        "pct_note_value": Look(number_format='0% "of committed"', italic=True, colour=GREY_TEXT),
    }
    for index, fmt in enumerate(VALUE_FORMATS):
        looks[f"value{index}"] = Look(number_format=fmt)
    for status, (fill, colour) in STATUS_COLOURS.items():
        looks[f"status_{status}"] = Look(fill=fill, colour=colour, bold=True, horizontal="center")
    for name, (fill, colour) in SEVERITY_COLOURS.items():
        looks[f"severity_{name}"] = Look(fill=fill, colour=colour, bold=True, horizontal="center")
    for name, (fill, colour) in [*RAG_COLOURS.items(), *STATUS_COLOURS.items()]:
        looks[f"rag_{name}"] = Look(fill=fill, colour=colour, bold=True)
    return looks


class StyleBook:
    """The workbook's styles, registered once and stamped onto cells by name."""

    def __init__(self, workbook: Workbook, currency: str) -> None:
        self.currency = currency
        self.money_format = money_format(currency)
        holder = workbook.active
        self._arrays: dict[str, Any] = {}
        self._painted: set[str] = set()
        thin = Side(style="thin", color=RULE)
        for name, look in _looks(currency).items():
            cell = Cell(holder)  # detached: registers the style, never written
            cell.font = Font(
                name="Calibri",
                size=look.size,
                bold=look.bold,
                italic=look.italic,
                color=look.colour,
                underline="single" if look.underline else None,
            )
            if look.fill:
                cell.fill = PatternFill("solid", start_color=look.fill, end_color=look.fill)
            if look.rule_below or look.rule_above:
                cell.border = Border(
                    bottom=thin if look.rule_below else None,
                    top=thin if look.rule_above else None,
                )
            cell.alignment = Alignment(
                horizontal=look.horizontal, vertical=look.vertical, wrap_text=look.wrap
            )
            cell.number_format = look.number_format
            self._arrays[name] = cell._style
            if look.fill or look.rule_below or look.rule_above:
                self._painted.add(name)

    def apply(self, cell: Any, name: str) -> None:
        cell._style = copy(self._arrays[name])

    def paints(self, name: str) -> bool:
        """Whether the style shows on an empty cell (a fill or a rule)."""
        return name in self._painted


def clean(value: Any) -> Any:
    """A value openpyxl can write: no NaN or infinity, no control characters."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, str):
        return ILLEGAL_CHARACTERS_RE.sub("", value)[:32767]
    return value


def put(ws: Worksheet, row: int, column: int, value: Any, styles: StyleBook, look: str) -> Any:
    """Write one value with one style; text is always text, never a formula.

    Text that starts with = + - @ (or a tab or carriage return) is stored as a string and
    marked with Excel's quote prefix, so neither opening nor editing the cell runs it.
    A missing value with a style that shows nothing on an empty cell writes no cell.
    """
    value = clean(value)
    if value is None and not styles.paints(look):
        return None
    cell = ws.cell(row=row, column=column)
    styles.apply(cell, look)
    cell.value = value
    if isinstance(value, str):
        if cell.data_type != "s":  # "=..." became a formula, "#N/A" an error
            cell.data_type = "s"
        if value.startswith(FORMULA_TRIGGERS):
            cell.quotePrefix = True
    return cell


def put_span(
    ws: Worksheet,
    row: int,
    column: int,
    span: int,
    value: Any,
    styles: StyleBook,
    look: str,
) -> Any:
    """Write a value across ``span`` merged columns (a section bar or a long text).

    The range is recorded directly rather than through ``Worksheet.merge_cells``, which
    builds border objects for every covered cell: 1.5 ms a merge, a third of the build
    time of a 1,000-benefit pack. Covered cells are styled only when the look paints
    them (a fill or a rule), so that the bar runs the full width.
    """
    cell = put(ws, row, column, value, styles, look)
    if span > 1:
        if styles.paints(look):
            for extra in range(column + 1, column + span):
                styles.apply(ws.cell(row=row, column=extra), look)
        last = column + span - 1
        ws.merged_cells.add(CellRange(min_col=column, min_row=row, max_col=last, max_row=row))
    return cell


def set_widths(ws: Worksheet, widths: Iterable[float], first: int = 1) -> None:
    for offset, width in enumerate(widths):
        ws.column_dimensions[get_column_letter(first + offset)].width = width


def print_setup(
    ws: Worksheet,
    *,
    title_rows: str | None = None,
    area: str | None = None,
    fit_height: bool = False,
    footer: str = "",
) -> None:
    """Landscape, fitted to the page width, header row repeated on every page."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 1 if fit_height else 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = False
    ws.page_margins.left = ws.page_margins.right = 0.5
    ws.page_margins.top = ws.page_margins.bottom = 0.5
    ws.page_margins.header = ws.page_margins.footer = 0.3
    if title_rows:
        ws.print_title_rows = title_rows
    if area:
        ws.print_area = area
    ws.oddFooter.left.text = clean(footer).replace("&", "&&")
    ws.oddFooter.left.size = 8
    ws.oddFooter.right.text = "Page &P of &N"
    ws.oddFooter.right.size = 8
