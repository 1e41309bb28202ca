"""Exceptions: one compact block for each benefit that needs attention.

A block answers a board's four questions in order: where the figure stands against
plan, which way it is heading, why it differs, and what is being done about it (by
whom, by when). Blocks come most value at risk first and are never cut across a page.
The largest ones carry a small chart; past ``CHART_LIMIT`` the block says it in words
only, which keeps a pack of thousands of exceptions quick to write and to open.
"""

from __future__ import annotations

from typing import Any

from benefitdesk.exchange.boardpack.charts import ChartData, benefit_lines, time_chart
from benefitdesk.exchange.boardpack.data import BenefitView, BoardPackData, Pace
from benefitdesk.exchange.boardpack.looks import (
    Sheet,
    fraction,
    reasons_text,
    sentence,
    status_label,
    value_format,
    value_look,
)
from benefitdesk.exchange.boardpack.pages import Pager, footer, print_setup
from benefitdesk.exchange.boardpack.textfit import row_points
from benefitdesk.present.formats import day
from benefitdesk.present.vocabulary import need_attention

#: Text columns A..F, a gap (G), the chart (H..J).
WIDTHS = (13.5, 13, 13, 13, 13, 13, 1.5, 14.5, 14.5, 14.5)
TEXT_LAST = 5
CHART_FIRST, CHART_LAST = 7, 9
CHART_LIMIT = 50
MIN_CHART_POINTS = 140.0
NOTES_SHOWN = 2
ACTIONS_SHOWN = 4
ROW = 14.0
SPACER = 8.0


def pace_words(pace: Pace) -> str:
    """The trend in words, against the plan's pace over the same months."""
    actual, planned = pace.actual, pace.planned
    if actual is None:
        return "Too few figures for a trend (it takes three)"
    if actual < 0:
        return "Getting worse"
    if actual == 0:
        return "Flat"
    if planned is None or planned <= 0:
        return "Improving"
    if actual >= planned:
        return "Improving at or above the planned pace"
    return "Improving, more slowly than planned"


def _latest_planned(view: BenefitView) -> float | None:
    latest = view.result.latest_date
    line = next((m for m in reversed(view.measurements) if m.date == latest), None)
    return None if line is None else line.planned


Cell = tuple[Any, int, int, str]  # value, first column, last column, look
Row = tuple[float, list[Cell]]  # height, cells
FIGURES = (
    "As at",
    "Actual",
    "Plan then",
    "Variance vs plan",
    "Realisation",
    "Forecast realisation",
)


class ExceptionBlock:
    """One benefit's block as rows of cells, measured before anything is written."""

    def __init__(self, sheet: Sheet, view: BenefitView) -> None:
        self.sheet, self.view = sheet, view
        b = view.benefit
        self.look = value_look(b.baseline, b.target)

    def row(self, base: float, *cells: Cell) -> Row:
        """A row tall enough for its wrapped cells."""
        height = base
        for value, first, last, look in cells:
            spec = self.sheet.styles.look(look)
            if spec.wrap and value is not None:
                lines = self.sheet.lines(value, first, last, look)
                height = max(height, row_points(lines, spec.size))
        return height, list(cells)

    def rows(self) -> list[Row]:
        view, r, b = self.view, self.view.result, self.view.benefit
        status = status_label(r.status, r.lifecycle)
        risk = "Not valued" if r.at_risk_value is None else r.at_risk_value
        project = f"{view.project_code} {view.project_name or ''}".strip() or "none"
        measure = (b.measure or "not named") + (f" ({b.unit})" if b.unit else "")
        context = f"Owner {view.owner or 'not named'} · Project {project} · Measure {measure}"
        signed = self.look.replace("value", "signed")
        return [
            self.row(
                18,
                (f"{r.code} · {b.title}", 0, 3, "block"),
                (status, 4, 4, f"status_{r.status}"),
                (risk, 5, CHART_LAST, "block_risk"),
            ),
            self.row(ROW, (context, 0, TEXT_LAST, "label_wrap")),
            self.row(
                ROW,
                ("Needs attention", 0, 0, "label"),
                (reasons_text(r.risk_reasons), 1, TEXT_LAST, "late_wrap"),
            ),
            self.row(
                ROW,
                *((h, i, i, "minihead_right" if i else "minihead") for i, h in enumerate(FIGURES)),
            ),
            self.row(
                ROW,
                (r.latest_date, 0, 0, "date"),
                (r.latest_value, 1, 1, self.look),
                (_latest_planned(view), 2, 2, self.look),
                (fraction(r.variance_pct), 3, 3, "pct_signed"),
                (fraction(r.realisation_pct), 4, 4, "pct"),
                (fraction(r.forecast_realisation_pct), 5, 5, "pct"),
            ),
            self.row(
                ROW,
                ("Pace a month", 0, 0, "label"),
                (view.pace.actual, 1, 1, signed),
                (view.pace.planned, 2, 2, signed),
                (pace_words(view.pace), 3, 5, "text"),
            ),
            *self._notes(),
            *self._actions(),
        ]

    def _missing(self, heading: str, text: str) -> Row:
        """One row in place of a heading and its rows: what is missing, in red."""
        return self.row(ROW, (heading, 0, 1, "subhead_plain"), (text, 2, TEXT_LAST, "late"))

    def _notes(self) -> list[Row]:
        heading = "Why it differs from plan"
        notes = sorted(self.view.notes, key=lambda n: n.period, reverse=True)
        if not notes:
            return [self._missing(heading, "No variance note explains it yet.")]
        rows = [self.row(ROW, (heading, 0, TEXT_LAST, "subhead"))]
        for note in notes[:NOTES_SHOWN]:
            cells = [
                (note.period, 0, 0, "date"),
                (sentence(note.cause), 1, 1, "wrap"),
                (note.explanation, 2, TEXT_LAST, "wrap"),
            ]
            rows.append(self.row(ROW, *cells))
        if len(notes) > NOTES_SHOWN:
            more = f"{len(notes) - NOTES_SHOWN} earlier notes in the benefit's sheet"
            rows.append(self.row(ROW, (more, 0, TEXT_LAST, "note")))
        return rows

    def _actions(self) -> list[Row]:
        heading = "What is being done"
        underway = sorted(
            (a for a in self.view.actions if a.underway),
            key=lambda a: (a.due_date is None, a.due_date),
        )
        if not underway:
            return [self._missing(heading, "No corrective action underway.")]
        columns = ((heading, 0, 2), ("Owner", 3, 3), ("Due", 4, 4), ("Status", 5, 5))
        rows = [self.row(ROW, *((text, a, b, "subhead") for text, a, b in columns))]
        for action in underway[:ACTIONS_SHOWN]:
            late = action.overdue
            cells = [
                (action.title, 0, 2, "wrap"),
                (action.owner or "Not named", 3, 3, "wrap"),
                (action.due_date, 4, 4, "date_late" if late else "date"),
                (sentence(action.status), 5, 5, "late" if late else "text"),
            ]
            rows.append(self.row(ROW, *cells))
        if len(underway) > ACTIONS_SHOWN:
            more = f"{len(underway) - ACTIONS_SHOWN} more actions in the benefit's sheet"
            rows.append(self.row(ROW, (more, 0, TEXT_LAST, "note")))
        return rows


class ExceptionsSheet:
    """Writes the blocks one under the other, a new page before a block that would not
    fit on this one."""

    def __init__(
        self, sheet: Sheet, data: BoardPackData, workbook: Any, chart_data: ChartData
    ) -> None:
        self.sheet, self.data = sheet, data
        self.workbook, self.chart_data = workbook, chart_data
        self.pager = Pager(sheet)

    def write(self) -> None:
        sheet, data = self.sheet, self.data
        sheet.put(0, 0, "Exceptions: benefits that need attention", "title")
        sheet.height(0, 24)
        count = len(data.exceptions)
        if count:
            text = f"{need_attention(count)} as of {day(data.as_of)}, most value at risk first."
        else:
            text = f"No benefit needs attention as of {day(data.as_of)}."
        sheet.span(1, 0, CHART_LAST, text, "subtitle")
        sheet.fit(1, [(text, 0, CHART_LAST, "subtitle")], 15)
        sheet.height(2, 6)
        row = 3
        for index, view in enumerate(data.exceptions):
            row = self.block(row, view, charted=index < CHART_LIMIT)
        if count > CHART_LIMIT:
            note = f"Charts are shown for the {CHART_LIMIT} largest exceptions."
            sheet.span(row, 0, CHART_LAST, note, "note")
            row += 1
        self.pager.finish()
        area = (0, 0, max(row, 3), CHART_LAST)
        print_setup(sheet, footer=footer(data), paper=data.paper, area=area)

    def block(self, row: int, view: BenefitView, charted: bool) -> int:
        """One benefit's block from ``row``; returns the next free row."""
        sheet = self.sheet
        rows = ExceptionBlock(sheet, view).rows()
        heights = [h for h, _ in rows]
        lines = benefit_lines(view) if charted else []
        body = sum(heights[1:])
        if lines and body < MIN_CHART_POINTS:
            heights[-1] += MIN_CHART_POINTS - body
        self.pager.keep(row, sum(heights) + SPACER)
        first = row
        for height, (_, cells) in zip(heights, rows, strict=True):
            for value, col, last, look in cells:
                sheet.cell(row, col, last, value, look)
            sheet.height(row, height)
            row += 1
        if lines:
            self.chart(view, lines, first + 1, sum(heights[1:]))
        sheet.height(row, SPACER)
        return row + 1

    def chart(self, view: BenefitView, lines: list[Any], row: int, points: float) -> None:
        """The block's chart beside its text, from ``row`` down ``points`` tall."""
        b = view.benefit
        chart = time_chart(
            self.workbook,
            self.chart_data,
            lines,
            title=None,
            as_of=self.data.as_of,
            value_format=value_format(b.baseline, b.target),
            extra_values=[v for v in (b.baseline, b.target) if v is not None],
            labels=5,
            font_size=7,
        )
        width = self.sheet.span_px(CHART_FIRST, CHART_LAST)
        chart.set_size({"width": width, "height": points * 96 / 72 - 4})
        self.sheet.ws.insert_chart(row, CHART_FIRST, chart, {"object_position": 1, "y_offset": 2})


def write_exceptions(
    sheet: Sheet, data: BoardPackData, workbook: Any, chart_data: ChartData
) -> None:
    ExceptionsSheet(sheet, data, workbook, chart_data).write()
