"""Steps 3 and 4 of an import: the dry run's findings, and what the import did.

The check page says in one line whether the file can be imported, then the counts per
kind of record, the people who will be added, and two tabs: the problems (each at its
sheet and cell, sortable, errors first) and the rows that will change.
"""

from __future__ import annotations

import html
from collections.abc import Mapping

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from benefitdesk.services.importing import ImportReport, ImportResult, UndoResult
from benefitdesk.ui.detail.table import ROW_ROLE, RecordTable
from benefitdesk.ui.importing.report_models import (
    ChangeModel,
    CountModel,
    CountRow,
    ProblemModel,
    change_rows,
    count_rows,
    problem_rows,
)
from benefitdesk.ui.importing.widgets import Notice, heading
from benefitdesk.ui.resources import icon

HEADLINE_STYLE = "font-size: 12pt; font-weight: 600; color: {colour};"
RED, GREEN, SLATE = "#b91c1c", "#15803d", "#334155"


def plural(count: int, word: str) -> str:
    return f"{count:,} {word}" + ("" if count == 1 else "s")


def totals_text(report: ImportReport) -> str:
    parts = [f"{report.total('added'):,} added", f"{report.total('changed'):,} changed"]
    parts.append(f"{report.total('unchanged'):,} unchanged")
    if report.total("rejected"):
        parts.append(f"{report.total('rejected'):,} rejected")
    return ", ".join(parts)


def counts_table(title: str, model: CountModel, parent: QWidget) -> RecordTable:
    table = RecordTable(
        title, model, parent, widths=(150, 76, 76, 86, 76), stretch=CountModel.COL_WHAT
    )
    table.view.setSortingEnabled(False)
    table.view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    return table


def fit_rows(table: RecordTable, model: CountModel, rows: list[CountRow]) -> None:
    """Counts are a handful of rows: the table is as tall as they are, no taller."""
    model.set_rows(rows)
    view = table.view
    shown = max(len(rows), 1)
    height = view.horizontalHeader().sizeHint().height() + shown * 24 + 2 * view.frameWidth()
    view.setFixedHeight(min(height + 6, 8 * 24 + 34))


class CheckPage(QWidget):
    recheck = Signal()
    open_file = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.report: ImportReport | None = None
        self.top = heading(
            "Check",
            "A dry run of the import against the portfolio: what would be added, changed "
            "and rejected. Nothing has been written.",
            self,
        )
        self.headline = QLabel(self)
        self.headline.setWordWrap(True)
        self.advice = QLabel(self)
        self.advice.setWordWrap(True)
        self.advice.setStyleSheet("color: #475569;")
        self.status = Notice(self)

        self.count_model = CountModel(self)
        self.counts = counts_table("Records in the file", self.count_model, self)
        self.counts.view.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.people = Notice(self)
        self.people.setMinimumWidth(260)
        self.again_button = QPushButton(icon("sync"), "Check &Again", self)
        self.again_button.setToolTip("Read the file again (after fixing it) and check it again")
        self.again_button.clicked.connect(self.recheck)
        self.open_button = QPushButton(icon("open"), "&Open File", self)
        self.open_button.setToolTip("Open the file in its application to fix it")
        self.open_button.clicked.connect(self.open_file)
        side = QVBoxLayout()
        side.addWidget(self.people)
        side.addStretch(1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.again_button)
        buttons.addStretch(1)
        side.addLayout(buttons)
        top_row = QHBoxLayout()
        top_row.addWidget(self.counts, 3, Qt.AlignmentFlag.AlignTop)
        top_row.addLayout(side, 2)

        self.problem_model = ProblemModel(self)
        self.problems = RecordTable(
            "Problems",
            self.problem_model,
            self,
            empty="No problems found.",
            widths=(90, 190),
        )
        self.problems.view.sortByColumn(ProblemModel.COL_SEVERITY, Qt.SortOrder.AscendingOrder)
        self.errors_only = QCheckBox("&Errors only", self)
        self.errors_only.toggled.connect(self._fill_problems)
        self.problems.bar.addWidget(self.errors_only)
        self.problems.title.setText("Errors stop the import; warnings are for your information.")
        self.problems.action(
            "Copy All", self.copy_problems, None, "Ctrl+Shift+C", needs_row=False, editing=False
        )
        self.more = QLabel(self)
        self.more.setStyleSheet("color: #475569;")
        problems_box = QWidget(self)
        problems_layout = QVBoxLayout(problems_box)
        problems_layout.setContentsMargins(4, 4, 4, 4)
        problems_layout.addWidget(self.problems, 1)
        problems_layout.addWidget(self.more)

        self.change_model = ChangeModel(self)
        self.changes = RecordTable(
            "Rows added or changed",
            self.change_model,
            self,
            empty="The import changes nothing.",
            widths=(120, 150, 80, 190),
        )
        self.changes.title.setText(
            "A sample of the rows added or changed (new figures are counted above)."
        )
        self.tabs = QTabWidget(self)
        self.tabs.addTab(problems_box, "Problems")
        changes_box = QWidget(self)
        changes_layout = QVBoxLayout(changes_box)
        changes_layout.setContentsMargins(4, 4, 4, 4)
        changes_layout.addWidget(self.changes)
        self.tabs.addTab(changes_box, "Changes")

        layout = QVBoxLayout(self)
        layout.addWidget(self.top)
        layout.addWidget(self.headline)
        layout.addWidget(self.advice)
        layout.addWidget(self.status)
        layout.addLayout(top_row)
        layout.addWidget(self.tabs, 1)

    def show_report(
        self, report: ImportReport, names: Mapping[str, str] | None = None, note: str = ""
    ) -> None:
        """Show a dry run (or an import that found errors). `note`: why it is shown again."""
        self.report = report
        self.status.show_lines("warning", [note] if note else [])
        if not report.ok:
            colour = RED
            text = (
                f"{plural(report.error_count, 'error')} must be fixed before importing. "
                "Nothing will be written."
            )
            advice = (
                "Fix them in the file (Open File), save it and Check Again — or go Back and "
                "change how a sheet or column is read."
            )
        elif not report.changes_anything:
            colour = SLATE
            text = (
                f"Nothing to import: the portfolio already holds everything in {report.file_name}."
            )
            advice = "The file can be imported again later, when it holds new figures."
        else:
            colour = GREEN
            text = f"Ready to import: {totals_text(report)}."
            advice = "Import writes these changes as one import batch, which you can undo."
        if report.previous_batches and report.ok:
            batches = ", ".join(f"#{b}" for b in report.previous_batches)
            advice += f" This file was imported before (batch {batches})."
        self.headline.setText(text)
        self.headline.setStyleSheet(HEADLINE_STYLE.format(colour=colour))
        self.advice.setText(advice)
        fit_rows(self.counts, self.count_model, count_rows(report))
        added = report.people_added
        if added:
            shown = ", ".join(added[:30])
            if len(added) > 30:
                shown += f" and {len(added) - 30} more"
            self.people.show_lines(
                "info",
                [shown, "Check the spelling: a misspelt name becomes a new person."],
                f"People who will be added ({len(added)}):",
            )
        else:
            self.people.show_lines("info", ["Everyone named in the file is in the portfolio."])
        self._fill_problems()
        self.change_model.set_rows(change_rows(report, names))
        self.tabs.setTabText(0, f"Problems ({report.error_count + report.warning_count:,})")
        self.tabs.setTabIcon(0, icon("error") if not report.ok else icon("warning"))
        self.tabs.setTabText(1, f"Changes ({len(self.change_model.rows()):,})")
        self.tabs.setCurrentIndex(0 if report.problems else 1)

    def _fill_problems(self, *_args: object) -> None:
        report = self.report
        if report is None:
            return
        chosen = report.errors if self.errors_only.isChecked() else report.problems
        self.problem_model.set_rows(problem_rows(chosen))
        listed = len(report.problems)
        total = report.error_count + report.warning_count
        self.more.setText(f"… and {total - listed:,} more not listed" if total > listed else "")
        self.more.setVisible(total > listed)

    def copy_problems(self) -> None:
        """Every problem listed, one a line, for an e-mail to whoever keeps the file."""
        rows = [
            self.problems.proxy.index(r, 0).data(ROW_ROLE)
            for r in range(self.problems.proxy.rowCount())
        ]
        QGuiApplication.clipboard().setText("\n".join(r.text for r in rows if r is not None))

    def say(self, level: str, text: str) -> None:
        self.status.show_lines(level, [text])


class ResultPage(QWidget):
    save_mapping = Signal()
    undo = Signal()
    history = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.result: ImportResult | None = None
        self.top = heading("Import", "", self)
        self.headline = QLabel(self)
        self.headline.setWordWrap(True)
        self.details = QLabel(self)
        self.details.setWordWrap(True)
        self.details.setTextFormat(Qt.TextFormat.RichText)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.details.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.save_button = QPushButton(icon("save"), "&Save Mapping for Next Month…", self)
        self.save_button.setToolTip(
            "Keep how this file's sheets and columns were read, to import next month's "
            "file the same way"
        )
        self.save_button.clicked.connect(self.save_mapping)
        self.count_model = CountModel(self)
        self.counts = counts_table("What the import did", self.count_model, self)
        self.counts.setMaximumWidth(640)
        self.undo_button = QPushButton(icon("undo"), "&Undo This Import…", self)
        self.undo_button.setToolTip("Put back every value this import replaced")
        self.undo_button.clicked.connect(self.undo)
        self.history_button = QPushButton(icon("history"), "Import &History…", self)
        self.history_button.clicked.connect(self.history)
        self.note = Notice(self)
        buttons = QHBoxLayout()
        for button in (self.save_button, self.undo_button, self.history_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.top)
        layout.addWidget(self.headline)
        layout.addSpacing(6)
        layout.addWidget(self.counts)
        layout.addWidget(self.details)
        layout.addWidget(self.note)
        layout.addSpacing(8)
        layout.addLayout(buttons)
        layout.addStretch(1)

    def show_result(self, result: ImportResult) -> None:
        self.result = result
        if result.committed:
            self.top.title.setText(f"Imported as batch #{result.batch_id}")  # type: ignore[attr-defined]
            took = f" in {result.seconds:.0f} s" if result.seconds >= 2 else ""
            self.top.subtitle.setText(  # type: ignore[attr-defined]
                f"{result.file_name} was imported{took}. Every view of the portfolio shows "
                "the new figures."
            )
            self.headline.setText(f"{totals_text(result).capitalize()}.")
            self.headline.setStyleSheet(HEADLINE_STYLE.format(colour=GREEN))
        else:
            self.top.title.setText("Nothing was imported")  # type: ignore[attr-defined]
            self.top.subtitle.setText(  # type: ignore[attr-defined]
                f"The portfolio already holds everything in {result.file_name}; no import "
                "batch was recorded."
            )
            self.headline.setText("Up to date.")
            self.headline.setStyleSheet(HEADLINE_STYLE.format(colour=SLATE))
        fit_rows(self.counts, self.count_model, count_rows(result))
        lines = []
        if result.people_added:
            lines.append("People added: " + html.escape(", ".join(result.people_added)))
        if result.warning_count:
            lines.append(f"{plural(result.warning_count, 'warning')} (listed in the check).")
        self.details.setText("<br>".join(f"• {line}" for line in lines))
        self.details.setVisible(bool(lines))
        self.undo_button.setVisible(result.committed)
        self.undo_button.setEnabled(result.committed)
        self.note.show_lines(
            "info",
            [
                "Undo puts back every value the import replaced and removes what it added; "
                "it is also in Portfolio › Import History, and on the command line as "
                f"benefitdesk undo-import PORTFOLIO {result.batch_id}."
            ]
            if result.committed
            else [],
        )

    def show_undone(self, undone: UndoResult) -> None:
        restored, deleted = sum(undone.restored.values()), sum(undone.deleted.values())
        self.top.title.setText(f"Import #{undone.batch_id} was undone")  # type: ignore[attr-defined]
        self.headline.setText(
            f"{plural(restored, 'row')} restored, {plural(deleted, 'row')} removed."
        )
        self.headline.setStyleSheet(HEADLINE_STYLE.format(colour=SLATE))
        self.undo_button.setEnabled(False)
        self.note.show_lines("ok", ["The portfolio is as it was before the import."])
