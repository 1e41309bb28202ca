"""What every chart shares: pyqtgraph set-up, palette, fonts and axes.

Importing this module imports pyqtgraph; only chart modules import it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont

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


def date_axis() -> pg.DateAxisItem:
    """A bottom date axis in UTC, matching ``series.to_seconds``."""
    axis = pg.DateAxisItem(orientation="bottom", utcOffset=0)
    style_axis(axis)
    return axis


class FormattedAxis(pg.AxisItem):
    """A value axis whose tick labels go through ``formatter`` (money, units)."""

    def __init__(self, formatter: Callable[[float], str], orientation: str = "left") -> None:
        super().__init__(orientation=orientation)
        self.formatter = formatter
        style_axis(self)

    def tickStrings(self, values: list[float], scale: float, spacing: float) -> list[str]:  # noqa: N802
        return [self.formatter(v * scale) for v in values]


def compact_number(value: float) -> str:
    """Tick labels that stay narrow: 1.2M, 350k, 12.5, 0.25."""
    size = abs(value)
    for limit, suffix in ((1e9, "bn"), (1e6, "M"), (1e3, "k")):
        if size >= limit:
            return f"{value / limit:.3g}{suffix}"
    return f"{value:.3g}" if value else "0"


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
