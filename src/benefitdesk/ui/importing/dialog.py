"""File › Import…: a file into the portfolio in four steps — file, sheets and columns,
check, import — each long one in a background job with progress and Cancel.

The dialog owns the flow; the pages show and edit an `ImportSession`. Reading the
file, the dry run, the import and its undo run in `Job`s whose functions touch no
widget. Nothing is written before the user presses Import, and a file with any error
cannot be imported (the button stays disabled, the problems say where).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from PySide6.QtCore import QUrl
from PySide6.QtGui import QCloseEvent, QDesktopServices
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from benefitdesk.exchange.errors import ExchangeError
from benefitdesk.services.importing import (
    ImportMapping,
    ImportPlan,
    ImportReport,
    ImportResult,
    UndoResult,
    apply_import,
    list_batches,
    load_mapping,
    plan_import,
    undo_import,
)
from benefitdesk.services.importing.mapping import IGNORE
from benefitdesk.ui.context import PortfolioContext
from benefitdesk.ui.errors import show_error
from benefitdesk.ui.importing.file_page import (
    FilePage,
    refusal,
)
from benefitdesk.ui.importing.history import ask_undo, open_import_history
from benefitdesk.ui.importing.outcome_pages import CheckPage, ResultPage
from benefitdesk.ui.importing.report_models import person_names
from benefitdesk.ui.importing.saving import save_mapping_as, save_rejected_rows
from benefitdesk.ui.importing.session import ImportSession, Reading, read_workbook
from benefitdesk.ui.importing.sheets_page import SheetsPage
from benefitdesk.ui.importing.widgets import StepBar
from benefitdesk.ui.jobs import Job, JobControl
from benefitdesk.ui.resources import icon
from benefitdesk.ui.settings import AppSettings

FILE, SHEETS, CHECK, RESULT = range(4)
STEPS = ("File", "Sheets and columns", "Check", "Import")


class ImportDialog(QDialog):
    """The import, step by step. `job` is the background work running, if any."""

    def __init__(
        self, context: PortfolioContext, settings: AppSettings, parent: QWidget | None = None
    ):
        super().__init__(parent)
        self.context = context
        self.settings = settings
        self.session: ImportSession | None = None
        self.plan: ImportPlan | None = None
        self.outcome: ImportResult | None = None
        self.job: Job | None = None
        self.fixes: dict[str, dict[tuple[int, int], str]] = {}  # cells typed in the check
        self._read_again = False  # choices changed while the file was being read
        self.setWindowTitle("Import")
        self.setWindowIcon(icon("import"))
        self.setMinimumSize(900, 600)
        self.resize(1120, 680)

        self.steps = StepBar(STEPS, self)

        self.file_page = FilePage(settings, self)
        self.sheets_page = SheetsPage(self)
        self.check_page = CheckPage(self)
        self.result_page = ResultPage(self)
        self.stack = QStackedWidget(self)
        for page in (self.file_page, self.sheets_page, self.check_page, self.result_page):
            self.stack.addWidget(page)

        buttons = self._build_buttons()

        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 10, 14, 12)
        layout.addWidget(self.steps)
        layout.addWidget(self.stack, 1)
        layout.addLayout(buttons)

        self._connect()
        self.go(FILE)
        self.file_page.file.setFocus()

    def _build_buttons(self) -> QHBoxLayout:
        self.back_button = QPushButton("< &Back", self)
        self.next_button = QPushButton("&Next >", self)
        self.close_button = QPushButton("Cancel", self)
        self.another_button = QPushButton(icon("import"), "Import &Another File…", self)
        self.save_button = QPushButton(icon("save"), "&Save Mapping…", self)
        self.save_button.setToolTip("Keep how this file's sheets and columns are read")
        for button in (self.back_button, self.close_button, self.another_button, self.save_button):
            button.setAutoDefault(False)
        self.next_button.setDefault(True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.another_button)
        buttons.addStretch(1)
        for button in (self.back_button, self.next_button, self.close_button):
            buttons.addWidget(button)
        return buttons

    def _connect(self) -> None:
        """The buttons and the pages' requests to the flow."""
        self.back_button.clicked.connect(self.back)
        self.next_button.clicked.connect(self.next)
        self.close_button.clicked.connect(self.reject)
        self.another_button.clicked.connect(self.start_over)
        self.save_button.clicked.connect(self.save_mapping)
        self.file_page.changed.connect(self._update_buttons)
        self.sheets_page.edited.connect(self.reread)
        self.check_page.recheck.connect(self.check_again)
        self.check_page.open_file.connect(self.open_file)
        self.check_page.options_changed.connect(self.check)
        self.check_page.rows.recheck.connect(self.check)
        self.check_page.rows.fixed.connect(self._fix)
        self.check_page.save_rejects.connect(self.save_rejects)
        self.result_page.save_rejects.connect(self.save_rejects)
        self.result_page.save_mapping.connect(self.save_mapping)
        self.result_page.undo.connect(self.undo)
        self.result_page.history.connect(self.show_history)

    # -- steps -------------------------------------------------------------------------------
    @property
    def step(self) -> int:
        return self.stack.currentIndex()

    def go(self, step: int) -> None:
        self.stack.setCurrentIndex(step)
        self.steps.set_current(step)
        self._update_buttons()

    def _update_buttons(self) -> None:
        step = self.step
        self.back_button.setVisible(step in (SHEETS, CHECK))
        self.next_button.setVisible(step != RESULT)
        self.another_button.setVisible(step == RESULT)
        self.save_button.setVisible(step in (SHEETS, CHECK) and self.session is not None)
        self.close_button.setText("Close" if step == RESULT else "Cancel")
        self.next_button.setIcon(icon("import") if step == CHECK else icon("check"))
        if step == FILE:
            self.next_button.setText("&Next >")
            self.next_button.setIcon(icon("open"))
            path = self.file_page.path()
            self.next_button.setEnabled(path is not None)
        elif step == SHEETS:
            self.next_button.setText("&Check >")
            session = self.session
            self.next_button.setEnabled(session is not None and bool(self._imported()))
        elif step == CHECK:
            self.next_button.setText("&Import")
            self.next_button.setEnabled(self.can_import())
        if step == RESULT:
            self.close_button.setDefault(True)
        else:
            self.next_button.setDefault(True)

    def _imported(self) -> list[str]:
        """Sheets the import would read, including those asked for but not readable (the
        check then says why)."""
        session = self.session
        if session is None:
            return []
        return [
            s.name
            for s in session.sheets
            if s.kind is not None or session.chosen_kind(s.name) not in (None, IGNORE)
        ]

    def can_import(self) -> bool:
        plan = self.plan
        return (
            plan is not None
            and not plan.refused
            and plan.changes_anything
            and not self.context.read_only
            and self.job is None
        )

    def next(self) -> None:
        if self.job is not None:
            return
        if self.step == FILE:
            self.read_file()
        elif self.step == SHEETS:
            self.check()
        elif self.step == CHECK and self.can_import():
            self.run_import()

    def back(self) -> None:
        if self.job is None and self.step in (SHEETS, CHECK):
            self.go(self.step - 1)

    def start_over(self) -> None:
        self.session = self.plan = self.outcome = None
        self.fixes = {}
        self.setWindowTitle("Import")
        self.file_page.file.clear()
        self.go(FILE)
        self.file_page.file.setFocus()

    # -- jobs --------------------------------------------------------------------------------
    def _run(
        self,
        fn: Callable[[JobControl], Any],
        title: str,
        done: Callable[[Any], None],
        failed: Callable[[BaseException, str], None] | None = None,
        cancelled: Callable[[], None] | None = None,
    ) -> Job:
        """One job at a time; the buttons follow it, and choices made meanwhile are read
        once it ends (a Cancel is the user's wish: ``cancelled``, not ``failed``)."""

        def ended(then: Callable[[], None]) -> None:
            self.job = None
            then()
            self._update_buttons()
            self._catch_up()

        def failure(error: BaseException, trace: str) -> None:
            self.job = None
            self._update_buttons()
            (failed or partial(show_error, self, title))(error, trace)
            self._catch_up()

        job = Job(self, fn, title).on_success(lambda result: ended(lambda: done(result)))
        job.on_failure(failure).on_cancel(lambda: ended(cancelled or (lambda: None)))
        self.job = job
        self._update_buttons()
        return job.run()

    def _catch_up(self) -> None:
        if self._read_again and self.job is None:
            self._read_again = False
            self.reread()

    # -- step 1 → 2: read the file ---------------------------------------------------------
    def read_file(self) -> None:
        path = self.file_page.path()
        if path is None:
            return
        refused = refusal(path)
        if refused:
            self._tell("Import", refused)
            return
        mapping_file = self.file_page.mapping_path()
        choices = ImportMapping()
        if mapping_file is not None:
            try:
                choices = load_mapping(mapping_file)
            except ExchangeError as exc:
                show_error(self, "Use a saved mapping", exc)
                return
        session = ImportSession(path, choices, mapping_file)

        def work(control: JobControl) -> Reading:
            control.progress(0, 0, f"Reading {path.name}…")
            return read_workbook(path, choices, None, control.check)

        def done(reading: Reading) -> None:
            session.adopt(reading)
            self.session, self.plan, self.outcome = session, None, None
            self.fixes = {}
            self.file_page.remember(path)
            self.setWindowTitle(f"Import — {path.name}")
            self.sheets_page.set_session(session)
            self.go(SHEETS)
            self.sheets_page.sheets.view.setFocus()

        self._run(work, f"Reading {path.name}", done)

    def reread(self, then: Callable[[], None] | None = None) -> None:
        """Read the file again with the session's choices (they changed, or the file did)."""
        session = self.session
        if session is None:
            return
        if self.job is not None:  # read again with every choice once this read ends
            self._read_again = True
            return
        choices, heads = session.snapshot()
        keep = self.sheets_page.current_sheet()
        path = session.path

        def work(control: JobControl) -> Reading:
            return read_workbook(path, choices, heads, control.check)

        def done(reading: Reading) -> None:
            session.adopt(reading)
            self.plan = None
            self.sheets_page.set_session(session, keep)
            if then is not None:
                then()

        self._run(work, f"Reading {path.name}", done)

    # -- step 2 → 3: the dry run -------------------------------------------------------------
    def check(self) -> None:
        session = self.session
        if session is None or self.job is not None:
            return
        store, path, mapping = self.context.store, session.path, session.confirmed()
        page, fixes = self.check_page, {k: dict(v) for k, v in self.fixes.items() if v}
        all_or_nothing, rebaseline = page.all_or_nothing.isChecked(), page.rebaseline.isChecked()

        def work(control: JobControl) -> ImportPlan:
            def progress(done: int, total: int) -> None:
                control.progress(done, total, f"Checking {path.name}… {done:,} of {total:,} rows")

            return plan_import(
                store,
                path,
                mapping,
                progress,
                control.cancelled,
                all_or_nothing=all_or_nothing,
                rebaseline=rebaseline,
                fixes=fixes,
            )

        def done(plan: ImportPlan) -> None:
            self.plan = plan
            page.show_report(plan, person_names(self.context), fixes=fixes)
            self.go(CHECK)
            page.problems.view.setFocus()

        self._run(work, f"Checking {path.name}", done, partial(show_error, self, "Check"))

    def _fix(self, sheet: str, row: int, column: int, value: str) -> None:
        """A rejected cell typed in the check: read in place of the file's from now on."""
        self.fixes.setdefault(sheet, {})[(row, column)] = value

    def save_rejects(self) -> None:
        report = self.outcome if self.outcome is not None else self.plan
        if report is not None:
            save_rejected_rows(self, report)

    def check_again(self) -> None:
        """After the file was fixed: read it again, then check it again."""
        if self.job is None:
            self.plan = None
            self._update_buttons()
            self.reread(then=self.check)

    def open_file(self) -> None:
        if self.session is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.session.path)))

    # -- step 3 → 4: the import --------------------------------------------------------------
    def run_import(self) -> None:
        plan = self.plan
        if plan is None:
            return
        store, name = self.context.store, plan.file_name

        def work(control: JobControl) -> ImportResult:
            def progress(done: int, total: int) -> None:
                control.progress(done, total, f"Importing {name}… {done:,} of {total:,} rows")

            return apply_import(store, plan, progress=progress, cancelled=control.cancelled)

        self._run(
            work,
            f"Importing {name}",
            self._imported_done,
            self._import_failed,
            cancelled=lambda: self.check_page.say(
                "warning", "The import was cancelled. Nothing was written."
            ),
        )

    def _imported_done(self, result: ImportResult) -> None:
        self.outcome = result
        if result.committed:
            self.plan = None
            self.context.reload()
        if result.committed or (not result.refused and not result.rejected_rows):
            self.result_page.show_result(result)
            self.go(RESULT)
            return
        # The portfolio changed since the dry run in a way that makes rows fail now.
        self.plan = None
        self.check_page.show_report(
            result,
            person_names(self.context),
            "The import found errors the check had not (the portfolio changed in the "
            "meantime). Nothing was written.",
        )

    def _import_failed(self, error: BaseException, trace: str) -> None:
        if isinstance(error, ExchangeError):
            self.plan = None
            self.check_page.say("error", f"{error} Nothing was written.")
        else:
            show_error(self, "Import", error, trace)

    # -- after the import ------------------------------------------------------------------
    def save_mapping(self) -> None:
        session = self.session
        if session is not None and save_mapping_as(self, session, self.settings):
            assert session.mapping_file is not None
            self.file_page.use_mapping(session.mapping_file)

    def undo(self) -> None:
        result = self.outcome
        if result is None or result.batch_id is None or self.job is not None:
            return
        batch = result.batch_id
        if not ask_undo(self, f"import #{batch} of {result.file_name}"):
            return
        store = self.context.store

        def work(_control: JobControl) -> UndoResult:
            return undo_import(store, batch)

        def done(undone: UndoResult) -> None:
            self.context.reload()
            self.result_page.show_undone(undone)

        self._run(work, f"Undoing import #{batch}", done)

    def show_history(self) -> None:
        open_import_history(self.context, self)
        result = self.outcome
        if result is not None and result.batch_id is not None:  # undone there, perhaps
            batch = next(
                (b for b in list_batches(self.context.store) if b.id == result.batch_id), None
            )
            if batch is not None and batch.undone_at is not None:
                self.result_page.undo_button.setEnabled(False)
                self.result_page.note.show_lines(
                    "ok", [f"Import #{batch.id} was undone in the import history."]
                )

    # -- closing ---------------------------------------------------------------------------
    def reject(self) -> None:
        if self.job is None:  # while a job runs, its progress dialog has the Cancel
            super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        if self.job is not None:
            event.ignore()
        else:
            super().closeEvent(event)

    def _tell(
        self, title: str, text: str, kind: QMessageBox.Icon = QMessageBox.Icon.Warning
    ) -> None:
        box = QMessageBox(kind, title, text, QMessageBox.StandardButton.Ok, self)
        box.exec()

    @property
    def report(self) -> ImportReport | None:
        """What the check page shows: the dry run, or an import refused for errors."""
        return self.check_page.report
