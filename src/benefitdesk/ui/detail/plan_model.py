"""The points of one plan version as a table; editable when it is the working copy."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from PySide6.QtCore import Qt

from benefitdesk.analysis.lines import realisation_pct
from benefitdesk.present.formats import number, pct
from benefitdesk.ui.widgets.fields import fmt_date, parse_date, parse_value
from benefitdesk.ui.widgets.table import Index, RecordModel

Points = list[tuple[date, float]]


@dataclass(frozen=True, slots=True)
class PlanRow:
    id: int  # position in the working copy
    date: date
    value: float
    realisation_pct: float | None


class PlanModel(RecordModel):
    """The points of one plan version; editable when it is the working copy."""

    COL_DATE, COL_VALUE, COL_REALISATION = range(3)
    HEADERS = ("Date", "Planned value", "Realisation %")
    NUMERIC = frozenset({COL_VALUE, COL_REALISATION})

    def __init__(self, parent: Any = None):
        super().__init__(parent)
        self.editable = False
        self.goal: tuple[float, float] | None = None  # (baseline, target)
        self.on_edit: Any = None  # called after a point is edited in the table

    def set_points(self, points: Points, editable: bool, goal: tuple[float, float] | None) -> None:
        self.editable, self.goal = editable, goal
        rows = [self._row(i, day, value) for i, (day, value) in enumerate(points)]
        self.beginResetModel()
        self._rows = rows
        self.endResetModel()

    def _row(self, position: int, day: date, value: float) -> PlanRow:
        pct = realisation_pct(value, *self.goal) if self.goal is not None else None
        return PlanRow(position, day, value, pct)

    def points(self) -> Points:
        return [(r.date, r.value) for r in self._rows]

    def display(self, row: PlanRow, col: int) -> str:
        if col == self.COL_DATE:
            return fmt_date(row.date)
        if col == self.COL_VALUE:
            return number(row.value, none="")
        return pct(row.realisation_pct, none="")

    def sort_key(self, row: PlanRow, col: int) -> Any:
        if col == self.COL_DATE:
            return row.date.toordinal()
        if col == self.COL_VALUE:
            return row.value
        return row.realisation_pct if row.realisation_pct is not None else -1e18

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = super().flags(index)
        if self.editable and index.isValid() and index.column() != self.COL_REALISATION:
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.EditRole and index.isValid():
            row = self._rows[index.row()]
            return fmt_date(row.date) if index.column() == self.COL_DATE else f"{row.value:.12g}"
        return super().data(index, role)

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        if role != Qt.ItemDataRole.EditRole or not index.isValid() or not self.editable:
            return False
        row = self._rows[index.row()]
        if index.column() == self.COL_DATE:
            day = parse_date(str(value))
            if day is None:
                return False
            new = (day, row.value)
        elif index.column() == self.COL_VALUE:
            number = parse_value(str(value))
            if number is None:
                return False
            new = (row.date, number)
        else:
            return False
        if any(r.date == new[0] for r in self._rows if r is not row):
            return False  # one point per date
        self._rows[index.row()] = self._row(row.id, *new)
        self.dataChanged.emit(self.index(index.row(), 0), self.index(index.row(), 2))
        if self.on_edit is not None:
            self.on_edit()
        return True
