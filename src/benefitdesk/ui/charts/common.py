"""What every chart shares: pyqtgraph set-up, palette, fonts and axes.

Importing this module imports pyqtgraph; only chart modules import it.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont

from benefitdesk.present.formats import compact_number, number
from benefitdesk.ui.charts.series import DAY_SECONDS as DAY
from benefitdesk.ui.charts.series import from_seconds, to_seconds

pg.setConfigOptions(antialias=True, background="w", foreground="#334155")

#: Series colours: quiet greys for reference lines, one strong colour per idea.
INK = "#1f2937"
GRID = "#e2e8f0"
BASELINE = "#94a3b8"
PLAN = "#2563eb"
ORIGINAL_PLAN = "#93c5fd"
TARGET = "#0f766e"
AMBER = "#f59e0b"
ACTUAL = "#111827"
FORECAST = "#7c3aed"
TODAY = "#64748b"
PLANNED_VALUE = "#2563eb"
REALISED_VALUE = "#16a34a"

AXIS_POINT_SIZE = 9
LEFT_AXIS_WIDTH = 64


def colour(hex_colour: str, alpha: int = 255) -> QColor:
    c = QColor(hex_colour)
    c.setAlpha(alpha)
    return c


def pen(hex_colour: str, width: float = 2.0, style: Qt.PenStyle = Qt.PenStyle.SolidLine) -> Any:
    p = pg.mkPen(colour(hex_colour), width=width)
    p.setStyle(style)
    p.setCosmetic(True)
    return p


def axis_font() -> QFont:
    font = QFont()
    font.setPointSize(AXIS_POINT_SIZE)
    return font


def style_axis(axis: pg.AxisItem) -> None:
    axis.setTickFont(axis_font())
    axis.setPen(pg.mkPen(BASELINE))
    axis.setTextPen(pg.mkPen("#334155"))


#: Month steps a date axis may use, finest first, and the room one label needs.
MONTH_STEPS = (1, 2, 3, 6, 12, 24, 60)
MIN_LABEL_PIXELS = 46


def _month_starts(first: date, last: date, step: int) -> list[date]:
    """The first days of months in [first, last] whose month index is a multiple of step."""
    index = first.year * 12 + first.month - 1
    index += -index % step
    out: list[date] = []
    while True:
        day = date(index // 12, index % 12 + 1, 1)
        if day > last:
            return out
        if day >= first:
            out.append(day)
        index += step


class DateAxis(pg.AxisItem):  # type: ignore[misc]  # pyqtgraph ships no types
    """Dates on a time axis: years as major ticks, months (or weeks) between them.

    pyqtgraph's ``DateAxisItem`` drops to years only as soon as month names no longer
    fit, which leaves a two-year chart with two labels; this axis falls back to
    quarters or half-years first. Values are UTC epoch seconds (``series.to_seconds``).
    """

    def __init__(self) -> None:
        super().__init__(orientation="bottom")
        style_axis(self)

    def tickValues(self, min_val: float, max_val: float, size: float) -> list[Any]:  # noqa: N802
        if max_val <= min_val or size <= 0:
            return []
        first, last = from_seconds(min_val), from_seconds(max_val)
        days = max(1, (last - first).days)
        px_per_day = size / days
        if px_per_day * 7 * 2 >= MIN_LABEL_PIXELS and days < 120:
            step = 7 if px_per_day * 7 >= MIN_LABEL_PIXELS else 14
            monday = first + timedelta(days=-first.weekday() % 7)
            weeks = [monday + timedelta(days=k) for k in range(0, days + 1, step)]
            return [(step * DAY, [to_seconds(d) for d in weeks if d <= last])]
        months = next(
            (m for m in MONTH_STEPS if px_per_day * 30.4 * m >= MIN_LABEL_PIXELS), MONTH_STEPS[-1]
        )
        years = _month_starts(first, last, 12 * max(1, months // 12))
        levels = [(365 * DAY * max(1, months // 12), [to_seconds(d) for d in years])]
        if months < 12:
            minor = [d for d in _month_starts(first, last, months) if d.month != 1]
            levels.append((30 * DAY * months, [to_seconds(d) for d in minor]))
        return levels

    def tickStrings(self, values: list[float], scale: float, spacing: float) -> list[str]:  # noqa: N802
        out = []
        for value in values:
            day = from_seconds(value)
            if spacing < 28 * DAY:
                out.append(f"{day.day} {day:%b}")
            elif day.month == 1:
                out.append(f"{day.year}")
            else:
                out.append(f"{day:%b}")
        return out


def date_axis() -> DateAxis:
    """A bottom date axis, matching ``series.to_seconds``."""
    return DateAxis()


def time_plot(formatter: Callable[[float], str] | None = None) -> pg.PlotItem:
    """A plot with dates along the bottom and formatted values up the left."""
    left = FormattedAxis(formatter or plain_number)
    plot = pg.PlotItem(axisItems={"bottom": date_axis(), "left": left})
    prepare_plot(plot)
    return plot


class FormattedAxis(pg.AxisItem):  # type: ignore[misc]  # pyqtgraph ships no types
    """A value axis whose tick labels go through ``formatter`` (money, units)."""

    def __init__(self, formatter: Callable[[float], str], orientation: str = "left") -> None:
        super().__init__(orientation=orientation)
        self.formatter = formatter
        style_axis(self)

    def tickStrings(self, values: list[float], scale: float, spacing: float) -> list[str]:  # noqa: N802
        return [self.formatter(v * scale) for v in values]


def plain_number(value: float) -> str:
    """Value-axis labels: in full below a million, compact from there."""
    return compact_number(value) if abs(value) >= 1e6 else number(value)


def prepare_plot(plot: pg.PlotItem, *, left_width: int = LEFT_AXIS_WIDTH) -> None:
    """The common look: light grid, no auto-range button, fixed-width value axis."""
    plot.showGrid(x=True, y=True, alpha=0.12)
    plot.hideButtons()
    plot.setMenuEnabled(False)
    plot.getViewBox().setMouseEnabled(x=True, y=False)
    left = plot.getAxis("left")
    style_axis(left)
    left.setWidth(left_width)
    style_axis(plot.getAxis("bottom"))
