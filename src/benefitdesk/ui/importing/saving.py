"""What the import dialog saves beside the import: the mapping confirmed (the TOML the
command line reads, docs/mapping.md) and the rejected rows (a workbook to fix)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from benefitdesk.exchange.errors import ExchangeError
from benefitdesk.services.importing import ImportReport, save_mapping, write_rejects_workbook
from benefitdesk.ui.errors import show_error
from benefitdesk.ui.importing.file_page import MAPPING_FILTER, mapping_folder
from benefitdesk.ui.importing.session import ImportSession
from benefitdesk.ui.settings import AppSettings


def _tell(parent: QWidget, title: str, text: str) -> None:
    box = QMessageBox(QMessageBox.Icon.Information, title, text, QMessageBox.StandardButton.Ok)
    box.setParent(parent, box.windowFlags())
    box.exec()


def save_mapping_as(parent: QWidget, session: ImportSession, settings: AppSettings) -> bool:
    """Ask where, then save the session's mapping; it becomes the session's file."""
    stem = session.path.stem if not session.csv else "csv"
    folder = Path(mapping_folder(settings) or session.path.parent)
    suggested = session.mapping_file or folder / f"{stem} mapping.toml"
    target, _ = QFileDialog.getSaveFileName(
        parent, "Save mapping for next month", str(suggested), MAPPING_FILTER
    )
    if not target:
        return False
    path = Path(target if target.lower().endswith((".toml", ".json")) else f"{target}.toml")
    try:
        save_mapping(session.confirmed(), path)
    except (ExchangeError, OSError) as exc:
        show_error(parent, "Save mapping", exc)
        return False
    session.mapping_file = path
    _tell(
        parent,
        "Mapping saved",
        f"The mapping is in {path}.\n\nNext month, choose it under Mapping when you "
        "import the new file: its sheets and columns are read the same way. The command "
        f'line reads it too: benefitdesk import PORTFOLIO FILE --mapping "{path}"',
    )
    return True


def save_rejected_rows(parent: QWidget, report: ImportReport) -> None:
    """Ask where, then write the rejected rows (the file's header, an Error column)."""
    if not report.rejects:
        return
    suggested = report.path.with_name(f"{report.path.stem} rejected rows.xlsx")
    target, _ = QFileDialog.getSaveFileName(
        parent, "Save rejected rows", str(suggested), "Excel workbook (*.xlsx)"
    )
    if not target:
        return
    path = Path(target if target.lower().endswith(".xlsx") else f"{target}.xlsx")
    try:
        write_rejects_workbook(report, path)
    except OSError as exc:
        show_error(parent, "Save rejected rows", exc)
        return
    _tell(
        parent,
        "Rejected rows saved",
        f"{report.rejected_rows:,} rejected rows are in {path}, each with its error. Fix "
        "them there and import that file: it reads like the original.",
    )
