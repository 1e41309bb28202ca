"""The pack's list sheets: one header row, one row per item, filters and frozen panes.

Each sheet starts with a title and a line saying what it counts, so a page torn out of
the printed pack still makes sense on its own.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.hyperlink import Hyperlink
from openpyxl.worksheet.worksheet import Worksheet

from benefitdesk.exchange.boardpack.charts import bar_chart, place
from benefitdesk.exchange.boardpack.data import ActionLine, BoardPackData
from benefitdesk.exchange.boardpack.styles import (
    StyleBook,
    fit_row,
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
    align: str = "left"  # left | right | center: of the header, to sit over its values
    wrap: bool = False  # long text: the row grows to show all of it


_HEADER_LOOKS = {"left": "header", "right": "header_right", "center": "header_c"}


def start_table(
    ws: Worksheet, styles: StyleBook, title: str, subtitle: str, columns: Sequence[Column]
) -> None:
    set_widths(ws, [c.width for c in columns])
    put(ws, 1, 1, title, styles, "title")
    ws.row_dimensions[1].height = 24
    put(ws, 2, 1, subtitle, styles, "subtitle")
    for index, column in enumerate(columns, 1):
        put(ws, HEADER_ROW, index, column.header, styles, _HEADER_LOOKS[column.align])
    fit_row(ws, HEADER_ROW, [(c.header, c.width) for c in columns])


def write_row(
    ws: Worksheet,
    styles: StyleBook,
    row: int,
    columns: Sequence[Column],
    cells: Sequence[tuple[Any, str]],
) -> Any:
    """Write ``(value, look)`` per column; returns the first cell."""
    first = None
    for index, (value, look) in enumerate(cells, 1):
        cell = put(ws, row, index, value, styles, look)
        first = first or cell
    fit_row(
        ws, row, [(value, c.width) for c, (value, _) in zip(columns, cells, strict=True) if c.wrap]
    )
    return first


def finish_table(
    ws: Worksheet,
    data: BoardPackData,
    styles: StyleBook,
    columns: Sequence[Column],
    last_row: int,
    *,
    freeze: str = "A5",
    empty: str = "None.",
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


BENEFIT_COLUMNS = (
    Column("Code", 8),
    Column("Benefit", 30, wrap=True),
    Column("Owner", 15, wrap=True),
    Column("Status", 16, align="center"),
    Column("Latest actual", 10, align="right"),
    Column("As at", 11, align="center"),
    Column("Realisation", 10, align="right"),
    Column("Variance vs plan", 9, align="right"),
    Column("Forecast realisation", 10, align="right"),
    Column("Committed value", 12, align="right"),
    Column("Realised value", 12, align="right"),
    Column("Value at risk", 12, align="right"),
    Column("Next measurement due", 11, align="center"),
    Column("At risk because", 26, wrap=True),
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
        "improvement; draft and cancelled benefits are listed but not in the totals.",
        BENEFIT_COLUMNS,
    )
    row = FIRST_ROW
    for view in data.benefits:
        b, r = view.benefit, view.result
        status = status_label(r.status) + ("" if r.counted else f" ({r.lifecycle})")
        code = write_row(
            ws,
            styles,
            row,
            BENEFIT_COLUMNS,
            [
                (r.code, "link" if r.code in sheet_names else "text"),
                (b.title, "wrap"),
                (view.owner, "wrap"),
                (status, f"status_{r.status}"),
                (r.latest_value, value_look(b.baseline, b.target)),
                (r.latest_date, "date_c"),
                (_pct(r.realisation_pct), "pct"),
                (_pct(r.variance_pct), "pct_signed"),
                (_pct(r.forecast_realisation_pct), "pct"),
                (r.committed_value, "money"),
                (r.realised_value, "money"),
                (r.at_risk_value, "money"),
                (r.next_due, "date_late_c" if r.overdue else "date_c"),
                (reasons_text(r.risk_reasons) if r.at_risk else None, "wrap"),
            ],
        )
        if r.code in sheet_names:
            target = quote_sheetname(sheet_names[r.code])
            code.hyperlink = Hyperlink(ref=code.coordinate, location=f"{target}!A1")
        row += 1
    finish_table(ws, data, styles, BENEFIT_COLUMNS, row - 1, freeze="C5")


CAUSE_COLUMNS = (
    Column("Cause", 34),
    Column("Variance notes", 13, align="right"),
    Column("Value at risk", 16, align="right"),
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
        "by the cause in each at-risk benefit's latest note.",
        CAUSE_COLUMNS,
    )
    causes = list(CAUSE_ORDER)
    causes += sorted(set(t.variance_by_cause) - set(causes) - {UNEXPLAINED})
    causes += sorted(set(t.at_risk_value_by_cause) - set(causes) - {UNEXPLAINED})
    if t.at_risk_value_by_cause.get(UNEXPLAINED):
        causes.append(UNEXPLAINED)
    row = FIRST_ROW
    for cause in causes:
        notes = None if cause == UNEXPLAINED else t.variance_by_cause.get(cause, 0)
        cells = [
            (cause_label(cause), "text"),
            (notes, "count"),
            (t.at_risk_value_by_cause.get(cause, 0.0), "money"),
        ]
        write_row(ws, styles, row, CAUSE_COLUMNS, cells)
        row += 1
    last = row - 1
    put(ws, row, 1, "Total", styles, "total_label")
    put(ws, row, 2, sum(t.variance_by_cause.values()), styles, "count_total")
    put(ws, row, 3, t.at_risk_value, styles, "money_total")
    chart = bar_chart(
        ws,
        title="Value at risk by cause",
        label_col=1,
        value_col=3,
        first_row=FIRST_ROW,
        last_row=last,
        colours=[RISK_COLOUR] * (last - FIRST_ROW + 1),
        number_format=styles.money_format,
    )
    set_widths(ws, [2, *[10] * 8], first=4)
    place(ws, chart, (5, 4, 12, max(19, row + 2)))
    print_setup(
        ws,
        area=f"A1:L{max(row, 19) + 2}",
        fit_height=True,
        footer=f"{data.name} · board pack as of {data.as_of.isoformat()}",
    )
    ws.sheet_view.showGridLines = False


NOTE_COLUMNS = (
    Column("Benefit", 9),
    Column("Title", 30, wrap=True),
    Column("Period", 12, align="center"),
    Column("Cause", 19),
    Column("Explanation", 80, wrap=True),
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
        cells = [
            (note.benefit_code, "text"),
            (note.benefit_title, "wrap"),
            (note.period, "date_c"),
            (cause_label(note.cause), "text"),
            (note.explanation, "wrap"),
        ]
        write_row(ws, styles, row, NOTE_COLUMNS, cells)
        row += 1
    finish_table(ws, data, styles, NOTE_COLUMNS, row - 1, empty="No variance notes.")


ACTION_COLUMNS = (
    Column("Benefit", 9),
    Column("Benefit title", 26, wrap=True),
    Column("Corrective action", 40, wrap=True),
    Column("Owner", 16, wrap=True),
    Column("Due", 12, align="center"),
    Column("Status", 12),
    Column("Outcome", 44, wrap=True),
)
UNDERWAY = ("open", "in progress")


def action_order(action: ActionLine) -> tuple[int, date, str]:
    """Underway first, soonest due first; finished ones after."""
    finished = action.status not in UNDERWAY
    return (int(finished), action.due_date or date.max, action.benefit_code)


def write_actions(ws: Worksheet, data: BoardPackData, styles: StyleBook) -> None:
    t = data.totals
    start_table(
        ws,
        styles,
        "Corrective actions",
        f"Actions on counted benefits: {t.open_actions} underway, {t.overdue_actions} of "
        "them past their due date (in red); finished ones below.",
        ACTION_COLUMNS,
    )
    row = FIRST_ROW
    for action in sorted(data.actions, key=action_order):
        cells = [
            (action.benefit_code, "text"),
            (action.benefit_title, "wrap"),
            (action.title, "wrap"),
            (action.owner, "wrap"),
            (action.due_date, "date_late_c" if action.overdue else "date_c"),
            (action.status.capitalize(), "late" if action.overdue else "text"),
            (action.outcome, "wrap"),
        ]
        write_row(ws, styles, row, ACTION_COLUMNS, cells)
        row += 1
    finish_table(ws, data, styles, ACTION_COLUMNS, row - 1, empty="No corrective actions.")


INDICATOR_COLUMNS = (
    Column("Benefit", 9),
    Column("Leading indicator", 36, wrap=True),
    Column("Unit", 14, wrap=True),
    Column("Baseline", 11, align="right"),
    Column("Target", 11, align="right"),
    Column("Target date", 12, align="center"),
    Column("Latest", 11, align="right"),
    Column("As at", 12, align="center"),
    Column("Realisation", 11, align="right"),
    Column("Variance vs plan", 10, align="right"),
    Column("Status", 13, align="center"),
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
        cells = [
            (line.benefit_code, "text"),
            (f"{r.code} · {line.name}", "wrap"),
            (line.unit, "wrap"),
            (line.baseline, look),
            (line.target, look),
            (line.target_date, "date_c"),
            (r.latest_value, look),
            (r.latest_date, "date_c"),
            (_pct(r.realisation_pct), "pct"),
            (_pct(r.variance_pct), "pct_signed"),
            (status_label(r.status), f"status_{r.status}"),
        ]
        write_row(ws, styles, row, INDICATOR_COLUMNS, cells)
        row += 1
    finish_table(ws, data, styles, INDICATOR_COLUMNS, row - 1, empty="No leading indicators.")


FINDING_COLUMNS = (
    Column("Benefit", 9),
    Column("Title", 30, wrap=True),
    Column("Lifecycle", 11),
    Column("Severity", 10, align="center"),
    Column("Rule", 24),
    Column("Finding", 76, wrap=True),
)


def write_findings(ws: Worksheet, data: BoardPackData, styles: StyleBook) -> None:
    errors = sum(1 for f in data.findings if f.severity == "error")
    warnings = len(data.findings) - errors
    start_table(
        ws,
        styles,
        "Definition findings",
        f"{errors} {'error' if errors == 1 else 'errors'} (these block approval) and "
        f"{warnings} {'warning' if warnings == 1 else 'warnings'} in benefit definitions.",
        FINDING_COLUMNS,
    )
    row = FIRST_ROW
    for finding in data.findings:
        cells = [
            (finding.code, "text"),
            (finding.title, "wrap"),
            (finding.lifecycle, "text"),
            (finding.severity, f"severity_{finding.severity}"),
            (finding.rule.replace("_", " ").capitalize(), "text"),
            (finding.message, "wrap"),
        ]
        write_row(ws, styles, row, FINDING_COLUMNS, cells)
        row += 1
    finish_table(
        ws, data, styles, FINDING_COLUMNS, row - 1, empty="Every benefit is fully defined."
    )
