"""The executive summary: outcomes first, on one landscape page, with two charts.

Every figure is a field of ``PortfolioTotals``; the labels say what each one counts so
that a board member does not have to ask.
"""

from __future__ import annotations

from openpyxl.worksheet.worksheet import Worksheet

from benefitdesk.analysis.types import Status
from benefitdesk.exchange.boardpack.charts import (
    bar_chart,
    month_step,
    place,
    value_trend_chart,
)
from benefitdesk.exchange.boardpack.data import BoardPackData
from benefitdesk.exchange.boardpack.styles import (
    STATUS_CHART_COLOURS,
    STATUS_ORDER,
    StyleBook,
    print_setup,
    put,
    put_span,
    set_widths,
    status_label,
)

#: Labels of the summary's figures (column A); the tests look figures up by them.
INVESTMENT = "Total investment (project budgets)"
ACTUAL_COST = "Actual cost to date"
COUNTED = "Benefits counted in the totals"
COMMITTED = "Committed (baselined) benefit value"
PLANNED = "Planned value to date"
REALISED = "Realised value to date"
AT_RISK_COUNT = "Benefits at risk"
AT_RISK_VALUE = "Value at risk"
OVERDUE_MEASUREMENTS = "Benefits with an overdue measurement"
OPEN_ACTIONS = "Corrective actions open or in progress"
OVERDUE_ACTIONS = "Of which past their due date"
GO_LIVE_LABELS = {
    "on_time": "Go-lives on time",
    "late": "Go-lives late",
    "pending": "Go-lives still to come",
    "overdue": "Go-lives overdue (planned date passed, not live)",
}
RAG_LABELS = {
    "green": "Projects rated green",
    "amber": "Projects rated amber",
    "red": "Projects rated red",
    "none": "Projects not rated",
}
TREND_SHEET = "Value Trend"


def _ratio(part: float, whole: float) -> float | None:
    return part / whole if whole else None


def _section(ws: Worksheet, styles: StyleBook, row: int, title: str) -> int:
    put_span(ws, row, 1, 3, title, styles, "section")
    ws.row_dimensions[row].height = 18
    return row + 1


def _figure(
    ws: Worksheet,
    styles: StyleBook,
    row: int,
    label: str,
    value: object,
    look: str,
    note: object = None,
    note_look: str = "note",
) -> int:
    put(ws, row, 1, label, styles, "label_bold" if look.endswith("_bold") else "text")
    put(ws, row, 2, value, styles, look)
    if note is not None:
        put(ws, row, 3, note, styles, note_look)
    return row + 1


def write_summary(
    ws: Worksheet, trend_ws: Worksheet, data: BoardPackData, styles: StyleBook
) -> None:
    t = data.totals
    set_widths(ws, [44, 17, 24, 2, *[9] * 10])
    put(ws, 1, 1, data.name, styles, "title")
    ws.row_dimensions[1].height = 24
    put(
        ws,
        2,
        1,
        f"Benefits board pack as of {data.as_of:%d %B %Y} · money in {data.currency}",
        styles,
        "subtitle",
    )

    row = _section(ws, styles, 4, "Investment")
    row = _figure(ws, styles, row, INVESTMENT, t.investment, "money_bold")
    spent = _ratio(t.actual_cost, t.investment)
    row = _figure(ws, styles, row, ACTUAL_COST, t.actual_cost, "money", spent, "pct_note_budget")

    row = _section(ws, styles, row + 1, "Delivery performance")
    for key, label in RAG_LABELS.items():
        put(ws, row, 1, label, styles, "text" if key == "none" else f"rag_{key}")
        put(ws, row, 2, t.projects_by_rag.get(key, 0), styles, "count")
        row += 1
    for key, label in GO_LIVE_LABELS.items():
        row = _figure(ws, styles, row, label, t.go_live.get(key, 0), "count")

    row = _section(ws, styles, row + 1, "Benefits")
    row = _figure(
        ws, styles, row, COUNTED, t.benefit_count, "count", "not draft or cancelled", "note_right"
    )
    row = _figure(ws, styles, row, COMMITTED, t.committed_value, "money_bold")
    row = _figure(ws, styles, row, PLANNED, t.planned_to_date_value, "money")
    realised_share = _ratio(t.realised_value, t.planned_to_date_value)
    row = _figure(
        ws, styles, row, REALISED, t.realised_value, "money_bold", realised_share, "pct_note_plan"
    )
    row = _figure(ws, styles, row, AT_RISK_COUNT, t.at_risk_count, "count_bold")
    risk_share = _ratio(t.at_risk_value, t.committed_value)
    row = _figure(
        ws, styles, row, AT_RISK_VALUE, t.at_risk_value, "money_bold", risk_share, "pct_note_value"
    )
    row = _figure(ws, styles, row, OVERDUE_MEASUREMENTS, t.overdue_measurements, "count")

    row = _section(ws, styles, row + 1, "Corrective actions underway")
    row = _figure(ws, styles, row, OPEN_ACTIONS, t.open_actions, "count_bold")
    put(ws, row, 1, OVERDUE_ACTIONS, styles, "text")
    put(ws, row, 2, t.overdue_actions, styles, "count_late" if t.overdue_actions else "count")
    row += 1

    row = _section(ws, styles, row + 1, "Benefits by status")
    first_status = row
    shown = [
        s
        for s in STATUS_ORDER
        if s != Status.UNDEFINED or t.status_counts.get(Status.UNDEFINED.value, 0)
    ]
    for status in shown:
        put(ws, row, 1, status_label(status), styles, f"rag_{status}")
        put(ws, row, 2, t.status_counts.get(str(status), 0), styles, "count")
        row += 1
    last_status = row - 1

    row = _section(ws, styles, row + 1, "Not in the totals")
    for key, count in t.excluded_counts.items():
        value = t.excluded_committed_value.get(key, 0.0)
        put(ws, row, 1, f"{key.capitalize()} benefits", styles, "text")
        put(ws, row, 2, count, styles, "count")
        put(ws, row, 3, value, styles, "money_note")
        row += 1
    put(
        ws,
        row + 1,
        1,
        f"Tolerances: at risk beyond {data.amber_pct:g}% behind plan, "
        f"off track beyond {data.red_pct:g}%. Percentages of value are of the committed "
        "improvement.",
        styles,
        "note",
    )
    last_row = row + 1

    if data.trend:
        trend_chart = value_trend_chart(
            trend_ws,
            first_row=5,
            last_row=4 + len(data.trend),
            money_format=styles.money_format,
            step_months=month_step(data.trend[0].date, data.trend[-1].date, labels=10),
            non_negative=all(p.planned >= 0 and (p.realised or 0) >= 0 for p in data.trend),
        )
        place(ws, trend_chart, (5, 4, 14, 21))
    status_chart = bar_chart(
        ws,
        title="Benefits by status",
        label_col=1,
        value_col=2,
        first_row=first_status,
        last_row=last_status,
        colours=[STATUS_CHART_COLOURS[s] for s in shown],
        number_format="0",
    )
    place(ws, status_chart, (5, 23, 14, 38))
    print_setup(
        ws,
        area=f"A1:N{max(last_row, 38)}",
        fit_height=True,
        footer=f"{data.name} · board pack as of {data.as_of.isoformat()}",
    )
    ws.sheet_view.showGridLines = False


def write_trend(ws: Worksheet, data: BoardPackData, styles: StyleBook) -> None:
    """The figures behind the summary's value chart, one row per month end."""
    set_widths(ws, [16, 22, 22, 22])
    put(ws, 1, 1, "Planned vs realised value over time", styles, "title")
    put(
        ws,
        2,
        1,
        "Counted benefits with a financial value; realised value is known up to "
        f"{data.as_of:%d %B %Y}.",
        styles,
        "subtitle",
    )
    headers = ["Date", "Planned value to date", "Realised value", "Realised − planned"]
    for column, header in enumerate(headers, 1):
        put(ws, 4, column, header, styles, "header" if column == 1 else "header_right")
    if not data.trend:
        put(ws, 5, 1, "No counted benefit has a financial value yet.", styles, "note")
    for row, point in enumerate(data.trend, 5):
        put(ws, row, 1, point.date, styles, "date")
        put(ws, row, 2, point.planned, styles, "money")
        put(ws, row, 3, point.realised, styles, "money")
        gap = None if point.realised is None else point.realised - point.planned
        put(ws, row, 4, gap, styles, "money")
    ws.freeze_panes = "A5"
    print_setup(
        ws, title_rows="4:4", footer=f"{data.name} · board pack as of {data.as_of.isoformat()}"
    )
