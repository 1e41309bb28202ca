"""The review's chart: actual figures against the current and original plans and the
target, over time; a native Excel chart over the page's own figures.

A scatter chart, so that the x axis is true time (figures arrive at uneven dates) and
each series is drawn across the blanks of the others (``display_blanks = "span"``).
openpyxl 3.1.5 leaves out the axis ``delete`` element, and Excel may then hide the
axes, so both say ``delete = False``.
"""

from __future__ import annotations

from typing import Literal

from openpyxl.chart import Reference, ScatterChart, Series
from openpyxl.chart.marker import Marker
from openpyxl.worksheet.worksheet import Worksheet

#: (column, name, colour, dash, marker) of each series: actual, plans, target.
SERIES: tuple[tuple[str, str, str, str | None, Literal["circle"] | None], ...] = (
    ("B", "Actual", "1F1F1F", None, "circle"),
    ("C", "Current plan", "2E75B6", None, None),
    ("D", "Original plan", "9DC3E6", "dash", None),
    ("E", "Target", "00823B", "sysDot", None),
)
WIDTH_CM, HEIGHT_CM = 19, 7.2


def add_timeline_chart(
    ws: Worksheet, first: int, last: int, *, anchor: str, unit: str | None
) -> ScatterChart:
    """A chart over rows ``first``..``last`` (dates in A, series in B..E) at ``anchor``."""
    chart = ScatterChart()
    chart.title = None
    chart.style = 2
    chart.height, chart.width = HEIGHT_CM, WIDTH_CM
    chart.display_blanks = "span"
    assert chart.legend is not None  # a new chart has one
    chart.legend.position = "b"
    chart.x_axis.number_format = "mmm yy"
    chart.x_axis.majorTickMark = "out"
    chart.x_axis.delete = False
    chart.y_axis.delete = False
    chart.y_axis.title = unit or None
    chart.y_axis.number_format = "#,##0.##"
    chart.y_axis.majorGridlines = chart.y_axis.majorGridlines  # keep Excel's default grid
    x = Reference(ws, min_col=1, min_row=first, max_row=last)
    for column, name, colour, dash, marker in SERIES:
        col = ord(column) - ord("A") + 1
        y = Reference(ws, min_col=col, min_row=first - 1, max_row=last)
        series = Series(y, x, title_from_data=True)
        series.tx.strRef.f = f"'{ws.title}'!${column}${first - 1}"
        series.smooth = False
        series.graphicalProperties.line.solidFill = colour
        series.graphicalProperties.line.width = 22000 if name == "Actual" else 19000
        if dash:
            series.graphicalProperties.line.dashStyle = dash
        series.marker = Marker(symbol=marker or "none", size=5)
        if marker:
            series.marker.graphicalProperties = None
        chart.series.append(series)
    # time runs from the first to the last dated figure: no empty year before it
    chart.x_axis.scaling.min = ws[f"A{first}"].value.toordinal() - 693594  # Excel serial
    chart.x_axis.scaling.max = ws[f"A{last}"].value.toordinal() - 693594
    ws.add_chart(chart, anchor)
    return chart
