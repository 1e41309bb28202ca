"""Table models of the sheets step: the sheet list, a sheet's column mapping (with its
field combo) and the preview of a sheet's first rows as Excel shows them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from PySide6.QtCore import (
    QAbstractProxyModel,
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import QComboBox, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from benefitdesk.exchange.errors import column_letter
from benefitdesk.exchange.grid import Row
from benefitdesk.exchange.headers import label
from benefitdesk.exchange.synonyms import SYNONYMS
from benefitdesk.ui.importing.session import ERROR, OK, SKIPPED, WARNING, cell_text, field_label
from benefitdesk.ui.importing.widgets import QuietCombo
from benefitdesk.ui.style import dot
from benefitdesk.ui.widgets.table import ROW_ROLE, RecordModel

Index = QModelIndex | QPersistentModelIndex
STATUS_COLOURS = {OK: "#16a34a", WARNING: "#d97706", ERROR: "#dc2626", SKIPPED: "#9aa5b1"}
MUTED = "#64748b"
AMBER = "#b45309"
HEADER_BACKGROUND = "#dbeafe"
HEADER_TEXT = "#1e3a8a"
IGNORE_TEXT = "Ignore this column"


@dataclass(frozen=True, slots=True)
class SheetRow:
    id: int
    name: str
    holds: str
    header_row: int | None
    rows: int | None
    status: str
    tip: str


class SheetListModel(RecordModel):
    COL_SHEET, COL_HOLDS, COL_ROWS = range(3)
    HEADERS = ("Sheet", "Holds", "Rows")
    NUMERIC = frozenset({COL_ROWS})

    def display(self, row: SheetRow, col: int) -> str:
        match col:
            case self.COL_SHEET:
                return row.name
            case self.COL_HOLDS:
                return row.holds
            case self.COL_ROWS:
                return f"{row.rows:,}" if row.rows is not None else ""
        return ""

    def sort_key(self, row: SheetRow, col: int) -> Any:
        if col == self.COL_ROWS:
            return row.rows if row.rows is not None else -1
        return row.id if col == self.COL_SHEET else super().sort_key(row, col)

    def decoration(self, row: SheetRow, col: int) -> Any:
        return dot(STATUS_COLOURS[row.status]) if col == self.COL_SHEET else None

    def foreground(self, row: SheetRow, col: int) -> Any:
        return QColor(MUTED) if row.status == SKIPPED else None

    def tooltip(self, row: SheetRow, col: int) -> str | None:
        return row.tip or None


# --- the column mapping ----------------------------------------------------------------

MAPPED, UNKNOWN, IGNORED, PERIOD, KEY, NOT_READ = (
    "mapped",
    "unknown",
    "ignored",
    "period",
    "key",
    "not read",
)


@dataclass(frozen=True, slots=True)
class ColumnRow:
    id: int  # position in the header row
    letter: str
    header: str
    field: str | None
    state: str  # MAPPED, UNKNOWN, IGNORED, PERIOD, KEY or NOT_READ
    example: str
    period: dt.date | None = None


class ColumnMapModel(RecordModel):
    """Source column → field; the field is chosen in a combo (`FieldDelegate`)."""

    COL_LETTER, COL_HEADER, COL_FIELD, COL_EXAMPLE = range(4)
    HEADERS = ("Column", "Header in the file", "Imported as", "First value")

    field_chosen = Signal(str, object)  # header, field (None: ignore the column)

    def __init__(self, parent: Any = None):
        super().__init__(parent)
        self.kind: str | None = None
        self.editable = False

    def set_rows(self, rows: Sequence[Any]) -> None:
        """Always a reset: the combos are opened afresh for the sheet's kind."""
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def set_kind(self, kind: str | None, editable: bool) -> None:
        self.kind, self.editable = kind, editable

    def choices(self) -> list[tuple[str, str]]:
        """(text, field) for the combo; the field "" ignores the column."""
        if self.kind not in SYNONYMS:
            return [(IGNORE_TEXT, "")]
        assert self.kind is not None
        return [(IGNORE_TEXT, "")] + [(field_label(self.kind, f), f) for f in SYNONYMS[self.kind]]

    def display(self, row: ColumnRow, col: int) -> str:
        match col:
            case self.COL_LETTER:
                return row.letter
            case self.COL_HEADER:
                return row.header
            case self.COL_FIELD:
                return self.field_text(row)
            case self.COL_EXAMPLE:
                return row.example
        return ""

    def field_text(self, row: ColumnRow) -> str:
        if row.state == PERIOD and row.period is not None and self.kind == "benefits":
            return f"Planned value, {row.period:%d %b %Y}"
        if row.state == PERIOD and row.period is not None:
            return f"Figures for the period ending {row.period:%d %b %Y}"
        if row.state == NOT_READ:
            return "Not read"
        if row.state == UNKNOWN:
            return "Not recognised: ignored"
        if row.field is None or self.kind is None:
            return IGNORE_TEXT
        return label(self.kind, row.field)

    def sort_key(self, row: ColumnRow, col: int) -> Any:
        if col == self.COL_LETTER:
            return row.id
        return super().sort_key(row, col)

    def foreground(self, row: ColumnRow, col: int) -> Any:
        if col == self.COL_FIELD and row.state == UNKNOWN:
            return QColor(AMBER)
        if row.state in (IGNORED, NOT_READ, UNKNOWN):
            return QColor(MUTED)
        return None

    def tooltip(self, row: ColumnRow, col: int) -> str | None:
        if row.state == UNKNOWN:
            return "Not a column BenefitDesk knows: choose the field it holds, or leave it ignored"
        if col == self.COL_EXAMPLE:
            return row.example or None
        return None

    def is_editable(self, row: ColumnRow) -> bool:
        return self.editable and row.state in (MAPPED, UNKNOWN, IGNORED)

    def flags(self, index: Index) -> Qt.ItemFlag:
        flags = super().flags(index)
        editable = index.isValid() and index.column() == self.COL_FIELD
        if editable and self.is_editable(self.row_at(index.row())):
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.EditRole and index.isValid():
            if 0 <= index.row() < self.rowCount() and index.column() == self.COL_FIELD:
                return self.row_at(index.row()).field or ""
            return None
        return super().data(index, role)

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        if role != Qt.ItemDataRole.EditRole or not index.isValid():
            return False
        if index.column() != self.COL_FIELD or not 0 <= index.row() < self.rowCount():
            return False
        row = self.row_at(index.row())
        target = str(value) if value else None
        if not self.is_editable(row) or target == row.field:
            return False
        self._rows[index.row()] = replace(row, field=target, state=MAPPED if target else IGNORED)
        self.dataChanged.emit(index, index)
        self.field_chosen.emit(row.header, target)
        return True


class FieldDelegate(QStyledItemDelegate):
    """A combo of the sheet kind's fields; the choice is committed as soon as it is made."""

    def createEditor(  # noqa: N802
        self, parent: QWidget, option: QStyleOptionViewItem, index: Index
    ) -> QWidget:
        model = index.model()
        source = getattr(model, "sourceModel", lambda: model)()
        combo = QuietCombo(parent)
        combo.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        if isinstance(source, ColumnMapModel):
            row = source.row_at(_source_row(index))
            for text, name in source.choices():
                if not name and row.state == UNKNOWN:
                    text = "Not recognised: ignored"
                combo.addItem(text, name)
            if row.state == UNKNOWN:
                combo.setStyleSheet(f"color: {AMBER};")
        combo.setMaxVisibleItems(16)
        combo.activated.connect(lambda _i, c=combo: self.commitData.emit(c))
        return combo

    def setEditorData(self, editor: QWidget, index: Index) -> None:  # noqa: N802
        assert isinstance(editor, QComboBox)
        position = editor.findData(index.data(Qt.ItemDataRole.EditRole) or "")
        editor.setCurrentIndex(max(position, 0))

    def setModelData(self, editor: QWidget, model: Any, index: Index) -> None:  # noqa: N802
        assert isinstance(editor, QComboBox)
        model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)


def _source_row(index: Index) -> int:
    model = index.model()
    if isinstance(model, QAbstractProxyModel):
        return model.mapToSource(index).row()
    return index.row()


# --- the preview ------------------------------------------------------------------------

#: Columns shown at most (a wide sheet with years of months is still readable).
MAX_COLUMNS = 120


class PreviewModel(QAbstractTableModel):
    """The first rows of a sheet, Excel row numbers down the side and column letters
    (with the field each is read as) across the top; the header row is highlighted."""

    def __init__(self, parent: Any = None):
        super().__init__(parent)
        self._rows: tuple[Row, ...] = ()
        self._first_column = 1
        self._width = 0
        self.header_row: int | None = None
        self._fields: dict[int, str] = {}
        self._ignored: frozenset[int] = frozenset()

    def set_rows(
        self,
        rows: tuple[Row, ...],
        header_row: int | None,
        fields: dict[int, str] | None = None,
        ignored: frozenset[int] = frozenset(),
    ) -> None:
        """`fields`: position in the row → what that column is read as."""
        self.beginResetModel()
        self._rows = rows
        self._first_column = rows[0].first_column if rows else 1
        self._width = min(max((len(r.values) for r in rows), default=0), MAX_COLUMNS)
        self.header_row = header_row
        self._fields = dict(fields or {})
        self._ignored = ignored
        self.endResetModel()

    def row_of_number(self, number: int) -> int | None:
        return next((i for i, r in enumerate(self._rows) if r.number == number), None)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else self._width

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal:
            if not 0 <= section < self._width:
                return None
            if role == Qt.ItemDataRole.DisplayRole:
                letter = column_letter(self._first_column - 1 + section)
                name = self._fields.get(section)
                return f"{letter} · {name}" if name else letter
            if role == Qt.ItemDataRole.ForegroundRole and section in self._ignored:
                return QColor(MUTED)
            return None
        if not 0 <= section < len(self._rows):
            return None
        number = self._rows[section].number
        if role == Qt.ItemDataRole.DisplayRole:
            return str(number)
        if role == Qt.ItemDataRole.FontRole and number == self.header_row:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ToolTipRole and number == self.header_row:
            return "The header row"
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        if not 0 <= index.column() < self._width:
            return None
        row = self._rows[index.row()]
        col = index.column()
        value = row.values[col] if col < len(row.values) else ""
        is_header = row.number == self.header_row
        above = self.header_row is not None and row.number < self.header_row
        if role == Qt.ItemDataRole.DisplayRole:
            return cell_text(value)
        if role == ROW_ROLE:
            return row
        if role == Qt.ItemDataRole.ToolTipRole:
            text = cell_text(value)
            return f"{row.ref(col)}: {text}" if text else row.ref(col)
        if role == Qt.ItemDataRole.TextAlignmentRole and not is_header:
            if isinstance(value, int | float) and not isinstance(value, bool):
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            return None
        if role == Qt.ItemDataRole.BackgroundRole and is_header:
            return QColor(HEADER_BACKGROUND)
        if role == Qt.ItemDataRole.FontRole and is_header:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ForegroundRole:
            if is_header:  # readable on its light background in a dark theme too
                return QColor(HEADER_TEXT)
            return QColor(MUTED) if above or col in self._ignored else None
        return None
