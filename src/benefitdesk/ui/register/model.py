"""The portfolio register: every benefit as a row of a QAbstractTableModel.

Rows are plain objects built once from the report (no per-row queries); sorting is
done by the proxy on raw values in ``SORT_ROLE``, so Qt compares in C++.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from benefitdesk.analysis.types import Status, Thresholds
from benefitdesk.present.formats import day, pct
from benefitdesk.present.vocabulary import NEEDS_ATTENTION, status_label
from benefitdesk.ui.register.filters import RegisterFilter
from benefitdesk.ui.register.model_rows import RegisterRow, rows_from_report
from benefitdesk.ui.style import ATTENTION_COLOUR, OVERDUE_COLOUR, status_icon, variance_colour

__all__ = ["ROW_ROLE", "SORT_ROLE", "RegisterModel", "RegisterRow", "rows_from_report"]

ROW_ROLE = Qt.ItemDataRole.UserRole + 1
SORT_ROLE = Qt.ItemDataRole.UserRole + 2

Index = QModelIndex | QPersistentModelIndex


class RegisterModel(QAbstractTableModel):
    COL_CODE, COL_TITLE, COL_PROJECT, COL_OWNER, COL_STATUS = range(5)
    COL_REALISATION, COL_VARIANCE, COL_FORECAST, COL_DUE, COL_ATTENTION = range(5, 10)
    HEADERS = (
        "Code", "Title", "Project", "Owner", "Status",
        "Real. %", "Var. %", "Fcst %", "Next due", NEEDS_ATTENTION,
    )  # fmt: skip
    NUMERIC = frozenset({COL_REALISATION, COL_VARIANCE, COL_FORECAST})

    def __init__(self, parent: Any = None):
        super().__init__(parent)
        self._all: list[RegisterRow] = []  # every benefit, sorted
        self._rows: list[RegisterRow] = []  # the ones the filter lets through
        self._by_id: dict[int, int] = {}
        self._sort: tuple[int, Qt.SortOrder] = (self.COL_CODE, Qt.SortOrder.AscendingOrder)
        self.filter = RegisterFilter()
        self.thresholds = Thresholds()  # the portfolio's, for colouring variances

    # -- content ------------------------------------------------------------
    def set_rows(self, rows: list[RegisterRow]) -> None:
        self.beginResetModel()
        self._all = self._sorted(rows)
        self._apply_filter()
        self.endResetModel()

    def update_rows(self, rows: list[RegisterRow]) -> None:
        """Update rows in place when the visible benefits are unchanged, else reset."""
        ordered = self._sorted(rows)
        visible = [r for r in ordered if self.filter.accepts(r)]
        if [r.benefit_id for r in visible] != [r.benefit_id for r in self._rows]:
            self.set_rows(rows)
            return
        changed = [i for i, (old, new) in enumerate(zip(self._rows, visible, strict=True))
                   if old != new]  # fmt: skip
        self._all, self._rows = ordered, visible
        for i in changed:
            self.dataChanged.emit(self.index(i, 0), self.index(i, self.columnCount() - 1))

    def set_filter(self, **changes: Any) -> None:
        """Change filter criteria (see RegisterFilter) and show the rows that pass."""
        for key, value in changes.items():
            setattr(self.filter, key, value)
        self.beginResetModel()
        self._apply_filter()
        self.endResetModel()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort in Python with precomputed keys: 10,000 rows in milliseconds, where a
        proxy calling ``data()`` for every comparison takes over a second."""
        self._sort = (column, order)
        self.layoutAboutToBeChanged.emit()
        persistent = self.persistentIndexList()
        ids = [self._rows[i.row()].benefit_id for i in persistent]
        self._all = self._sorted(self._all)
        self._apply_filter()
        moved = [
            self.index(self._by_id[b], i.column()) for b, i in zip(ids, persistent, strict=True)
        ]
        self.changePersistentIndexList(persistent, moved)
        self.layoutChanged.emit()

    def _apply_filter(self) -> None:
        accepts = self.filter.accepts
        self._rows = [r for r in self._all if accepts(r)] if self.filter.active() else self._all
        self._by_id = {r.benefit_id: i for i, r in enumerate(self._rows)}

    def _sorted(self, rows: list[RegisterRow]) -> list[RegisterRow]:
        column, order = self._sort
        descending = order == Qt.SortOrder.DescendingOrder
        return sorted(rows, key=lambda r: self._sort_key(r, column), reverse=descending)

    def row_of(self, benefit_id: int) -> int | None:
        return self._by_id.get(benefit_id)

    def row_at(self, row: int) -> RegisterRow:
        return self._rows[row]

    def rows(self) -> list[RegisterRow]:
        """Every benefit's row (filtered or not), in display order."""
        return self._all

    def total(self) -> int:
        return len(self._all)

    # -- Qt model API ---------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal:
            if role == Qt.ItemDataRole.DisplayRole:
                return self.HEADERS[section]
            if role == Qt.ItemDataRole.TextAlignmentRole and section in self.NUMERIC:
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row, col = self._rows[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, col)
        if role == SORT_ROLE:
            return self._sort_key(row, col)
        if role == ROW_ROLE:
            return row
        if role == Qt.ItemDataRole.DecorationRole and col == self.COL_STATUS:
            return status_icon(row.status)
        if role == Qt.ItemDataRole.ForegroundRole:
            colour = None
            if col == self.COL_VARIANCE:
                colour = variance_colour(row.variance_pct, self.thresholds)
            elif col == self.COL_ATTENTION and row.at_risk:
                colour = ATTENTION_COLOUR
            elif col == self.COL_DUE and row.overdue:
                colour = OVERDUE_COLOUR
            if colour:
                return QColor(colour)
            if row.lifecycle in ("draft", "cancelled"):
                return QColor("#7b8794")
        if role == Qt.ItemDataRole.TextAlignmentRole and col in self.NUMERIC:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(row, col)
        return None

    def _display(self, row: RegisterRow, col: int) -> str:
        match col:
            case self.COL_CODE:
                return row.code
            case self.COL_TITLE:
                return row.title
            case self.COL_PROJECT:
                return row.project
            case self.COL_OWNER:
                return row.owner or "— no owner —"
            case self.COL_STATUS:
                return status_label(row.status, row.lifecycle)
            case self.COL_REALISATION:
                return pct(row.realisation_pct, none="")
            case self.COL_VARIANCE:
                return pct(row.variance_pct, signed=True, none="")
            case self.COL_FORECAST:
                return pct(row.forecast_pct, none="")
            case self.COL_DUE:
                if row.next_due is None:
                    return ""
                return day(row.next_due)  # red when overdue; the flag says "figure overdue"
            case self.COL_ATTENTION:
                return row.risk
        return ""

    def _sort_key(self, row: RegisterRow, col: int) -> Any:
        match col:
            case self.COL_STATUS:
                return list(Status).index(row.status)
            case self.COL_REALISATION:
                return row.realisation_pct if row.realisation_pct is not None else -1e18
            case self.COL_VARIANCE:
                return row.variance_pct if row.variance_pct is not None else -1e18
            case self.COL_FORECAST:
                return row.forecast_pct if row.forecast_pct is not None else -1e18
            case self.COL_DUE:
                return row.next_due.toordinal() if row.next_due else 10**7
            case self.COL_ATTENTION:
                return (0 if row.at_risk else 1, row.risk)
        if col == self.COL_CODE:
            return row.code
        return self._display(row, col).casefold()

    def _tooltip(self, row: RegisterRow, col: int) -> str | None:
        if col == self.COL_ATTENTION and row.risk:
            return f"{NEEDS_ATTENTION}: {row.risk}"
        if col == self.COL_DUE and row.overdue:
            return "Overdue: no figure for more than a reporting period and 7 days of grace"
        if col == self.COL_OWNER and row.automated:
            return "Figures arrive automatically from an import profile"
        if col == self.COL_TITLE:
            return row.title
        return None
