"""The profile editor: where figures come from, how keys map to codes, and a look at
what the profile would do before it is saved.

Preview and Test run (`preview.PreviewPanel`) run in the background and write nothing.
Save checks the profile and keeps the dialog open with the reasons when it is refused.
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
    QVBoxLayout,
    QWidget,
)

from benefitdesk.services.changes import Change
from benefitdesk.services.errors import ServiceError, ValidationError
from benefitdesk.services.sync import PERIODS, Preview, SyncProfile, save_profile
from benefitdesk.services.sync.profiles import absolute_path
from benefitdesk.ui.jobs import Job
from benefitdesk.ui.sync.models import CodeDelegate, KeyMapModel
from benefitdesk.ui.sync.preview import PreviewPanel
from benefitdesk.ui.sync.prompter import EXPORT_FILTER, SyncPrompter
from benefitdesk.ui.widgets.fields import ERROR, ChoiceField, FieldMessage, line_edit

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
        self._make_fields()
        form = self._build_form()
        keys_bar = self._build_key_map()
        self.panel = PreviewPanel(self.context, self._runnable, self.prompter, self)
        self.panel.previewed.connect(self._previewed)
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
        split = QSplitter(Qt.Orientation.Vertical, self)
        split.addWidget(top)
        split.addWidget(self.panel)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(split, 1)
        layout.addWidget(self.general)
        layout.addWidget(self.buttons)
        self.source.edited.connect(self._source_changed)
        self.aggregate.edited.connect(self._source_changed)

    def _make_fields(self) -> None:
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
        line_edit(self.sheet).setPlaceholderText("the first sheet")
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

    def _build_form(self) -> QFormLayout:
        """The source's fields, each with its message line below it."""
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.messages: dict[str, FieldMessage] = {}
        self._rows: dict[str, tuple[QLabel, QWidget]] = {}
        self._add_row(form, "&Name:", "name", self.name)
        self._add_row(form, "&Source:", "source", self.source)
        self.path_label = self._add_row(form, "&File:", "path", self.path, self.browse)
        self._add_row(form, "File &names:", "pattern", self.pattern)
        self._add_row(form, "S&heet:", "sheet", self.sheet)
        self._add_row(form, "Database &URL:", "url", self.url)
        self._add_row(form, "&Query:", "query", self.query)
        columns = _line(
            self,
            "Key",
            (self.key_column, 1),
            "Date",
            (self.date_column, 1),
            "Value",
            (self.value_column, 1),
        )
        self._add_row(form, "&Columns:", "columns", columns)
        figures = _line(self, "One figure per", self.period, "period: ", (self.aggregate, 1))
        self._add_row(form, "&Figures:", "aggregate", figures)
        options = _line(self, self.skip_unmapped, self.month_first, None, "Numbers:", self.decimal)
        self._add_row(form, "Options:", "unmapped", options)
        return form

    def _add_row(self, form: QFormLayout, label: str, key: str, *widgets: QWidget) -> QLabel:
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
        title.setBuddy(widgets[0])  # the & in the label is its Alt shortcut
        form.addRow(title, box)
        self._rows[key] = (title, box)
        return title

    def _build_key_map(self) -> QHBoxLayout:
        """The key map's table (``key_view``), and the bar above it."""
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
        return keys_bar

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
    def _runnable(self) -> SyncProfile:
        """The profile as shown, named even before the user gave it a name."""
        profile = self.profile()
        return profile if profile.name else replace(profile, name="(unsaved)")

    @property
    def job(self) -> Job | None:
        return self.panel.job

    def preview(self) -> Job | None:
        return self.panel.preview()

    def test_run(self) -> Job | None:
        return self.panel.test_run()

    def _previewed(self, preview: Preview, sheets: list[str]) -> None:
        self.last_preview = preview
        if sheets:
            current = self.sheet.currentText()
            self.sheet.clear()
            self.sheet.addItems(sheets)
            self.sheet.setEditText(current)
        self.add_unmapped.setEnabled(bool(preview.unmapped))

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
        if self.panel.job is not None:
            self.panel.job.cancel()
        super().reject()


def _line(parent: QWidget, *items: QWidget | str | tuple[QWidget, int] | None) -> QWidget:
    """Widgets side by side: text is a label, None a stretch, (widget, n) a widget that
    takes n shares of the room."""
    box = QWidget(parent)
    line = QHBoxLayout(box)
    line.setContentsMargins(0, 0, 0, 0)
    for item in items:
        if item is None:
            line.addStretch(1)
        elif isinstance(item, str):
            line.addWidget(QLabel(item, box))
        elif isinstance(item, tuple):
            line.addWidget(*item)
        else:
            line.addWidget(item)
    return box
