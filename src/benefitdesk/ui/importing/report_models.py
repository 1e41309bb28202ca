"""Table models of what a dry run (or an import) found: counts per kind of row, the
problems at their cells, and the rows that change."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from PySide6.QtGui import QColor

from benefitdesk.exchange.errors import Problem
from benefitdesk.services.importing import ENTITY_LABELS, ImportReport, RowChange
from benefitdesk.ui.context import PortfolioContext
from benefitdesk.ui.resources import icon
from benefitdesk.ui.widgets.table import RecordModel

RED, GREEN, MUTED = "#b91c1c", "#15803d", "#64748b"
_CELL = re.compile(r"([A-Z]+)(\d+)")
#: Fields holding a person's or a project's id, shown by name or code.
PERSON_FIELDS = frozenset({"owner_id", "sponsor_id", "manager_id", "person_id"})


@dataclass(frozen=True, slots=True)
class CountRow:
    id: int
    kind: str
    what: str
    added: int
    changed: int
    unchanged: int
    rejected: int
    skipped: int = 0


def count_rows(report: ImportReport) -> list[CountRow]:
    """One row per kind of record the file holds, in the order the import applies them."""
    rows = []
    for i, (kind, name) in enumerate(ENTITY_LABELS.items()):
        t = report.counts.get(kind)
        if t is None or not (t.added or t.changed or t.unchanged or t.rejected or t.skipped):
            continue
        rows.append(
            CountRow(
                i, kind, name.capitalize(), t.added, t.changed, t.unchanged, t.rejected, t.skipped
            )
        )
    return rows


class CountModel(RecordModel):
    COL_WHAT, COL_ADDED, COL_CHANGED, COL_UNCHANGED, COL_SKIPPED, COL_REJECTED = range(6)
    HEADERS = ("Records", "Added", "Changed", "Unchanged", "Skipped", "Rejected")
    NUMERIC = frozenset({COL_ADDED, COL_CHANGED, COL_UNCHANGED, COL_SKIPPED, COL_REJECTED})

    def display(self, row: CountRow, col: int) -> str:
        if col == self.COL_WHAT:
            return row.what
        value = (row.added, row.changed, row.unchanged, row.skipped, row.rejected)[col - 1]
        return f"{value:,}"

    def sort_key(self, row: CountRow, col: int) -> Any:
        if col == self.COL_WHAT:
            return row.id
        return (row.added, row.changed, row.unchanged, row.skipped, row.rejected)[col - 1]

    def foreground(self, row: CountRow, col: int) -> Any:
        if col == self.COL_REJECTED and row.rejected:
            return QColor(RED)
        if col == self.COL_ADDED and row.added:
            return QColor(GREEN)
        return None


# --- problems ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ProblemRow:
    id: int
    error: bool
    place: str  # Benefits!H7, or the sheet (or file) alone
    message: str
    order: str  # sheet, then row, then column: "B10" after "B9", not before

    @property
    def text(self) -> str:
        return f"{self.place}: {self.message}"


def _column_number(letters: str) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - 64
    return number


def _order(problem: Problem) -> str:
    row = col = 0
    found = _CELL.fullmatch(problem.cell or "")
    if found:
        col, row = _column_number(found.group(1)), int(found.group(2))
    return f"{problem.sheet.casefold()}\x00{row:09d}{col:06d}"


def problem_rows(problems: list[Problem]) -> list[ProblemRow]:
    rows = []
    for i, p in enumerate(problems):
        place = f"{p.sheet}!{p.cell}" if p.cell else p.sheet
        rows.append(ProblemRow(i, p.is_error, place, p.message, _order(p)))
    return rows


class ProblemModel(RecordModel):
    COL_SEVERITY, COL_PLACE, COL_MESSAGE = range(3)
    HEADERS = ("", "Where", "Problem")

    def display(self, row: ProblemRow, col: int) -> str:
        match col:
            case self.COL_SEVERITY:
                return "Error" if row.error else "Warning"
            case self.COL_PLACE:
                return row.place
            case self.COL_MESSAGE:
                return row.message
        return ""

    def sort_key(self, row: ProblemRow, col: int) -> Any:
        if col == self.COL_SEVERITY:
            return f"{0 if row.error else 1}{row.order}\x00{row.id:09d}"
        if col == self.COL_PLACE:
            return f"{row.order}\x00{row.id:09d}"
        return super().sort_key(row, col)

    def decoration(self, row: ProblemRow, col: int) -> Any:
        if col == self.COL_SEVERITY:
            return icon("error" if row.error else "warning")
        return None

    def foreground(self, row: ProblemRow, col: int) -> Any:
        return QColor(RED) if row.error and col == self.COL_SEVERITY else None

    def tooltip(self, row: ProblemRow, col: int) -> str | None:
        return row.text


def person_names(context: PortfolioContext) -> dict[str, str]:
    """ "owner_id:3" → "Alice Chen" (and projects by code), for the changes listed."""
    snapshot = context.report.snapshot
    names: dict[str, str] = {}
    for person_id, person in snapshot.people.items():
        for name in ("owner_id", "sponsor_id", "manager_id", "person_id"):
            names[f"{name}:{person_id}"] = person.name
    for project_id, project in snapshot.projects.items():
        names[f"project_id:{project_id}"] = project.code
    return names


# --- changes --------------------------------------------------------------------------------


def _value(text: str | None, field: str, names: Mapping[str, str]) -> str:
    if text is None or text == "":
        return "—"
    if field in PERSON_FIELDS or field == "project_id":
        return names.get(f"{field}:{text}", text)
    try:
        number = float(text)
    except ValueError:
        return text
    return str(int(number)) if number.is_integer() and abs(number) < 1e15 else text


def figure_text(value: tuple[float, str | None, str]) -> str:
    """A figure (value, note, source) as the fate table shows it."""
    number, note, _source = value
    text = str(int(number)) if float(number).is_integer() else repr(number)
    return f"{text} ({note})" if note else text


def change_detail(change: RowChange, names: Mapping[str, str]) -> str:
    """ "Target: 24 → 26; Owner: Alice Chen → Bob Day". `names` maps "owner_id:3" (and
    project_id:…) to what people know them by."""
    return "; ".join(
        f"{f.field.removesuffix('_id').replace('_', ' ').capitalize()}: "
        f"{_value(f.old, f.field, names)} → {_value(f.new, f.field, names)}"
        for f in change.fields
    )
