"""Step 2 of an import: what each sheet holds and which column is which field.

The sheet list on the left; for the sheet selected, what it holds (or "skip"), its
header row and layout, what is wrong with it, the column → field table and a preview
of its first rows as Excel shows them. Every change goes into the `ImportSession` and
`edited` asks the dialog to read the file again with it: the service decides what the
choices mean, so what this page shows is exactly what the import will do.
"""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from benefitdesk.services.importing.mapping import IGNORE, WIDE_KINDS
from benefitdesk.ui.importing.models import (
    IGNORED,
    KEY,
    MAPPED,
    NOT_READ,
    PERIOD,
    UNKNOWN,
    ColumnMapModel,
    ColumnRow,
    FieldDelegate,
    PreviewModel,
    SheetListModel,
    SheetRow,
)
from benefitdesk.ui.importing.session import (
    ERROR,
    KINDS,
    SKIPPED,
    ImportSession,
    cell_text,
    kind_label,
)
from benefitdesk.ui.importing.value_options import ValueOptionsDialog
from benefitdesk.ui.importing.widgets import Heading, Notice, QuietCombo, RowSpinBox
from benefitdesk.ui.widgets.table import ROW_ROLE, RecordTable

LAYOUT_TEXT = {"long": "One row per figure", "wide": "One column per period"}


class SheetsPage(QWidget):
    edited = Signal()  # the session's choices changed: read the file again

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.session: ImportSession | None = None
        self._focus_header: str | None = None
        self.top = Heading(
            "Sheets and columns",
            "Check what each sheet holds and which column is which field. Change anything "
            "that was not recognised; sheets you skip are not read.",
            self,
        )
        self.sheet_model = SheetListModel(self)
        self.sheets = RecordTable(
            "Sheets",
            self.sheet_model,
            self,
            widths=(120, 100, 50),
            stretch=SheetListModel.COL_SHEET,
        )
        self.sheets.view.selectionModel().currentRowChanged.connect(self._sheet_changed)
        self.sheets.setMinimumWidth(250)
        form = self._build_sheet_form()
        self.notice = Notice(self)
        self._build_columns()
        preview_box = self._build_preview()

        right = QWidget(self)
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addLayout(form)
        right_layout.addWidget(self.notice)
        self.split = QSplitter(Qt.Orientation.Vertical, right)
        self.split.addWidget(self.columns)
        self.split.addWidget(preview_box)
        self.split.setChildrenCollapsible(False)
        self.split.setSizes([220, 200])
        right_layout.addWidget(self.split, 1)
        body = QSplitter(Qt.Orientation.Horizontal, self)
        body.addWidget(self.sheets)
        body.addWidget(right)
        body.setStretchFactor(1, 1)
        body.setSizes([280, 760])
        body.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.addWidget(self.top)
        layout.addWidget(body, 1)

    def _build_sheet_form(self) -> QHBoxLayout:
        """The selected sheet: what it holds, its header row and layout, and buttons."""
        self.kind = QuietCombo(self)
        self.kind.addItem("Skip this sheet", IGNORE)
        for kind in KINDS:
            self.kind.addItem(kind_label(kind), kind)
        self.kind.setMaxVisibleItems(len(KINDS) + 1)
        self.kind.activated.connect(self._kind_chosen)
        self.header_row = RowSpinBox(self)
        self.header_row.setRange(0, 10_000)
        self.header_row.setSpecialValueText("not found")
        self.header_row.valueChanged.connect(self._header_chosen)
        self.layout_combo = QuietCombo(self)
        for key, text in LAYOUT_TEXT.items():
            self.layout_combo.addItem(text, key)
        self.layout_combo.activated.connect(self._layout_chosen)
        self.layout_label = QLabel("&Layout:", self)
        self.layout_label.setBuddy(self.layout_combo)
        self.reset_button = QPushButton("&Detect Again", self)
        self.reset_button.setToolTip("Forget the choices made for this sheet and detect it again")
        self.reset_button.clicked.connect(self._reset)
        self.values_button = QPushButton("&Values…", self)
        self.values_button.setToolTip(
            "How this sheet writes its values: decimal mark, dates, words for no value, "
            "a multiplier, the fiscal year"
        )
        self.values_button.clicked.connect(self._values)
        form = QHBoxLayout()
        holds = QLabel("&Holds:", self)
        holds.setBuddy(self.kind)
        row_label = QLabel("Header &row:", self)
        row_label.setBuddy(self.header_row)
        for widget in (holds, self.kind, row_label, self.header_row):
            form.addWidget(widget)
        form.addWidget(self.layout_label)
        form.addWidget(self.layout_combo)
        form.addStretch(1)
        form.addWidget(self.values_button)
        form.addWidget(self.reset_button)
        return form

    def _build_columns(self) -> None:
        """The column → field table, each field a combo box open for editing."""
        self.column_model = ColumnMapModel(self)
        self.columns = RecordTable(
            "Columns",
            self.column_model,
            self,
            empty="No header row: choose what the sheet holds, or its header row.",
            widths=(64, 200, 230),
        )
        view = self.columns.view
        view.setItemDelegateForColumn(ColumnMapModel.COL_FIELD, FieldDelegate(view))
        view.setEditTriggers(
            QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.SelectedClicked
        )
        view.verticalHeader().setDefaultSectionSize(28)
        self.column_model.modelReset.connect(self._open_editors)
        self.column_model.field_chosen.connect(self._field_chosen)

    def _build_preview(self) -> QWidget:
        """The sheet's first rows as Excel shows them; a row can be made the header."""
        self.preview_model = PreviewModel(self)
        self.preview = QTableView(self)
        self.preview.setModel(self.preview_model)
        self.preview.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.preview.setWordWrap(False)
        self.preview.verticalHeader().setDefaultSectionSize(22)
        self.preview.horizontalHeader().setDefaultSectionSize(110)
        self.preview.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.use_row = QAction("Use This Row as the Header", self.preview)
        self.use_row.triggered.connect(self._use_current_row)
        self.preview.addAction(self.use_row)
        self.preview.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        self.preview.verticalHeader().sectionDoubleClicked.connect(self._use_row_at)
        self.preview_title = QLabel("<b>Preview</b>", self)
        preview_box = QWidget(self)
        preview_layout = QVBoxLayout(preview_box)
        preview_layout.setContentsMargins(0, 0, 0, 0)
        preview_layout.setSpacing(4)
        preview_layout.addWidget(self.preview_title)
        preview_layout.addWidget(self.preview, 1)
        return preview_box

    # -- filling ---------------------------------------------------------------------------
    def set_session(self, session: ImportSession, keep: str | None = None) -> None:
        """Show what was read; keep sheet `keep` selected (else the first imported one)."""
        self.session = session
        rows = []
        for i, sheet in enumerate(session.sheets):
            status = session.status(sheet.name)
            tip = "\n".join(sheet.problems)
            rows.append(
                SheetRow(
                    i,
                    sheet.name,
                    kind_label(sheet.kind if sheet.kind else session.chosen_kind(sheet.name)),
                    sheet.header_row,
                    sheet.rows,
                    status,
                    tip,
                )
            )
        self.sheet_model.set_rows(rows)
        names = [r.name for r in rows]
        wanted = keep if keep in names else None
        if wanted is None:
            first = names[0] if names else None
            wanted = next((r.name for r in rows if r.status != SKIPPED), first)
        if wanted is not None:
            self.select_sheet(wanted)
            self.show_sheet(wanted)

    def select_sheet(self, name: str) -> None:
        row = next((r.id for r in self.sheet_model.rows() if r.name == name), None)
        if row is not None:
            self.sheets.select_id(row)

    def current_sheet(self) -> str | None:
        row = self.sheets.current_row()
        return row.name if row is not None else None

    def _sheet_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        name = self.current_sheet()
        if name is not None and self.session is not None:
            self.show_sheet(name)

    def show_sheet(self, name: str) -> None:
        session = self.session
        assert session is not None
        sheet = session.sheet(name)
        kind = session.chosen_kind(name)
        skipped = kind in (None, IGNORE)
        for widget, value in ((self.kind, kind or IGNORE), (self.layout_combo, sheet.layout)):
            widget.blockSignals(True)
            widget.setCurrentIndex(max(widget.findData(value or "long"), 0))
            widget.blockSignals(False)
        self.header_row.blockSignals(True)
        self.header_row.setValue(session.header_row(name) or 0)
        self.header_row.blockSignals(False)
        self.header_row.setEnabled(not skipped)
        wide_kind = kind in WIDE_KINDS
        self.layout_label.setVisible(wide_kind)
        self.layout_combo.setVisible(wide_kind)
        self.reset_button.setEnabled(session.choice(name) is not None)
        self._show_problems(name)

        rows = self._column_rows(name)
        self.column_model.set_kind(
            sheet.kind or (None if skipped else kind), session.can_map_columns(name)
        )
        self.column_model.set_rows(rows)
        self.columns.title.setText(f"<b>Columns of {name}</b>")

        fields = {r.id: self.column_model.display(r, ColumnMapModel.COL_FIELD) for r in rows}
        fields = {i: t for i, t in fields.items() if rows and _shown(rows, i)}
        ignored = frozenset(r.id for r in rows if r.state in (IGNORED, UNKNOWN, NOT_READ))
        header = session.header_row(name)
        self.preview_model.set_rows(session.head(name), header, fields, ignored)
        self.preview_title.setText(
            f"<b>Preview</b> — the first rows of {name}"
            + (f"; the header is row {header}" if header else "")
        )
        at = self.preview_model.row_of_number(header) if header else None
        if at is not None:
            self.preview.scrollTo(
                self.preview_model.index(at, 0), QAbstractItemView.ScrollHint.PositionAtTop
            )

    def _show_problems(self, name: str) -> None:
        assert self.session is not None
        sheet = self.session.sheet(name)
        status = self.session.status(name)
        lines = [_without_sheet(p, name) for p in sheet.problems]
        if sheet.missing:
            lines.insert(0, "Required columns not found: " + ", ".join(sheet.missing))
        if status == ERROR:
            self.notice.show_lines("error", lines, "This sheet cannot be imported as it is:")
        elif status == SKIPPED:
            note = lines or ["Choose what it holds to import it."]
            self.notice.show_lines("info", note, "This sheet is not imported.")
        elif lines:
            self.notice.show_lines("warning", lines)
        else:
            self.notice.show_lines("", [])

    def _column_rows(self, name: str) -> list[ColumnRow]:
        session = self.session
        assert session is not None
        sheet = session.sheet(name)
        periods = session.periods(name)
        unknown = set(sheet.unknown)
        header = session.header_row(name)
        data = [r.values for r in session.head(name) if header and r.number > header]
        samples = [list(v) for v in sheet.preview] or data
        rows = []
        for column in session.columns(name):
            if sheet.layout == "wide":
                state = KEY if column.field else PERIOD if column.index in periods else NOT_READ
            elif column.index in periods:  # a register's plan, one column per period
                state = PERIOD
            elif column.field:
                state = MAPPED
            else:
                state = UNKNOWN if column.header in unknown else IGNORED
            example = next(
                (
                    cell_text(values[column.index])
                    for values in samples
                    if column.index < len(values) and cell_text(values[column.index])
                ),
                "",
            )
            rows.append(
                ColumnRow(
                    column.index,
                    column.letter,
                    column.header,
                    column.field,
                    state,
                    example,
                    periods.get(column.index),
                )
            )
        return rows

    def _open_editors(self) -> None:
        view, proxy = self.columns.view, self.columns.proxy
        for row, record in enumerate(self.column_model.rows()):
            if self.column_model.is_editable(record):
                source = self.column_model.index(row, ColumnMapModel.COL_FIELD)
                view.openPersistentEditor(proxy.mapFromSource(source))
        if self._focus_header is not None:
            header, self._focus_header = self._focus_header, None
            self.focus_field(header)

    def focus_field(self, header: str) -> None:
        """Put the keyboard back on a column's combo after the page was refilled."""
        for row, record in enumerate(self.column_model.rows()):
            if record.header == header:
                index = self.columns.proxy.mapFromSource(
                    self.column_model.index(row, ColumnMapModel.COL_FIELD)
                )
                self.columns.view.selectionModel().setCurrentIndex(
                    index, QItemSelectionModel.SelectionFlag.ClearAndSelect
                )
                editor = self.columns.view.indexWidget(index)
                if editor is not None:
                    editor.setFocus()
                return

    # -- the user's choices ----------------------------------------------------------------
    def _changed(self, focus_header: str | None = None) -> None:
        self._focus_header = focus_header
        self.edited.emit()

    def _kind_chosen(self, _index: int) -> None:
        name = self.current_sheet()
        if name is None or self.session is None:
            return
        kind = self.kind.currentData()
        if kind != self.session.chosen_kind(name):
            self.session.set_kind(name, kind)
            self._changed()

    def _header_chosen(self, value: int) -> None:
        name = self.current_sheet()
        if name is None or self.session is None or value < 1:
            return
        if value != self.session.header_row(name):
            self.session.set_header_row(name, value)
            self._changed()

    def _layout_chosen(self, _index: int) -> None:
        name = self.current_sheet()
        if name is None or self.session is None:
            return
        layout = self.layout_combo.currentData()
        if layout != self.session.sheet(name).layout:
            self.session.set_layout(name, layout)
            self._changed()

    def _field_chosen(self, header: str, target: object) -> None:
        name = self.current_sheet()
        if name is None or self.session is None:
            return
        self.session.set_field(name, header, str(target) if target else None)
        self._changed(focus_header=header)

    def _values(self) -> None:
        name = self.current_sheet()
        if name is None or self.session is None:
            return
        dialog = ValueOptionsDialog(name, self.session.value_options(name), self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.session.set_values(name, dialog.options())
            self._changed()

    def _reset(self) -> None:
        name = self.current_sheet()
        if name is not None and self.session is not None:
            self.session.reset(name)
            self._changed()

    def _use_row_at(self, section: int) -> None:
        record = self.preview_model.index(section, 0).data(ROW_ROLE)
        if record is not None:
            self.header_row.setValue(record.number)

    def _use_current_row(self) -> None:
        index = self.preview.currentIndex()
        if index.isValid():
            self._use_row_at(index.row())


def _without_sheet(problem: str, sheet: str) -> str:
    """ "Benefits!C4: column …" → "C4: column …": the page already names the sheet."""
    for prefix in (f"{sheet}: ", f"{sheet}!"):
        if problem.startswith(prefix):
            rest = problem[len(prefix) :]
            return rest[:1].upper() + rest[1:] if prefix.endswith(" ") else rest
    return problem


def _shown(rows: list[ColumnRow], index: int) -> bool:
    """Columns named in the preview's header: those read as a field."""
    return any(r.id == index and r.state in (MAPPED, KEY) for r in rows)
