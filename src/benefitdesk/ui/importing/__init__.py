"""Importing in the app: the import dialog (file, sheets and columns, check, import)
and the import history with Undo.

The main window needs `open_import_dialog(context, settings, parent)` for File ›
Import… and `open_import_history(context, parent)` for Portfolio › Import History….
"""

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from benefitdesk.ui.context import PortfolioContext
from benefitdesk.ui.importing.dialog import ImportDialog
from benefitdesk.ui.importing.history import ImportHistoryDialog, open_import_history
from benefitdesk.ui.settings import AppSettings

__all__ = ["ImportDialog", "ImportHistoryDialog", "open_import_dialog", "open_import_history"]


def open_import_dialog(
    context: PortfolioContext,
    settings: AppSettings,
    parent: QWidget | None = None,
    path: Path | None = None,
) -> None:
    """File › Import…: the import dialog, modal; returns when it is closed. With
    `path`, the file is read at once (a new portfolio's columns to map)."""
    if context.read_only:
        QMessageBox.information(
            parent,
            "Import",
            f"This portfolio is open read-only ({context.store.read_only_reason}), so "
            "nothing can be imported into it.",
        )
        return
    dialog = ImportDialog(context, settings, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    if path is not None:
        dialog.file_page.set_path(path)
        dialog.next()
    dialog.exec()
