"""Native Excel charts that show the story: axes scaled to the data, the as-of date marked.

A chart that starts at zero flattens the variance a board needs to see (a conversion
rate moving from 20 % to 24 % against a plan of 26 % is a flat line on a 0-30 axis),
so the value axis spans the data — baseline, target, plan, actuals, forecast — with a
little room, and includes zero only when the data come near it. Each chart reads its
series from the pack's hidden "Chart data" sheet, so figures and pictures cannot
disagree.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from benefitdesk.analysis.types import Point
from benefitdesk.exchange.boardpack.data import BenefitView
from benefitdesk.exchange.boardpack.looks import VALUE_FORMATS, excel_date, money_axis_format

BASELINE_COLOUR = "#7F7F7F"
PLAN_COLOUR = "#2E75B6"
ORIGINAL_PLAN_COLOUR = "#9DC3E6"
TARGET_COLOUR = "#00823B"
ACTUAL_COLOUR = "#1F1F1F"
FORECAST_COLOUR = "#ED7D31"
AS_OF_COLOUR = "#A6A6A6"
PLANNED_VALUE_COLOUR = "#2E75B6"
REALISED_VALUE_COLOUR = "#00823B"
GRIDLINE = "#E0E0E0"
CHART_DATA = "Chart data"

#: Month steps for date-axis labels, smallest first.
_MONTH_STEPS = (1, 2, 3, 6, 12, 24, 60)
_DAYS_PER_MONTH = 365.25 / 12
_LABEL_DAY = 3
#: Gridline steps: 1, 2, 2.5 and 5 times a power of ten.
_NICE = (1.0, 2.0, 2.5, 5.0, 10.0)
#: Zero joins the axis when the data come this close to it (as a share of their span).
_ZERO_PULL = 0.35
#: Excel's sheet holds 1,048,576 rows; the chart data wrap to new columns well before.
_ROWS_PER_COLUMN = 500_000


def _nice_step(raw: float) -> float:
    power = 10.0 ** math.floor(math.log10(raw))
    return next(m * power for m in _NICE if m * power >= raw - 1e-12 * power)


def value_axis(values: Sequence[float], ticks: int = 5) -> tuple[float, float, float]:
    """(minimum, maximum, gridline step) of a value axis that shows ``values`` well.

    The span is padded by 5 % each side and rounded out to 4 to 8 steps of 1, 2, 2.5
    or 5 times a power of ten, the fewest wasted units first; zero is included only
    when it is in range or close to it.
    """
    finite = [v for v in values if math.isfinite(v)]
    if not finite:
        return 0.0, 1.0, 0.2
    low, high = min(finite), max(finite)
    if high - low < 1e-9 * max(1.0, abs(high)):  # one value (or a hair's breadth)
        pad = abs(high) * 0.1 if abs(high) > 1e-6 else 1.0
        low, high = low - pad, high + pad
    span = high - low
    if 0 < low < span * _ZERO_PULL:
        low = 0.0
    elif 0 > high > -span * _ZERO_PULL:
        high = 0.0
    pad = (high - low) * 0.05
    low, high = (low if low == 0 else low - pad), (high if high == 0 else high + pad)
    best: tuple[float, int, float, float, float] | None = None
    for intervals in range(4, 9):
        step = _nice_step((high - low) / intervals)
        bottom, top = math.floor(low / step) * step, math.ceil(high / step) * step
        if low >= 0 > bottom:
            bottom = 0.0
        count = round((top - bottom) / step)
        if count > 8:
            continue
        key = ((top - bottom) - (high - low), abs(count - ticks), bottom, top, step)
        best = key if best is None or key[:2] < best[:2] else best
    assert best is not None
    _, _, bottom, top, step = best
    return float(f"{bottom:.12g}") + 0.0, float(f"{top:.12g}") + 0.0, step


def axis_format(value_format: str, step: float) -> str:
    """Axis labels with the decimals the gridline step needs, not the data's."""
    if value_format not in VALUE_FORMATS:
        return value_format
    decimals = next((d for d in (0, 1) if abs(step * 10**d - round(step * 10**d)) < 1e-9), 2)
    return VALUE_FORMATS[decimals]


def month_step(first: date, last: date, labels: int = 8) -> int:
    """Months between axis labels so that about ``labels`` of them fit."""
    months = max(1, (last.year - first.year) * 12 + last.month - first.month)
    return next((step for step in _MONTH_STEPS if months / step <= labels), _MONTH_STEPS[-1])


def time_axis(first: date, last: date, labels: int = 8) -> tuple[float, float, float]:
    """(start, end, days between labels) of a date axis, as Excel serial numbers.

    Labels fall every ``step`` average months from the third day of a month, so
    however leap years and month lengths add up, each one lands in the month it names.
    """
    step = month_step(first, last, labels)
    start = date(first.year, first.month, _LABEL_DAY)
    if first < start:
        year, month = (start.year, start.month - 1) if start.month > 1 else (start.year - 1, 12)
        start = date(year, month, _LABEL_DAY)
    unit = round(step * _DAYS_PER_MONTH, 4)
    ticks = max(1, math.ceil((last - start).days / unit))
    low = float(excel_date(start))
    return low, low + unit * ticks, unit


class ChartData:
    """Every chart's series, for the pack's hidden "Chart data" sheet.

    Each series gets a title row and its points below; a column pair fills up to
    ``_ROWS_PER_COLUMN`` rows before the next pair starts, so even the largest pack
    stays inside Excel's sheet. The ranges are known as soon as a series is added; the
    cells are written at the end (:meth:`write`), when the sheet is made last in the
    workbook, behind the sheets a reader looks at.
    """

    def __init__(self, name: str = CHART_DATA) -> None:
        self.name = name
        self.row = 0
        self.col = 0
        self._cells: list[tuple[int, int, Any, str]] = []  # row, col, value, kind

    def _reserve(self, rows: int) -> tuple[int, int]:
        if self.row + rows > _ROWS_PER_COLUMN and self.row:
            self.row, self.col = 0, self.col + 3
        first = self.row
        self.row += rows + 1
        return first, self.col

    def add(
        self, title: str, points: Sequence[tuple[float, float]], dates: bool = True
    ) -> dict[str, Any]:
        """One series; returns the ``categories``/``values`` ranges for a chart."""
        top, col = self._reserve(len(points) + 1)
        cells = self._cells
        cells.append((top, col, title, "title"))
        for offset, (x, y) in enumerate(points, top + 1):
            cells.append((offset, col, x, "date" if dates else "number"))
            cells.append((offset, col + 1, y, "number"))
        first, last = top + 1, top + len(points)
        return {
            "categories": [self.name, first, col, last, col],
            "values": [self.name, first, col + 1, last, col + 1],
        }

    def add_labels(self, labels: Sequence[str]) -> list[Any]:
        """Category labels (text, one a row); returns their range."""
        first, col = self._reserve(len(labels))
        self._cells.extend((first + i, col, label, "text") for i, label in enumerate(labels))
        return [self.name, first, col, first + len(labels) - 1, col]

    def write(self, ws: Any, formats: dict[str, Any]) -> None:
        """Write the cells into ``ws`` (named ``self.name``) and hide it."""
        for col in range(0, self.col + 3, 3):
            ws.set_column(col, col + 1, 12)
        for row, col, value, kind in self._cells:
            if isinstance(value, str):
                ws.write_string(row, col, value, formats.get(kind))
            else:
                ws.write_number(row, col, value, formats.get(kind))
        ws.hide()


@dataclass(frozen=True, slots=True)
class Line:
    """One series of a time chart and its look."""

    title: str
    points: Sequence[Point]
    colour: str
    width: float = 1.75
    dash: str | None = None
    marker: str | None = None
    line: bool = True


def _serials(points: Sequence[Point]) -> list[tuple[float, float]]:
    return [(float(excel_date(p.date)), p.value) for p in points]


def _text(name: str) -> str:
    """A chart or series name as text. XlsxWriter reads a name that looks like a cell
    reference ("Sheet!A1", "=cmd|' /C calc'!A0") as a formula, which in a chart is a
    link Excel follows: a word joiner after the "!" keeps it the text it looks like."""
    return _REFERENCE_LIKE.sub("!\u2060", name)


_REFERENCE_LIKE = re.compile(r"!(?=\$?[A-Z]+\$?\d)")


def _series_options(line: Line, ranges: dict[str, Any]) -> dict[str, Any]:
    options: dict[str, Any] = {"name": _text(line.title), **ranges}
    if line.line:
        style: dict[str, Any] = {"color": line.colour, "width": line.width}
        if line.dash:
            style["dash_type"] = line.dash
        options["line"] = style
    else:
        options["line"] = {"none": True}
    if line.marker:
        size = 4 if line.marker == "circle" else 7
        options["marker"] = {
            "type": line.marker,
            "size": size,
            "fill": {"color": line.colour},
            "border": {"color": line.colour},
        }
    else:
        options["marker"] = {"type": "none"}
    return options


def benefit_lines(view: BenefitView) -> list[Line]:
    """The lines of a benefit's chart: plans, target, actuals and forecast."""
    b = view.benefit
    lines: list[Line] = []
    if view.original_plan:
        lines.append(Line("Original plan", view.original_plan, ORIGINAL_PLAN_COLOUR, 1.5, "dash"))
    if view.plan:
        lines.append(Line("Plan", view.plan, PLAN_COLOUR))
    if b.target is not None and b.target_date is not None:
        lines.append(
            Line(
                "Target",
                (Point(b.target_date, b.target),),
                TARGET_COLOUR,
                marker="diamond",
                line=False,
            )
        )
    actuals = tuple(Point(m.date, m.value) for m in view.measurements)
    if actuals:
        lines.append(Line("Actual", actuals, ACTUAL_COLOUR, 2.0, marker="circle"))
    if view.forecast_line:
        lines.append(Line("Forecast", view.forecast_line, FORECAST_COLOUR, 1.5, "dash"))
    return lines


def time_chart(
    workbook: Any,
    data: ChartData,
    lines: Sequence[Line],
    *,
    title: str | None,
    as_of: date,
    value_format: str,
    extra_values: Sequence[float] = (),
    labels: int = 8,
    font_size: int = 8,
    currency: str | None = None,
) -> Any:
    """A scatter chart with straight lines: every series keeps its own dates, so the
    time axis is true to scale; a dotted vertical line marks the as-of date. With a
    ``currency`` the values are money, labelled in thousands or millions."""
    chart = workbook.add_chart({"type": "scatter", "subtype": "straight"})
    values = [p.value for line in lines for p in line.points] + list(extra_values)
    low, high, step = value_axis(values)
    days = [p.date for line in lines for p in line.points] + [as_of]
    first, last = min(days), max(days)
    for line in lines:
        if line.points:
            chart.add_series(_series_options(line, data.add(line.title, _serials(line.points))))
    marker = Line("As of", (Point(as_of, low), Point(as_of, high)), AS_OF_COLOUR, 1.25, "dash")
    chart.add_series(_series_options(marker, data.add("As of", _serials(marker.points))))
    start, end, unit = time_axis(first, last, labels)
    font = {"size": font_size, "name": "Arial"}
    chart.set_x_axis(
        {
            "min": start,
            "max": end,
            "major_unit": unit,
            "num_format": "mmm yy",
            "num_font": font,
            "crossing": "min",
            "label_position": "low",
            "major_gridlines": {"visible": False},
        }
    )
    chart.set_y_axis(
        {
            "min": low,
            "max": high,
            "major_unit": step,
            "num_format": (
                money_axis_format(currency, max(abs(low), abs(high)))
                if currency
                else axis_format(value_format, step)
            ),
            "num_font": font,
            "crossing": "min",
            "major_gridlines": {"visible": True, "line": {"color": GRIDLINE}},
        }
    )
    chart.set_legend({"position": "bottom", "font": font})
    if title:
        chart.set_title({"name": _text(title), "name_font": {"size": font_size + 2, "bold": True}})
    else:
        chart.set_title({"none": True})
    chart.set_chartarea({"border": {"color": "#BFBFBF"}})
    return chart


def bar_chart(
    workbook: Any,
    data: ChartData,
    *,
    title: str,
    labels: Sequence[str],
    values: Sequence[float],
    colours: Sequence[str],
    number_format: str,
) -> Any:
    """Horizontal bars, one colour per category, first category on top, value labels."""
    chart = workbook.add_chart({"type": "bar"})
    ranges = data.add(title, list(zip(range(len(values)), values, strict=True)), dates=False)
    chart.add_series(
        {
            "name": _text(title),
            "categories": data.add_labels(labels),
            "values": ranges["values"],
            "points": [{"fill": {"color": c}, "border": {"none": True}} for c in colours],
            "data_labels": {"value": True, "num_format": number_format, "font": {"size": 8}},
            "gap": 40,
        }
    )
    font = {"size": 8, "name": "Arial"}
    chart.set_x_axis(
        {
            "num_format": number_format,
            "num_font": font,
            "major_gridlines": {"visible": True, "line": {"color": GRIDLINE}},
        }
    )
    chart.set_y_axis({"reverse": True, "num_font": font})
    chart.set_legend({"none": True})
    chart.set_title({"name": _text(title), "name_font": {"size": 10, "bold": True}})
    chart.set_chartarea({"border": {"color": "#BFBFBF"}})
    return chart
