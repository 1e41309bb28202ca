"""What the sync screens ask the user, in one replaceable object (tests fake it)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox, QWidget

from benefitdesk.ui.errors import show_error

EXPORT_FILTER = "Exports (*.csv *.tsv *.xlsx *.xlsm *.xlsb *.xls *.ods);;All files (*)"
TOML_FILTER = "Import profiles (*.toml)"


class SyncPrompter:
    """Asks the user; replace its methods in tests."""

    def confirm(self, parent: QWidget, title: str, text: str, action: str) -> bool:
        box = QMessageBox(QMessageBox.Icon.Question, title, text, parent=parent)
        yes = box.addButton(action, QMessageBox.ButtonRole.DestructiveRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.exec()
        return box.clickedButton() is yes

    def open_file(self, parent: QWidget, title: str, folder: str, filters: str) -> Path | None:
        chosen, _ = QFileDialog.getOpenFileName(parent, title, folder, filters)
        return Path(chosen) if chosen else None

    def save_file(self, parent: QWidget, title: str, suggested: str, filters: str) -> Path | None:
        chosen, _ = QFileDialog.getSaveFileName(parent, title, suggested, filters)
        return Path(chosen) if chosen else None

    def folder(self, parent: QWidget, title: str, folder: str) -> Path | None:
        chosen = QFileDialog.getExistingDirectory(parent, title, folder)
        return Path(chosen) if chosen else None

    def run(self, dialog: QDialog) -> bool:
        """Show a dialog modally; True when the user saved."""
        return dialog.exec() == QDialog.DialogCode.Accepted

    def inform(self, parent: QWidget | None, title: str, text: str, details: str = "") -> None:
        box = QMessageBox(QMessageBox.Icon.Information, title, text, parent=parent)
        if details:
            box.setDetailedText(details)
        box.exec()

    def warn(self, parent: QWidget | None, title: str, text: str, details: str = "") -> None:
        box = QMessageBox(QMessageBox.Icon.Warning, title, text, parent=parent)
        if details:
            box.setDetailedText(details)
        box.exec()

    def error(
        self, parent: QWidget | None, title: str, error: BaseException, trace: str = ""
    ) -> None:
        show_error(parent, title, error, trace)
