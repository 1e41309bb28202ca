"""The editor's lower half: Preview and Test run, in the background, and what they found.

Preview reads the source (the first rows as read with the code each maps to, and the
figures they make); Test run is a dry run against the portfolio (what would be added,
changed or left unchanged). Neither writes anything.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from benefitdesk.exchange.errors import ExchangeError, Problem
from benefitdesk.exchange.grid import list_sheets
from benefitdesk.exchange.limits import TEXT_SUFFIXES
from benefitdesk.services.sync import (
    Preview,
    ProfileRun,
    SyncProfile,
    portfolio_folder,
    preview_profile,
    run_profile,
    source_file,
)
from benefitdesk.store import Store
from benefitdesk.ui.jobs import Job, JobControl
from benefitdesk.ui.sync.models import FigureLine, FigureModel, SampleLine, SampleModel
from benefitdesk.ui.sync.prompter import SyncPrompter
from benefitdesk.ui.widgets.table import RecordTable

if TYPE_CHECKING:
    from benefitdesk.ui.context import PortfolioContext

PREVIEW_ROWS = 50
RED = "#b91c1c"


def workbook_sheets(profile: SyncProfile, store: Store) -> list[str]:
    """The sheets of the workbook a file profile reads ([] for CSV or no file)."""
    if not profile.reads_files or not profile.path:
        return []
    try:
        path = source_file(profile, portfolio_folder(store))
        if path.suffix.lower() in TEXT_SUFFIXES:
            return []
        return list_sheets(path, include_hidden=False)
    except (ExchangeError, OSError):
        return []


class PreviewPanel(QWidget):
    """Preview and Test run buttons, a one-line summary, and tabs of what was found."""

    previewed = Signal(object, list)  # Preview, the workbook's sheets

    def __init__(
        self,
        context: PortfolioContext,
        profile: Callable[[], SyncProfile],
        prompter: SyncPrompter,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.context = context
        self.profile = profile
        self.prompter = prompter
        self.job: Job | None = None
        self.last_preview: Preview | None = None
        self.last_run: ProfileRun | None = None

        self.preview_button = QPushButton("&Preview", self)
        self.preview_button.setToolTip("Read the source: the first rows and the figures they make")
        self.preview_button.clicked.connect(self.preview)
        self.test_button = QPushButton("&Test run", self)
        self.test_button.setToolTip("What a sync would add, change or leave; nothing is written")
        self.test_button.clicked.connect(self.test_run)
        self.summary = QLabel("", self)
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.sample_model = SampleModel(self)
        self.figure_model = FigureModel(self)
        self.sample_table = RecordTable(
            "First rows read", self.sample_model, self, empty="Press Preview to read the source."
        )
        self.figure_table = RecordTable(
            "Figures",
            self.figure_model,
            self,
            empty="The figures the rows make, one per code and period.",
        )
        self.problems = QPlainTextEdit(self)
        self.problems.setReadOnly(True)
        self.tabs = QTabWidget(self)
        self.tabs.addTab(self.sample_table, "Rows read")
        self.tabs.addTab(self.figure_table, "Figures")
        self.tabs.addTab(self.problems, "Messages")
        bar = QHBoxLayout()
        bar.addWidget(self.preview_button)
        bar.addWidget(self.test_button)
        bar.addWidget(self.summary, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.tabs, 1)

    # -- running ------------------------------------------------------------------------------
    def preview(self) -> Job | None:
        """Read the source in the background and show what it holds."""
        if self.job is not None:
            return None
        profile, store = self.profile(), self.context.store

        def work(control: JobControl) -> tuple[Preview, list[str]]:
            control.progress(0, 0, "Reading the source…")
            found = preview_profile(store, profile, limit=PREVIEW_ROWS)
            return found, workbook_sheets(profile, store)

        self.summary.setText("Reading the source…")
        return self._start(work, "Preview", self._previewed)

    def test_run(self) -> Job | None:
        """A dry run against the portfolio: nothing is written."""
        if self.job is not None:
            return None
        profile, store = self.profile(), self.context.store

        def work(control: JobControl) -> ProfileRun:
            return run_profile(
                store,
                profile,
                dry_run=True,
                record=False,
                progress=lambda rows: control.progress(0, 0, f"{rows:,} rows read…"),
                cancelled=control.cancelled,
            )

        self.summary.setText("Test run…")
        return self._start(work, "Test run", self._tested)

    def _start(self, work: Callable[[JobControl], Any], title: str, done: Any) -> Job:
        self._busy(True)

        def success(result: Any) -> None:
            self.job = None
            self._busy(False)
            done(result)

        def failure(error: BaseException, trace: str) -> None:
            self.job = None
            self._busy(False)
            self.summary.setText(f"{title} failed: {error}")
            self.prompter.error(self, title, error, trace)

        self.job = Job(self, work, title).quiet().on_success(success).on_failure(failure)
        return self.job.run()

    def _busy(self, busy: bool) -> None:
        self.preview_button.setEnabled(not busy)
        self.test_button.setEnabled(not busy)

    # -- showing ------------------------------------------------------------------------------
    def _previewed(self, result: tuple[Preview, list[str]]) -> None:
        preview, sheets = result
        self.last_preview = preview
        self.sample_model.set_rows([SampleLine(i, r) for i, r in enumerate(preview.rows)])
        self.figure_model.set_rows([FigureLine(i, f) for i, f in enumerate(preview.figures)])
        self._show_problems(preview.problems, preview.error_count)
        if preview.error_count:
            first = preview.problems[0] if preview.problems else ""
            self._red(f"{preview.error_count:,} problem(s): {first}")
        else:
            rows, figures = preview.rows_read, len(preview.figures)
            text = (
                f"{rows:,} row{'' if rows == 1 else 's'} read from {preview.source}: "
                f"{figures:,} figure{'' if figures == 1 else 's'}"
            )
            if preview.unmapped:
                text += f"; {len(preview.unmapped):,} source key(s) not in the key map"
            self.summary.setText(text + ".")
        self.tabs.setCurrentWidget(self.problems if preview.error_count else self.figure_table)
        self.previewed.emit(preview, sheets)

    def _tested(self, run: ProfileRun) -> None:
        self.last_run = run
        self._show_problems(run.problems, run.error_count)
        if run.failed:
            self._red(f"Test run: {run.summary()}")
            self.tabs.setCurrentWidget(self.problems)
        else:
            self.summary.setText(
                f"Test run, nothing written: {run.added:,} would be added, "
                f"{run.changed:,} changed, {run.unchanged:,} unchanged."
            )

    def _red(self, text: str) -> None:
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.summary.setStyleSheet(f"color: {RED};")
        self.summary.setText(text)

    def _show_problems(self, problems: list[Problem], errors: int) -> None:
        self.summary.setStyleSheet("")
        lines = [("Error: " if p.is_error else "Warning: ") + str(p) for p in problems]
        if errors > sum(1 for p in problems if p.is_error):
            lines.append(f"… {errors:,} errors in all")
        self.problems.setPlainText("\n".join(lines) or "No problems.")
