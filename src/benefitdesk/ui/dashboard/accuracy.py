"""Forecast accuracy on the dashboard: how far finished benefits' targets were from what
they realised, by category or by owner, so the next business case estimates better.

The figures come from ``services.accuracy`` (the rule itself is ``analysis/accuracy.py``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QComboBox, QLabel, QVBoxLayout, QWidget

from benefitdesk.analysis.accuracy import Accuracy
from benefitdesk.present.formats import pct
from benefitdesk.services.accuracy import AccuracyTables, forecast_accuracy
from benefitdesk.services.report import Report
from benefitdesk.ui.widgets.table import RecordModel, RecordTable

SHORT, OVER = "#b91c1c", "#15803d"


def signed(value: float | None) -> str:
    return pct(value, signed=True, digits=0)


def plain(value: float | None) -> str:
    return pct(value, digits=0)


@dataclass(frozen=True, slots=True)
class AccuracyRow:
    id: int
    accuracy: Accuracy


class AccuracyModel(RecordModel):
    COL_GROUP, COL_FINISHED, COL_MET, COL_BIAS, COL_ERROR = range(5)
    HEADERS = ("Group", "Finished", "Met target", "Bias", "Average miss")
    NUMERIC = frozenset({COL_FINISHED, COL_MET, COL_BIAS, COL_ERROR})

    def set_group_name(self, name: str) -> None:
        """Head the first column "Category" or "Owner", as the table is grouped."""
        if self.HEADERS[0] != name:
            self.HEADERS = (name, *AccuracyModel.HEADERS[1:])
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, 0)

    def display(self, row: AccuracyRow, col: int) -> str:
        a = row.accuracy
        match col:
            case self.COL_GROUP:
                return a.group
            case self.COL_FINISHED:
                return str(a.benefits)
            case self.COL_MET:
                return f"{a.met} of {a.measured}" if a.measured else "—"
            case self.COL_BIAS:
                return signed(a.mean_error_pct)
            case self.COL_ERROR:
                return plain(a.mean_abs_error_pct)
        return ""

    def sort_key(self, row: AccuracyRow, col: int) -> Any:
        a = row.accuracy
        numbers = {
            self.COL_FINISHED: a.benefits,
            self.COL_MET: a.met,
            self.COL_BIAS: a.mean_error_pct,
            self.COL_ERROR: a.mean_abs_error_pct,
        }
        if col in numbers:
            value = numbers[col]
            return float("-inf") if value is None else float(value)
        return super().sort_key(row, col)

    def foreground(self, row: AccuracyRow, col: int) -> Any:
        bias = row.accuracy.mean_error_pct
        if col == self.COL_BIAS and bias is not None and abs(bias) >= 0.5:
            return QColor(SHORT if bias < 0 else OVER)
        return None

    def tooltip(self, row: AccuracyRow, col: int) -> str | None:
        a = row.accuracy
        if col == self.COL_BIAS:
            return (
                "Mean of (realised − target) as a share of the promised improvement: "
                "negative means the business cases promised more than came"
            )
        if col == self.COL_ERROR:
            return "Mean distance from the target, either way"
        if col == self.COL_MET:
            return f"{a.met} of {a.measured} with a final figure reached their target"
        if col == self.COL_FINISHED and a.measured < a.benefits:
            return f"{a.benefits - a.measured} without a final figure are left out of the figures"
        return None


class AccuracyPanel(QWidget):
    """A small table of forecast accuracy by category or by owner, with the overall line."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.tables: AccuracyTables | None = None
        self.by = QComboBox(self)
        self.by.addItem("By category", "category")
        self.by.addItem("By owner", "owner")
        self.by.currentIndexChanged.connect(lambda _i: self._show())
        self.model = AccuracyModel(self)
        self.table = RecordTable(
            "How far the targets of realised and closed benefits were from what they realised",
            self.model,
            self,
            empty="No benefit is realised or closed yet: accuracy shows once some are.",
            widths=(260, 100, 100, 100),
        )
        self.table.bar.addWidget(self.by)
        self.overall = QLabel(self)
        self.overall.setWordWrap(True)
        self.overall.setStyleSheet("color: #475569;")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.overall)
        layout.addWidget(self.table, 1)

    def update_from(self, report: Report) -> None:
        self.tables = forecast_accuracy(report)
        self._show()

    def _show(self) -> None:
        if self.tables is None:
            return
        by_owner = self.by.currentData() == "owner"
        groups = self.tables.by_owner if by_owner else self.tables.by_category
        self.model.set_group_name("Owner" if by_owner else "Category")
        self.table.set_rows([AccuracyRow(n, a) for n, a in enumerate(groups)])
        o = self.tables.overall
        if o.measured:
            self.overall.setText(
                f"Across all {o.benefits} realised or closed benefits: {o.met} of {o.measured} "
                f"met their target; bias {signed(o.mean_error_pct)} (negative: business cases "
                f"promised more than came), average miss {plain(o.mean_abs_error_pct)} of the "
                "promised improvement."
            )
        else:
            self.overall.setText("")
