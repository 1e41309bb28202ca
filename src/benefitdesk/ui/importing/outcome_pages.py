"""Steps 3 and 4 of an import: the dry run's findings, and what the import did.

The check page says in one line whether the file can be imported, then the counts per
kind of record, the people who will be added, the choices that change what is written
(all or nothing; confirming the re-baselines of approved benefits; saving the rejected
rows), and two tabs: the problems (each at its sheet and cell, sortable, errors first)
and every row's fate, where a rejected row's cells can be fixed in place.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from typing import Any

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
from benefitdesk.ui.importing.fates import RowsTab
from benefitdesk.ui.importing.report_models import (
    CountModel,
    CountRow,
    ProblemModel,
    count_rows,
    problem_rows,
)
from benefitdesk.ui.importing.widgets import Heading, Notice
from benefitdesk.ui.resources import icon
from benefitdesk.ui.widgets.table import ROW_ROLE, RecordTable

HEADLINE_STYLE = "font-size: 12pt; font-weight: 600; color: {colour};"
RED, GREEN, SLATE = "#b91c1c", "#15803d", "#334155"


def plural(count: int, word: str) -> str:
    return f"{count:,} {word}" + ("" if count == 1 else "s")


def totals_text(report: ImportReport) -> str:
    parts = [f"{report.total('added'):,} added", f"{report.total('changed'):,} changed"]
    parts.append(f"{report.total('unchanged'):,} unchanged")
    if report.total("skipped"):
        parts.append(f"{report.total('skipped'):,} skipped")
    if report.rejected_rows:
        parts.append(f"{plural(report.rejected_rows, 'row')} rejected")
    return ", ".join(parts)


def counts_table(title: str, model: CountModel, parent: QWidget) -> RecordTable:
    table = RecordTable(
        title, model, parent, widths=(150, 70, 70, 82, 70, 70), stretch=CountModel.COL_WHAT
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
    options_changed = Signal()  # all or nothing, or re-baseline, was ticked: check again
    save_rejects = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.report: ImportReport | None = None
        self.top = Heading(
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

        top_row = self._build_counts()
        problems = self._build_problems()
        self.rows = RowsTab(self)
        self.tabs = QTabWidget(self)
        self.tabs.addTab(problems, "Problems")
        self.tabs.addTab(self.rows, "Rows")
        choices = self._build_choices()

        layout = QVBoxLayout(self)
        layout.addWidget(self.top)
        layout.addWidget(self.headline)
        layout.addWidget(self.advice)
        layout.addWidget(self.status)
        layout.addLayout(top_row)
        layout.addLayout(choices)
        layout.addWidget(self.tabs, 1)

    def _build_counts(self) -> QHBoxLayout:
        """The counts by fate beside who is new and the buttons to fix the file."""
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
        return top_row

    def _build_problems(self) -> QWidget:
        """Errors and warnings, with their place; Errors only; Copy All."""
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
        return problems_box

    def _build_choices(self) -> QHBoxLayout:
        """All or nothing, Re-baseline, and Save Rejected Rows."""
        self.all_or_nothing = QCheckBox("&All or nothing (no row if one is rejected)", self)
        self.all_or_nothing.setToolTip(
            "By default every valid row is imported and the rejected ones are listed"
        )
        self.rebaseline = QCheckBox(self)
        self.rebaseline.setStyleSheet("color: #b45309;")
        self.rebaseline.setToolTip(
            "Approved benefits' baselines and targets change only when you confirm: each "
            "is written as a new plan version whose reason names this file"
        )
        for box in (self.all_or_nothing, self.rebaseline):
            box.toggled.connect(self.options_changed)
        self.rejects_button = QPushButton(icon("save"), "Save &Rejected Rows…", self)
        self.rejects_button.setToolTip(
            "The rejected rows, with the file's header and an Error column, to fix and import"
        )
        self.rejects_button.clicked.connect(self.save_rejects)
        choices = QHBoxLayout()
        choices.addWidget(self.all_or_nothing)
        choices.addWidget(self.rebaseline)
        choices.addStretch(1)
        choices.addWidget(self.rejects_button)
        return choices

    def show_report(
        self,
        report: ImportReport,
        names: Mapping[str, str] | None = None,
        note: str = "",
        fixes: Mapping[str, Any] | None = None,
    ) -> None:
        """Show a dry run (or an import that found errors). `note`: why it is shown again;
        `fixes`: the cells typed in place of the file's."""
        self.report = report
        self.status.show_lines("warning", [note] if note else [])
        colour, text, advice = _headline(report)
        if report.previous_batches and report.ok:
            batches = ", ".join(f"#{b}" for b in report.previous_batches)
            advice += f" This file was imported before (batch {batches})."
        self.headline.setText(text)
        self.headline.setStyleSheet(HEADLINE_STYLE.format(colour=colour))
        self.advice.setText(advice)
        self._show_choices(report)
        fit_rows(self.counts, self.count_model, count_rows(report))
        self._show_people(report)
        self._fill_problems()
        self.rows.show_report(report, fixes or {}, names)
        self.tabs.setTabText(0, f"Problems ({report.error_count + report.warning_count:,})")
        self.tabs.setTabIcon(0, icon("error") if not report.ok else icon("warning"))
        self.tabs.setTabText(1, f"Rows ({self.rows.model.rowCount():,})")
        self.tabs.setCurrentIndex(1 if report.rejected_rows or not report.problems else 0)

    def _show_choices(self, report: ImportReport) -> None:
        for box, on in ((self.all_or_nothing, report.all_or_nothing),
                        (self.rebaseline, report.rebaseline)):  # fmt: skip
            box.blockSignals(True)
            box.setChecked(on)
            box.blockSignals(False)
        count = len(report.rebaselines)
        self.rebaseline.setText(
            f"Re-&baseline: write the {plural(count, 'change')} to approved benefits' "
            "baselines and targets (a new plan version each)"
        )
        self.rebaseline.setVisible(count > 0)
        self.rejects_button.setEnabled(bool(report.rejects))

    def _show_people(self, report: ImportReport) -> None:
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


def _headline(report: ImportReport) -> tuple[str, str, str]:
    """(colour, what the check found, what to do next)."""
    if report.refused:
        why = "the file itself has errors" if report.fatal else "rows are rejected"
        return (
            RED,
            f"Nothing can be imported: {why} ({plural(report.error_count, 'error')}).",
            "Fix them in the file (Open File), save it and Check Again — or go Back and "
            "change how a sheet or column is read."
            + ("" if report.fatal else " Untick All or nothing to import the valid rows."),
        )
    if not report.changes_anything and not report.rejected_rows:
        return (
            SLATE,
            f"Nothing to import: the portfolio already holds everything in {report.file_name}.",
            "The file can be imported again later, when it holds new figures.",
        )
    advice = "Import writes these changes as one import batch, which you can undo."
    if report.rejected_rows:
        advice = (
            "The rejected rows are left out (Rows tab, Rejected only): fix a cell there and "
            "Check Fixes, or save them to fix in Excel and import later. " + advice
        )
    if report.rebaselines and not report.rebaseline:
        advice += " Approved benefits' baselines stay as they are unless you tick Re-baseline."
    colour = GREEN if report.ok else "#b45309"
    if not report.changes_anything:
        return colour, f"Nothing to import but the rejected rows: {totals_text(report)}.", advice
    return colour, f"Ready to import: {totals_text(report)}.", advice


class ResultPage(QWidget):
    save_mapping = Signal()
    undo = Signal()
    history = Signal()
    save_rejects = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.result: ImportResult | None = None
        self.top = Heading("Import", "", self)
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
        self.rejects_button = QPushButton(icon("save"), "Save &Rejected Rows…", self)
        self.rejects_button.clicked.connect(self.save_rejects)
        self.note = Notice(self)
        buttons = QHBoxLayout()
        for button in (
            self.save_button,
            self.undo_button,
            self.history_button,
            self.rejects_button,
        ):
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
            self.top.title.setText(f"Imported as batch #{result.batch_id}")
            took = f" in {result.seconds:.0f} s" if result.seconds >= 2 else ""
            self.top.subtitle.setText(
                f"{result.file_name} was imported{took}. Every view of the portfolio shows "
                "the new figures."
            )
            self.headline.setText(f"{totals_text(result).capitalize()}.")
            self.headline.setStyleSheet(HEADLINE_STYLE.format(colour=GREEN))
        else:
            self.top.title.setText("Nothing was imported")
            self.top.subtitle.setText(
                f"The portfolio already holds everything in {result.file_name}; no import "
                "batch was recorded."
            )
            self.headline.setText("Up to date.")
            self.headline.setStyleSheet(HEADLINE_STYLE.format(colour=SLATE))
        fit_rows(self.counts, self.count_model, count_rows(result))
        lines = []
        if result.people_added:
            lines.append("People added: " + html.escape(", ".join(result.people_added)))
        if result.rejected_rows:
            lines.append(
                f"{plural(result.rejected_rows, 'row')} rejected and left out: Save Rejected "
                "Rows writes them, with an Error column, to fix and import again."
            )
        if result.rebaselines:
            done = "re-baselined" if result.rebaseline else "left as they were (not confirmed)"
            lines.append(
                f"{plural(len(result.rebaselines), 'change')} to approved benefits' baselines "
                f"{done}."
            )
        if result.warning_count:
            lines.append(f"{plural(result.warning_count, 'warning')} (listed in the check).")
        self.details.setText("<br>".join(f"• {line}" for line in lines))
        self.details.setVisible(bool(lines))
        self.undo_button.setVisible(result.committed)
        self.undo_button.setEnabled(result.committed)
        self.rejects_button.setVisible(bool(result.rejects))
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
        self.top.title.setText(f"Import #{undone.batch_id} was undone")
        self.headline.setText(
            f"{plural(restored, 'row')} restored, {plural(deleted, 'row')} removed."
        )
        self.headline.setStyleSheet(HEADLINE_STYLE.format(colour=SLATE))
        self.undo_button.setEnabled(False)
        self.note.show_lines("ok", ["The portfolio is as it was before the import."])
