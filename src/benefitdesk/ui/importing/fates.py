"""The rows of a dry run and their fates, and a rejected row's cells to fix in place.

The fate table lists every row of the registers read (new, changed old → new,
unchanged, skipped), the measurements changed, each re-baseline an approved benefit
would take, and every rejected row with its reason; a filter keeps only the rejected
ones. Selecting a rejected row shows its cells below, editable: what is typed there is
read instead of the file's cell when the file is checked again (`Fixes`), and imported
so; the file itself is never changed.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QSortFilterProxyModel, Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QLabel,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from benefitdesk.exchange.errors import column_letter
from benefitdesk.services.importing import ENTITY_LABELS, ImportReport, RejectedSheet
from benefitdesk.ui.importing.report_models import change_detail, figure_text
from benefitdesk.ui.importing.session import cell_text
from benefitdesk.ui.resources import icon
from benefitdesk.ui.widgets.table import ROW_ROLE, Index, RecordModel, RecordTable

NEW, CHANGED, UNCHANGED, SKIPPED, REJECTED = "New", "Changed", "Unchanged", "Skipped", "Rejected"
REBASELINE = "Re-baseline"
COLOURS = {
    NEW: "#15803d",
    CHANGED: "#1d4ed8",
    UNCHANGED: "#64748b",
    SKIPPED: "#64748b",
    REJECTED: "#b91c1c",
    REBASELINE: "#b45309",
}
_ACTIONS = {"add": NEW, "change": CHANGED, "unchanged": UNCHANGED, "skip": SKIPPED}
_CELL = re.compile(r"([A-Z]+)\d+: (.*)")


@dataclass(frozen=True, slots=True)
class FateRow:
    id: int
    fate: str
    sheet: str
    row: int  # 0 when the fate is not one row's (a measurement changed)
    what: str
    key: str
    detail: str
    rejected: tuple[str, int] | None = None  # (sheet, row) of a rejected row


def fate_rows(report: ImportReport, names: Mapping[str, str] | None = None) -> list[FateRow]:
    """Every row's fate the report knows, rejected rows first."""
    rows: list[FateRow] = []

    def add(
        fate: str,
        sheet: str,
        row: int,
        what: str,
        key: str,
        detail: str,
        rejected: tuple[str, int] | None = None,
    ) -> None:
        rows.append(FateRow(len(rows), fate, sheet, row, what, key, detail, rejected))

    kinds = {s.name: ENTITY_LABELS.get(s.kind or "", "") for s in report.sheets}
    for sheet in report.rejects:
        what = kinds.get(sheet.name, "").capitalize()
        for r in sheet.rows:
            add(REJECTED, r.sheet, r.row, what, cell_text(_first(r.cells)), r.reason,
                (r.sheet, r.row))  # fmt: skip
    for rebaseline in report.rebaselines:
        state = "written as a new plan version" if report.rebaseline else "left as it is"
        add(REBASELINE, rebaseline.sheet, rebaseline.row, "Benefit", rebaseline.code,
            f"{rebaseline} — {state}")  # fmt: skip
    for change in report.changes:
        what = ENTITY_LABELS.get(change.entity, change.entity).capitalize()
        detail = change.reason or change_detail(change, names or {})
        add(_ACTIONS[change.action], change.sheet, change.row, what, change.key, detail)
    for figure in report.figure_changes:
        key = f"{figure.owner_code} {figure.day:%d %b %Y}"
        detail = f"{figure_text(figure.old)} → {figure_text(figure.new)}"
        add(CHANGED, "", 0, "Measurement", key, detail)
    return rows


def _first(cells: tuple[Any, ...]) -> Any:
    return next((c for c in cells if c not in ("", None)), "")


class FateModel(RecordModel):
    COL_FATE, COL_PLACE, COL_WHAT, COL_KEY, COL_DETAIL = range(5)
    HEADERS = ("Fate", "Where", "Record", "Code or name", "Details")

    def display(self, row: FateRow, col: int) -> str:
        place = f"{row.sheet} row {row.row}" if row.row else row.sheet
        return (row.fate, place, row.what, row.key, row.detail)[col]

    def sort_key(self, row: FateRow, col: int) -> Any:
        if col == self.COL_PLACE:
            return (row.sheet, row.row)
        return row.id if col == self.COL_FATE else super().sort_key(row, col)

    def foreground(self, row: FateRow, col: int) -> Any:
        return QColor(COLOURS[row.fate]) if col == self.COL_FATE else None

    def tooltip(self, row: FateRow, col: int) -> str | None:
        return row.detail or None


class FateFilter(QSortFilterProxyModel):
    """Only the rejected rows, when asked."""

    def __init__(self, parent: Any = None):
        super().__init__(parent)
        self.rejected_only = False

    def filterAcceptsRow(self, row: int, parent: Index) -> bool:  # noqa: N802
        if not self.rejected_only:
            return True
        record = self.sourceModel().index(row, 0, parent).data(ROW_ROLE)
        return record is not None and record.fate == REJECTED


# --- a rejected row's cells -----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CellRow:
    id: int  # the 1-based column
    header: str
    value: str
    problem: str
    fixed: bool = False


def cell_rows(
    sheet: RejectedSheet, number: int, fixes: Mapping[tuple[int, int], Any]
) -> list[CellRow]:
    """The cells of rejected row `number`, with their problems and what was typed."""
    found = next((r for r in sheet.rows if r.row == number), None)
    if found is None:
        return []
    problems: dict[str, list[str]] = {}
    for reason in found.reasons:
        match = _CELL.fullmatch(reason)
        if match:
            problems.setdefault(match[1], []).append(match[2])
    width = max(len(found.cells), len(sheet.header))
    rows = []
    for col in range(1, width + 1):
        header = sheet.header[col - 1] if col <= len(sheet.header) else ""
        cell = found.cells[col - 1] if col <= len(found.cells) else ""
        fixed = (number, col) in fixes
        value = cell_text(fixes[(number, col)] if fixed else cell)
        problem = "; ".join(problems.get(column_letter(col - 1), []))
        if header in ("", None) and not value and not problem:
            continue
        rows.append(CellRow(col, cell_text(header), value, problem, fixed))
    return rows


class CellModel(RecordModel):
    """A rejected row's cells; the Value column is editable."""

    COL_COLUMN, COL_HEADER, COL_VALUE, COL_PROBLEM = range(4)
    HEADERS = ("Column", "Header", "Value", "Problem")
    fixed = Signal(int, str)  # (1-based column, the value typed)

    def display(self, row: CellRow, col: int) -> str:
        return (column_letter(row.id - 1), row.header, row.value, row.problem)[col]

    def foreground(self, row: CellRow, col: int) -> Any:
        if col == self.COL_PROBLEM or (col == self.COL_VALUE and row.problem and not row.fixed):
            return QColor("#b91c1c")
        return QColor("#1d4ed8") if col == self.COL_VALUE and row.fixed else None

    def tooltip(self, row: CellRow, col: int) -> str | None:
        if col == self.COL_VALUE:
            return "Type the right value; Check Again reads it instead of the file's"
        return row.problem or None

    def flags(self, index: Index) -> Qt.ItemFlag:
        flags = super().flags(index)
        if index.isValid() and index.column() == self.COL_VALUE:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.EditRole and index.isValid():
            return self.row_at(index.row()).value
        return super().data(index, role)

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        if role != Qt.ItemDataRole.EditRole or index.column() != self.COL_VALUE:
            return False
        row = self.row_at(index.row())
        text = str(value)
        if text == row.value:
            return False
        self._rows[index.row()] = CellRow(row.id, row.header, text, row.problem, True)
        self.dataChanged.emit(index, self.index(index.row(), self.COL_PROBLEM))
        self.fixed.emit(row.id, text)
        return True


# --- the tab ------------------------------------------------------------------------------


class RowsTab(QWidget):
    """The fate table over a rejected row's cells. `fixed(sheet, row, column, value)`
    when a cell is typed; `recheck` to check the file again with the fixes."""

    fixed = Signal(str, int, int, str)
    recheck = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.report: ImportReport | None = None
        self.fixes: Mapping[str, Mapping[tuple[int, int], Any]] = {}
        self.model = FateModel(self)
        self.table = RecordTable(
            "Rows",
            self.model,
            self,
            empty="No rows were read.",
            widths=(90, 150, 110, 130),
        )
        self.filter = FateFilter(self)
        self.filter.setSourceModel(self.model)
        self.filter.setSortRole(self.table.proxy.sortRole())
        self.table.proxy = self.filter
        self.table.view.setModel(self.filter)
        self.table.view.selectionModel().currentRowChanged.connect(self._selected)
        self.table.title.setText("Each row's fate: what the import would do with it.")
        self.rejected_only = QCheckBox("&Rejected only", self)
        self.rejected_only.toggled.connect(self._filter)
        self.table.bar.addWidget(self.rejected_only)

        self.cell_model = CellModel(self)
        self.cell_model.fixed.connect(self._typed)
        self.cells = RecordTable(
            "Cells", self.cell_model, self, empty="", widths=(60, 170, 170), stretch=3
        )
        self.cells.view.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        self.cells.view.setSortingEnabled(False)
        self.cells.title.setText("Select a rejected row to fix its cells here.")
        self.check_button = QPushButton(icon("sync"), "Check &Fixes", self)
        self.check_button.setToolTip("Check the file again, reading the values typed here")
        self.check_button.clicked.connect(self.recheck)
        self.cells.bar.addWidget(self.check_button)
        self.hint = QLabel(self)
        self.hint.setStyleSheet("color: #475569;")

        split = QSplitter(Qt.Orientation.Vertical, self)
        split.addWidget(self.table)
        split.addWidget(self.cells)
        split.setChildrenCollapsible(False)
        split.setSizes([210, 190])
        self.cells.view.setMinimumHeight(5 * 24 + 28)  # a row's cells, not a sliver
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(split, 1)
        layout.addWidget(self.hint)
        self.current: tuple[str, int] | None = None
        self._show_cells(None)

    def show_report(
        self,
        report: ImportReport,
        fixes: Mapping[str, Mapping[tuple[int, int], Any]],
        names: Mapping[str, str] | None = None,
    ) -> None:
        self.report, self.fixes = report, fixes
        rows = fate_rows(report, names)
        self.model.set_rows(rows)
        self.rejected_only.setEnabled(any(r.fate == REJECTED for r in rows))
        figures = sum(report.counts[k].added for k in ("measurements", "indicator_measurements")
                      if k in report.counts)  # fmt: skip
        self.hint.setText(
            f"New figures are counted above, not listed ({figures:,})." if figures else ""
        )
        self._show_cells(None)

    def _filter(self, on: bool) -> None:
        self.filter.rejected_only = on
        self.filter.invalidate()

    def _selected(self, *_args: Any) -> None:
        row = self.table.current_row()
        self._show_cells(row.rejected if row is not None else None)

    def _show_cells(self, rejected: tuple[str, int] | None) -> None:
        self.current = rejected
        sheet = None
        if rejected is not None and self.report is not None:
            sheet = next((s for s in self.report.rejects if s.name == rejected[0]), None)
        if sheet is None or rejected is None:
            self.cell_model.set_rows([])
            self.cells.title.setText("Select a rejected row to fix its cells here.")
            self.check_button.setEnabled(bool(self.fixes))
            return
        fixes = self.fixes.get(sheet.name, {})
        cells = cell_rows(sheet, rejected[1], fixes)
        self.cell_model.set_rows(cells)
        wrong = next((i for i, c in enumerate(cells) if c.problem), None)
        if wrong is not None:  # the cell at fault, ready to type over
            index = self.cells.proxy.mapFromSource(
                self.cell_model.index(wrong, CellModel.COL_VALUE)
            )
            self.cells.view.setCurrentIndex(index)
            self.cells.view.scrollTo(index)
        self.cells.title.setText(
            f"<b>{sheet.name} row {rejected[1]}</b>: type the right value, then Check Fixes."
        )
        self.check_button.setEnabled(True)

    def _typed(self, column: int, value: str) -> None:
        if self.current is not None:
            self.fixed.emit(self.current[0], self.current[1], column, value)
            self.check_button.setEnabled(True)
