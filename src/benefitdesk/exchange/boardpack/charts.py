"""Native Excel charts over cells of the pack, so figures and pictures cannot disagree.

openpyxl 3.1.5 leaves out the axis ``delete`` element and Excel then may hide the
axes, so every axis built here says ``delete = False`` explicitly.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any
from xml.sax.saxutils import escape

from openpyxl.chart import BarChart, LineChart, Reference, ScatterChart, Series
from openpyxl.chart.axis import ChartLines, DateAxis
from openpyxl.chart.label import DataLabelList
from openpyxl.chart.marker import DataPoint, Marker
from openpyxl.chart.shapes import GraphicalProperties
from openpyxl.chart.text import RichText, Text
from openpyxl.chart.title import Title
from openpyxl.drawing.line import LineProperties
from openpyxl.drawing.spreadsheet_drawing import AnchorMarker, TwoCellAnchor
from openpyxl.drawing.text import (
    CharacterProperties,
    Paragraph,
    ParagraphProperties,
    RegularTextRun,
)
from openpyxl.utils.datetime import to_excel
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.xml.functions import fromstring, tostring

#: Series colours of the benefit chart (the desktop chart's palette).
BASELINE_COLOUR = "7F7F7F"
PLAN_COLOUR = "2E75B6"
ORIGINAL_PLAN_COLOUR = "9DC3E6"
TARGET_COLOUR = "00823B"
ACTUAL_COLOUR = "1F1F1F"
FORECAST_COLOUR = "ED7D31"
PLANNED_VALUE_COLOUR = "2E75B6"
REALISED_VALUE_COLOUR = "00823B"

#: Month steps for date-axis labels, smallest first.
_MONTH_STEPS = (1, 2, 3, 6, 12, 24, 60)
_DAYS_PER_MONTH = 365.25 / 12
_GRIDLINE = "E0E0E0"
_LABEL_DAY = 3


def _small_text(size: int = 800) -> RichText:
    """Axis labels at 8 pt: 10 pt labels crowd a chart printed at two-thirds scale."""
    return RichText(
        p=[Paragraph(pPr=ParagraphProperties(defRPr=CharacterProperties(sz=size)), endParaRPr=None)]
    )


def chart_title(text: str, size: int = 1200) -> Title:
    """A bold 12 pt title: the default 18 pt shouts over a small chart."""
    props = CharacterProperties(sz=size, b=True)
    paragraph = Paragraph(
        pPr=ParagraphProperties(defRPr=props), r=[RegularTextRun(rPr=props, t=text)]
    )
    return Title(tx=Text(rich=RichText(p=[paragraph])), overlay=False)


def place(ws: Worksheet, chart: object, cells: tuple[int, int, int, int]) -> None:
    """Anchor ``chart`` to a block of cells (first column, first row, last column, last
    row; 1-based, inclusive), so it stretches with the columns in any spreadsheet
    program instead of keeping a fixed size that suits one font."""
    first_col, first_row, last_col, last_row = cells
    anchor = TwoCellAnchor()
    anchor._from = AnchorMarker(col=first_col - 1, row=first_row - 1)
    anchor.to = AnchorMarker(col=last_col, row=last_row)
    chart.anchor = anchor  # type: ignore[attr-defined]
    ws.add_chart(chart)


def _finish_axes(chart: LineChart | ScatterChart | BarChart) -> None:
    chart.x_axis.delete = False
    chart.y_axis.delete = False
    chart.x_axis.txPr = _small_text()
    chart.y_axis.txPr = _small_text()
    chart.y_axis.majorGridlines = ChartLines(
        spPr=GraphicalProperties(ln=LineProperties(solidFill=_GRIDLINE))
    )


def month_step(first: date, last: date, labels: int = 8) -> int:
    """Months between axis labels so that about ``labels`` of them fit."""
    months = max(1, (last.year - first.year) * 12 + last.month - first.month)
    return next((step for step in _MONTH_STEPS if months / step <= labels), _MONTH_STEPS[-1])


def _style_line(
    series: Series,
    colour: str,
    *,
    width: int = 22000,
    dash: str | None = None,
    marker: str | None = None,
    line: bool = True,
) -> None:
    series.smooth = False
    props = series.graphicalProperties
    if line:
        props.line.solidFill = colour
        props.line.width = width
        if dash:
            props.line.dashStyle = dash
    else:
        props.line.noFill = True
    if marker:
        series.marker = Marker(symbol=marker, size=7 if marker != "circle" else 5)
        series.marker.graphicalProperties = GraphicalProperties(solidFill=colour)
        series.marker.graphicalProperties.line.solidFill = colour
    else:
        series.marker = Marker(symbol="none")


def _time_scale(first: date, last: date) -> tuple[date, float, int]:
    """(axis start, days between labels, number of steps) for a date value axis.

    Labels fall every ``step`` average months from the third day of a month, so
    however leap years and month lengths add up, each one lands in the month it names.
    """
    step = month_step(first, last)
    start = date(first.year, first.month, _LABEL_DAY)
    if first < start:
        year, month = (start.year, start.month - 1) if start.month > 1 else (start.year - 1, 12)
        start = date(year, month, _LABEL_DAY)
    unit = round(step * _DAYS_PER_MONTH, 4)
    ticks = max(1, math.ceil((last - start).days / unit))
    return start, unit, ticks


@dataclass(frozen=True, slots=True)
class XYSeries:
    """One line of the benefit chart: its cells and its look."""

    title: str
    x: Reference
    y: Reference
    colour: str
    dash: str | None = None
    marker: str | None = None
    line: bool = True
    width: int = 22000


def benefit_chart(
    series: Sequence[XYSeries],
    *,
    title: str,
    first: date,
    last: date,
    value_format: str,
) -> ScatterChart:
    """Baseline, plan, target, actuals and forecast on one time axis.

    A scatter chart with straight lines rather than a line chart: each series keeps its
    own dates (plan vertices, measurement dates, the forecast's two ends), so the
    timeline is true to scale without padding every series to a common date column.
    The x axis holds Excel dates formatted as months.
    """
    chart = ScatterChart()
    chart.title = chart_title(title)
    chart.style = 2
    chart.scatterStyle = "lineMarker"
    chart.legend.position = "b"
    for spec in series:
        s = Series(spec.y, spec.x, title=spec.title)
        _style_line(
            s, spec.colour, dash=spec.dash, marker=spec.marker, line=spec.line, width=spec.width
        )
        chart.series.append(s)
    start, unit, ticks = _time_scale(first, last)
    chart.x_axis.scaling.min = to_excel(start)
    chart.x_axis.scaling.max = to_excel(start) + unit * ticks
    chart.x_axis.majorUnit = unit
    chart.x_axis.number_format = "mmm yy"
    chart.x_axis.majorGridlines = None
    chart.x_axis.crosses = "min"
    chart.y_axis.crosses = "min"
    chart.y_axis.number_format = value_format
    chart.x_axis.tickLblPos = "low"
    _finish_axes(chart)
    return chart


def value_trend_chart(
    ws: Worksheet,
    *,
    first_row: int,
    last_row: int,
    money_format: str,
    step_months: int,
    non_negative: bool = False,
) -> LineChart:
    """Planned-to-date against realised value, by month (columns A, B, C of ``ws``)."""
    chart = LineChart()
    chart.title = chart_title("Planned vs realised value")
    chart.style = 2
    chart.legend.position = "b"
    data = Reference(ws, min_col=2, max_col=3, min_row=first_row - 1, max_row=last_row)
    chart.add_data(data, titles_from_data=True)
    chart.set_categories(Reference(ws, min_col=1, min_row=first_row, max_row=last_row))
    planned, realised = chart.series
    _style_line(planned, PLANNED_VALUE_COLOUR, dash="dash")
    _style_line(realised, REALISED_VALUE_COLOUR, width=28000)
    chart.display_blanks = "gap"
    chart.y_axis.crossAx = 500
    chart.x_axis = DateAxis(crossAx=100)
    chart.x_axis.number_format = "mmm yy"
    chart.x_axis.majorTimeUnit = "months"
    chart.x_axis.majorUnit = step_months
    chart.x_axis.baseTimeUnit = "months"
    chart.x_axis.tickLblPos = "low"
    chart.y_axis.number_format = money_format
    if non_negative:
        chart.y_axis.scaling.min = 0
    _finish_axes(chart)
    return chart


def bar_chart(
    ws: Worksheet,
    *,
    title: str,
    label_col: int,
    value_col: int,
    first_row: int,
    last_row: int,
    colours: Sequence[str],
    number_format: str,
) -> BarChart:
    """Horizontal bars, one colour per category, first category on top, value labels."""
    chart = BarChart()
    chart.type = "bar"
    chart.title = chart_title(title)
    chart.style = 2
    chart.legend = None
    chart.gapWidth = 40
    values = Reference(ws, min_col=value_col, min_row=first_row, max_row=last_row)
    chart.add_data(values, titles_from_data=False)
    chart.set_categories(Reference(ws, min_col=label_col, min_row=first_row, max_row=last_row))
    (series,) = chart.series
    series.graphicalProperties.line.noFill = True
    for index, colour in enumerate(colours):
        point = DataPoint(idx=index)
        point.graphicalProperties.solidFill = colour
        point.graphicalProperties.line.noFill = True
        series.dPt.append(point)
    series.dLbls = DataLabelList()
    series.dLbls.showVal = True
    for flag in ("showSerName", "showCatName", "showLegendKey", "showPercent"):
        setattr(series.dLbls, flag, False)
    series.dLbls.numFmt = number_format
    chart.x_axis.scaling.orientation = "maxMin"
    chart.y_axis.crosses = "max"
    chart.y_axis.number_format = number_format
    _finish_axes(chart)
    return chart


class StampedChart(ScatterChart):
    """A benefit chart whose XML is already rendered (see :class:`BenefitChartStamp`)."""

    def __init__(self, xml: bytes) -> None:
        super().__init__()
        self.xml = xml

    def _write(self) -> Any:
        return fromstring(self.xml)


#: Stand-ins the template is rendered with; each is replaced by a format field.
_TOKEN_SHEET = "ZZTOKENSHEET"
_TOKEN_TITLE = "ZZTOKENTITLE"
_TOKEN_FORMAT = "ZZTOKENFORMAT"
_TOKEN_NUMBERS = {"low": 911111.5, "high": 922222.5, "unit": 933333.5}
_TOKEN_ROW = 900_001


def _number(value: float) -> str:
    return "%.16g" % value  # as openpyxl writes floats  # noqa: UP031


class BenefitChartStamp:
    """Benefit charts from one rendered template per combination of series.

    Building and serialising an openpyxl chart costs about 5 ms, a quarter of a
    1,000-benefit pack. The charts differ only in their title, cell references, axis
    range and number format, so each distinct set of series is rendered once by
    :func:`benefit_chart` with stand-in values, and every chart after that is that XML
    with its own values filled in: the same bytes, for a few microseconds.
    """

    def __init__(self) -> None:
        self._templates: dict[tuple[Any, ...], str] = {}

    def chart(
        self, series: Sequence[XYSeries], *, title: str, first: date, last: date, value_format: str
    ) -> StampedChart:
        shape = tuple((s.title, s.colour, s.dash, s.marker, s.line, s.width) for s in series)
        template = self._templates.get(shape)
        if template is None:
            template = self._templates[shape] = self._render(series)
        start, unit, ticks = _time_scale(first, last)
        low = to_excel(start)
        fields: dict[str, str] = {
            "title": escape(title),
            "format": escape(value_format, {'"': "&quot;"}),
            "low": _number(low),
            "high": _number(low + unit * ticks),
            "unit": _number(unit),
        }
        for index, spec in enumerate(series):
            fields[f"x{index}"] = escape(str(spec.x))
            fields[f"y{index}"] = escape(str(spec.y))
        return StampedChart(template.format(**fields).encode("utf-8"))

    @staticmethod
    def _render(series: Sequence[XYSeries]) -> str:
        stand_ins: dict[str, str] = {}
        specs = []
        for index, spec in enumerate(series):
            refs = []
            for axis, offset in (("x", 0), ("y", 2)):
                row = _TOKEN_ROW + 4 * index + offset
                text = f"'{_TOKEN_SHEET}'!$A${row}:$A${row + 1}"
                stand_ins[text] = f"{{{axis}{index}}}"
                refs.append(Reference(range_string=text))
            specs.append(
                XYSeries(
                    spec.title,
                    refs[0],
                    refs[1],
                    spec.colour,
                    spec.dash,
                    spec.marker,
                    spec.line,
                    spec.width,
                )
            )
        chart = benefit_chart(
            specs,
            title=_TOKEN_TITLE,
            first=date(2000, 1, 1),
            last=date(2001, 1, 1),
            value_format=_TOKEN_FORMAT,
        )
        chart.x_axis.scaling.min = _TOKEN_NUMBERS["low"]
        chart.x_axis.scaling.max = _TOKEN_NUMBERS["high"]
        chart.x_axis.majorUnit = _TOKEN_NUMBERS["unit"]
        xml = tostring(chart._write()).decode("utf-8").replace("{", "{{").replace("}", "}}")
        stand_ins[_TOKEN_TITLE] = "{title}"
        stand_ins[_TOKEN_FORMAT] = "{format}"
        for name, value in _TOKEN_NUMBERS.items():
            stand_ins[f'"{_number(value)}"'] = f'"{{{name}}}"'
        for stand_in, field in stand_ins.items():
            if xml.count(stand_in) != 1:
                raise RuntimeError(f"chart template: {stand_in!r} is not unique")
            xml = xml.replace(stand_in, field)
        return xml
