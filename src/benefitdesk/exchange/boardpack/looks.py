"""The board pack's look, and the one safe way to put a value in a cell.

Every value goes through :meth:`Sheet.put`, which is where formula injection is
stopped: text is always written as a string (``write_string``), and text that starts
like a formula carries Excel's quote prefix so that editing the cell does not turn it
into one. Numbers stay numbers and dates stay dates, with number formats.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from benefitdesk.analysis.types import RiskReason, Status
from benefitdesk.exchange.boardpack.textfit import column_px, lines_needed, row_points
from benefitdesk.present import vocabulary
from benefitdesk.present.formats import MINUS, currency_prefix

#: Text starting with one of these would be a formula (or DDE payload) in a spreadsheet.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
MAX_CELL_CHARS = 32_767
FONT = "Arial"

NAVY = "#1F3864"
GREY_TEXT = "#595959"
HEADER_FILL = "#D9E1F2"
BAND_FILL = "#EEF2F9"
RULE = "#8EA9DB"
LATE = "#C00000"

#: Board order: the good news, then what needs attention, then what cannot be judged.
STATUS_ORDER: tuple[Status, ...] = (
    Status.ON_TRACK,
    Status.AT_RISK,
    Status.OFF_TRACK,
    Status.REALISED,
    Status.NO_DATA,
    Status.NOT_STARTED,
    Status.UNDEFINED,
)
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
    Status.ON_TRACK: "#4EA72E",
    Status.REALISED: "#2E75B6",
    Status.AT_RISK: "#F2B800",
    Status.OFF_TRACK: "#C00000",
    Status.NO_DATA: "#A6A6A6",
    Status.NOT_STARTED: "#D0D0D0",
    Status.UNDEFINED: "#7F7F7F",
}
SEVERITY_COLOURS = {"error": STATUS_COLOURS[Status.OFF_TRACK], "warning": ("FFEB9C", "7F4F00")}
RAG_COLOURS = {
    "green": STATUS_COLOURS[Status.ON_TRACK],
    "amber": STATUS_COLOURS[Status.AT_RISK],
    "red": STATUS_COLOURS[Status.OFF_TRACK],
    "none": ("F2F2F2", "404040"),
}
DATE_FORMAT = "d mmm yyyy"
PCT_FORMAT = "0.0%"
SIGNED_PCT_FORMAT = f"+0.0%;{MINUS}0.0%;0.0%"
COUNT_FORMAT = "#,##0"
SIGNED_COUNT_FORMAT = f"+#,##0;{MINUS}#,##0;0"
VALUE_FORMATS = ("#,##0", "#,##0.0", "#,##0.00")
_EXCEL_EPOCH = date(1899, 12, 30).toordinal()
#: Room one level of cell indent takes (three spaces of the pack's font), in pixels.
INDENT_PX = 10


def _money_sections(currency: str, number: str, suffix: str = "", signed: bool = False) -> str:
    prefix = currency_prefix(currency or "GBP").replace('"', "")
    plus = "+" if signed else ""
    after = f'"{suffix}"' if suffix else ""
    return f'"{plus}{prefix}"{number}{after};"{MINUS}{prefix}"{number}{after};"{prefix}"0'


def money_format(currency: str, signed: bool = False) -> str:
    """Whole amounts as the app writes them (``£4,920,800``, ``CHF 4,920,800``, a true
    minus); ``signed`` puts a plus before gains (a change since the previous pack)."""
    return _money_sections(currency, "#,##0", signed=signed)


def money_axis_format(currency: str, top: float) -> str:
    """Money on a chart axis in thousands or millions (``£2.5m``): long amounts crowd it."""
    if abs(top) < 10_000:
        return money_format(currency)
    if abs(top) >= 2_000_000:
        return _money_sections(currency, "#,##0.0,,", "m")
    return _money_sections(currency, "#,##0,", "k")


def value_format(*values: float | None) -> str:
    """Decimals for a measure's values: none for thousands, two for small ratios."""
    largest = max((abs(v) for v in values if v is not None), default=0.0)
    if largest >= 1000:
        return VALUE_FORMATS[0]
    if largest >= 10:
        return VALUE_FORMATS[1]
    return VALUE_FORMATS[2]


def value_look(*values: float | None) -> str:
    """The name of the value style that suits a measure (see :func:`value_format`)."""
    return f"value{VALUE_FORMATS.index(value_format(*values))}"


def status_label(status: str, lifecycle: str = "") -> str:
    """``On track``; ``On track (draft)`` for a benefit outside the counted lifecycles."""
    return vocabulary.status_label(Status(status), lifecycle)


def reasons_text(reasons: Iterable[str]) -> str:
    """Why a benefit needs attention, as a sentence: ``Behind plan, figure overdue``."""
    text = vocabulary.reasons_text(RiskReason(r) for r in reasons)
    return text[:1].upper() + text[1:]


def fraction(percent: float | None) -> float | None:
    """A percentage of the contract (70.0) as the fraction a % cell holds (0.7)."""
    return None if percent is None else percent / 100.0


def sentence(text: object) -> str | None:
    """An enumeration value as the start of a sentence: "in progress" → "In progress"."""
    if text is None:
        return None
    value = str(getattr(text, "value", text))
    return value[:1].upper() + value[1:] if value else None


@dataclass(frozen=True)
class Look:
    """One cell style: font, fill, borders, alignment and number format."""

    bold: bool = False
    italic: bool = False
    size: float = 10
    colour: str = "#000000"
    fill: str | None = None
    number_format: str | None = None
    horizontal: str | None = None
    vertical: str = "top"
    wrap: bool = False
    underline: bool = False
    rule_below: bool = False
    rule_above: bool = False
    indent: int = 0

    def properties(self) -> dict[str, Any]:
        props: dict[str, Any] = {
            "font_name": FONT,
            "font_size": self.size,
            "font_color": self.colour,
            "valign": {"center": "vcenter"}.get(self.vertical, self.vertical),
        }
        flags = {"bold": self.bold, "italic": self.italic, "text_wrap": self.wrap}
        props.update({k: True for k, v in flags.items() if v})
        if self.underline:
            props["underline"] = 1
        if self.fill:
            props["bg_color"] = self.fill
        if self.number_format:
            props["num_format"] = self.number_format
        horizontal = self.horizontal
        if horizontal is None and self.number_format and not _is_date(self.number_format):
            horizontal = "right"  # numbers keep a gutter from the next column's text
        if horizontal:
            props["align"] = horizontal
        indent = self.indent or (1 if horizontal == "right" else 0)
        if indent:
            props["indent"] = indent
        for side, on in (("bottom", self.rule_below), ("top", self.rule_above)):
            if on:
                props[side], props[f"{side}_color"] = 1, RULE
        return props

    @property
    def indent_levels(self) -> int:
        """Levels of indent the cell gets (right-aligned numbers keep a gutter of one)."""
        return int(self.properties().get("indent", 0))

    @property
    def paints(self) -> bool:
        """Whether the look shows on an empty cell (a fill or a rule)."""
        return bool(self.fill or self.rule_below or self.rule_above)


def _is_date(number_format: str) -> bool:
    return "yyyy" in number_format or "mmm" in number_format


def _header(horizontal: str | None = None) -> Look:
    return Look(
        bold=True,
        fill=HEADER_FILL,
        wrap=True,
        vertical="bottom",
        horizontal=horizontal,
        rule_below=True,
    )


def _looks(currency: str) -> dict[str, Look]:
    """Every look of the board pack by name, in the order their formats are made."""
    money = money_format(currency)
    return {
        **_heading_looks(money),
        **_text_looks(),
        **_figure_looks(currency, money),
        **_coloured_looks(),
    }


def _heading_looks(money: str) -> dict[str, Look]:
    return {
        "title": Look(bold=True, size=16, colour=NAVY, vertical="center"),
        "subtitle": Look(italic=True, colour=GREY_TEXT, wrap=True),
        "section": Look(bold=True, size=11, colour="#FFFFFF", fill=NAVY, vertical="center"),
        "block": Look(
            bold=True, size=11, colour=NAVY, fill=BAND_FILL, vertical="center", rule_above=True
        ),
        "block_risk": Look(
            bold=True,
            size=11,
            colour=NAVY,
            fill=BAND_FILL,
            vertical="center",
            horizontal="right",
            rule_above=True,
            number_format=";".join(f'"Value at risk "{part}' for part in money.split(";")),
        ),
        "subhead": Look(bold=True, colour=NAVY, rule_below=True, vertical="bottom"),
        "subhead_plain": Look(bold=True, colour=NAVY),
        "minihead": Look(bold=True, size=9, colour=GREY_TEXT, wrap=True, vertical="bottom"),
        "minihead_right": Look(
            bold=True, size=9, colour=GREY_TEXT, wrap=True, vertical="bottom", horizontal="right"
        ),
        "header": _header(),
        "header_right": _header("right"),
        "header_c": _header("center"),
    }


def _grey(**changes: Any) -> Look:
    """A note's look: grey italics."""
    return Look(italic=True, colour=GREY_TEXT, **changes)


def _text_looks() -> dict[str, Look]:
    return {
        "label": Look(colour=GREY_TEXT),
        "label_bold": Look(bold=True),
        "label_wrap": Look(colour=GREY_TEXT, wrap=True),
        "text": Look(),
        "text_bold": Look(bold=True),
        "wrap": Look(wrap=True),
        "wrap_bold": Look(wrap=True, bold=True),
        "note": _grey(size=9, wrap=True),
        "note_right": _grey(size=9, horizontal="right"),
        "link": Look(colour="#0563C1", underline=True),
    }


def _figure_looks(currency: str, money: str) -> dict[str, Look]:
    millions = _money_sections(currency, "#,##0.0,,", "m")
    return {
        "money": Look(number_format=money),
        "money_bold": Look(number_format=money, bold=True),
        "money_change": Look(number_format=money_format(currency, signed=True)),
        "money_total": Look(number_format=money, bold=True, rule_above=True),
        "money_note": _grey(number_format=money, size=9),
        "money_m": Look(number_format=millions),
        "money_m_bold": Look(number_format=millions, bold=True),
        "money_m_change": Look(number_format=_money_sections(currency, "#,##0.0,,", "m", True)),
        "pct": Look(number_format=PCT_FORMAT),
        "pct_bold": Look(number_format=PCT_FORMAT, bold=True),
        "pct_signed": Look(number_format=SIGNED_PCT_FORMAT),
        "count": Look(number_format=COUNT_FORMAT),
        "count_bold": Look(number_format=COUNT_FORMAT, bold=True),
        "count_change": Look(number_format=SIGNED_COUNT_FORMAT),
        "count_late": Look(number_format=COUNT_FORMAT, colour=LATE, bold=True),
        "count_total": Look(number_format=COUNT_FORMAT, bold=True, rule_above=True),
        "total_label": Look(bold=True, rule_above=True),
        "date": Look(number_format=DATE_FORMAT, horizontal="left"),
        "date_c": Look(number_format=DATE_FORMAT, horizontal="center"),
        "date_late": Look(number_format=DATE_FORMAT, horizontal="left", colour=LATE, bold=True),
        "date_late_c": Look(number_format=DATE_FORMAT, horizontal="center", colour=LATE, bold=True),
        "date_on": Look(number_format='"on "d mmm yyyy', horizontal="left", colour=GREY_TEXT),
        "date_by": Look(number_format='"by "d mmm yyyy', horizontal="left", colour=GREY_TEXT),
        "late": Look(colour=LATE, bold=True),
        "late_wrap": Look(colour=LATE, bold=True, wrap=True),
        "pct_note_budget": _grey(number_format='0% "of budget"'),
        "pct_note_plan": _grey(number_format='0% "of planned"'),
        "pct_note_value": _grey(number_format='0% "of committed"'),
    }


def _coloured_looks() -> dict[str, Look]:
    """Value formats, and the fills of statuses, severities and delivery RAG."""
    looks: dict[str, Look] = {}
    for index, fmt in enumerate(VALUE_FORMATS):
        looks[f"value{index}"] = Look(number_format=fmt)
        looks[f"signed{index}"] = Look(number_format=f"+{fmt};-{fmt};{fmt}")
    for status, (fill, colour) in STATUS_COLOURS.items():
        looks[f"status_{status}"] = Look(
            fill=f"#{fill}", colour=f"#{colour}", bold=True, horizontal="center", wrap=True
        )
    for name, (fill, colour) in SEVERITY_COLOURS.items():
        looks[f"severity_{name}"] = Look(
            fill=f"#{fill}", colour=f"#{colour}", bold=True, horizontal="center"
        )
    for name, (fill, colour) in [*RAG_COLOURS.items(), *STATUS_COLOURS.items()]:
        looks[f"rag_{name}"] = Look(fill=f"#{fill}", colour=f"#{colour}", bold=True)
        looks[f"ragcount_{name}"] = Look(
            fill=f"#{fill}",
            colour=f"#{colour}",
            bold=True,
            horizontal="center",
            number_format=COUNT_FORMAT,
        )
    return looks


class StyleBook:
    """The workbook's formats, made once per look (and once more with a quote prefix)."""

    def __init__(self, workbook: Any, currency: str) -> None:
        self.workbook = workbook
        self.currency = currency
        self.money_format = money_format(currency)
        self.looks = _looks(currency)
        self._formats: dict[tuple[str, bool], Any] = {}
        self._indents: dict[str, int] = {}

    def format(self, look: str, quoted: bool = False) -> Any:
        key = (look, quoted)
        made = self._formats.get(key)
        if made is None:
            props = self.looks[look].properties()
            if quoted:
                props["quote_prefix"] = True
            made = self._formats[key] = self.workbook.add_format(props)
        return made

    def look(self, name: str) -> Look:
        return self.looks[name]

    def indent(self, name: str) -> int:
        """Levels of indent a look's cells get (measured once per look)."""
        levels = self._indents.get(name)
        if levels is None:
            levels = self._indents[name] = self.looks[name].indent_levels
        return levels


def clean(value: Any) -> Any:
    """A value a spreadsheet can hold: no NaN or infinity, no control characters."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, str):
        return _CONTROL.sub("", value)[:MAX_CELL_CHARS]
    return value


def excel_date(day: date) -> int:
    """The serial number Excel stores for ``day``."""
    if isinstance(day, datetime):
        day = day.date()
    return day.toordinal() - _EXCEL_EPOCH


class Sheet:
    """One worksheet: column widths, row heights and safely written cells.

    Row heights are tracked here (every row the pack writes gets an explicit height)
    so that :class:`~benefitdesk.exchange.boardpack.pages.Pager` can lay out pages.
    """

    def __init__(self, ws: Any, styles: StyleBook, widths: Sequence[float]) -> None:
        self.ws, self.styles = ws, styles
        self.widths = list(widths)
        self.px = [column_px(w) for w in self.widths]
        for index, width in enumerate(self.widths):
            ws.set_column(index, index, width)
        self.heights: dict[int, float] = {}

    @property
    def name(self) -> str:
        return str(self.ws.get_name())

    def span_px(self, first: int, last: int) -> float:
        return float(sum(self.px[first : last + 1]))

    def put(self, row: int, col: int, value: Any, look: str) -> None:
        """Write one value with one style; text is always text, never a formula.

        A missing value with a look that shows nothing on an empty cell writes nothing.
        """
        value = clean(value)
        styles, ws = self.styles, self.ws
        if value is None or value == "":
            if styles.look(look).paints:
                ws.write_blank(row, col, None, styles.format(look))
            return
        if isinstance(value, str):
            quoted = value.startswith(FORMULA_TRIGGERS)
            ws.write_string(row, col, value, styles.format(look, quoted))
        elif isinstance(value, bool):
            ws.write_boolean(row, col, value, styles.format(look))
        elif isinstance(value, date):
            ws.write_number(row, col, excel_date(value), styles.format(look))
        else:
            ws.write_number(row, col, value, styles.format(look))

    def span(self, row: int, col: int, last: int, value: Any, look: str) -> None:
        """Write a value across columns ``col``..``last`` (merged), e.g. a section bar."""
        if last > col:
            self.ws.merge_range(row, col, row, last, None, self.styles.format(look))
        self.put(row, col, value, look)
        if last > col and (value is None or value == ""):
            self.ws.write_blank(row, col, None, self.styles.format(look))

    def cell(self, row: int, first: int, last: int, value: Any, look: str) -> None:
        """One value in column ``first``, or across ``first``..``last`` merged."""
        if last > first:
            self.span(row, first, last, value, look)
        else:
            self.put(row, first, value, look)

    def link(self, row: int, col: int, sheet: str, text: str, look: str = "link") -> None:
        """A link to cell A1 of another sheet of the pack."""
        target = "'" + sheet.replace("'", "''") + "'"
        self.ws.write_url(
            row, col, f"internal:{target}!A1", self.styles.format(look), string=clean(text)
        )

    def height(self, row: int, points: float) -> None:
        """Set ``row`` to at least ``points`` tall."""
        points = max(points, self.heights.get(row, 0.0))
        self.heights[row] = points
        self.ws.set_row(row, points)

    def room_px(self, first: int, last: int, look: str) -> float:
        """Pixels a ``look`` cell spanning ``first``..``last`` has for its text."""
        return self.span_px(first, last) - INDENT_PX * self.styles.indent(look)

    def lines(self, text: object, first: int, last: int, look: str) -> int:
        spec = self.styles.look(look)
        return lines_needed(text, self.room_px(first, last, look), spec.size, spec.bold)

    def fit(self, row: int, cells: Iterable[tuple[object, int, int, str]], base: float) -> float:
        """Make ``row`` tall enough for its wrapped ``(text, first, last, look)`` cells.

        ``base`` is the height of a one-line row; returns the row's height.
        """
        height = base
        for text, first, last, look in cells:
            lines = self.lines(text, first, last, look)
            if lines > 1:
                height = max(height, row_points(lines, self.styles.look(look).size))
        self.height(row, height)
        return height

    def row_height(self, row: int, default: float) -> float:
        return self.heights.get(row, default)
