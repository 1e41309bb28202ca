"""File › Restore Backup…: choose one of the portfolio's automatic copies to put back.

The dialog only chooses; the window closes the portfolio (letting go of its lock),
restores through `services.backups.restore` (which first copies the current state, so
a restore can be undone by restoring that copy) and opens the portfolio again.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from benefitdesk.present.formats import day, file_size
from benefitdesk.services.backups import BackupInfo, backups

ROW_ROLE = Qt.ItemDataRole.UserRole + 1
Index = QModelIndex | QPersistentModelIndex


class BackupModel(QAbstractTableModel):
    COL_MADE, COL_REASON, COL_SIZE = range(3)
    HEADERS = ("Made", "Why", "Size")

    def __init__(self, rows: list[BackupInfo], parent: QWidget | None = None):
        super().__init__(parent)
        self.rows = rows

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.HEADERS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        if role == ROW_ROLE:
            return row
        if role == Qt.ItemDataRole.DisplayRole:
            if index.column() == self.COL_MADE:
                return made_text(row)
            if index.column() == self.COL_REASON:
                return row.reason.capitalize()
            return file_size(row.size)
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == self.COL_SIZE:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


def made_text(row: BackupInfo) -> str:
    """When a backup was made, in local time (the time in its name)."""
    return f"{day(row.made.date())} at {row.made:%H:%M}" if row.made else row.path.name


class RestoreBackupDialog(QDialog):
    """Lists the backups, newest first; `chosen()` is the one to restore."""

    def __init__(self, portfolio: Path, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Restore Backup")
        self.resize(560, 380)
        self.model = BackupModel(backups(portfolio), self)
        intro = QLabel(
            f"Replace the content of <b>{portfolio.name}</b> with one of its backups. "
            "What it holds now is backed up first, so this too can be undone.",
            self,
        )
        intro.setWordWrap(True)
        self.view = QTableView(self)
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.verticalHeader().hide()
        self.view.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.view.doubleClicked.connect(self.accept)
        self.buttons = QDialogButtonBox(self)
        self.restore_button = self.buttons.addButton(
            "Restore", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        if self.model.rows:
            layout.addWidget(self.view)
            self.view.selectRow(0)
        else:
            layout.addWidget(QLabel(f"There are no backups of {portfolio.name} yet.", self))
            self.restore_button.setEnabled(False)
        folder = QLabel(f"Backups are kept in {portfolio.name}.backups beside it.", self)
        folder.setStyleSheet("color: palette(mid)")
        layout.addWidget(folder)
        layout.addWidget(self.buttons)

    def chosen(self) -> BackupInfo | None:
        rows = self.view.selectionModel().selectedRows()
        return self.model.data(rows[0], ROW_ROLE) if rows else None
