"""The pack's list sheets: one header row, one row per item, filters and frozen panes.

Each sheet starts with a title and a line saying what it counts, so a page torn out of
the printed pack still makes sense on its own.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from openpyxl.utils import get_column_letter
from openpyxl.worksheet.hyperlink import Hyperlink
from openpyxl.worksheet.worksheet import Worksheet

from benefitdesk.exchange.boardpack.charts import bar_chart
from benefitdesk.exchange.boardpack.data import ActionLine, BoardPackData
from benefitdesk.exchange.boardpack.styles import (
    StyleBook,
    print_setup,
    put,
    reasons_text,
    set_widths,
    status_label,
    value_look,
)

HEADER_ROW = 4
FIRST_ROW = HEADER_ROW + 1
CAUSE_ORDER = (
    "adoption",
    "market/pricing",
    "implementation delay",
    "external economic",
    "data quality",
    "scope change",
    "other",
)
UNEXPLAINED = "unexplained"
RISK_COLOUR = "ED7D31"


@dataclass(frozen=True, slots=True)
class Column:
    header: str
    width: float
    numeric: bool = False


def start_table(
    ws: Worksheet,
    styles: StyleBook,
    title: str,
    subtitle: str,
    columns: Sequence[Column],
) -> None:
    set_widths(ws, [c.width for c in columns])
    put(ws, 1, 1, title, styles, "title")
    ws.row_dimensions[1].height = 24
    put(ws, 2, 1, subtitle, styles, "subtitle")
    for index, column in enumerate(columns, 1):
        put(ws, HEADER_ROW, index, column.header, styles, "header_right" if column.numeric else "header")


def finish_table(
    ws: Worksheet,
    data: BoardPackData,
    columns: Sequence[Column],
    last_row: int,
    *,
    freeze: str = "A5",
    empty: str = "None.",
    styles: StyleBook,
) -> None:
    last_column = get_column_letter(len(columns))
    if last_row >= FIRST_ROW:
        ws.auto_filter.ref = f"A{HEADER_ROW}:{last_column}{last_row}"
    else:
        put(ws, FIRST_ROW, 1, empty, styles, "note")
    ws.freeze_panes = freeze
    print_setup(
        ws,
        title_rows=f"{HEADER_ROW}:{HEADER_ROW}",
        footer=f"{data.name} · board pack as of {data.as_of.isoformat()}",
    )


def _pct(value: float | None) -> float | None:
    return None if value is None else value / 100.0


def _link(cell: object, sheet: str) -> None:
    cell.hyperlink = Hyperlink(ref=cell.coordinate, location=f"'{sheet}'!A1")  # type: ignore[attr-defined]


BENEFIT_COLUMNS = (
    Column("Code", 10),
    Column("Benefit", 34),
    Column("Project", 10),
    Column("Owner", 17),
    Column("Status", 13),
    Column("Latest actual", 11, numeric=True),
    Column("As at", 12),
    Column("Realisation", 11, numeric=True),
    Column("Variance vs plan", 10, numeric=True),
    Column("Forecast realisation", 11, numeric=True),
    Column("Committed value", 13, numeric=True),
    Column("Realised value", 13, numeric=True),
    Column("Value at risk", 13, numeric=True),
    Column("At-risk reason", 24),
    Column("Next measurement due", 13),
)


def write_benefits(
    ws: Worksheet, data: BoardPackData, styles: StyleBook, sheet_names: dict[str, str]
) -> None:
    """One row per benefit, status filled in its RAG colour, code linked to its sheet."""
    start_table(
        ws,
        styles,
        "Benefits",
        f"Every benefit as of {data.as_of:%d %B %Y}. Percentages are of the committed "
        "improvement; draft and cancelled benefits are shown but not in the totals.",
        BENEFIT_COLUMNS,
    )
    row = FIRST_ROW
    for view in data.benefits:
        b, r = view.benefit, view.result
        cell = put(ws, row, 1, r.code, styles, "link")
        if r.code in sheet_names:
            _link(cell, sheet_names[r.code])
        put(ws, row, 2, b.title, styles, "wrap")
        put(ws, row, 3, view.project_code, styles, "text")
        put(ws, row, 4, view.owner, styles, "wrap")
        label = status_label(r.status)
        if not r.counted:
            label = f"{label} ({r.lifecycle})"
        put(ws, row, 5, label, styles, f"status_{r.status}")
        put(ws, row, 6, r.latest_value, styles, value_look(b.baseline, b.target))
        put(ws, row, 7, r.latest_date, styles, "date")
        put(ws, row, 8, _pct(r.realisation_pct), styles, "pct")
        put(ws, row, 9, _pct(r.variance_pct), styles, "pct_signed")
        put(ws, row, 10, _pct(r.forecast_realisation_pct), styles, "pct")
        put(ws, row, 11, r.committed_value, styles, "money")
        put(ws, row, 12, r.realised_value, styles, "money")
        put(ws, row, 13, r.at_risk_value, styles, "money")
        put(ws, row, 14, reasons_text(r.risk_reasons) if r.at_risk else None, styles, "wrap")
        put(ws, row, 15, r.next_due, styles, "date_late" if r.overdue else "date")
        row += 1
    finish_table(ws, data, BENEFIT_COLUMNS, row - 1, freeze="C5", styles=styles)


CAUSE_COLUMNS = (
    Column("Cause", 36),
    Column("Variance notes", 14, numeric=True),
    Column("Value at risk", 16, numeric=True),
)


def cause_label(cause: str) -> str:
    if cause == UNEXPLAINED:
        return "No variance note yet"
    return cause[:1].upper() + cause[1:]


def write_variance(ws: Worksheet, data: BoardPackData, styles: StyleBook) -> None:
    """Notes and value at risk by cause, with a bar chart of the value."""
    t = data.totals
    start_table(
        ws,
        styles,
        "Variance analysis",
        "Variance notes of counted benefits up to the as-of date, by cause; value at risk "
        "by the cause of each at-risk benefit's latest note.",
        CAUSE_COLUMNS,
    )
    causes = list(CAUSE_ORDER)
    causes += sorted(set(t.variance_by_cause) - set(causes) - {UNEXPLAINED})
    causes += sorted(set(t.at_risk_value_by_cause) - set(causes) - {UNEXPLAINED})
    causes.append(UNEXPLAINED)
    row = FIRST_ROW
    for cause in causes:
        notes = t.variance_by_cause.get(cause, 0)
        value = t.at_risk_value_by_cause.get(cause, 0.0)
        if cause == UNEXPLAINED and not value:
            continue
        put(ws, row, 1, cause_label(cause), styles, "text")
        put(ws, row, 2, None if cause == UNEXPLAINED else notes, styles, "count")
        put(ws, row, 3, value, styles, "money")
        row += 1
    last = row - 1
    put(ws, row, 1, "Total", styles, "total_label")
    put(ws, row, 2, sum(t.variance_by_cause.values()), styles, "count_total")
    put(ws, row, 3, t.at_risk_value, styles, "money_total")
    if last >= FIRST_ROW:
        chart = bar_chart(
            ws,
            title="Value at risk by cause",
            label_col=1,
            value_col=3,
            first_row=FIRST_ROW,
            last_row=last,
            colours=[RISK_COLOUR] * (last - FIRST_ROW + 1),
            number_format=styles.money_format,
            width_cm=15,
            height_cm=7.5,
        )
        ws.add_chart(chart, "E4")
    print_setup(
        ws,
        area=f"A1:L{max(row, 24)}",
        fit_height=True,
        footer=f"{data.name} · board pack as of {data.as_of.isoformat()}",
    )
    ws.sheet_view.showGridLines = False


NOTE_COLUMNS = (
    Column("Benefit", 10),
    Column("Title", 34),
    Column("Period", 12),
    Column("Cause", 20),
    Column("Explanation", 70),
)


def write_notes(ws: Worksheet, data: BoardPackData, styles: StyleBook) -> None:
    start_table(
        ws,
        styles,
        "Variance notes",
        "Why benefits differ from plan, most recent first (counted benefits, up to the "
        "as-of date).",
        NOTE_COLUMNS,
    )
    row = FIRST_ROW
    for note in sorted(data.notes, key=lambda n: (-n.period.toordinal(), n.benefit_code)):
        put(ws, row, 1, note.benefit_code, styles, "text")
        put(ws, row, 2, note.benefit_title, styles, "wrap")
        put(ws, row, 3, note.period, styles, "date")
        put(ws, row, 4, cause_label(note.cause), styles, "text")
        put(ws, row, 5, note.explanation, styles, "wrap")
        row += 1
    finish_table(ws, data, NOTE_COLUMNS, row - 1, empty="No variance notes.", styles=styles)


ACTION_COLUMNS = (
    Column("Benefit", 10),
    Column("Benefit title", 28),
    Column("Corrective action", 38),
    Column("Owner", 17),
    Column("Due", 12),
    Column("Status", 12),
    Column("Outcome", 40),
)
UNDERWAY = ("open", "in progress")


def action_order(action: ActionLine) -> tuple[int, date, str]:
    """Underway first, soonest due first; finished ones after."""
    finished = action.status not in UNDERWAY
    return (int(finished), action.due_date or date.max, action.benefit_code)


def write_actions(ws: Worksheet, data: BoardPackData, styles: StyleBook) -> None:
    start_table(
        ws,
        styles,
        "Corrective actions",
        f"Actions on counted benefits: {data.totals.open_actions} underway, "
        f"{data.totals.overdue_actions} of them past their due date (shown in red).",
        ACTION_COLUMNS,
    )
    row = FIRST_ROW
    for action in sorted(data.actions, key=action_order):
        put(ws, row, 1, action.benefit_code, styles, "text")
        put(ws, row, 2, action.benefit_title, styles, "wrap")
        put(ws, row, 3, action.title, styles, "wrap")
        put(ws, row, 4, action.owner, styles, "wrap")
        put(ws, row, 5, action.due_date, styles, "date_late" if action.overdue else "date")
        put(ws, row, 6, action.status.capitalize(), styles, "late" if action.overdue else "text")
        put(ws, row, 7, action.outcome, styles, "wrap")
        row += 1
    finish_table(ws, data, ACTION_COLUMNS, row - 1, empty="No corrective actions.", styles=styles)


INDICATOR_COLUMNS = (
    Column("Benefit", 10),
    Column("Leading indicator", 34),
    Column("Unit", 9),
    Column("Baseline", 11, numeric=True),
    Column("Target", 11, numeric=True),
    Column("Target date", 12),
    Column("Latest", 11, numeric=True),
    Column("As at", 12),
    Column("Realisation", 11, numeric=True),
    Column("Variance vs plan", 10, numeric=True),
    Column("Status", 13),
)


def write_indicators(ws: Worksheet, data: BoardPackData, styles: StyleBook) -> None:
    start_table(
        ws,
        styles,
        "Leading indicators",
        "Early signals for each benefit; an indicator at risk or off track puts its "
        "benefit at risk.",
        INDICATOR_COLUMNS,
    )
    row = FIRST_ROW
    for line in data.indicators:
        r = line.result
        look = value_look(line.baseline, line.target)
        put(ws, row, 1, line.benefit_code, styles, "text")
        put(ws, row, 2, f"{r.code} · {line.name}", styles, "wrap")
        put(ws, row, 3, line.unit, styles, "text")
        put(ws, row, 4, line.baseline, styles, look)
        put(ws, row, 5, line.target, styles, look)
        put(ws, row, 6, line.target_date, styles, "date")
        put(ws, row, 7, r.latest_value, styles, look)
        put(ws, row, 8, r.latest_date, styles, "date")
        put(ws, row, 9, _pct(r.realisation_pct), styles, "pct")
        put(ws, row, 10, _pct(r.variance_pct), styles, "pct_signed")
        put(ws, row, 11, status_label(r.status), styles, f"status_{r.status}")
        row += 1
    finish_table(
        ws, data, INDICATOR_COLUMNS, row - 1, empty="No leading indicators.", styles=styles
    )


FINDING_COLUMNS = (
    Column("Benefit", 10),
    Column("Title", 32),
    Column("Lifecycle", 11),
    Column("Severity", 10),
    Column("Rule", 22),
    Column("Finding", 70),
)


def write_findings(ws: Worksheet, data: BoardPackData, styles: StyleBook) -> None:
    errors = sum(1 for f in data.findings if f.severity == "error")
    start_table(
        ws,
        styles,
        "Definition findings",
        f"{errors} errors (block approval) and {len(data.findings) - errors} warnings in "
        "benefit definitions.",
        FINDING_COLUMNS,
    )
    row = FIRST_ROW
    for finding in data.findings:
        put(ws, row, 1, finding.code, styles, "text")
        put(ws, row, 2, finding.title, styles, "wrap")
        put(ws, row, 3, finding.lifecycle, styles, "text")
        put(ws, row, 4, finding.severity, styles, f"severity_{finding.severity}")
        put(ws, row, 5, finding.rule.replace("_", " "), styles, "text")
        put(ws, row, 6, finding.message, styles, "wrap")
        row += 1
    finish_table(
        ws,
        data,
        FINDING_COLUMNS,
        row - 1,
        empty="Every benefit is fully defined.",
        styles=styles,
    )
