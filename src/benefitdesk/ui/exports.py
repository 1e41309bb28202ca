"""File › Export Board Pack…: the board's workbook, written in the background."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from benefitdesk.present.formats import day
from benefitdesk.ui.context import PortfolioContext
from benefitdesk.ui.jobs import Job, JobControl
from benefitdesk.ui.settings import AppSettings


def _suggested(settings: AppSettings, context: PortfolioContext, stem: str) -> str:
    folder = settings.value("files/export_folder", "") or (
        str(context.store.path.parent) if context.store.path else ""
    )
    return str(Path(str(folder)) / f"{stem}.xlsx")


def export_board_pack(
    parent: QWidget, context: PortfolioContext, settings: AppSettings
) -> Job | None:
    """Ask where, then write the board pack as of the context's date with progress."""
    name = (
        context.report.snapshot.settings.name if context.report.snapshot.settings else "Portfolio"
    )
    stem = f"{name} board pack {context.as_of:%Y-%m-%d}"
    target, _ = QFileDialog.getSaveFileName(
        parent, "Export board pack", _suggested(settings, context, stem), "Excel workbook (*.xlsx)"
    )
    if not target:
        return None
    out = Path(target if target.lower().endswith(".xlsx") else f"{target}.xlsx")
    settings.set_value("files/export_folder", str(out.parent))
    return run_board_pack(parent, context, out)


def run_board_pack(parent: QWidget, context: PortfolioContext, out: Path) -> Job:
    from benefitdesk.services.board_pack import export_board_pack as write

    def work(control: JobControl) -> Path:
        result = write(
            context.store,
            out,
            context.as_of,
            progress=lambda done, total: control.progress(done, total, f"Writing {out.name}…"),
            cancelled=control.cancelled,
        )
        return result.path

    def done(path: Path) -> None:
        box = QMessageBox(parent)
        box.setWindowTitle("Board pack")
        box.setText(f"The board pack as of {day(context.as_of)} is in\n{path}")
        open_button = box.addButton("Open", QMessageBox.ButtonRole.AcceptRole)
        box.addButton(QMessageBox.StandardButton.Close)
        box.exec()
        if box.clickedButton() is open_button:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))

    return Job(parent, work, "Export board pack").on_success(done).run()
