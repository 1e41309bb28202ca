"""Table models of the sync screens: profiles, a key map being edited, a preview.

Read-only tables build on the detail's `RecordModel` (rows are frozen dataclasses with
an ``id``); the key map is an editable model of its own with a combo of codes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QComboBox, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from benefitdesk.present.formats import day, moment, number
from benefitdesk.services.sync import SampleRow, SavedProfile, describe_source
from benefitdesk.services.sync.aggregation import Figure
from benefitdesk.ui.widgets.table import RecordModel

Index = QModelIndex | QPersistentModelIndex
RESULT_COLOURS = {"ok": "#16a34a", "unchanged": "#52606d", "failed": "#dc2626"}
RESULT_LABELS = {"ok": "Synced", "unchanged": "Up to date", "failed": "Failed"}


def local_time(when: datetime | None) -> str:
    """A stored UTC time as the user's local time; "never" for none."""
    return moment(when, none="never")


@dataclass(frozen=True, slots=True)
class ProfileRow:
    id: int
    name: str
    source: str
    feeds: str
    last_run_at: datetime | None
    last_status: str | None
    last_message: str | None
    saved: SavedProfile

    @classmethod
    def of(cls, saved: SavedProfile) -> ProfileRow:
        codes = sorted(set(saved.profile.keys.values()))
        return cls(
            saved.id,
            saved.name,
            describe_source(saved.profile),
            ", ".join(codes),
            saved.last_run_at,
            saved.last_status,
            saved.last_message,
            saved,
        )


class ProfileModel(RecordModel):
    COL_NAME, COL_SOURCE, COL_FEEDS, COL_LAST_RUN, COL_RESULT = range(5)
    HEADERS = ("Profile", "Source", "Feeds", "Last run", "Result")

    def display(self, row: ProfileRow, col: int) -> str:
        match col:
            case self.COL_NAME:
                return row.name
            case self.COL_SOURCE:
                return row.source
            case self.COL_FEEDS:
                return row.feeds
            case self.COL_LAST_RUN:
                return local_time(row.last_run_at)
            case self.COL_RESULT:
                if row.last_message:  # says how it went: "failed, …", "up to date …"
                    return row.last_message
                return RESULT_LABELS.get(row.last_status or "", row.last_status or "")
        return ""

    def sort_key(self, row: ProfileRow, col: int) -> Any:
        if col == self.COL_LAST_RUN:
            return row.last_run_at.isoformat() if row.last_run_at else ""
        return super().sort_key(row, col)

    def foreground(self, row: ProfileRow, col: int) -> Any:
        if col == self.COL_RESULT and row.last_status in RESULT_COLOURS:
            return QColor(RESULT_COLOURS[row.last_status])
        return None

    def tooltip(self, row: ProfileRow, col: int) -> str | None:
        if col == self.COL_RESULT:
            return row.last_message
        if col == self.COL_SOURCE:
            return row.source
        return None


@dataclass(frozen=True, slots=True)
class SampleLine:
    id: int
    row: SampleRow


class SampleModel(RecordModel):
    """The first rows of the source as read, and the code each maps to."""

    COL_PLACE, COL_KEY, COL_DATE, COL_VALUE, COL_CODE = range(5)
    HEADERS = ("Row", "Key", "Date", "Value", "Benefit / indicator")
    NUMERIC = frozenset({COL_VALUE})

    def display(self, line: SampleLine, col: int) -> str:
        row = line.row
        return (row.place, row.key, row.date, row.value, row.code)[col]

    def sort_key(self, line: SampleLine, col: int) -> Any:
        return line.id if col == self.COL_PLACE else super().sort_key(line, col)

    def foreground(self, line: SampleLine, col: int) -> Any:
        if col == self.COL_CODE and line.row.code.startswith("—"):
            return QColor("#9aa5b1")
        return None


@dataclass(frozen=True, slots=True)
class FigureLine:
    id: int
    figure: Figure


class FigureModel(RecordModel):
    """The figures the rows make: one per code and period end."""

    COL_CODE, COL_DATE, COL_VALUE, COL_ROWS = range(4)
    HEADERS = ("Benefit / indicator", "Period end", "Value", "Rows")
    NUMERIC = frozenset({COL_VALUE, COL_ROWS})

    def display(self, line: FigureLine, col: int) -> str:
        f = line.figure
        match col:
            case self.COL_CODE:
                return f.code
            case self.COL_DATE:
                return day(f.date)
            case self.COL_VALUE:
                return number(f.value, none="")
            case self.COL_ROWS:
                return f"{f.rows:,}"
        return ""

    def sort_key(self, line: FigureLine, col: int) -> Any:
        f = line.figure
        if col == self.COL_DATE:
            return f.date.toordinal()
        if col in (self.COL_VALUE, self.COL_ROWS):
            return f.value if col == self.COL_VALUE else float(f.rows)
        return (f.code, f.date.toordinal())


class KeyMapModel(QAbstractTableModel):
    """Source key → benefit or indicator code, edited in place."""

    COL_KEY, COL_CODE = range(2)
    HEADERS = ("Source key", "Benefit / indicator code")

    def __init__(self, parent: Any = None):
        super().__init__(parent)
        self._rows: list[list[str]] = []

    def set_keys(self, keys: dict[str, str]) -> None:
        self.beginResetModel()
        self._rows = [[k, v] for k, v in keys.items()]
        self.endResetModel()

    def keys(self) -> dict[str, str]:
        """The map as entered; rows with both cells blank are left out."""
        return {k.strip(): v.strip() for k, v in self._rows if k.strip() or v.strip()}

    def add(self, key: str = "", code: str = "") -> int:
        row = len(self._rows)
        self.beginInsertRows(QModelIndex(), row, row)
        self._rows.append([key, code])
        self.endInsertRows()
        return row

    def remove(self, row: int) -> None:
        if 0 <= row < len(self._rows):
            self.beginRemoveRows(QModelIndex(), row, row)
            del self._rows[row]
            self.endRemoveRows()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else 2

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.HEADERS[section] if 0 <= section < 2 else None
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return self._rows[index.row()][index.column()]
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEditable

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        if not index.isValid() or role != Qt.ItemDataRole.EditRole:
            return False
        self._rows[index.row()][index.column()] = str(value or "").strip()
        self.dataChanged.emit(index, index)
        return True


class CodeDelegate(QStyledItemDelegate):
    """An editable combo of the portfolio's codes ("B-001  Conversion rate")."""

    def __init__(self, choices: list[tuple[str, str]], parent: Any = None):
        super().__init__(parent)
        self.choices = choices  # (code, label)

    def createEditor(  # noqa: N802
        self, parent: QWidget, _option: QStyleOptionViewItem, _index: Index
    ) -> QWidget:
        combo = QComboBox(parent)
        combo.setEditable(True)
        for code, label in self.choices:
            combo.addItem(f"{code}  {label}", code)
        return combo

    def setEditorData(self, editor: QWidget, index: Index) -> None:  # noqa: N802
        assert isinstance(editor, QComboBox)
        code = str(index.data(Qt.ItemDataRole.EditRole) or "")
        found = editor.findData(code)
        if found >= 0:
            editor.setCurrentIndex(found)
        else:
            editor.setEditText(code)

    def setModelData(self, editor: QWidget, model: Any, index: Index) -> None:  # noqa: N802
        assert isinstance(editor, QComboBox)
        model.setData(index, code_of(editor.currentText(), self.choices))


def code_of(text: str, choices: list[tuple[str, str]]) -> str:
    """The code in a combo's text: "B-001  Conversion rate" → "B-001"."""
    text = text.strip()
    for code, label in choices:
        if text in (code, f"{code}  {label}"):
            return code
    return text.split("  ", 1)[0].strip()
