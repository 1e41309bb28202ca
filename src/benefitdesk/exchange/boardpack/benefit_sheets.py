"""One sheet per benefit: its definition, where it stands, its chart and its history.

Page one is the definition, the position and the chart; the variance notes, corrective
actions, leading indicators and the measurement table follow from page two, what a
board asks about first coming first. The chart's own series (plan vertices, baseline,
target, forecast) sit to the right of the print area, labelled; the actuals are read
straight from the measurement table, so the chart and the table cannot disagree.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from openpyxl.chart import Reference
from openpyxl.utils import quote_sheetname
from openpyxl.worksheet.hyperlink import Hyperlink
from openpyxl.worksheet.pagebreak import Break
from openpyxl.worksheet.worksheet import Worksheet

from benefitdesk.analysis.types import Point
from benefitdesk.exchange.boardpack.charts import (
    ACTUAL_COLOUR,
    BASELINE_COLOUR,
    FORECAST_COLOUR,
    ORIGINAL_PLAN_COLOUR,
    PLAN_COLOUR,
    TARGET_COLOUR,
    BenefitChartStamp,
    XYSeries,
    place,
)
from benefitdesk.exchange.boardpack.data import BenefitView
from benefitdesk.exchange.boardpack.styles import (
    StyleBook,
    fit_row,
    print_setup,
    put,
    put_span,
    reasons_text,
    set_widths,
    status_label,
    value_format,
    value_look,
)

#: Column widths A..H (printed) and J..K (chart data).
WIDTHS = (20, 14, 14, 14, 14, 2, 24, 18)
DATA_COL = 10
CHART_ROW = 19
CHART_ROWS = 16
#: Rows of 14 pt (10 pt text) keep the definition, position and chart on one page.
ROW_POINTS = 14


def _text(value: object) -> str | None:
    if value is None:
        return None
    text = str(getattr(value, "value", value))
    return text[:1].upper() + text[1:] if text else None


def _pct(value: float | None) -> float | None:
    return None if value is None else value / 100.0


def _money(value: float | None) -> float | str:
    return "Not valued" if value is None else value


def _grow(ws: Worksheet, row: int, text: object, width: float) -> None:
    fit_row(ws, row, [(text, width)])


class BenefitSheet:
    """Writes one benefit's sheet."""

    def __init__(
        self,
        ws: Worksheet,
        view: BenefitView,
        styles: StyleBook,
        as_of: date,
        stamp: BenefitChartStamp,
    ) -> None:
        self.ws, self.view, self.styles, self.as_of = ws, view, styles, as_of
        self.stamp = stamp
        b = view.benefit
        self.look = value_look(b.baseline, b.target)
        self.measurements_row = 0
        self.value_format = value_format(b.baseline, b.target)

    def put(self, row: int, column: int, value: object, look: str) -> None:
        put(self.ws, row, column, value, self.styles, look)

    def write(self, footer: str, back_to: str) -> None:
        ws, view = self.ws, self.view
        set_widths(ws, WIDTHS)
        set_widths(ws, (12, 14), first=DATA_COL)
        ws.sheet_format.defaultRowHeight = ROW_POINTS
        ws.sheet_format.customHeight = True
        b = view.benefit
        self.put(1, 1, f"{b.code} · {b.title}", "title")
        ws.row_dimensions[1].height = 24
        context = [f"as of {self.as_of:%d %B %Y}"]
        if view.project_code:
            context.insert(0, f"Project {view.project_code} {view.project_name or ''}".strip())
        context.insert(len(context) - 1, f"owner {view.owner or 'not named'}")
        self.put(2, 1, " · ".join(context), "subtitle")
        link = put(ws, 1, DATA_COL, "← Benefits", self.styles, "link")
        link.hyperlink = Hyperlink(ref=link.coordinate, location=f"{quote_sheetname(back_to)}!A1")

        self._definition()
        self._position()
        ws.row_breaks.append(Break(id=CHART_ROW + CHART_ROWS))
        row = self._notes(CHART_ROW + CHART_ROWS + 1)
        row = self._actions(row + 1)
        row = self._indicators(row + 1)
        row = self._measurements(row + 1)
        self._chart()
        print_setup(ws, area=f"A1:H{max(row, CHART_ROW + CHART_ROWS)}", footer=footer)
        ws.sheet_view.showGridLines = False

    # -- page one ---------------------------------------------------------------------

    def _definition(self) -> None:
        ws, view, b = self.ws, self.view, self.view.benefit
        put_span(ws, 4, 1, 5, "Definition", self.styles, "section")
        row = 5

        def text(label: str, value: str | None) -> None:
            nonlocal row
            self.put(row, 1, label, "label")
            put_span(ws, row, 2, 4, value, self.styles, "wrap")
            _grow(ws, row, value, sum(WIDTHS[1:5]))
            row += 1

        def figure(label: str, value: object, look: str, day: date | None, day_look: str) -> None:
            nonlocal row
            if value is None:
                text(label, "Not set")
                return
            self.put(row, 1, label, "label")
            self.put(row, 2, value, look)
            self.put(row, 3, day, day_look)
            row += 1

        measure = b.measure or "No measure named"
        text("Measure", f"{measure} ({b.unit})" if b.unit else measure)
        figure("Baseline", b.baseline, self.look, b.baseline_date, "date_on")
        figure("Target", b.target, self.look, b.target_date, "date_by")
        figure("Realisation starts", view.realisation_start, "date", None, "text")
        if b.financial_value is None:
            text("Financial value", "Not valued")
        else:
            figure("Financial value", b.financial_value, "money", None, "text")
        text("Owner", view.owner or "Not named")
        text("Data source", b.data_source or "Not recorded")
        text("Reporting", _text(b.frequency) or "No frequency set")
        kind = "dis-benefit" if _text(b.kind) == "Dis-benefit" else None
        parts = (_text(b.category), _text(b.classification), kind)
        text("Category", " · ".join(p for p in parts if p))
        text("Confidence", _text(b.confidence) or "Not stated")
        text("Lifecycle", _text(b.status))
        if b.objective:
            text("Objective", b.objective)

    def _position(self) -> None:
        r = self.view.result
        put_span(self.ws, 4, 7, 2, f"Position as of {self.as_of:%d %b %Y}", self.styles, "section")
        status = status_label(r.status) + ("" if r.counted else f" ({r.lifecycle})")
        rows: list[tuple[str, object, str]] = [
            ("Status", status, f"status_{r.status}"),
            ("Latest actual", r.latest_value, self.look),
            ("Measured on", r.latest_date, "date"),
            ("Planned now", r.planned_value, self.look),
            ("Realisation", _pct(r.realisation_pct), "pct_bold"),
            ("Variance vs plan", _pct(r.variance_pct), "pct_signed"),
            ("Forecast at target date", r.forecast_value, self.look),
            ("Forecast realisation", _pct(r.forecast_realisation_pct), "pct"),
            ("Realised value", _money(r.realised_value), "money"),
            ("Value at risk", _money(r.at_risk_value), "money"),
            (
                "At risk because",
                reasons_text(r.risk_reasons) if r.at_risk else "Not at risk",
                "wrap",
            ),
            ("Next measurement due", r.next_due, "date_late" if r.overdue else "date"),
        ]
        for offset, (label, value, look) in enumerate(rows):
            self.put(5 + offset, 7, label, "label")
            self.put(5 + offset, 8, value, look)
            if look == "wrap":
                _grow(self.ws, 5 + offset, str(value), WIDTHS[7])

    def _chart(self) -> None:
        view, b = self.view, self.view.benefit
        series: list[XYSeries] = []
        row = 4
        put(self.ws, row, DATA_COL, "Chart data", self.styles, "note")
        row += 1
        dates = [p.date for p in (*view.plan, *view.original_plan, *view.forecast_line)]
        dates += [m.date for m in view.measurements]
        dates += [d for d in (b.baseline_date, b.target_date) if d is not None]
        if not dates:
            self.put(
                CHART_ROW, 1, "Nothing to chart yet: no baseline, plan or measurement.", "note"
            )
            return
        first, last = min(dates), max(dates)

        def block(title: str, points: Sequence[Point]) -> tuple[Reference, Reference]:
            nonlocal row
            put(self.ws, row, DATA_COL, title, self.styles, "label_bold")
            start = row + 1
            for offset, point in enumerate(points):
                put(self.ws, start + offset, DATA_COL, point.date, self.styles, "date")
                put(self.ws, start + offset, DATA_COL + 1, point.value, self.styles, self.look)
            row = start + len(points) + 1
            end = start + len(points) - 1
            return (
                Reference(self.ws, min_col=DATA_COL, min_row=start, max_row=end),
                Reference(self.ws, min_col=DATA_COL + 1, min_row=start, max_row=end),
            )

        if b.baseline is not None:
            x, y = block("Baseline", [Point(first, b.baseline), Point(last, b.baseline)])
            series.append(XYSeries("Baseline", x, y, BASELINE_COLOUR, width=15000))
        if view.original_plan:
            x, y = block("Original plan", view.original_plan)
            series.append(XYSeries("Original plan", x, y, ORIGINAL_PLAN_COLOUR, dash="dash"))
        if view.plan:
            x, y = block("Plan", view.plan)
            series.append(XYSeries("Plan", x, y, PLAN_COLOUR))
        if b.target is not None and b.target_date is not None:
            x, y = block("Target", [Point(b.target_date, b.target)])
            series.append(XYSeries("Target", x, y, TARGET_COLOUR, marker="diamond", line=False))
        if view.measurements:
            first_row = self.measurements_row
            last_row = first_row + len(view.measurements) - 1
            series.append(
                XYSeries(
                    "Actual",
                    Reference(self.ws, min_col=1, min_row=first_row, max_row=last_row),
                    Reference(self.ws, min_col=2, min_row=first_row, max_row=last_row),
                    ACTUAL_COLOUR,
                    marker="circle",
                    width=19000,
                )
            )
        if view.forecast_line:
            x, y = block("Forecast", view.forecast_line)
            series.append(XYSeries("Forecast", x, y, FORECAST_COLOUR, dash="dash"))
        chart = self.stamp.chart(
            series,
            title=f"{b.measure or b.title}" + (f" ({b.unit})" if b.unit else ""),
            first=first,
            last=last,
            value_format=self.value_format,
        )
        place(self.ws, chart, (1, CHART_ROW, len(WIDTHS), CHART_ROW + CHART_ROWS - 1))

    # -- page two ---------------------------------------------------------------------

    def _measurements(self, row: int) -> int:
        ws = self.ws
        put_span(ws, row, 1, 8, "Measurements", self.styles, "section")
        headers = ("Period end", "Actual", "Planned", "Variance vs plan", "Realisation")
        for column, header in enumerate(headers, 1):
            self.put(row + 1, column, header, "header" if column == 1 else "header_right")
        row += 2
        if not self.view.measurements:
            self.put(row, 1, "No measurements yet.", "note")
            return row + 1
        self.measurements_row = row
        for m in self.view.measurements:
            self.put(row, 1, m.date, "date")
            self.put(row, 2, m.value, self.look)
            self.put(row, 3, m.planned, self.look)
            self.put(row, 4, _pct(m.variance_pct), "pct_signed")
            self.put(row, 5, _pct(m.realisation_pct), "pct")
            row += 1
        return row

    def _notes(self, row: int) -> int:
        ws = self.ws
        put_span(ws, row, 1, 8, "Variance notes", self.styles, "section")
        row += 1
        if not self.view.notes:
            self.put(row, 1, "No variance notes.", "note")
            return row + 1
        self.put(row, 1, "Period", "header")
        self.put(row, 2, "Cause", "header")
        put_span(ws, row, 3, 6, "Explanation", self.styles, "header")
        row += 1
        for note in self.view.notes:
            self.put(row, 1, note.period, "date")
            self.put(row, 2, note.cause[:1].upper() + note.cause[1:], "wrap")
            put_span(ws, row, 3, 6, note.explanation, self.styles, "wrap")
            _grow(ws, row, note.explanation, sum(WIDTHS[2:8]))
            row += 1
        return row

    def _actions(self, row: int) -> int:
        ws = self.ws
        put_span(ws, row, 1, 8, "Corrective actions", self.styles, "section")
        row += 1
        if not self.view.actions:
            self.put(row, 1, "No corrective actions.", "note")
            return row + 1
        put_span(ws, row, 1, 2, "Action", self.styles, "header")
        for column, header in ((3, "Owner"), (4, "Due"), (5, "Status")):
            self.put(row, column, header, "header_c" if column == 4 else "header")
        put_span(ws, row, 6, 3, "Outcome", self.styles, "header")
        row += 1
        for action in self.view.actions:
            put_span(ws, row, 1, 2, action.title, self.styles, "wrap")
            self.put(row, 3, action.owner, "wrap")
            self.put(row, 4, action.due_date, "date_late_c" if action.overdue else "date_c")
            self.put(row, 5, action.status.capitalize(), "late" if action.overdue else "text")
            put_span(ws, row, 6, 3, action.outcome, self.styles, "wrap")
            fit_row(
                ws,
                row,
                [
                    (action.title, sum(WIDTHS[0:2])),
                    (action.owner, WIDTHS[2]),
                    (action.outcome, sum(WIDTHS[5:8])),
                ],
            )
            row += 1
        return row

    def _indicators(self, row: int) -> int:
        ws = self.ws
        put_span(ws, row, 1, 8, "Leading indicators", self.styles, "section")
        row += 1
        if not self.view.indicators:
            self.put(row, 1, "No leading indicators.", "note")
            return row + 1
        put_span(ws, row, 1, 3, "Indicator", self.styles, "header")
        headers = ((4, "Latest"), (5, "As at"), (6, None), (7, "Status"), (8, "Variance vs plan"))
        looks = {4: "header_right", 5: "header_c", 7: "header_c", 8: "header_right"}
        for column, header in headers:
            self.put(row, column, header, looks.get(column, "header"))
        row += 1
        for line in self.view.indicators:
            r = line.result
            name = f"{r.code} · {line.name}" + (f" ({line.unit})" if line.unit else "")
            put_span(ws, row, 1, 3, name, self.styles, "wrap")
            self.put(row, 4, r.latest_value, value_look(line.baseline, line.target))
            self.put(row, 5, r.latest_date, "date_c")
            self.put(row, 7, status_label(r.status), f"status_{r.status}")
            self.put(row, 8, _pct(r.variance_pct), "pct_signed")
            row += 1
        return row


def write_benefit_sheet(
    ws: Worksheet,
    view: BenefitView,
    styles: StyleBook,
    as_of: date,
    *,
    footer: str,
    back_to: str,
    stamp: BenefitChartStamp,
) -> None:
    BenefitSheet(ws, view, styles, as_of, stamp).write(footer, back_to)
