"""One appendix sheet per benefit: its definition, where it stands, its chart and history.

Page one is the definition, the position and the chart; the variance notes, corrective
actions, leading indicators and measurements follow from page two, each table with its
header repeated on every page it runs onto.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from benefitdesk.analysis.lines import MeasurementLine
from benefitdesk.analysis.types import Point
from benefitdesk.exchange.boardpack.charts import (
    BASELINE_COLOUR,
    ChartData,
    Line,
    benefit_lines,
    time_chart,
)
from benefitdesk.exchange.boardpack.data import (
    ActionLine,
    BenefitView,
    IndicatorLine,
    NoteLine,
)
from benefitdesk.exchange.boardpack.looks import (
    Sheet,
    fraction,
    reasons_text,
    sentence,
    status_label,
    value_format,
    value_look,
)
from benefitdesk.exchange.boardpack.pages import Pager, print_setup
from benefitdesk.exchange.boardpack.tables import Cells, Field, Table
from benefitdesk.present.formats import day

#: Printed columns A..H: definition (A..E), a gap (F), position (G..H).
WIDTHS = (20, 14, 14, 14, 14, 2, 24, 18)
LAST = len(WIDTHS) - 1
CHART_POINTS = 255.0
MIN_CHART_POINTS = 180.0
ROW = 14.0

NOTE_FIELDS = (
    Field("Period", 0),
    Field("Cause", 1, wrap=True),
    Field("Explanation", 2, LAST, wrap=True),
)
ACTION_FIELDS = (
    Field("Corrective action", 0, 1, wrap=True),
    Field("Owner", 2, wrap=True),
    Field("Due", 3, align="center"),
    Field("Status", 4),
    Field("Outcome", 5, LAST, wrap=True),
)
INDICATOR_FIELDS = (
    Field("Leading indicator", 0, 2, wrap=True),
    Field("Latest", 3, align="right"),
    Field("As at", 4, align="center"),
    Field("Status", 5, 6, align="center"),
    Field("Variance vs plan", 7, align="right"),
)
MEASUREMENT_FIELDS = (
    Field("Period end", 0),
    Field("Actual", 1, align="right"),
    Field("Planned", 2, align="right"),
    Field("Variance vs plan", 3, align="right"),
    Field("Realisation", 4, align="right"),
)


class BenefitSheet:
    """Writes one benefit's sheet."""

    def __init__(self, sheet: Sheet, view: BenefitView, as_of: date) -> None:
        self.sheet, self.view, self.as_of = sheet, view, as_of
        b = view.benefit
        self.look = value_look(b.baseline, b.target)

    def write(self, workbook: Any, chart_data: ChartData, back_to: str) -> int:
        """Write the sheet; returns its last row."""
        sheet, view, b = self.sheet, self.view, self.view.benefit
        sheet.put(0, 0, f"{b.code} · {b.title}", "title")
        sheet.height(0, 24)
        context = [f"owner {view.owner or 'not named'}", f"as of {day(self.as_of)}"]
        if view.project_code:
            context.insert(0, f"Project {view.project_code} {view.project_name or ''}".strip())
        sheet.span(1, 0, 4, " · ".join(context), "subtitle")
        sheet.link(1, 7, back_to, "← Register")
        sheet.height(1, 15)
        end = max(self._definition(), self._position())
        chart_row = end + 1
        pager = Pager(sheet)
        height = min(CHART_POINTS, max(MIN_CHART_POINTS, pager.room(chart_row) - 4))
        self._chart(workbook, chart_data, chart_row, height)
        pager.new_page(chart_row + 1)  # the history starts on page two
        row = self._history(pager, chart_row + 1)
        pager.finish()
        return row

    # -- page one ---------------------------------------------------------------------

    def _definition(self) -> int:
        sheet, view, b = self.sheet, self.view, self.view.benefit
        sheet.span(3, 0, 4, "Definition", "section")
        sheet.height(3, 18)
        row = 4

        def text(label: str, value: str | None) -> None:
            nonlocal row
            sheet.put(row, 0, label, "label")
            sheet.span(row, 1, 4, value, "wrap")
            sheet.fit(row, [(value, 1, 4, "wrap")], ROW)
            row += 1

        def figure(label: str, value: Any, look: str, day: date | None, day_look: str) -> None:
            nonlocal row
            if value is None:
                return text(label, "Not set")
            sheet.put(row, 0, label, "label")
            sheet.put(row, 1, value, look)
            sheet.span(row, 2, 3, day, day_look)
            sheet.height(row, ROW)
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
        text("Data source", b.data_source or "Not recorded")
        text("Reporting", sentence(b.frequency) or "No frequency set")
        kind = "dis-benefit" if sentence(b.kind) == "Dis-benefit" else None
        parts = (sentence(b.category), sentence(b.classification), kind)
        text("Category", " · ".join(p for p in parts if p))
        text("Confidence", sentence(b.confidence) or "Not stated")
        text("Lifecycle", sentence(b.status))
        if getattr(b, "tracking_end", None):
            figure("Tracking ends", b.tracking_end, "date", None, "text")
        if b.objective:
            text("Objective", b.objective)
        return row

    def _position(self) -> int:
        sheet, r = self.sheet, self.view.result
        sheet.span(3, 6, 7, f"Position as of {day(self.as_of)}", "section")
        status = status_label(r.status, r.lifecycle)
        money = "Not valued"
        rows: list[tuple[str, object, str]] = [
            ("Status", status, f"status_{r.status}"),
            ("Latest actual", r.latest_value, self.look),
            ("Measured on", r.latest_date, "date"),
            ("Planned now", r.planned_value, self.look),
            ("Realisation", fraction(r.realisation_pct), "pct_bold"),
            ("Variance vs plan", fraction(r.variance_pct), "pct_signed"),
            ("Forecast at target date", r.forecast_value, self.look),
            ("Forecast realisation", fraction(r.forecast_realisation_pct), "pct"),
            ("Realised value", money if r.realised_value is None else r.realised_value, "money"),
            ("Value at risk", money if r.at_risk_value is None else r.at_risk_value, "money"),
            ("Needs attention", reasons_text(r.risk_reasons) if r.at_risk else "No", "wrap"),
            ("Next figure due", r.next_due, "date_late" if r.overdue else "date"),
        ]
        for offset, (label, value, look) in enumerate(rows):
            sheet.put(4 + offset, 6, label, "label")
            sheet.put(4 + offset, 7, value, look)
            sheet.fit(4 + offset, [(value, 7, 7, look)] if look == "wrap" else [], ROW)
        return 4 + len(rows)

    def _chart(self, workbook: Any, chart_data: ChartData, row: int, height: float) -> None:
        """The chart in one row, as tall as what is left of page one allows."""
        view, b, sheet = self.view, self.view.benefit, self.sheet
        lines = benefit_lines(view)
        dates = [p.date for line in lines for p in line.points]
        if b.baseline is not None and dates:
            span = (Point(min(dates), b.baseline), Point(max(dates), b.baseline))
            lines.insert(0, Line("Baseline", span, BASELINE_COLOUR, 1.25))
        if not dates:
            sheet.span(row, 0, LAST, "Nothing to chart yet: no plan and no measurement.", "note")
            sheet.height(row, ROW)
            return
        title = (b.measure or b.title) + (f" ({b.unit})" if b.unit else "")
        chart = time_chart(
            workbook,
            chart_data,
            lines,
            title=title,
            as_of=self.as_of,
            value_format=value_format(b.baseline, b.target),
            extra_values=[v for v in (b.baseline, b.target) if v is not None],
        )
        chart.set_size({"width": sheet.span_px(0, LAST), "height": height * 96 / 72})
        sheet.height(row, height)
        sheet.ws.insert_chart(row, 0, chart, {"object_position": 1})

    # -- page two ---------------------------------------------------------------------

    def _history(self, pager: Pager, row: int) -> int:
        view, look = self.view, self.look

        def note(n: NoteLine) -> Cells:
            return [(n.period, "date"), (sentence(n.cause), "wrap"), (n.explanation, "wrap")]

        def action(a: ActionLine) -> Cells:
            return [
                (a.title, "wrap"),
                (a.owner, "wrap"),
                (a.due_date, "date_late_c" if a.overdue else "date_c"),
                (sentence(a.status), "late" if a.overdue else "text"),
                (a.outcome, "wrap"),
            ]

        def indicator(i: IndicatorLine) -> Cells:
            r = i.result
            name = f"{r.code} · {i.name}" + (f" ({i.unit})" if i.unit else "")
            return [
                (name, "wrap"),
                (r.latest_value, value_look(i.baseline, i.target)),
                (r.latest_date, "date_c"),
                (status_label(r.status), f"status_{r.status}"),
                (fraction(r.variance_pct), "pct_signed"),
            ]

        def measurement(m: MeasurementLine) -> Cells:
            return [
                (m.date, "date"),
                (m.value, look),
                (m.planned, look),
                (fraction(m.variance_pct), "pct_signed"),
                (fraction(m.realisation_pct), "pct"),
            ]

        tables = (
            (NOTE_FIELDS, "Variance notes", view.notes, note, "No variance notes."),
            (ACTION_FIELDS, "Corrective actions", view.actions, action, "No corrective actions."),
            (
                INDICATOR_FIELDS,
                "Leading indicators",
                view.indicators,
                indicator,
                "No leading indicators.",
            ),
            (
                MEASUREMENT_FIELDS,
                "Measurements",
                view.measurements,
                measurement,
                "No measurements yet.",
            ),
        )
        for fields, title, items, cells, empty in tables:
            row = Table(self.sheet, fields, pager, title=title).write(row, items, cells, empty)
            self.sheet.height(row, 12)
            row += 1
        return row - 1


def write_benefit_sheet(
    sheet: Sheet,
    view: BenefitView,
    *,
    as_of: date,
    footer: str,
    paper: str,
    back_to: str,
    workbook: Any,
    chart_data: ChartData,
) -> None:
    last_row = BenefitSheet(sheet, view, as_of).write(workbook, chart_data, back_to)
    print_setup(sheet, footer=footer, paper=paper, area=(0, 0, last_row, LAST))
