"""The History tab: who changed what about this benefit, and when, newest first.

It reads the audit log, which every service writes, so imports and syncs appear
next to edits made here. Loaded only while the tab is visible.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QVBoxLayout

from benefitdesk.services.history import benefit_history
from benefitdesk.ui.detail.base import DetailTab
from benefitdesk.ui.resources import icon
from benefitdesk.ui.widgets.history import HistoryModel, history_rows
from benefitdesk.ui.widgets.table import RecordTable


class HistoryTab(DetailTab):
    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.model = HistoryModel(self)
        self.table = RecordTable(
            "History",
            self.model,
            self,
            empty="No recorded changes.",
            widths=(125, 90, 220, 120),
        )
        self.table.view.sortByColumn(HistoryModel.COL_WHEN, Qt.SortOrder.DescendingOrder)
        self.filter = QLineEdit(self)
        self.filter.setPlaceholderText("Filter history")
        self.filter.setClearButtonEnabled(True)
        self.filter.addAction(icon("search"), QLineEdit.ActionPosition.LeadingPosition)
        self.filter.setMaximumWidth(260)
        self.table.proxy.setFilterKeyColumn(-1)
        self.table.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.filter.textChanged.connect(self.table.proxy.setFilterFixedString)
        self.table.bar.addWidget(self.filter)
        self.count = QLabel(self)
        self.count.setStyleSheet("color: #475569;")
        bottom = QHBoxLayout()
        bottom.addWidget(self.count)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.addWidget(self.table, 1)
        layout.addLayout(bottom)

    def refresh(self) -> None:
        if self.benefit_id is None or self.row() is None:
            self.table.set_rows([])
            self.count.setText("")
            return
        snapshot = self.context.report.snapshot
        people = {str(i): p.name for i, p in snapshot.people.items()}
        projects = {str(i): p.code for i, p in snapshot.projects.items()}
        entries = benefit_history(self.context.store, benefit_id=self.benefit_id)
        self.table.set_rows(history_rows(entries, people, projects))
        self.count.setText(f"{len(entries)} recorded change{'s' if len(entries) != 1 else ''}")
