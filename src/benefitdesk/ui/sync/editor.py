"""The profile editor: where figures come from, how keys map to codes, and a look at
what the profile would do before it is saved.

Preview reads the source (first rows as read, each row's code, and the figures they
make); Test run is a dry run against the portfolio (what would be added, changed or
left unchanged). Both run in the background; neither writes anything. Save checks the
profile and keeps the dialog open with the reasons when it is refused.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from benefitdesk.services.changes import Change
from benefitdesk.services.errors import ServiceError, ValidationError
from benefitdesk.services.sync import (
    PERIODS,
    Preview,
    ProfileRun,
    SyncProfile,
    preview_profile,
    run_profile,
    save_profile,
)
from benefitdesk.services.sync.profiles import absolute_path
from benefitdesk.ui.detail.table import RecordTable
from benefitdesk.ui.dialogs.fields import ERROR, ChoiceField, FieldMessage
from benefitdesk.ui.jobs import Job, JobControl
from benefitdesk.ui.sync.models import (
    CodeDelegate,
    FigureLine,
    FigureModel,
    KeyMapModel,
    SampleLine,
    SampleModel,
)
from benefitdesk.ui.sync.prompter import EXPORT_FILTER, SyncPrompter

if TYPE_CHECKING:
    from benefitdesk.ui.context import PortfolioContext

SOURCE_CHOICES = [
    ("A file", "file"),
    ("The newest file in a folder", "folder"),
    ("An SQL query", "sql"),
]
AGGREGATE_CHOICES = [
    ("the last value", "last"),
    ("the sum", "sum"),
    ("the mean", "mean"),
    ("the number of rows", "count"),
]
PREVIEW_ROWS = 50


def code_choices(context: PortfolioContext) -> list[tuple[str, str]]:
    """(code, title) of every benefit and indicator, for the key map's combo."""
    snapshot = context.report.snapshot
    found = [(b.code, b.title) for b in snapshot.benefits]
    found += [(i.code, i.name) for rows in snapshot.indicators.values() for i in rows]
    return sorted(found)


class ProfileEditor(QDialog):
    """Edit one profile (`profile_id` None: a new one)."""

    def __init__(
        self,
        context: PortfolioContext,
        profile: SyncProfile | None = None,
        parent: QWidget | None = None,
        *,
        profile_id: int | None = None,
        prompter: SyncPrompter | None = None,
    ):
        super().__init__(parent)
        self.context = context
        self.profile_id = profile_id
        self.prompter = prompter or SyncPrompter()
        self.change: Change | None = None  # set when saved
        self.last_preview: Preview | None = None
        self.last_run: ProfileRun | None = None
        self.job: Job | None = None
        self.setWindowTitle(
            "Import profile"
            if profile_id is None
            else f"Import profile — {profile.name if profile else ''}"
        )
        self.resize(860, 760)
        self._build()
        self.set_profile(profile or SyncProfile(name=""))
        self.read_only = context.read_only
        if self.read_only:
            self.buttons.button(QDialogButtonBox.StandardButton.Save).setEnabled(False)

    # -- building -------------------------------------------------------------------------------
    def _build(self) -> None:
        self.name = QLineEdit(self)
        self.name.setPlaceholderText("CRM monthly export")
        self.source = ChoiceField(SOURCE_CHOICES, self)
        self.path = QLineEdit(self)
        self.browse = QPushButton("Browse…", self)
        self.browse.clicked.connect(self.choose_path)
        self.pattern = QLineEdit(self)
        self.pattern.setPlaceholderText("*.csv  (the newest matching file is read)")
        self.sheet = QComboBox(self)
        self.sheet.setEditable(True)
        self.sheet.lineEdit().setPlaceholderText("the first sheet")
        self.url = QLineEdit(self)
        self.url.setPlaceholderText("sqlite:///ops.db  or  postgresql://user@host/db")
        self.query = QPlainTextEdit(self)
        self.query.setPlaceholderText(
            "select kpi as key, day as date, cost as value from invoice_cost"
        )
        self.query.setFixedHeight(72)
        self.key_column, self.date_column, self.value_column = (
            QLineEdit(self),
            QLineEdit(self),
            QLineEdit(self),
        )
        self.aggregate = ChoiceField(AGGREGATE_CHOICES, self)
        self.period = ChoiceField([(p, p) for p in PERIODS], self)
        self.skip_unmapped = QCheckBox("Skip rows whose key is not in the key map", self)
        self.month_first = QCheckBox("Dates are month first (03/31/2026)", self)
        self.decimal = ChoiceField([("1,234.5", "."), ("1.234,5", ",")], self)

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.messages: dict[str, FieldMessage] = {}

        def row(label: str, key: str, *widgets: QWidget) -> QLabel:
            box = QWidget(self)
            column = QVBoxLayout(box)
            column.setContentsMargins(0, 0, 0, 0)
            column.setSpacing(0)
            line = QHBoxLayout()
            line.setContentsMargins(0, 0, 0, 0)
            for i, widget in enumerate(widgets):
                line.addWidget(widget, 1 if i == 0 else 0)
            column.addLayout(line)
            self.messages[key] = FieldMessage(box)
            column.addWidget(self.messages[key])
            title = QLabel(label, self)
            form.addRow(title, box)
            self._rows[key] = (title, box)
            return title

        self._rows: dict[str, tuple[QLabel, QWidget]] = {}
        row("&Name:", "name", self.name)
        row("&Source:", "source", self.source)
        self.path_label = row("&File:", "path", self.path, self.browse)
        row("File &names:", "pattern", self.pattern)
        row("S&heet:", "sheet", self.sheet)
        row("Database &URL:", "url", self.url)
        row("&Query:", "query", self.query)
        columns = QWidget(self)
        line = QHBoxLayout(columns)
        line.setContentsMargins(0, 0, 0, 0)
        for text, edit in (
            ("Key", self.key_column),
            ("Date", self.date_column),
            ("Value", self.value_column),
        ):
            line.addWidget(QLabel(text, columns))
            line.addWidget(edit, 1)
        row("&Columns:", "columns", columns)
        figures = QWidget(self)
        line = QHBoxLayout(figures)
        line.setContentsMargins(0, 0, 0, 0)
        line.addWidget(QLabel("One figure per", figures))
        line.addWidget(self.period)
        line.addWidget(QLabel("period: ", figures))
        line.addWidget(self.aggregate, 1)
        row("&Figures:", "aggregate", figures)
        options = QWidget(self)
        line = QHBoxLayout(options)
        line.setContentsMargins(0, 0, 0, 0)
        line.addWidget(self.skip_unmapped)
        line.addWidget(self.month_first)
        line.addStretch(1)
        line.addWidget(QLabel("Numbers:", options))
        line.addWidget(self.decimal)
        row("Options:", "unmapped", options)

        # key map
        self.key_model = KeyMapModel(self)
        self.key_view = QTableView(self)
        self.key_view.setModel(self.key_model)
        self.key_view.setItemDelegateForColumn(
            KeyMapModel.COL_CODE, CodeDelegate(code_choices(self.context), self.key_view)
        )
        self.key_view.verticalHeader().hide()
        self.key_view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.key_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.key_view.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        add_key = QPushButton("Add key", self)
        add_key.clicked.connect(self.add_key)
        remove_key = QPushButton("Remove", self)
        remove_key.clicked.connect(self.remove_key)
        self.add_unmapped = QPushButton("Add keys found in the preview", self)
        self.add_unmapped.setToolTip("Add every source key the preview found that is not mapped")
        self.add_unmapped.clicked.connect(self.add_unmapped_keys)
        self.add_unmapped.setEnabled(False)
        keys_bar = QHBoxLayout()
        keys_bar.addWidget(QLabel("<b>Key map</b> — source key → benefit or indicator", self))
        keys_bar.addStretch(1)
        for button in (add_key, remove_key, self.add_unmapped):
            keys_bar.addWidget(button)
        self.messages["keys"] = FieldMessage(self)

        # preview
        self.preview_button = QPushButton("&Preview", self)
        self.preview_button.setToolTip("Read the source: the first rows and the figures they make")
        self.preview_button.clicked.connect(self.preview)
        self.test_button = QPushButton("&Test run", self)
        self.test_button.setToolTip("What a sync would add, change or leave; nothing is written")
        self.test_button.clicked.connect(self.test_run)
        self.summary = QLabel("", self)
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        run_bar = QHBoxLayout()
        run_bar.addWidget(self.preview_button)
        run_bar.addWidget(self.test_button)
        run_bar.addWidget(self.summary, 1)
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

        self.general = FieldMessage(self)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.try_accept)
        self.buttons.rejected.connect(self.reject)

        top = QWidget(self)
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addLayout(form)
        top_layout.addLayout(keys_bar)
        top_layout.addWidget(self.key_view, 1)
        top_layout.addWidget(self.messages["keys"])
        bottom = QWidget(self)
        bottom_layout = QVBoxLayout(bottom)
        bottom_layout.setContentsMargins(0, 0, 0, 0)
        bottom_layout.addLayout(run_bar)
        bottom_layout.addWidget(self.tabs, 1)
        split = QSplitter(Qt.Orientation.Vertical, self)
        split.addWidget(top)
        split.addWidget(bottom)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(split, 1)
        layout.addWidget(self.general)
        layout.addWidget(self.buttons)
        self.source.edited.connect(self._source_changed)
        self.aggregate.edited.connect(self._source_changed)

    # -- values -----------------------------------------------------------------------------------
    def set_profile(self, profile: SyncProfile) -> None:
        self.name.setText(profile.name)
        self.source.set_value(profile.source)
        self.path.setText(profile.path or "")
        self.pattern.setText(profile.pattern or "")
        self.sheet.setEditText(profile.sheet or "")
        self.url.setText(profile.url or "")
        self.query.setPlainText(profile.query or "")
        self.key_column.setText(profile.key_column)
        self.date_column.setText(profile.date_column)
        self.value_column.setText(profile.value_column)
        self.aggregate.set_value(profile.aggregate)
        self.period.set_value(profile.period)
        self.skip_unmapped.setChecked(profile.unmapped == "skip")
        self.month_first.setChecked(not profile.day_first)
        self.decimal.set_value(profile.decimal)
        self.key_model.set_keys(profile.keys)
        self._source_changed()

    def profile(self) -> SyncProfile:
        """The profile as the form shows it; settings of other source kinds left out."""
        kind = self.source.value()
        files = kind in ("file", "folder")
        return SyncProfile(
            name=self.name.text().strip(),
            source=kind,
            path=(self.path.text().strip() or None) if files else None,
            pattern=(self.pattern.text().strip() or None) if kind == "folder" else None,
            sheet=(self.sheet.currentText().strip() or None) if files else None,
            url=(self.url.text().strip() or None) if kind == "sql" else None,
            query=(self.query.toPlainText().strip() or None) if kind == "sql" else None,
            key_column=self.key_column.text().strip() or "key",
            date_column=self.date_column.text().strip() or "date",
            value_column=self.value_column.text().strip() or "value",
            aggregate=self.aggregate.value(),
            period=self.period.value(),
            keys=self.key_model.keys(),
            unmapped="skip" if self.skip_unmapped.isChecked() else "error",
            day_first=not self.month_first.isChecked(),
            decimal=self.decimal.value(),
        )

    def _source_changed(self, *_args: Any) -> None:
        kind = self.source.value()
        shown = {
            "path": kind in ("file", "folder"),
            "pattern": kind == "folder",
            "sheet": kind in ("file", "folder"),
            "url": kind == "sql",
            "query": kind == "sql",
        }
        for key, visible in shown.items():
            for widget in self._rows[key]:
                widget.setVisible(visible)
        self.path_label.setText("&Folder:" if kind == "folder" else "&File:")
        self.value_column.setEnabled(self.aggregate.value() != "count")

    # -- key map ----------------------------------------------------------------------------------
    def add_key(self, key: str = "", code: str = "") -> None:
        row = self.key_model.add(key, code)
        index = self.key_model.index(row, KeyMapModel.COL_KEY if not key else KeyMapModel.COL_CODE)
        self.key_view.setCurrentIndex(index)
        if not self.read_only and not key:
            self.key_view.edit(index)

    def remove_key(self) -> None:
        index = self.key_view.currentIndex()
        if index.isValid():
            self.key_model.remove(index.row())

    def add_unmapped_keys(self) -> None:
        if self.last_preview is None:
            return
        for key in self.last_preview.unmapped:
            self.key_model.add(key, "")
        self.add_unmapped.setEnabled(False)

    def choose_path(self) -> None:
        home = self.context.store.path.parent if self.context.store.path else Path.home()
        current = self.path.text().strip()
        start = str(absolute_path(current, home)) if current else str(home)
        if self.source.value() == "folder":
            chosen = self.prompter.folder(self, "Folder the exports arrive in", start)
        else:
            chosen = self.prompter.open_file(self, "Export file", start, EXPORT_FILTER)
        if chosen is not None:
            self.path.setText(str(chosen))

    # -- preview and test run -------------------------------------------------------------------
    def _busy(self, busy: bool) -> None:
        self.preview_button.setEnabled(not busy)
        self.test_button.setEnabled(not busy)

    def preview(self) -> Job | None:
        """Read the source in the background and show what it holds."""
        if self.job is not None:
            return None
        profile = self.profile()
        if not profile.name:
            profile = replace(profile, name="(unsaved)")
        store = self.context.store

        def work(control: JobControl) -> tuple[Preview, list[str]]:
            control.progress(0, 0, "Reading the source…")
            found = preview_profile(store, profile, limit=PREVIEW_ROWS)
            return found, _sheets(profile, store)

        self.summary.setText("Reading the source…")
        return self._start(work, "Preview", self._previewed)

    def test_run(self) -> Job | None:
        """A dry run against the portfolio: nothing is written."""
        if self.job is not None:
            return None
        profile = self.profile()
        if not profile.name:
            profile = replace(profile, name="(unsaved)")
        store = self.context.store

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

    def _start(self, work: Any, title: str, done: Any) -> Job:
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

        job = Job(self, work, title).quiet().on_success(success).on_failure(failure)
        self.job = job
        return job.run()

    def _previewed(self, result: tuple[Preview, list[str]]) -> None:
        preview, sheets = result
        self.last_preview = preview
        self.sample_model.set_rows([SampleLine(i, r) for i, r in enumerate(preview.rows)])
        self.figure_model.set_rows([FigureLine(i, f) for i, f in enumerate(preview.figures)])
        self._show_problems(preview.problems, preview.error_count)
        if sheets:
            current = self.sheet.currentText()
            self.sheet.clear()
            self.sheet.addItems(sheets)
            self.sheet.setEditText(current)
        self.add_unmapped.setEnabled(bool(preview.unmapped))
        if preview.error_count:
            self.summary.setText(
                f"<span style='color:#b91c1c'>{preview.error_count:,} problem(s): "
                f"{preview.problems[0] if preview.problems else ''}</span>"
            )
        else:
            unmapped = f"; {len(preview.unmapped):,} keys not mapped" if preview.unmapped else ""
            self.summary.setText(
                f"{preview.rows_read:,} rows read from {preview.source}: "
                f"{len(preview.figures):,} figures{unmapped}."
            )
        self.tabs.setCurrentWidget(self.problems if preview.error_count else self.figure_table)

    def _tested(self, run: ProfileRun) -> None:
        self.last_run = run
        self._show_problems(run.problems, run.error_count)
        if run.failed:
            self.summary.setText(f"<span style='color:#b91c1c'>Test run: {run.summary()}</span>")
            self.tabs.setCurrentWidget(self.problems)
        else:
            self.summary.setText(
                f"Test run, nothing written: {run.added:,} would be added, "
                f"{run.changed:,} changed, {run.unchanged:,} unchanged."
            )

    def _show_problems(self, problems: list[Any], errors: int) -> None:
        lines = [("Error: " if p.is_error else "Warning: ") + str(p) for p in problems]
        if errors > sum(1 for p in problems if p.is_error):
            lines.append(f"… {errors:,} errors in all")
        self.problems.setPlainText("\n".join(lines) or "No problems.")

    # -- saving -----------------------------------------------------------------------------------
    def try_accept(self) -> bool:
        """Save the profile; on a refusal keep the dialog open with the reasons."""
        if self.read_only:
            return False
        for line in (*self.messages.values(), self.general):
            line.set_messages([])
        try:
            self.change = save_profile(
                self.context.store, self.profile(), profile_id=self.profile_id
            )
        except ValidationError as exc:
            for key, message in exc.problems.items():
                target = self.messages.get(key, self.general)
                target.set_messages([*target.messages, (ERROR, message)])
            if not exc.problems:
                self.general.set_messages([(ERROR, str(exc))])
            return False
        except ServiceError as exc:
            self.general.set_messages([(ERROR, str(exc))])
            return False
        self.accept()
        return True

    def reject(self) -> None:
        if self.job is not None:
            self.job.cancel()
        super().reject()


def _sheets(profile: SyncProfile, store: Any) -> list[str]:
    """The sheets of the workbook a file profile reads ([] for CSV or no file)."""
    from benefitdesk.exchange.errors import ExchangeError
    from benefitdesk.exchange.grid import list_sheets
    from benefitdesk.exchange.limits import TEXT_SUFFIXES
    from benefitdesk.services.sync import portfolio_folder, source_file

    if not profile.reads_files or not profile.path:
        return []
    try:
        path = source_file(profile, portfolio_folder(store))
        if path.suffix.lower() in TEXT_SUFFIXES:
            return []
        return list_sheets(path, include_hidden=False)
    except (ExchangeError, OSError):
        return []
