"""Saving a workbook the portfolio makes: where (one "exports" folder, remembered), under
which name, and saying it was written with a way to open it.

The workbook export, the collection template, the board pack and the review workbook
all ask the same way, so the folder a user chose for one is offered for the next.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from benefitdesk.ui.context import PortfolioContext
from benefitdesk.ui.settings import AppSettings

EXPORT_FOLDER_KEY = "files/export_folder"
WORKBOOK_FILTER = "Excel workbook (*.xlsx)"
#: Characters no file name may hold on one of the systems BenefitDesk runs on.
UNSAFE = '\\/:*?"<>|'


def portfolio_name(context: PortfolioContext) -> str:
    """The portfolio's name as its settings hold it (``Portfolio`` when unnamed)."""
    settings = context.report.snapshot.settings
    return (settings.name if settings is not None else "") or "Portfolio"


def suggested_path(settings: AppSettings, context: PortfolioContext, stem: str) -> str:
    """``stem``.xlsx in the exports folder last chosen, else beside the portfolio."""
    folder = settings.value(EXPORT_FOLDER_KEY, "") or (
        str(context.store.path.parent) if context.store.path else ""
    )
    safe = "".join("-" if c in UNSAFE else c for c in stem)
    return str(Path(str(folder)) / f"{safe}.xlsx")


def choose_workbook(
    parent: QWidget, settings: AppSettings, context: PortfolioContext, title: str, stem: str
) -> Path | None:
    """The .xlsx file the user chose, ``stem`` suggested (its folder remembered), or None
    if they cancelled."""
    suggested = suggested_path(settings, context, stem)
    target, _ = QFileDialog.getSaveFileName(parent, title, suggested, WORKBOOK_FILTER)
    if not target:
        return None
    out = Path(target if target.lower().endswith(".xlsx") else f"{target}.xlsx")
    settings.set_value(EXPORT_FOLDER_KEY, str(out.parent))
    return out


def show_written(parent: QWidget, title: str, text: str, path: Path) -> None:
    """Say what was written, with Open and Show Folder."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Information)
    box.setWindowTitle(title)
    box.setText(text)
    open_button = box.addButton("Open", QMessageBox.ButtonRole.AcceptRole)
    folder_button = box.addButton("Show Folder", QMessageBox.ButtonRole.ActionRole)
    box.addButton(QMessageBox.StandardButton.Close)
    box.exec()
    if box.clickedButton() is open_button:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))
    elif box.clickedButton() is folder_button:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(path.parent)))
