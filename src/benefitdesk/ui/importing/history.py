"""Portfolio › Import History: every import and sync batch, what each changed, and Undo.

The upper table lists the batches (when, who, the file or profile, rows added, changed
and unchanged, undone or not); the lower one the audit entries of the batch selected —
entity, field, old → new — with its undo's entries when it was undone. Undo runs in a
background job and every view refreshes after it.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QMessageBox,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from benefitdesk.services.importing import UndoResult, undo_import
from benefitdesk.ui.context import PortfolioContext
from benefitdesk.ui.importing.batches import (
    BatchDetails,
    BatchRow,
    RejectRow,
    batch_details,
    batch_rows,
)
from benefitdesk.ui.importing.widgets import Heading, Notice
from benefitdesk.ui.jobs import Job, JobControl
from benefitdesk.ui.resources import icon
from benefitdesk.ui.widgets.history import HistoryModel, history_rows
from benefitdesk.ui.widgets.table import RecordModel, RecordTable

KIND_LABELS = {"import": "Import", "sync": "Sync", "demo": "Demo data"}
FIGURE_NAMES = {"measurement": "measurement", "indicator_measurement": "indicator figure"}
MUTED, AMBER = "#64748b", "#b45309"


def local_time(moment: datetime | None) -> str:
    """A stored UTC time in the user's time zone."""
    if moment is None:
        return ""
    aware = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return aware.astimezone().strftime("%d %b %Y %H:%M")


def source_text(row: BatchRow) -> str:
    info = row.info
    if row.profile and info.file_name and info.file_name != row.profile:
        return f"{row.profile} — {info.file_name}"
    return row.profile or info.file_name or info.source or ""


class BatchModel(RecordModel):
    COL_ID, COL_WHEN, COL_WHO, COL_KIND, COL_SOURCE = range(5)
    COL_ADDED, COL_CHANGED, COL_UNCHANGED, COL_SKIPPED, COL_REJECTED, COL_STATUS = range(5, 11)
    HEADERS = (
        *("#", "When", "Who", "Kind", "File or profile", "Added", "Changed", "Unchanged"),
        *("Skipped", "Rejected", "Undone"),
    )
    NUMERIC = frozenset({COL_ID, COL_ADDED, COL_CHANGED, COL_UNCHANGED, COL_SKIPPED, COL_REJECTED})

    def display(self, row: BatchRow, col: int) -> str:
        info = row.info
        match col:
            case self.COL_ID:
                return str(info.id)
            case self.COL_WHEN:
                return local_time(info.created_at)
            case self.COL_WHO:
                return info.created_by or ""
            case self.COL_KIND:
                return KIND_LABELS.get(info.kind, info.kind.capitalize())
            case self.COL_SOURCE:
                return source_text(row)
            case self.COL_ADDED:
                return f"{info.rows_added:,}"
            case self.COL_CHANGED:
                return f"{info.rows_changed:,}"
            case self.COL_UNCHANGED:
                return f"{info.rows_unchanged:,}"
            case self.COL_SKIPPED:
                return f"{info.rows_skipped:,}"
            case self.COL_REJECTED:
                return f"{info.rows_rejected:,}"
            case self.COL_STATUS:
                return local_time(info.undone_at) if info.undone_at else ""
        return ""

    def sort_key(self, row: BatchRow, col: int) -> Any:
        info = row.info
        if col in (self.COL_ID, self.COL_WHEN):
            return info.id
        if col == self.COL_ADDED:
            return info.rows_added
        if col == self.COL_CHANGED:
            return info.rows_changed
        if col == self.COL_UNCHANGED:
            return info.rows_unchanged
        if col == self.COL_SKIPPED:
            return info.rows_skipped
        if col == self.COL_REJECTED:
            return info.rows_rejected
        return super().sort_key(row, col)

    def foreground(self, row: BatchRow, col: int) -> Any:
        if col == self.COL_STATUS and row.info.undone_at:
            return QColor(AMBER)
        if col == self.COL_REJECTED and row.info.rows_rejected and not row.info.undone_at:
            return QColor("#b91c1c")
        return QColor(MUTED) if row.info.undone_at else None

    def decoration(self, row: BatchRow, col: int) -> Any:
        if col != self.COL_KIND:
            return None
        return icon("sync" if row.info.kind == "sync" else "import")

    def tooltip(self, row: BatchRow, col: int) -> str | None:
        if col == self.COL_SOURCE:
            return row.info.source or None
        return None


class RejectModel(RecordModel):
    """The rows a batch left out, with why."""

    COL_PLACE, COL_REASON, COL_CELLS = range(3)
    HEADERS = ("Where", "Why", "The row")

    def display(self, row: RejectRow, col: int) -> str:
        return (f"{row.sheet} row {row.row}", row.reason, row.cells)[col]

    def sort_key(self, row: RejectRow, col: int) -> Any:
        return (row.sheet, row.row) if col == self.COL_PLACE else super().sort_key(row, col)

    def tooltip(self, row: RejectRow, col: int) -> str | None:
        return row.reason if col == self.COL_REASON else row.cells or None


def can_undo(row: BatchRow | None, read_only: bool) -> bool:
    return row is not None and not read_only and row.info.kind != "demo" and not row.info.undone_at


def ask_undo(parent: QWidget, what: str) -> bool:
    """Whether the user confirms undoing ``what`` (``import #3 of May.xlsx``)."""
    answer = QMessageBox.question(
        parent,
        "Undo import",
        f"Undo {what}?\n\nEvery value it replaced is put back and everything it added is removed.",
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.No,
    )
    return answer == QMessageBox.StandardButton.Yes


class ImportHistoryDialog(QDialog):
    def __init__(self, context: PortfolioContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.job: Job | None = None
        self.details: BatchDetails | None = None
        self.setWindowTitle("Import history")
        self.setWindowIcon(icon("history"))
        self.setMinimumSize(820, 520)
        self.resize(1080, 660)
        self._build_batches()
        self._build_details()
        split = QSplitter(Qt.Orientation.Vertical, self)
        split.addWidget(self.batches)
        split.addWidget(self.tabs)
        split.setChildrenCollapsible(False)
        split.setSizes([300, 260])
        self.notice = Notice(self)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(
            Heading(
                "Import history",
                "Every import and sync, newest first. Undo puts back the values an import "
                "replaced and removes what it added.",
                self,
            )
        )
        layout.addWidget(self.notice)
        layout.addWidget(split, 1)
        layout.addWidget(buttons)
        self.refresh()

    def _build_batches(self) -> None:
        """The imports and syncs, newest first, with a filter and Undo Import…."""
        context = self.context
        self.model = BatchModel(self)
        self.batches = RecordTable(
            "Imports and syncs",
            self.model,
            self,
            empty="Nothing was imported or synced into this portfolio yet.",
            widths=(44, 125, 80, 80, 250, 60, 64, 76, 64, 64),
            newest_first=True,
            can_edit=lambda: not context.read_only,
        )
        self.act_undo = self.batches.action(
            "Undo Import…", self.undo_selected, "undo", needs_row=False, editing=False
        )
        self.act_undo.setToolTip(
            "Put back every value the selected import or sync replaced and remove what it added"
        )
        self.filter = QLineEdit(self)
        self.filter.setPlaceholderText("Filter by file, profile or person")
        self.filter.setClearButtonEnabled(True)
        self.filter.addAction(icon("search"), QLineEdit.ActionPosition.LeadingPosition)
        self.filter.setMinimumWidth(260)
        self.batches.proxy.setFilterKeyColumn(-1)
        self.batches.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.filter.textChanged.connect(self.batches.proxy.setFilterFixedString)
        self.batches.bar.insertWidget(1, self.filter)
        self.batches.view.selectionModel().currentRowChanged.connect(self._selected)

    def _build_details(self) -> None:
        """The selected batch: what it changed, and the rows it left out."""
        self.entry_model = HistoryModel(self)
        self.entries = RecordTable(
            "What it changed",
            self.entry_model,
            self,
            empty="Select an import to see what it changed.",
            widths=(125, 90, 240, 140),
        )
        # in the order it happened: the import's changes, then its undo's
        self.entries.view.sortByColumn(HistoryModel.COL_WHEN, Qt.SortOrder.AscendingOrder)
        self.entries.view.setColumnHidden(HistoryModel.COL_WHO, True)
        self.also = QLabel(self)
        self.also.setStyleSheet("color: #475569;")
        self.also.setWordWrap(True)
        lower = QWidget(self)
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(4, 4, 4, 4)
        lower_layout.addWidget(self.entries, 1)
        lower_layout.addWidget(self.also)
        self.reject_model = RejectModel(self)
        self.rejected_rows = RecordTable(
            "Rows left out",
            self.reject_model,
            self,
            empty="The import rejected no row.",
            widths=(150, 320),
        )
        self.rejected_rows.view.sortByColumn(RejectModel.COL_PLACE, Qt.SortOrder.AscendingOrder)
        self.tabs = QTabWidget(self)
        self.tabs.addTab(lower, "What it changed")
        self.tabs.addTab(self.rejected_rows, "Rejected rows")

    # -- contents ---------------------------------------------------------------------------
    def refresh(self, select: int | None = None) -> None:
        current = self.batches.current_row()
        self.batches.set_rows(batch_rows(self.context.store))
        wanted = select if select is not None else current.id if current is not None else None
        if wanted is None or not self.batches.select_id(wanted):
            first = self.batches.proxy.index(0, 0)
            if first.isValid():
                self.batches.view.selectionModel().setCurrentIndex(
                    first,
                    QItemSelectionModel.SelectionFlag.ClearAndSelect
                    | QItemSelectionModel.SelectionFlag.Rows,
                )
        self._selected()

    def select_batch(self, batch_id: int) -> bool:
        return self.batches.select_id(batch_id)

    def _selected(self, *_args: Any) -> None:
        row = self.batches.current_row()
        self.act_undo.setEnabled(can_undo(row, self.context.read_only) and self.job is None)
        if row is None:
            self.details = None
            self.entries.set_rows([])
            self.reject_model.set_rows([])
            self.entries.title.setText("<b>What it changed</b>")
            self.also.setText("")
            return
        self.details = details = batch_details(self.context.store, row.id)
        self.reject_model.set_rows(details.rejects)
        rejected = row.info.rows_rejected
        self.tabs.setTabText(1, f"Rejected rows ({rejected:,})" if rejected else "Rejected rows")
        snapshot = self.context.report.snapshot
        people = {str(i): p.name for i, p in snapshot.people.items()}
        projects = {str(i): p.code for i, p in snapshot.projects.items()}
        self.entries.set_rows(history_rows(details.entries, people, projects))
        kind = KIND_LABELS.get(row.info.kind, row.info.kind).lower()
        self.entries.title.setText(f"<b>What {kind} #{row.id} changed</b>")
        notes = []
        for table, count in details.figures_added.items():
            name = FIGURE_NAMES.get(table, table.replace("_", " "))
            notes.append(f"{count:,} {name}{'s' if count != 1 else ''} added")
        text = ""
        if notes:
            text = f"Also {', '.join(notes)} (new figures are listed by batch, not one by one)."
        if details.total_entries > len(details.entries):
            text += f" The {len(details.entries):,} most recent of {details.total_entries:,} "
            text += "changes are listed."
        self.also.setText(text.strip())

    # -- undo ------------------------------------------------------------------------------
    def undo_selected(self) -> None:
        row = self.batches.current_row()
        if not can_undo(row, self.context.read_only) or self.job is not None:
            return
        assert row is not None
        what = source_text(row) or f"batch #{row.id}"
        kind = KIND_LABELS.get(row.info.kind, "import").lower()
        if not ask_undo(self, f"{kind} #{row.id} ({what}) of {local_time(row.info.created_at)}"):
            return
        store, batch = self.context.store, row.id

        def work(_control: JobControl) -> UndoResult:
            return undo_import(store, batch)

        def done(undone: UndoResult) -> None:
            self.job = None
            self.context.reload()
            restored, deleted = sum(undone.restored.values()), sum(undone.deleted.values())
            self.notice.show_lines(
                "ok",
                [f"{restored:,} rows restored, {deleted:,} rows removed."],
                f"Import #{batch} was undone.",
            )
            self.refresh(select=batch)

        def failed(error: BaseException, trace: str) -> None:
            self.job = None
            self._selected()
            from benefitdesk.ui.errors import show_error

            show_error(self, "Undo import", error, trace)

        self.job = Job(self, work, f"Undoing import #{batch}").on_success(done).on_failure(failed)
        self.act_undo.setEnabled(False)
        self.job.run()

    def reject(self) -> None:
        if self.job is None:
            super().reject()


def open_import_history(context: PortfolioContext, parent: QWidget | None = None) -> None:
    """Portfolio › Import History…, modal; returns when it is closed."""
    dialog = ImportHistoryDialog(context, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.exec()
