"""Record tables: a base QAbstractTableModel and a table with Add / Edit / Delete.

Subclasses of :class:`RecordModel` declare ``COL_*`` constants and ``HEADERS`` and say
how a row is displayed; rows are frozen dataclasses with an ``id``. ``ROW_ROLE``
returns the row object, ``SORT_ROLE`` a value of one type per column for the proxy.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QItemSelectionModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QAction, QKeySequence, QPainter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QBoxLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from benefitdesk.ui.resources import icon

ROW_ROLE = Qt.ItemDataRole.UserRole + 1
SORT_ROLE = Qt.ItemDataRole.UserRole + 2
Index = QModelIndex | QPersistentModelIndex
RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)


class RecordModel(QAbstractTableModel):
    HEADERS: tuple[str, ...] = ()
    NUMERIC: frozenset[int] = frozenset()

    def __init__(self, parent: Any = None):
        super().__init__(parent)
        self._rows: list[Any] = []

    # -- content ------------------------------------------------------------------
    def set_rows(self, rows: Sequence[Any]) -> None:
        """Replace the rows; in place (dataChanged) when the same records remain."""
        rows = list(rows)
        if [r.id for r in rows] != [r.id for r in self._rows]:
            self.beginResetModel()
            self._rows = rows
            self.endResetModel()
            return
        old, self._rows = self._rows, rows
        last = self.columnCount() - 1
        for i, (before, after) in enumerate(zip(old, rows, strict=True)):
            if before != after:
                self.dataChanged.emit(self.index(i, 0), self.index(i, last))

    def rows(self) -> list[Any]:
        return self._rows

    def row_at(self, row: int) -> Any:
        return self._rows[row]

    def row_of(self, record_id: int) -> int | None:
        return next((i for i, r in enumerate(self._rows) if r.id == record_id), None)

    # -- what subclasses say ----------------------------------------------------------
    def display(self, row: Any, col: int) -> str:
        raise NotImplementedError

    def sort_key(self, row: Any, col: int) -> Any:
        return self.display(row, col).casefold()

    def foreground(self, row: Any, col: int) -> Any:
        return None

    def tooltip(self, row: Any, col: int) -> str | None:
        return None

    def decoration(self, row: Any, col: int) -> Any:
        return None

    # -- Qt model API ---------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self.HEADERS):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.HEADERS[section]
        if role == Qt.ItemDataRole.TextAlignmentRole and section in self.NUMERIC:
            return RIGHT
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row, col = self._rows[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self.display(row, col)
        if role == ROW_ROLE:
            return row
        if role == SORT_ROLE:
            return self.sort_key(row, col)
        if role == Qt.ItemDataRole.TextAlignmentRole and col in self.NUMERIC:
            return RIGHT
        if role == Qt.ItemDataRole.ForegroundRole:
            return self.foreground(row, col)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.tooltip(row, col)
        if role == Qt.ItemDataRole.DecorationRole:
            return self.decoration(row, col)
        return None


class EmptyAwareTable(QTableView):
    """A table that says what belongs in it while it is empty."""

    def __init__(self, empty_text: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.empty_text = empty_text

    def paintEvent(self, event: Any) -> None:  # noqa: N802 (Qt's name)
        super().paintEvent(event)
        model = self.model()
        if model.rowCount() == 0 and self.empty_text:
            painter = QPainter(self.viewport())
            painter.setPen(self.palette().placeholderText().color())
            rect = self.viewport().rect().adjusted(12, 12, -12, -12)
            flags = Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop
            painter.drawText(rect, int(flags) | int(Qt.TextFlag.TextWordWrap), self.empty_text)
            painter.end()


class RecordTable(QWidget):
    """A titled, sortable table of records with its buttons and keys.

    Insert adds, Enter or a double-click edits, Delete deletes (the callback asks).
    """

    def __init__(
        self,
        title: str,
        model: RecordModel,
        parent: QWidget | None = None,
        *,
        empty: str = "",
        add: tuple[str, Callable[[], object]] | None = None,
        edit: Callable[[Any], object] | None = None,
        delete: Callable[[Any], object] | None = None,
        widths: Sequence[int] = (),
        can_edit: Callable[[], bool] | None = None,
        stretch: int | None = None,
        newest_first: bool = False,
    ):
        super().__init__(parent)
        self.model = model
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(model)
        self.proxy.setSortRole(SORT_ROLE)
        self.view = EmptyAwareTable(empty, self)
        self.view.setModel(self.proxy)
        self.view.setSortingEnabled(True)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setAlternatingRowColors(True)
        self.view.setWordWrap(False)
        self.view.verticalHeader().hide()
        self.view.verticalHeader().setDefaultSectionSize(24)
        header = self.view.horizontalHeader()
        header.setHighlightSections(False)
        header.setStretchLastSection(True)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for col, width in enumerate(widths):
            self.view.setColumnWidth(col, width)
        if stretch is not None:  # this column takes the spare width, not the last one
            header.setStretchLastSection(False)
            header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
        order = Qt.SortOrder.DescendingOrder if newest_first else Qt.SortOrder.AscendingOrder
        self.view.sortByColumn(0, order)
        self._edit, self._delete = edit, delete
        self.can_edit = can_edit or (lambda: True)

        self.title = QLabel(f"<b>{title}</b>", self)
        self.bar = QHBoxLayout()
        self.bar.setContentsMargins(0, 0, 0, 0)
        self.bar.setSpacing(2)
        self.bar.addWidget(self.title)
        self.bar.addStretch(1)
        self.editing: list[QAction] = []  # disabled when read-only
        self.needs_row: list[QAction] = []  # disabled without a selection
        if add is not None:
            self.act_add = self.action(add[0], add[1], "add", "Ins", needs_row=False)
        if edit is not None:
            self.act_edit = self.action("Edit…", self.edit_current, "edit", "Enter")
        if delete is not None:
            self.act_delete = self.action(
                "Delete", self.delete_current, "delete", QKeySequence.StandardKey.Delete
            )
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addLayout(self.bar)
        layout.addWidget(self.view, 1)
        self.view.activated.connect(lambda _index: self.edit_current())
        self.view.selectionModel().currentRowChanged.connect(self.update_actions)
        for signal in (model.modelReset, model.rowsInserted, model.rowsRemoved):
            signal.connect(self.update_actions)
        self.read_only = False
        self.update_actions()

    def action(
        self,
        text: str,
        slot: Callable[[], object],
        icon_name: str | None = None,
        key: Any = None,
        *,
        needs_row: bool = True,
        editing: bool = True,
        into: QBoxLayout | None = None,
    ) -> QAction:
        """A button in the bar (or ``into`` another row), in the context menu, and its key
        on the table."""
        action = QAction(text, self)
        if icon_name:
            action.setIcon(icon(icon_name))
        tip = text.replace("…", "")
        if key is not None:
            sequence = QKeySequence(key)
            if key != "Enter":
                action.setShortcut(sequence)
                action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shown = (
                "Enter"
                if key == "Enter"
                else sequence.toString(QKeySequence.SequenceFormat.NativeText)
            )
            tip = f"{tip} ({shown})"
        action.setToolTip(tip)
        action.triggered.connect(slot)
        self.view.addAction(action)
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        button = QToolButton(self)
        button.setDefaultAction(action)
        button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        button.setAutoRaise(True)
        (into if into is not None else self.bar).addWidget(button)
        if editing:
            self.editing.append(action)
        if needs_row:
            self.needs_row.append(action)
        return action

    # -- selection ------------------------------------------------------------------------
    def current_row(self) -> Any | None:
        index = self.view.currentIndex()
        return index.data(ROW_ROLE) if index.isValid() else None

    def select_id(self, record_id: int | None) -> bool:
        row = self.model.row_of(record_id) if record_id is not None else None
        if row is None:
            return False
        index = self.proxy.mapFromSource(self.model.index(row, 0))
        self.view.selectionModel().setCurrentIndex(
            index,
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        self.view.scrollTo(index)
        return True

    def set_rows(self, rows: Sequence[Any]) -> None:
        """New rows, keeping the selected record selected."""
        current = self.current_row()
        self.model.set_rows(rows)
        if current is not None and not self.select_id(current.id):
            self.view.clearSelection()
        self.update_actions()

    def set_read_only(self, read_only: bool) -> None:
        self.read_only = read_only
        self.update_actions()

    def editable(self) -> bool:
        return not self.read_only and self.can_edit()

    def edit_current(self) -> None:
        row = self.current_row()
        if row is not None and self._edit is not None and self.editable():
            self._edit(row)

    def delete_current(self) -> None:
        row = self.current_row()
        if row is not None and self._delete is not None and self.editable():
            self._delete(row)

    def update_actions(self, *_args: Any) -> None:
        """Enable the actions this table manages: editing ones, and those needing a row."""
        has_row = self.current_row() is not None
        editable = self.editable()
        for action in {*self.editing, *self.needs_row}:
            enabled = (editable or action not in self.editing) and (
                has_row or action not in self.needs_row
            )
            action.setEnabled(enabled)
