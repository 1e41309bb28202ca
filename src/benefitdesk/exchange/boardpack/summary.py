"""The executive summary: where value stands and how it moved, on one landscape page.

Every figure is a field of ``PortfolioTotals`` (the ``portfolio`` object of
``report --json``); the previous pack's column is the same totals at the previous
pack's date. The labels say what each figure counts, so a board member does not have
to ask.
"""

from __future__ import annotations

from typing import Any

from benefitdesk.analysis.types import Point, PortfolioTotals, Status
from benefitdesk.exchange.boardpack.charts import (
    PLANNED_VALUE_COLOUR,
    REALISED_VALUE_COLOUR,
    ChartData,
    Line,
    bar_chart,
    time_chart,
)
from benefitdesk.exchange.boardpack.data import BoardPackData
from benefitdesk.exchange.boardpack.looks import (
    STATUS_CHART_COLOURS,
    STATUS_ORDER,
    Sheet,
    status_label,
)
from benefitdesk.exchange.boardpack.pages import footer, print_setup
from benefitdesk.present.formats import day

#: Labels of the summary's figures (column A); the tests look figures up by them.
COMMITTED = "Committed (baselined) benefit value"
PLANNED = "Planned value to date"
REALISED = "Realised value to date"
REALISED_SHARE = "Realised as a share of planned"
AT_RISK_VALUE = "Value at risk"
AT_RISK_COUNT = "Benefits that need attention"
NEW_EXCEPTIONS = "Newly needing attention"
RESOLVED_EXCEPTIONS = "No longer needing attention"
COUNTED = "Benefits counted in the totals"
OVERDUE_MEASUREMENTS = "Benefits with a figure overdue"
OPEN_ACTIONS = "Corrective actions underway"
OVERDUE_ACTIONS = "Of which past their due date"
REBASELINES = "Re-baselined since the previous pack"
CLOSURES = "Proposed for closure"
INVESTMENT = "Total investment (project budgets)"
ACTUAL_COST = "Actual cost to date"
RAG_KEYS = (("green", "Green"), ("amber", "Amber"), ("red", "Red"), ("none", "Not rated"))
GO_LIVE_KEYS = (
    ("on_time", "On time"),
    ("late", "Late"),
    ("pending", "To come"),
    ("overdue", "Overdue"),
)
RAG = "Projects by delivery RAG"
GO_LIVES = "Go-lives"
#: Label, value, note (A..E); a gap (F); the charts (G..L).
WIDTHS = (34, 11.5, 11.5, 11.5, 10, 1.5, 8.5, 8.5, 8.5, 8.5, 8.5, 8.5)
LAST_FIGURE_COL = 4
CHART_COLS = (6, 11)
SHOWN_CODES = 10
#: From this amount the summary writes money in millions (£134.2m): a board reads it
#: faster, and nine digits do not fit the figures' columns.
MILLIONS_FROM = 10_000_000


def _codes(codes: tuple[str, ...]) -> str:
    shown = ", ".join(codes[:SHOWN_CODES])
    more = len(codes) - SHOWN_CODES
    return shown + (f" and {more} more" if more > 0 else "")


class Summary:
    """Writes the summary sheet; ``row`` advances as figures are written."""

    def __init__(self, sheet: Sheet, data: BoardPackData) -> None:
        self.sheet, self.data = sheet, data
        self.row = 0
        self.previous = data.movement.previous if data.movement else None
        self.money = "money_m" if _largest_money(data) >= MILLIONS_FROM else "money"

    def section(self, title: str, columns: tuple[str, ...] = ()) -> None:
        sheet, row = self.sheet, self.row
        sheet.put(row, 0, title, "section")
        for offset in range(1, LAST_FIGURE_COL + 1):
            text = columns[offset - 1] if offset - 1 < len(columns) else None
            sheet.put(row, offset, text, "section")
        sheet.height(row, 18)
        self.row += 1

    def figure(
        self, label: str, now: float, then: float | None, look: str, change: str | None
    ) -> None:
        """One figure now, at the previous pack and (unless ``change`` is None) the
        difference."""
        sheet, row = self.sheet, self.row
        bold = look.endswith("_bold")
        sheet.put(row, 0, label, "label_bold" if bold else "text")
        sheet.put(row, 1, now, look)
        if then is not None:
            sheet.put(row, 2, then, look.removesuffix("_bold"))
            if change is not None:
                sheet.put(row, 3, now - then, change)
        sheet.height(row, 15)
        self.row += 1

    def value(
        self, label: str, value: Any, look: str, note: Any = None, note_look: str = ""
    ) -> None:
        sheet, row = self.sheet, self.row
        sheet.put(row, 0, label, "text")
        sheet.put(row, 1, value, look)
        if note is not None:
            sheet.span(row, 2, LAST_FIGURE_COL, note, note_look)
        sheet.fit(row, [(note, 2, LAST_FIGURE_COL, note_look)] if note else [], 15)
        self.row += 1

    def gap(self, points: float = 8) -> None:
        self.sheet.height(self.row, points)
        self.row += 1

    def write(self, workbook: Any, chart_data: ChartData) -> None:
        self._heading()
        self._value()
        self._actions()
        self._investment()
        self._outside()
        self._charts(workbook, chart_data)
        data = self.data
        print_setup(
            self.sheet,
            footer=footer(data),
            paper=data.paper,
            area=(0, 0, max(self.row, 33), len(WIDTHS) - 1),
            one_page=True,
        )

    def _heading(self) -> None:
        sheet, data = self.sheet, self.data
        sheet.put(0, 0, data.name, "title")
        sheet.height(0, 24)
        parts = [f"Benefits board pack as of {day(data.as_of)}", f"money in {data.currency}"]
        parts += list(data.scope)
        if data.movement:
            parts.append(f"changes since the previous pack of {day(data.movement.since)}")
        text = " · ".join(parts)
        sheet.span(1, 0, len(WIDTHS) - 1, text, "subtitle")
        sheet.fit(1, [(text, 0, len(WIDTHS) - 1, "subtitle")], 15)
        self.row = 2
        self.gap(6)

    def _value(self) -> None:
        t, before, movement = self.data.totals, self.previous, self.data.movement
        columns = ("Now", day(movement.since), "Change") if movement else ("Now",)
        self.section("Benefit value", columns)

        def was(field: str) -> float | None:
            return None if before is None else float(getattr(before, field))

        money = self.money
        self.figure(COMMITTED, t.committed_value, was("committed_value"), money, f"{money}_change")
        self.figure(
            PLANNED, t.planned_to_date_value, was("planned_to_date_value"), money, f"{money}_change"
        )
        self.figure(
            REALISED, t.realised_value, was("realised_value"), f"{money}_bold", f"{money}_change"
        )
        share = _share(t)
        self.figure(REALISED_SHARE, share, _share(before) if before else None, "pct", None)
        self.figure(
            AT_RISK_VALUE, t.at_risk_value, was("at_risk_value"), f"{money}_bold", f"{money}_change"
        )
        self.figure(
            AT_RISK_COUNT, t.at_risk_count, was("at_risk_count"), "count_bold", "count_change"
        )
        if movement:
            self.value(
                NEW_EXCEPTIONS,
                len(movement.new_exceptions),
                "count",
                _codes(movement.new_exceptions) or None,
                "note",
            )
            self.value(
                RESOLVED_EXCEPTIONS,
                len(movement.resolved_exceptions),
                "count",
                _codes(movement.resolved_exceptions) or None,
                "note",
            )
        self.figure(COUNTED, t.benefit_count, was("benefit_count"), "count", "count_change")
        self.figure(
            OVERDUE_MEASUREMENTS,
            t.overdue_measurements,
            was("overdue_measurements"),
            "count",
            "count_change",
        )
        self.gap()

    def _actions(self) -> None:
        t, before = self.data.totals, self.previous
        self.section("Corrective actions and decisions")
        self.figure(
            OPEN_ACTIONS,
            t.open_actions,
            before.open_actions if before else None,
            "count_bold",
            "count_change",
        )
        late = "count_late" if t.overdue_actions else "count"
        self.figure(
            OVERDUE_ACTIONS,
            t.overdue_actions,
            before.overdue_actions if before else None,
            late,
            "count_change",
        )
        for label, items in ((REBASELINES, self.data.rebaselines), (CLOSURES, self.data.closures)):
            self.value(label, len(items), "count", "see Decisions" if items else None, "note")
        self.gap()

    def _investment(self) -> None:
        t, sheet = self.data.totals, self.sheet
        self.section("Investment and delivery")
        spent = t.actual_cost / t.investment if t.investment else None
        self.value(INVESTMENT, t.investment, f"{self.money}_bold")
        self.value(ACTUAL_COST, t.actual_cost, self.money, spent, "pct_note_budget")
        for label, keys, counts in (
            (RAG, RAG_KEYS, t.projects_by_rag),
            (GO_LIVES, GO_LIVE_KEYS, t.go_live),
        ):
            for offset, (key, name) in enumerate(keys, 1):
                sheet.put(self.row, offset, name, "header_c")
                look = f"ragcount_{key}" if counts is t.projects_by_rag else "count"
                sheet.put(self.row + 1, offset, counts.get(key, 0), look)
            sheet.put(self.row, 0, None, "header")
            sheet.put(self.row + 1, 0, label, "text")
            sheet.height(self.row, 14)
            sheet.height(self.row + 1, 15)
            self.row += 2
        self.gap()

    def _outside(self) -> None:
        t, data, sheet = self.data.totals, self.data, self.sheet
        for key, count in t.excluded_counts.items():
            if count:
                value = t.excluded_committed_value.get(key, 0.0)
                label = f"{key.capitalize()} benefits (not in the totals)"
                self.value(label, count, "count", value, "money_note")
        left_out = data.excluded.get("draft", 0)
        if left_out:
            self.value("Draft benefits left out of this pack", left_out, "count")
        note = (
            f"At risk: more than {data.amber_pct:g}% behind plan; off track: more than "
            f"{data.red_pct:g}%. Percentages are of the committed improvement. A benefit "
            "needs attention when it is behind plan, its figure is overdue, its forecast "
            "falls short of target or a leading indicator is behind."
        )
        sheet.span(self.row, 0, LAST_FIGURE_COL, note, "note")
        sheet.fit(self.row, [(note, 0, LAST_FIGURE_COL, "note")], 14)
        self.row += 1

    def _charts(self, workbook: Any, chart_data: ChartData) -> None:
        data, sheet = self.data, self.sheet
        first, last = CHART_COLS
        if data.trend:
            planned = [Point(p.date, p.planned) for p in data.trend]
            realised = [Point(p.date, p.realised) for p in data.trend if p.realised is not None]
            chart = time_chart(
                workbook,
                chart_data,
                [
                    Line("Planned value to date", planned, PLANNED_VALUE_COLOUR, dash="dash"),
                    Line("Realised value", realised, REALISED_VALUE_COLOUR, 2.5),
                ],
                title="Planned vs realised value",
                as_of=data.as_of,
                value_format=sheet.styles.money_format,
                labels=6,
                currency=data.currency,
            )
            chart.set_size({"width": sheet.span_px(first, last), "height": 250})
            sheet.ws.insert_chart(3, first, chart, {"object_position": 1})
        t = data.totals
        shown = [
            s
            for s in STATUS_ORDER
            if s != Status.UNDEFINED or t.status_counts.get(Status.UNDEFINED.value, 0)
        ]
        chart = bar_chart(
            workbook,
            chart_data,
            title="Benefits by status (counted benefits)",
            labels=[status_label(s) for s in shown],
            values=[t.status_counts.get(str(s), 0) for s in shown],
            colours=[STATUS_CHART_COLOURS[s] for s in shown],
            number_format="0",
        )
        chart.set_size({"width": sheet.span_px(first, last), "height": 215})
        sheet.ws.insert_chart(3, first, chart, {"object_position": 1, "y_offset": 262})


def _largest_money(data: BoardPackData) -> float:
    totals = [data.totals, *([data.movement.previous] if data.movement else [])]
    fields = (
        "investment",
        "actual_cost",
        "committed_value",
        "planned_to_date_value",
        "realised_value",
        "at_risk_value",
    )
    return max(abs(float(getattr(t, f))) for t in totals for f in fields)


def _share(totals: PortfolioTotals | None) -> float:
    if totals is None or not totals.planned_to_date_value:
        return 0.0
    return totals.realised_value / totals.planned_to_date_value


def write_summary(sheet: Sheet, data: BoardPackData, workbook: Any, chart_data: ChartData) -> None:
    Summary(sheet, data).write(workbook, chart_data)
