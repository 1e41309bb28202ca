"""The "needs attention" list: a table model over ``AttentionItem`` rows, and its view."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QIcon, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from benefitdesk.present.attention import AttentionItem, AttentionKind, Urgency, attention_summary
from benefitdesk.present.formats import day
from benefitdesk.ui.resources import icon

ROW_ROLE = Qt.ItemDataRole.UserRole + 1
SORT_ROLE = Qt.ItemDataRole.UserRole + 2

Index = QModelIndex | QPersistentModelIndex

KIND_ICONS = {
    AttentionKind.OVERDUE_MEASUREMENT: "log-measurement",
    AttentionKind.AT_RISK: "attention",
    AttentionKind.OVERDUE_ACTION: "check",
    AttentionKind.DEFINITION_ERROR: "edit",
}
URGENT = QColor("#b91c1c")


class AttentionModel(QAbstractTableModel):
    COL_KIND, COL_CODE, COL_TITLE, COL_OWNER, COL_REASON, COL_DATE = range(6)
    HEADERS = ("Kind", "Code", "Title", "Owner", "Why", "Since / due")

    def __init__(self, parent: Any = None):
        super().__init__(parent)
        self._rows: list[AttentionItem] = []
        self._icons: dict[AttentionKind, QIcon] = {}

    def set_rows(self, rows: list[AttentionItem]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def rows(self) -> list[AttentionItem]:
        return self._rows

    def row_at(self, row: int) -> AttentionItem:
        return self._rows[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.HEADERS[section] if 0 <= section < len(self.HEADERS) else None
        return None

    def _icon(self, kind: AttentionKind) -> QIcon:
        if kind not in self._icons:
            self._icons[kind] = icon(KIND_ICONS[kind])
        return self._icons[kind]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        item, col = self._rows[index.row()], index.column()
        if role == ROW_ROLE:
            return item
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(item, col)
        if role == SORT_ROLE:
            return self._sort_key(item, col)
        if role == Qt.ItemDataRole.DecorationRole and col == self.COL_KIND:
            return self._icon(item.kind)
        if role == Qt.ItemDataRole.ToolTipRole and col in (self.COL_REASON, self.COL_TITLE):
            return item.reason if col == self.COL_REASON else item.title
        if role == Qt.ItemDataRole.ForegroundRole and col == self.COL_KIND:
            return URGENT if item.urgency is Urgency.HIGH else None
        return None

    def _text(self, item: AttentionItem, col: int) -> str:
        if col == self.COL_KIND:
            return item.name
        if col == self.COL_CODE:
            return item.code
        if col == self.COL_TITLE:
            return item.title
        if col == self.COL_OWNER:
            return item.owner
        if col == self.COL_REASON:
            return item.reason
        return f"{item.when_label} {day(item.when)}" if item.when else ""

    def _sort_key(self, item: AttentionItem, col: int) -> Any:
        if col == self.COL_KIND:
            return (int(item.urgency), item.name)
        if col == self.COL_DATE:
            return item.when.toordinal() if item.when else 10**7
        return self._text(item, col).casefold()


class AttentionProxy(QSortFilterProxyModel):
    """Sorts on ``SORT_ROLE`` values; unsorted it keeps the model's urgency order."""

    def __init__(self, parent: Any = None):
        super().__init__(parent)
        self.setSortRole(SORT_ROLE)

    def lessThan(self, left: Index, right: Index) -> bool:  # noqa: N802
        a, b = left.data(SORT_ROLE), right.data(SORT_ROLE)
        if a == b:
            return left.row() < right.row()
        return bool(a < b)


class _Table(QTableView):
    activated_row = Signal(QModelIndex)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self.activated_row.emit(self.currentIndex())
            return
        super().keyPressEvent(event)


class AttentionList(QWidget):
    """The list with a one-line summary; activating a row emits its ``AttentionItem``."""

    item_activated = Signal(object)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.heading = QLabel("Needs attention", self)
        self.heading.setStyleSheet("font-size: 11pt; font-weight: 600; color: #0f172a;")
        self.summary = QLabel("", self)
        self.summary.setStyleSheet("color: #64748b;")
        self.model = AttentionModel(self)
        self.proxy = AttentionProxy(self)
        self.proxy.setSourceModel(self.model)
        self.table = _Table(self)
        self.table.setObjectName("attention_table")
        self.table.setModel(self.proxy)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSortingEnabled(True)
        self.table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(24)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        header = self.table.horizontalHeader()
        for col, width in ((0, 170), (1, 64), (2, 200), (3, 130), (5, 150)):
            header.resizeSection(col, width)
        header.setSectionResizeMode(AttentionModel.COL_REASON, QHeaderView.ResizeMode.Stretch)
        self.table.doubleClicked.connect(self._activate)
        self.table.activated_row.connect(self._activate)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.heading)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)

    def set_items(self, items: list[AttentionItem]) -> None:
        """Replace the rows, keeping the selected item selected when it is still there."""
        current = self.table.currentIndex()
        key = current.data(ROW_ROLE).key if current.isValid() else None
        self.model.set_rows(items)
        summary = attention_summary(items)
        self.summary.setText(
            f"{summary} Double-click or press Enter to open the benefit." if items else summary
        )
        if key is not None:
            for row, item in enumerate(items):
                if item.key == key:
                    self.table.setCurrentIndex(self.proxy.mapFromSource(self.model.index(row, 0)))
                    break

    def focus(self) -> None:
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)
        if not self.table.currentIndex().isValid() and self.proxy.rowCount():
            self.table.setCurrentIndex(self.proxy.index(0, 0))
        self.table.scrollTo(self.table.currentIndex())

    def _activate(self, index: QModelIndex) -> None:
        item = index.data(ROW_ROLE) if index.isValid() else None
        if item is not None:
            self.item_activated.emit(item)
