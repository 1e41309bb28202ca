"""The portfolio register: every benefit as a row of a QAbstractTableModel.

Rows are plain tuples (``model_rows``) built off the GUI thread or read from the
start-up cache; cells are written only when Qt asks for them. The model sorts and
filters its own row list: each column's sort keys and each row's search text are made
once per set of rows, so on 10,000 benefits a sort or a keystroke costs a few
milliseconds.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from itertools import repeat
from typing import Any, cast

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from benefitdesk.present.formats import day, pct
from benefitdesk.present.vocabulary import NEEDS_ATTENTION, status_label
from benefitdesk.ui.register.filters import RegisterFilter, haystack
from benefitdesk.ui.register.model_rows import (
    AT_RISK,
    AUTOMATED,
    CODE,
    FORECAST,
    ID,
    LIFECYCLE,
    NEXT_DUE,
    OVERDUE,
    OWNER,
    PROJECT,
    REALISATION,
    RISK,
    STATUS,
    TITLE,
    VARIANCE,
    RegisterRow,
    rows_from_report,
)
from benefitdesk.ui.style import (
    ATTENTION_COLOUR,
    OVERDUE_COLOUR,
    Tolerances,
    status_icon,
    variance_colour,
)
from benefitdesk.verdicts import Status

__all__ = ["ROW_ROLE", "SORT_ROLE", "RegisterModel", "RegisterRow", "rows_from_report"]

ROW_ROLE = Qt.ItemDataRole.UserRole + 1
SORT_ROLE = Qt.ItemDataRole.UserRole + 2
# The roles as plain numbers: Qt asks for seven roles of each cell it paints (a font, a
# check state, a background … too), and data() answers the ones it does not use first.
DISPLAY, DECORATION, TOOLTIP, ALIGNMENT, FOREGROUND = (
    int(role)
    for role in (
        Qt.ItemDataRole.DisplayRole,
        Qt.ItemDataRole.DecorationRole,
        Qt.ItemDataRole.ToolTipRole,
        Qt.ItemDataRole.TextAlignmentRole,
        Qt.ItemDataRole.ForegroundRole,
    )
)
ANSWERED = frozenset({DISPLAY, DECORATION, TOOLTIP, ALIGNMENT, FOREGROUND, ROW_ROLE, SORT_ROLE})

Index = QModelIndex | QPersistentModelIndex
STATUS_ORDER: dict[str | None, int] = {s.value: n for n, s in enumerate(Status)}
RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
MUTED = "#7b8794"


def _named(row: tuple[Any, ...]) -> RegisterRow:
    """A row with field names (rows from the start-up cache are plain tuples)."""
    return row if isinstance(row, RegisterRow) else RegisterRow._make(row)


def _number_key(field: int) -> Callable[[RegisterRow], Any]:
    return lambda r: r[field] if r[field] is not None else -1e18


class RegisterModel(QAbstractTableModel):
    COL_CODE, COL_TITLE, COL_PROJECT, COL_OWNER, COL_STATUS = range(5)
    COL_REALISATION, COL_VARIANCE, COL_FORECAST, COL_DUE, COL_ATTENTION = range(5, 10)
    HEADERS = (
        "Code", "Title", "Project", "Owner", "Status",
        "Real. %", "Var. %", "Fcst %", "Next due", NEEDS_ATTENTION,
    )  # fmt: skip
    NUMERIC = frozenset({COL_REALISATION, COL_VARIANCE, COL_FORECAST})
    #: Each column's sort key: raw values, so 9% sorts before 10%.
    SORT_KEYS: tuple[Callable[[RegisterRow], Any], ...] = (
        lambda r: r[CODE],
        lambda r: r[TITLE].casefold(),
        lambda r: r[PROJECT].casefold(),
        lambda r: (r[OWNER] or "— no owner —").casefold(),
        lambda r: STATUS_ORDER.get(r[STATUS], len(STATUS_ORDER)),
        _number_key(REALISATION),
        _number_key(VARIANCE),
        _number_key(FORECAST),
        lambda r: r[NEXT_DUE] or 10**7,
        lambda r: (0 if r[AT_RISK] else 1, r[RISK]),
    )

    def __init__(self, parent: Any = None):
        super().__init__(parent)
        self._base: list[RegisterRow] = []  # every benefit, as given (code order)
        self._all: list[RegisterRow] = []  # every benefit, sorted
        self._rows: list[RegisterRow] = []  # the ones the filter lets through
        self._by_id: dict[int, int] = {}
        self._orders: dict[tuple[int, bool], list[RegisterRow]] = {}  # sorted once each
        self._haystacks: dict[int, str] | None = None  # made on the first search
        # The rows show_first left for later: its first rows, and where the others are.
        self._pending: tuple[list[RegisterRow], Callable[[], list[RegisterRow]]] | None = None
        self._sort: tuple[int, Qt.SortOrder] = (self.COL_CODE, Qt.SortOrder.AscendingOrder)
        self.filter = RegisterFilter()
        # The portfolio's, for colouring variances: none known, none coloured.
        self.thresholds: Tolerances | None = None

    # -- content ------------------------------------------------------------
    def set_rows(self, rows: list[RegisterRow]) -> None:
        self.beginResetModel()
        self._pending = None
        self._take(rows)
        self._apply_filter()
        self.endResetModel()

    def show_first(
        self, head: list[RegisterRow], total: int, rest: Callable[[], list[RegisterRow]]
    ) -> None:
        """``total`` rows of which only ``head``, the first in code order, are made now;
        the ``rest`` are read when first needed (``complete``). The start-up cache's
        first paint shows every row's place (the count, the scroll bar) and the rows
        in view, without making 10,000 rows first."""
        unsorted = self._sort != (self.COL_CODE, Qt.SortOrder.AscendingOrder)
        if unsorted or self.filter.active() or total <= len(head):
            self.set_rows([*head, *rest()])
            return
        self.beginResetModel()
        self._base, self._orders, self._haystacks = head, {}, None
        self._all = self._rows = [*head, *repeat(cast(RegisterRow, None), total - len(head))]
        self._by_id = {r[ID]: i for i, r in enumerate(head)}
        self._pending = (head, rest)
        self.endResetModel()

    def complete(self) -> None:
        """Read the rows ``show_first`` left for later, into the places kept for them."""
        if self._pending is None:
            return
        head, rest = self._pending
        rows = [*head, *rest()]
        if len(rows) != len(self._rows):  # a damaged cache: show what there is
            self.set_rows(rows)
            return
        self._pending = None
        self._take(rows)
        self._apply_filter()
        self.dataChanged.emit(self.index(len(head), 0), self.index(len(rows) - 1, 9))

    def update_rows(self, rows: list[RegisterRow]) -> None:
        """Update rows in place when the visible benefits are unchanged, else reset."""
        self.complete()
        before = self._rows
        self._take(rows)
        visible = self.filter.apply(self._all, self._search_texts())
        if [r[ID] for r in visible] != [r[ID] for r in before]:
            self.beginResetModel()
            self._set_visible(visible)
            self.endResetModel()
            return
        self._set_visible(visible)
        if visible != before:  # one signal for the lot: 10,000 signals took a second
            self.dataChanged.emit(self.index(0, 0), self.index(len(visible) - 1, 9))

    def _take(self, rows: list[RegisterRow]) -> None:
        self._base, self._orders, self._haystacks = rows, {}, None
        self._all = self._sorted()

    def set_filter(self, **changes: Any) -> None:
        """Change filter criteria (see RegisterFilter) and show the rows that pass."""
        self.complete()
        for key, value in changes.items():
            setattr(self.filter, key, value)
        self.beginResetModel()
        self._apply_filter()
        self.endResetModel()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort by a column's raw values; ties keep code order."""
        self.complete()
        self._sort = (column, order)
        self.layoutAboutToBeChanged.emit()
        persistent = self.persistentIndexList()
        ids = [self._rows[i.row()][ID] for i in persistent]
        self._all = self._sorted()
        self._apply_filter()
        moved = [
            self.index(self._by_id[b], i.column()) if b in self._by_id else QModelIndex()
            for b, i in zip(ids, persistent, strict=True)
        ]
        self.changePersistentIndexList(persistent, moved)
        self.layoutChanged.emit()

    def _sorted(self) -> list[RegisterRow]:
        column, order = self._sort
        key = (column, order == Qt.SortOrder.DescendingOrder)
        if key not in self._orders:
            keys = list(map(self.SORT_KEYS[column], self._base))
            ranks = sorted(range(len(keys)), key=keys.__getitem__, reverse=key[1])
            self._orders[key] = [self._base[i] for i in ranks]
        return self._orders[key]

    def _search_texts(self) -> dict[int, str]:
        if self._haystacks is None and self.filter.text:
            self._haystacks = {r[ID]: haystack(r) for r in self._base}
        return self._haystacks or {}

    def _apply_filter(self) -> None:
        active = self.filter.active()
        self._set_visible(self.filter.apply(self._all, self._search_texts()) if active else None)

    def _set_visible(self, rows: list[RegisterRow] | None) -> None:
        self._rows = self._all if rows is None else rows
        self._by_id = {r[ID]: i for i, r in enumerate(self._rows)}

    def row_of(self, benefit_id: int) -> int | None:
        self.complete()
        return self._by_id.get(benefit_id)

    def row_at(self, row: int) -> RegisterRow:
        self.complete()
        return _named(self._rows[row])

    def rows(self) -> list[RegisterRow]:
        """Every benefit's row (filtered or not), in display order."""
        self.complete()
        return self._all

    def total(self) -> int:
        return len(self._all)

    # -- Qt model API ---------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = DISPLAY
    ) -> Any:
        if role == DISPLAY and orientation == Qt.Orientation.Horizontal:
            return self.HEADERS[section]
        if role == ALIGNMENT and orientation == Qt.Orientation.Horizontal:
            return RIGHT if section in self.NUMERIC else None
        return None

    def data(self, index: Index, role: int = DISPLAY) -> Any:
        if role not in ANSWERED or not index.isValid():
            return None
        number = index.row()
        row = self._rows[number] if 0 <= number < len(self._rows) else None
        if row is None:  # or a place kept for a row still to be read (show_first)
            return None
        col = index.column()
        if role == DISPLAY:
            return self._display(row, col)
        if role == FOREGROUND:
            return self._foreground(row, col)
        if role == ALIGNMENT:
            return RIGHT if col in self.NUMERIC else None
        if role == DECORATION:
            status = row[STATUS] if col == self.COL_STATUS else None
            return status_icon(Status(status)) if status else None
        if role == ROW_ROLE:
            return _named(row)
        if role == SORT_ROLE:
            return self.SORT_KEYS[col](row)
        return self._tooltip(row, col)

    def _display(self, row: RegisterRow, col: int) -> str:
        match col:
            case self.COL_CODE:
                return row[CODE]
            case self.COL_TITLE:
                return row[TITLE]
            case self.COL_PROJECT:
                return row[PROJECT]
            case self.COL_OWNER:
                return row[OWNER] or "— no owner —"
            case self.COL_STATUS:
                return status_label(Status(row[STATUS]), row[LIFECYCLE]) if row[STATUS] else "…"
            case self.COL_REALISATION:
                return pct(row[REALISATION], none="")
            case self.COL_VARIANCE:
                return pct(row[VARIANCE], signed=True, none="")
            case self.COL_FORECAST:
                return pct(row[FORECAST], none="")
            case self.COL_DUE:  # red when overdue; the flag says "figure overdue"
                return day(date.fromordinal(row[NEXT_DUE])) if row[NEXT_DUE] else ""
            case self.COL_ATTENTION:
                return row[RISK]
        return ""

    def _foreground(self, row: RegisterRow, col: int) -> QColor | None:
        colour = None
        if col == self.COL_VARIANCE and self.thresholds is not None:
            colour = variance_colour(row[VARIANCE], self.thresholds)
        elif col == self.COL_ATTENTION and row[AT_RISK]:
            colour = ATTENTION_COLOUR
        elif col == self.COL_DUE and row[OVERDUE]:
            colour = OVERDUE_COLOUR
        if colour is None and row[LIFECYCLE] in ("draft", "cancelled"):
            colour = MUTED
        return QColor(colour) if colour else None

    def _tooltip(self, row: RegisterRow, col: int) -> str | None:
        if col == self.COL_ATTENTION and row[RISK]:
            return f"{NEEDS_ATTENTION}: {row[RISK]}"
        if col == self.COL_DUE and row[OVERDUE]:
            return "Overdue: no figure for more than a reporting period and 7 days of grace"
        if col == self.COL_OWNER and row[AUTOMATED]:
            return "Figures arrive automatically from an import profile"
        if col == self.COL_TITLE:
            return row[TITLE]
        if col == self.COL_STATUS and not row[STATUS]:
            return "Figures are being computed"
        return None
