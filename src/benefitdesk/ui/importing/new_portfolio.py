"""File › New Portfolio from Spreadsheet…: a PMO lead starts from the register they keep.

The user picks the spreadsheet (or opens one with File › Open, which offers this), then
where the new portfolio goes. The portfolio is built in the background with progress
and Cancel (`services.new_portfolio.create_from_file`: nothing is left behind when it
fails or is cancelled) and opened. When the file cannot be read as it is, the reasons
are shown and the user can map its columns in the import dialog instead, into a new
empty portfolio.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from benefitdesk.exchange.limits import TEXT_SUFFIXES, WORKBOOK_SUFFIXES
from benefitdesk.ui.errors import show_error
from benefitdesk.ui.importing.file_page import FILE_FILTER
from benefitdesk.ui.jobs import Job, JobControl

if TYPE_CHECKING:
    from benefitdesk.services.importing import ImportResult

PORTFOLIO_FILTER = "BenefitDesk portfolios (*.sqlite *.benefitdesk)"
#: Problems listed in the message itself; all of them are in its details.
SHOWN = 8


def is_spreadsheet(path: Path) -> bool:
    return path.suffix.lower() in WORKBOOK_SUFFIXES | TEXT_SUFFIXES


def choose_spreadsheet(parent: QWidget, folder: str = "") -> Path | None:
    name, _ = QFileDialog.getOpenFileName(
        parent, "New portfolio from spreadsheet", folder, FILE_FILTER
    )
    return Path(name) if name else None


def choose_target(parent: QWidget, source: Path) -> Path | None:
    """Where the new portfolio goes: beside the spreadsheet, named after it."""
    suggested = source.with_suffix(".sqlite")
    name, _ = QFileDialog.getSaveFileName(
        parent, "Save the new portfolio as", str(suggested), PORTFOLIO_FILTER
    )
    if not name:
        return None
    path = Path(name)
    return (
        path
        if path.suffix.lower() in (".sqlite", ".benefitdesk", ".db")
        else path.with_suffix(".sqlite")
    )


def summary(result: ImportResult) -> tuple[str, str]:
    """(text, details) of a finished or refused start, for a message box."""
    lines = result.count_lines()
    if result.committed:
        text = f"{result.file_name} was read into the new portfolio:\n" + "\n".join(lines)
        if result.warning_count:
            text += f"\n\n{result.warning_count} warnings: what was guessed or left out (Details)."
        return text, "\n".join(str(w) for w in result.warnings)
    errors = [str(e) for e in result.errors]
    text = f"{result.file_name} could not be read as it is, so no portfolio was created:\n\n"
    text += "\n".join(f"• {e}" for e in errors[:SHOWN])
    if len(errors) > SHOWN:
        text += f"\n… and {len(errors) - SHOWN} more (see Details)"
    return text, "\n".join(str(p) for p in result.problems)


def start_from_spreadsheet(
    parent: QWidget,
    source: Path,
    target: Path,
    opened: Callable[[Path], Any],
    map_columns: Callable[[Path, Path], Any],
) -> Job:
    """Build `target` from `source` in the background; then `opened(target)`, or, when
    the file cannot be read as it is and the user wants to, `map_columns(source, target)`."""
    from benefitdesk.services.new_portfolio import create_from_file

    def work(control: JobControl) -> ImportResult:
        def progress(done: int, total: int) -> None:
            control.progress(done, total, f"Reading {source.name}… {done:,} of {total:,} rows")

        return create_from_file(target, source, progress=progress, cancelled=control.cancelled)

    def done(result: ImportResult) -> None:
        text, details = summary(result)
        if result.committed:
            opened(target)
            _box(parent, QMessageBox.Icon.Information, "New portfolio", text, details).exec()
            return
        box = _box(parent, QMessageBox.Icon.Warning, "New portfolio", text, details)
        box.setInformativeText("Map its columns in the import dialog, into a new empty portfolio?")
        box.setStandardButtons(QMessageBox.StandardButton.Cancel)
        mapping = box.addButton("&Map the Columns…", QMessageBox.ButtonRole.AcceptRole)
        box.exec()
        if box.clickedButton() is mapping:
            map_columns(source, target)

    title = f"Creating {target.name} from {source.name}"
    job = Job(parent, work, title).on_success(done)
    return job.on_failure(lambda exc, trace: show_error(parent, "New portfolio", exc, trace)).run()


def _box(
    parent: QWidget, kind: QMessageBox.Icon, title: str, text: str, details: str
) -> QMessageBox:
    box = QMessageBox(kind, title, text, QMessageBox.StandardButton.Ok, parent)
    if details:
        box.setDetailedText(details)
        box.setStyleSheet("QTextEdit { min-width: 640px; min-height: 260px; }")  # readable lines
    return box
