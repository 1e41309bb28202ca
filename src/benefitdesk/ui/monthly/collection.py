"""Portfolio › Collection Workbooks…: one workbook per owner into a folder, and
Portfolio › Import Returned Workbooks…: the folder back, one import batch per file,
with who has and has not returned theirs."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QUrl
from PySide6.QtGui import QColor, QDesktopServices
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from benefitdesk.present.formats import day
from benefitdesk.services.collection import FolderImport, PackSet, Returned
from benefitdesk.ui.context import PortfolioContext
from benefitdesk.ui.jobs import Job, JobControl
from benefitdesk.ui.settings import AppSettings
from benefitdesk.ui.widgets.table import RecordModel, RecordTable

FOLDER_KEY = "chase/folder"  # the same folder the chase dialog writes workbooks into
ALERT, DONE, MUTED = "#b91c1c", "#15803d", "#64748b"


def _start(context: PortfolioContext, settings: AppSettings) -> str:
    saved = str(settings.value(FOLDER_KEY, "") or "")
    if saved:
        return saved
    base = context.store.path.parent if context.store.path else Path.home()
    return str(base / f"Collection {context.as_of:%Y-%m-%d}")


def write_collection_workbooks(
    parent: QWidget, context: PortfolioContext, settings: AppSettings
) -> Job | None:
    """Ask for a folder, then write OWNER NAME.xlsx for every owner with figures due."""
    chosen = QFileDialog.getExistingDirectory(
        parent, "Folder for the collection workbooks", _start(context, settings)
    )
    if not chosen:
        return None
    settings.set_value(FOLDER_KEY, chosen)
    return run_write(parent, context, Path(chosen))


def run_write(parent: QWidget, context: PortfolioContext, folder: Path) -> Job:
    from benefitdesk.services.collection import write_packs

    store, as_of = context.store, context.as_of

    def work(control: JobControl) -> PackSet:
        return write_packs(
            store,
            folder,
            as_of=as_of,
            progress=lambda done, total: control.progress(done, total, "Writing workbooks…"),
            cancelled=control.cancelled,
        )

    def done(packs: PackSet) -> None:
        box = QMessageBox(parent)
        box.setIcon(QMessageBox.Icon.Information)
        box.setWindowTitle("Collection workbooks")
        names = ", ".join(p.owner for p in packs.packs) or "nobody: nothing is due"
        box.setText(
            f"{len(packs.packs)} collection workbooks as of {day(packs.as_of)} are in "
            f"{packs.folder}:\n{names}.\n\nSend each owner theirs (Portfolio › Chase Owners… "
            "drafts the e-mails). Import the returned copies with Portfolio › Import "
            "Returned Workbooks…"
        )
        folder_button = box.addButton("Show Folder", QMessageBox.ButtonRole.ActionRole)
        box.addButton(QMessageBox.StandardButton.Close)
        box.exec()
        if box.clickedButton() is folder_button:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(packs.folder)))

    return Job(parent, work, "Collection workbooks").on_success(done).run()


# --- back in -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FileRow:
    id: int
    entry: Returned


def fate(entry: Returned) -> str:
    """What became of one returned workbook, in a few words."""
    if entry.errors:
        first = str(entry.errors[0])
        more = f" (and {len(entry.errors) - 1} more)" if len(entry.errors) > 1 else ""
        return f"Not imported: {first}{more}"
    if entry.result is None:
        return "Not read: the import was stopped"
    if entry.imported:
        return f"Imported as batch {entry.result.batch_id}: {entry.figures:,} figures"
    return "Nothing new: no figures filled in, or all imported before"


class ReturnedModel(RecordModel):
    COL_FILE, COL_OWNER, COL_RESULT = range(3)
    HEADERS = ("Workbook", "Owner", "Result")

    def display(self, row: FileRow, col: int) -> str:
        entry = row.entry
        return (entry.path.name, entry.owner or "unknown", fate(entry))[col]

    def foreground(self, row: FileRow, col: int) -> Any:
        if col != self.COL_RESULT:
            return QColor(ALERT) if col == self.COL_OWNER and not row.entry.owner else None
        if row.entry.errors:
            return QColor(ALERT)
        return QColor(DONE if row.entry.imported else MUTED)

    def tooltip(self, row: FileRow, col: int) -> str | None:
        if col == self.COL_RESULT and row.entry.errors:
            return "\n".join(str(p) for p in row.entry.errors[:30])
        return None


class ReturnedDialog(QDialog):
    """What a folder import did: each workbook's fate, who returned and who did not."""

    def __init__(self, outcome: FolderImport, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Returned workbooks")
        self.resize(900, 460)
        self.model = ReturnedModel(self)
        self.model.set_rows([FileRow(n, f) for n, f in enumerate(outcome.files)])
        table = RecordTable(
            f"{outcome.folder} — as of {day(outcome.as_of)}",
            self.model,
            self,
            empty="The folder holds no workbook.",
            widths=(220, 150),
        )
        imported = sum(1 for f in outcome.files if f.imported)
        self.summary = QLabel(
            f"{len(outcome.files)} workbooks read, {imported} imported, each as its own "
            "batch (File › Import History… undoes one on its own)."
            + (" Stopped before the end." if outcome.stopped else ""),
            self,
        )
        self.missing = QLabel(self)
        self.missing.setWordWrap(True)
        if outcome.missing:
            self.missing.setText(
                f"<b>Not returned ({len(outcome.missing)}):</b> {', '.join(outcome.missing)}. "
                "Portfolio › Chase Owners… drafts a reminder."
            )
            self.missing.setStyleSheet(f"color: {ALERT};")
        elif outcome.expected:
            self.missing.setText("Every owner with figures due has returned a workbook.")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.missing)
        layout.addWidget(table, 1)
        layout.addWidget(buttons)


def import_returned_workbooks(
    parent: QWidget, context: PortfolioContext, settings: AppSettings
) -> Job | None:
    chosen = QFileDialog.getExistingDirectory(
        parent, "Folder of returned collection workbooks", _start(context, settings)
    )
    if not chosen:
        return None
    return run_import(parent, context, Path(chosen))


def run_import(parent: QWidget, context: PortfolioContext, folder: Path) -> Job:
    from benefitdesk.services.collection import import_folder

    store = context.store

    def work(control: JobControl) -> FolderImport:
        return import_folder(
            store,
            folder,
            progress=lambda done, total: control.progress(done, total, "Importing workbooks…"),
            cancelled=control.cancelled,
        )

    def done(outcome: FolderImport) -> None:
        if outcome.batches:
            context.reload()
        ReturnedDialog(outcome, parent).exec()

    return Job(parent, work, "Import returned workbooks").on_success(done).run()
