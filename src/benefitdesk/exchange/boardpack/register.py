"""The appendix's list sheets: the benefit register and the definition findings.

Each fills its own sheet: a title, a line saying what it counts (so a page torn out of
the printed pack still makes sense), one header row that repeats on every printed page,
filters and frozen panes for those who read it on screen.
"""

from __future__ import annotations

from benefitdesk.exchange.boardpack.data import BoardPackData, FindingLine
from benefitdesk.exchange.boardpack.looks import (
    Sheet,
    fraction,
    reasons_text,
    status_label,
)
from benefitdesk.exchange.boardpack.pages import footer, print_setup
from benefitdesk.exchange.boardpack.tables import Table, fields_in_a_row
from benefitdesk.present.formats import day

HEADER_ROW = 3
REGISTER_COLUMNS = (
    ("Code", "left", False, 8),
    ("Benefit", "left", True, 22),
    ("Owner", "left", True, 12),
    ("Status", "center", True, 11),
    ("Realisation", "right", False, 12.5),
    ("Variance vs plan", "right", False, 10.5),
    ("Forecast realisation", "right", False, 12),
    ("Committed value", "right", False, 12.5),
    ("Realised value", "right", False, 12),
    ("Value at risk", "right", False, 12),
    ("Next figure due", "center", False, 11),
    ("Needs attention because", "left", True, 17),
)
FINDING_COLUMNS = (
    ("Benefit", "left", False, 9),
    ("Title", "left", True, 26),
    ("Lifecycle", "left", False, 10),
    ("Severity", "center", False, 10),
    ("Rule", "left", False, 22),
    ("Finding", "left", True, 46),
)


def _start(sheet: Sheet, title: str, subtitle: str, table: Table) -> int:
    last = len(sheet.widths) - 1
    sheet.put(0, 0, title, "title")
    sheet.height(0, 24)
    sheet.span(1, 0, last, subtitle, "subtitle")
    sheet.fit(1, [(subtitle, 0, last, "subtitle")], 15)
    return table.section(HEADER_ROW)


def _finish(sheet: Sheet, data: BoardPackData, last_row: int, freeze_col: int) -> None:
    last = len(sheet.widths) - 1
    if last_row > HEADER_ROW:
        sheet.ws.autofilter(HEADER_ROW, 0, last_row - 1, last)
    sheet.ws.freeze_panes(HEADER_ROW + 1, freeze_col)
    print_setup(
        sheet,
        footer=footer(data),
        paper=data.paper,
        repeat=(HEADER_ROW, HEADER_ROW),
        area=(0, 0, max(last_row, HEADER_ROW + 1), last),
        gridlines=True,
    )


def write_register(sheet: Sheet, data: BoardPackData, sheet_names: dict[str, str]) -> None:
    """One row per benefit, status in its colour, the code linked to its sheet."""
    assert data.appendix is not None
    table = Table(sheet, fields_in_a_row([c[:3] for c in REGISTER_COLUMNS]))
    row = _start(
        sheet,
        "Benefit register",
        f"Every benefit in this pack as of {day(data.as_of)}. Percentages are of the "
        "committed improvement; draft and cancelled benefits are listed but not in the totals.",
        table,
    )
    for view in data.appendix.benefits:
        r = view.result
        status = status_label(r.status, r.lifecycle)
        reasons = reasons_text(r.risk_reasons) if r.at_risk else None
        next_row = table.row(
            row,
            [
                (None, "text"),
                (view.benefit.title, "wrap"),
                (view.owner, "wrap"),
                (status, f"status_{r.status}"),
                (fraction(r.realisation_pct), "pct"),
                (fraction(r.variance_pct), "pct_signed"),
                (fraction(r.forecast_realisation_pct), "pct"),
                (r.committed_value, "money"),
                (r.realised_value, "money"),
                (r.at_risk_value, "money"),
                (r.next_due, "date_late_c" if r.overdue else "date_c"),
                (reasons, "wrap"),
            ],
        )
        if r.code in sheet_names:
            sheet.link(row, 0, sheet_names[r.code], r.code)
        else:
            sheet.put(row, 0, r.code, "text")
        row = next_row
    _finish(sheet, data, row, freeze_col=2)


def _finding_cells(finding: FindingLine) -> list[tuple[object, str]]:
    return [
        (finding.code, "text"),
        (finding.title, "wrap"),
        (finding.lifecycle, "text"),
        (finding.severity, f"severity_{finding.severity}"),
        (finding.rule.replace("_", " ").capitalize(), "text"),
        (finding.message, "wrap"),
    ]


def write_findings(sheet: Sheet, data: BoardPackData) -> None:
    assert data.appendix is not None
    findings = data.appendix.findings
    errors = sum(1 for f in findings if f.severity == "error")
    warnings = len(findings) - errors
    table = Table(sheet, fields_in_a_row([c[:3] for c in FINDING_COLUMNS]))
    row = _start(
        sheet,
        "Definition findings",
        f"{errors} {'error' if errors == 1 else 'errors'} (these block approval) and "
        f"{warnings} {'warning' if warnings == 1 else 'warnings'} in the definitions of the "
        "benefits in this pack.",
        table,
    )
    for finding in findings:
        row = table.row(row, _finding_cells(finding))
    if not findings:
        row = table.note(row, "Every benefit is fully defined.")
    _finish(sheet, data, row, freeze_col=1)


def widths(columns: tuple[tuple[str, str, bool, float], ...]) -> list[float]:
    return [c[3] for c in columns]
