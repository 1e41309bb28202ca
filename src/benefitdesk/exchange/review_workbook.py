"""The benefits review workbook: one page per benefit, printed A4 landscape.

Each page reads top to bottom as a review meeting does: key figures beside a native
chart of planned against realised over time, the recommendation, lessons, then the
evidence: plan versions (the original baseline and every re-baseline with its
reason), variance causes, actions and their outcomes, earlier reviews, and the dated
figures the chart draws. A review of several benefits (a project) starts with a
summary page. User text is always written as text, never as a formula.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.worksheet.worksheet import Worksheet

from benefitdesk.analysis.types import BenefitResult
from benefitdesk.atomic import atomic_path
from benefitdesk.exchange.review_chart import add_timeline_chart
from benefitdesk.exchange.workbook_writer import fit_to_page_width, new_workbook, set_text
from benefitdesk.present.formats import day, excel_money_format
from benefitdesk.present.vocabulary import STATUS_LABELS

DATE_FORMAT = "dd mmm yyyy"
NUMBER_FORMAT = "#,##0.##"
PERCENT_FORMAT = '0.0"%"'
#: Column widths (characters): labels, then numbers and dates, then long text in F.
WIDTHS = {"A": 30, "B": 15, "C": 15, "D": 15, "E": 15, "F": 44}
LAST = "F"
CHART_ROWS = 14

_TITLE = Font(size=15, bold=True, color="1F4E78")
_SUBTITLE = Font(size=10, color="595959")
_HEADING = Font(size=11, bold=True, color="FFFFFF")
_HEADING_FILL = PatternFill("solid", fgColor="1F4E78")
_HEADER = Font(bold=True, color="1F4E78")
_HEADER_BORDER = Border(bottom=Side(style="thin", color="1F4E78"))
_DECISION_FILL = PatternFill("solid", fgColor="FFF2CC")
_WRAP = Alignment(wrap_text=True, vertical="top")
_TOP = Alignment(vertical="top")
_LEFT = Alignment(horizontal="left", vertical="top")
_INDENTED = Alignment(horizontal="left", vertical="top", indent=1)
_WRAP_INDENTED = Alignment(wrap_text=True, vertical="top", indent=1)  # text after numbers
_LINE_HEIGHT = 15  # points per line of 11 pt text


@dataclass(frozen=True, slots=True)
class VersionRow:
    version: int
    created: date | None
    reason: str | None
    points: int
    at_target: float | None  # what this version planned for the target date


@dataclass(frozen=True, slots=True)
class NoteRow:
    period: date
    cause: str
    explanation: str | None


@dataclass(frozen=True, slots=True)
class ActionRow:
    title: str
    owner: str | None
    due: date | None
    status: str
    done: date | None
    outcome: str | None


@dataclass(frozen=True, slots=True)
class PastReview:
    reviewed_on: date
    decision: str
    continue_until: date | None
    by: str | None
    note: str | None


@dataclass(frozen=True, slots=True)
class Proposal:
    """The recommendation for one benefit: a decision, a new date to continue to, why."""

    decision: str
    continue_until: date | None = None
    note: str = ""


@dataclass(frozen=True)
class ReviewSheet:
    """Everything one benefit's page shows (plain values)."""

    code: str
    title: str
    project: str | None
    owner: str | None
    kind: str
    measure: str | None
    unit: str | None
    baseline: float | None
    baseline_date: date | None
    target: float | None
    target_date: date | None
    financial_value: float | None
    lifecycle: str
    result: BenefitResult
    timeline: list[tuple[Any, ...]]  # (date, actual, current plan, original plan, target)
    versions: list[VersionRow] = field(default_factory=list)
    notes: list[NoteRow] = field(default_factory=list)
    actions: list[ActionRow] = field(default_factory=list)
    past_reviews: list[PastReview] = field(default_factory=list)


class _Page:
    """Writes one page top to bottom; ``row`` is the next free row."""

    def __init__(self, ws: Worksheet, money_format: str) -> None:
        self.ws, self.money, self.row = ws, money_format, 1
        for letter, width in WIDTHS.items():
            ws.column_dimensions[letter].width = width

    def text(self, col: str, value: str | None, **style: Any) -> Any:
        cell = self.ws[f"{col}{self.row}"]
        if value is not None:
            set_text(cell, value)
        cell.alignment = _TOP
        for key, setting in style.items():
            setattr(cell, key, setting)
        return cell

    def value(self, col: str, value: Any, number_format: str | None = None) -> Any:
        cell = self.ws[f"{col}{self.row}"]
        cell.value = value
        cell.alignment = _TOP
        if isinstance(value, date):
            cell.number_format = DATE_FORMAT
            cell.alignment = _LEFT  # dates line up with their heading and the text
        elif number_format and value is not None:
            cell.number_format = number_format
        return cell

    def heading(self, text: str) -> None:
        self.row += 1
        for col in WIDTHS:
            self.ws[f"{col}{self.row}"].fill = _HEADING_FILL
        self.text("A", text, font=_HEADING)
        self.row += 1

    def paragraph(self, text: str, first: str = "A") -> None:
        """Long text across ``first``..F, the row tall enough to show it all."""
        self.ws.merge_cells(f"{first}{self.row}:{LAST}{self.row}")
        self.text(first, text, alignment=_WRAP)
        self.wrap_row(first, merged=True)
        self.row += 1

    def header(self, *names: str, numbers: str = "", indented: str = "F") -> None:
        """Column headings; those of the columns in ``numbers`` right-aligned, as their
        figures are, those in ``indented`` set off from the figures before them."""
        for col, name in zip(WIDTHS, names, strict=False):
            if name:
                cell = self.text(col, name, font=_HEADER, border=_HEADER_BORDER)
                if col in numbers:
                    cell.alignment = Alignment(horizontal="right", vertical="top")
                elif col in indented:
                    cell.alignment = _INDENTED
        self.row += 1

    def wrap_row(self, *cols: str, merged: bool = False) -> None:
        """Make the current row tall enough for the wrapped text in ``cols`` (a merged
        cell spans from its column to F)."""
        lines = 1
        for col in cols:
            width = sum(WIDTHS[c] for c in WIDTHS if c >= col) if merged else WIDTHS[col]
            text = str(self.ws[f"{col}{self.row}"].value or "")
            lines = max(lines, _lines(text, width))
        if lines > 1:
            self.ws.row_dimensions[self.row].height = _LINE_HEIGHT * lines


def _lines(text: str, width: float) -> int:
    """Lines ``text`` wraps to in a column ``width`` characters wide (roughly: a column
    holds about 1.2 of its width in average characters)."""
    per_line = max(1, int(width * 1.2))
    return sum(max(1, -(-len(part) // per_line)) for part in text.split("\n"))


def _pct(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


def _key_figures(page: _Page, s: ReviewSheet) -> int:
    """The figures block in A:B; returns the first row it used."""
    r = s.result
    rows: list[tuple[str, Any, str | None]] = [
        ("Baseline", s.baseline, NUMBER_FORMAT),
        ("Baseline date", s.baseline_date, None),
        ("Target", s.target, NUMBER_FORMAT),
        ("Target date", s.target_date, None),
        ("Latest figure", r.latest_value, NUMBER_FORMAT),
        ("Latest figure dated", r.latest_date, None),
        ("Realised (% of the improvement)", _pct(r.realisation_pct), PERCENT_FORMAT),
        ("Variance against plan", _pct(r.variance_pct), PERCENT_FORMAT),
        ("Forecast at target date (%)", _pct(r.forecast_realisation_pct), PERCENT_FORMAT),
        ("Status", STATUS_LABELS[r.status], None),
        ("Financial value committed", s.financial_value, page.money),
        ("Financial value realised", r.realised_value, page.money),
    ]
    first = page.row
    for label, value, fmt in rows:
        page.text("A", label, font=Font(color="595959"))
        if isinstance(value, str) or value is None:
            page.text("B", value or "—", alignment=_LEFT)
        else:
            page.value("B", value, fmt).alignment = _LEFT
        page.row += 1
    return first


def _recommendation(page: _Page, proposal: Proposal | None) -> None:
    page.heading("Recommendation")
    if proposal is None:
        page.text("A", "No recommendation yet.")
        page.row += 1
        return
    page.text("A", "Decision", font=Font(color="595959"))
    page.ws.merge_cells(f"B{page.row}:{LAST}{page.row}")
    page.text("B", proposal.decision.capitalize(), font=Font(bold=True), fill=_DECISION_FILL)
    page.row += 1
    if proposal.continue_until:
        page.text("A", "Continue tracking until", font=Font(color="595959"))
        page.value("B", proposal.continue_until)
        page.row += 1
    if proposal.note.strip():
        page.text("A", "Why", font=Font(color="595959"))
        page.paragraph(proposal.note.strip(), first="B")


def _versions(page: _Page, s: ReviewSheet) -> None:
    page.heading("Original baseline and current plan: every plan version")
    if not s.versions:
        page.text("A", "No plan was saved: the plan is the straight line baseline → target.")
        page.row += 1
        return
    page.header("Version", "Saved on", "Points", "At target", "Change", "Reason", numbers="CDE")
    original = s.versions[0].at_target
    for v in s.versions:
        label = f"{v.version} (original)" if v.version == 1 else f"{v.version}"
        if v is s.versions[-1] and len(s.versions) > 1:
            label += " (current)"
        page.text("A", label)
        page.value("B", v.created)
        page.value("C", v.points)
        page.value("D", v.at_target, NUMBER_FORMAT)
        change = None if original is None or v.at_target is None else v.at_target - original
        page.value("E", change, "+#,##0.##;-#,##0.##;0")
        page.text("F", v.reason or "", alignment=_WRAP_INDENTED)
        page.wrap_row("F")
        page.row += 1


def _notes(page: _Page, s: ReviewSheet) -> None:
    page.heading("Variance causes")
    if not s.notes:
        page.text("A", "No variance was explained.")
        page.row += 1
        return
    page.header("Period", "Cause", "", "Explanation", indented="")
    for n in s.notes:
        page.value("A", n.period)
        page.ws.merge_cells(f"B{page.row}:C{page.row}")
        page.text("B", n.cause)
        page.ws.merge_cells(f"D{page.row}:{LAST}{page.row}")
        page.text("D", n.explanation or "", alignment=_WRAP)
        page.wrap_row("D", merged=True)
        page.row += 1


def _actions(page: _Page, s: ReviewSheet) -> None:
    page.heading("Corrective actions and their outcomes")
    if not s.actions:
        page.text("A", "No corrective action was recorded.")
        page.row += 1
        return
    page.header("Action", "Owner", "Due", "Status", "Done", "Outcome")
    for a in s.actions:
        page.text("A", a.title, alignment=_WRAP)
        page.text("B", a.owner or "—", alignment=_TOP)
        page.value("C", a.due)
        page.text("D", a.status, alignment=_TOP)
        page.value("E", a.done)
        page.text("F", a.outcome or "", alignment=_WRAP_INDENTED)
        page.wrap_row("A", "F")
        page.row += 1


def _past(page: _Page, s: ReviewSheet) -> None:
    if not s.past_reviews:
        return
    page.heading("Earlier reviews")
    page.header("Reviewed on", "Decision", "", "Continue until", "By", "Why")
    for p in s.past_reviews:
        page.value("A", p.reviewed_on)
        page.text("B", p.decision)
        page.value("D", p.continue_until)
        page.text("E", p.by or "")
        page.text("F", p.note or "", alignment=_WRAP_INDENTED)
        page.row += 1


def _timeline(page: _Page, s: ReviewSheet) -> tuple[int, int]:
    """The chart's figures; returns their first and last rows."""
    page.heading("Planned against realised: the figures the chart draws")
    page.header("Date", "Actual", "Current plan", "Original plan", "Target", numbers="BCDE")
    first = page.row
    for when, actual, plan, original, target in s.timeline:
        page.value("A", when)
        for col, value in zip("BCDE", (actual, plan, original, target), strict=True):
            page.value(col, value, NUMBER_FORMAT)
        page.row += 1
    return first, page.row - 1


def _lessons(page: _Page, lessons: str) -> None:
    page.heading("Lessons for future business cases")
    page.paragraph(lessons.strip() or "None recorded yet.")


def _benefit_page(
    wb: Workbook,
    s: ReviewSheet,
    proposal: Proposal | None,
    context: str,
    money: str,
    lessons: str | None,
) -> None:
    ws = wb.create_sheet(s.code[:31].translate(str.maketrans("[]:*?/\\", "-------")))
    page = _Page(ws, money)
    page.text("A", f"Benefits review — {s.code} {s.title}", font=_TITLE)
    page.row += 1
    bits = [s.project, f"owner {s.owner}" if s.owner else "no owner", f"lifecycle {s.lifecycle}"]
    page.text("A", " · ".join(b for b in [context, *bits] if b), font=_SUBTITLE)
    page.row += 1
    unit = f" ({s.unit})" if s.unit else ""
    page.text("A", f"Measure: {s.measure or s.title}{unit} · {s.kind}", font=_SUBTITLE)
    page.row += 1
    page.heading("Key figures and planned against realised over time")
    chart_row = _key_figures(page, s)
    page.row = max(page.row, chart_row + CHART_ROWS)
    _recommendation(page, proposal)
    if lessons is not None:
        _lessons(page, lessons)
    _versions(page, s)
    _notes(page, s)
    _actions(page, s)
    _past(page, s)
    first, last = _timeline(page, s)
    if last >= first:
        add_timeline_chart(ws, first, last, anchor=f"C{chart_row}", unit=s.unit)
    _print_setup(ws, s.code)


def _summary_page(
    wb: Workbook,
    sheets: Sequence[ReviewSheet],
    proposals: dict[str, Proposal],
    title: str,
    context: str,
    lessons: str,
) -> None:
    ws = wb.create_sheet("Summary", 0)
    page = _Page(ws, "")
    page.text("A", title, font=_TITLE)
    page.row += 1
    page.text("A", f"{context} · {len(sheets)} benefits", font=_SUBTITLE)
    page.row += 2
    page.header(
        "Benefit",
        "Realised",
        "Status",
        "Owner",
        "Continue until",
        "Recommendation",
        numbers="B",
        indented="C",
    )
    for s in sheets:
        proposal = proposals.get(s.code)
        page.text("A", f"{s.code} {s.title}", alignment=_WRAP)
        page.value("B", _pct(s.result.realisation_pct), PERCENT_FORMAT)
        page.text("C", STATUS_LABELS[s.result.status]).alignment = _INDENTED
        page.text("D", s.owner or "—")
        page.value("E", proposal.continue_until if proposal else None)
        page.text("F", proposal.decision.capitalize() if proposal else "—")
        page.wrap_row("A")
        page.row += 1
    _lessons(page, lessons)
    _print_setup(ws, "Summary")


def _print_setup(ws: Worksheet, name: str) -> None:
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    fit_to_page_width(ws)
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.4
    footer = ws.oddFooter
    assert footer is not None and footer.center is not None  # a sheet has them
    footer.center.text = f"{name} — page &P of &N"
    ws.sheet_view.showGridLines = False


def write_review_workbook(
    path: str | os.PathLike[str],
    *,
    portfolio: str,
    currency: str,
    as_of: date,
    sheets: Sequence[ReviewSheet],
    proposals: dict[str, Proposal],
    lessons: str = "",
    reviewer: str | None = None,
) -> Path:
    """Write the review to ``path`` (replaced only once complete); returns the path."""
    target = Path(path)
    wb, first = new_workbook()
    wb.remove(first)
    by = f" by {reviewer}" if reviewer else ""
    context = f"{portfolio} · reviewed {day(as_of)}{by}"
    money = excel_money_format(currency)
    single = len(sheets) == 1  # else the lessons go on the summary page, once
    for s in sheets:
        _benefit_page(wb, s, proposals.get(s.code), context, money, lessons if single else None)
    if not single:
        projects = {s.project for s in sheets}
        scope = projects.pop() if len(projects) == 1 and None not in projects else portfolio
        _summary_page(wb, sheets, proposals, f"Benefits review — {scope}", context, lessons)
    wb.properties.title = f"{portfolio} — benefits review {as_of.isoformat()}"
    wb.properties.creator = "BenefitDesk"
    with atomic_path(target) as partial:
        wb.save(partial)
    return target
