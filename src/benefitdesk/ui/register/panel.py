"""The register panel: filter bar above a sortable table of every benefit."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QItemSelectionModel, QModelIndex, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from benefitdesk.present.formats import number
from benefitdesk.present.vocabulary import NEEDS_ATTENTION, STATUS_LABELS
from benefitdesk.ui import milestones
from benefitdesk.ui.register.model import ROW_ROLE, RegisterModel, RegisterRow, rows_from_report
from benefitdesk.ui.style import status_icon
from benefitdesk.verdicts import Status

if TYPE_CHECKING:
    from benefitdesk.ui.context import PortfolioContext
    from benefitdesk.ui.register.cache import CachedRows


#: Code, Title (stretches), Project, Owner, Status, Real., Var., Fcst, Next due, Needs
#: attention: 900 px besides the title, which leaves it 160 px in a 1280-px window.
COLUMN_WIDTHS = (60, 200, 62, 108, 146, 64, 64, 64, 96, 196)


class RegisterPanel(QWidget):
    """Emits ``benefit_selected(id or None)`` as the current row changes."""

    benefit_selected = Signal(object)
    benefit_activated = Signal(int)
    painted = Signal()  # once: the first time the table is painted with rows

    def __init__(self, context: PortfolioContext | None, parent: QWidget | None = None):
        super().__init__(parent)
        self.context: PortfolioContext | None = None
        self.model = RegisterModel(self)
        self._settling = False  # the model is being refilled: its selection moves are ours

        self.table = QTableView(self)
        self.table.setObjectName("register")
        self.table.setModel(self.model)
        # The model sorts and filters its own rows (see RegisterModel.sort/set_filter).
        self.table.horizontalHeader().setSortIndicatorShown(True)
        self.table.horizontalHeader().setSectionsClickable(True)
        self.table.horizontalHeader().sortIndicatorChanged.connect(self.model.sort)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(24)
        self.table.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        header = self.table.horizontalHeader()
        header.setHighlightSections(False)
        header.setStretchLastSection(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        # Every column fits at 1280 px wide: the title takes what the others leave.
        for col, width in enumerate(COLUMN_WIDTHS):
            self.table.setColumnWidth(col, width)
        header.setSectionResizeMode(RegisterModel.COL_TITLE, QHeaderView.ResizeMode.Stretch)
        header.setMinimumSectionSize(40)
        header.setSortIndicator(RegisterModel.COL_CODE, Qt.SortOrder.AscendingOrder)
        self.table.selectionModel().currentRowChanged.connect(self._current_changed)
        self.table.activated.connect(self._activated)

        self.status_filter = QComboBox(self)
        self.status_filter.setObjectName("status_filter")
        self.status_filter.addItem("All statuses", None)
        for status in Status:
            self.status_filter.addItem(status_icon(status), STATUS_LABELS[status], status)
        self.status_filter.currentIndexChanged.connect(self._status_changed)
        self.needs_attention = QCheckBox(f"{NEEDS_ATTENTION} only", self)
        self.needs_attention.setToolTip(
            "Benefits behind plan, with a figure overdue, a forecast short of target or a "
            "leading indicator behind (the At risk status is in the status list)"
        )
        self.needs_attention.toggled.connect(lambda on: self._filter(needs_attention=on))
        self.hide_inactive = QCheckBox("Hide closed && cancelled", self)
        self.hide_inactive.toggled.connect(lambda on: self._filter(hide_inactive=on))
        self.scope_label = QLabel(self)
        self.scope_label.setObjectName("scope_label")
        self.count_label = QLabel(self)

        bar = QHBoxLayout()
        bar.setContentsMargins(6, 4, 6, 4)
        bar.addWidget(self.scope_label)
        bar.addStretch(1)
        bar.addWidget(self.status_filter)
        bar.addWidget(self.needs_attention)
        bar.addWidget(self.hide_inactive)
        bar.addWidget(self.count_label)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addLayout(bar)
        layout.addWidget(self.table)

        for signal in (
            self.model.rowsInserted,
            self.model.rowsRemoved,
            self.model.modelReset,
            self.model.layoutChanged,
        ):
            signal.connect(self._update_count)
        # The table's frame is painted in the same pass as its rows. Not the viewport:
        # asking for it (a QWidget of no known subclass) made PySide create every
        # QWidget subclass it has, with their enumerations: 8 ms before the first paint.
        self.table.installEventFilter(self)
        self.painted.connect(self.model.complete)
        if context is not None:
            self.bind(context)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        """Tell the start-up milestones when the register is first painted with rows
        (in the next turn of the event loop: once the window's paint is done)."""
        if event.type() == QEvent.Type.Paint and self.model.rowCount():
            watched.removeEventFilter(self)
            QTimer.singleShot(0, self, self._painted)
        return False

    def _painted(self) -> None:
        milestones.mark("register", self.model.total())
        self.painted.emit()

    def bind(self, context: PortfolioContext, rows: list[RegisterRow] | None = None) -> None:
        """Follow ``context`` (a panel made from cached rows binds once it loads);
        ``rows``: the report's rows, when they were made off the GUI thread."""
        self.context = context
        context.changed.connect(self.refresh)
        context.reloaded.connect(self.refresh)
        self._show(rows if rows is not None else rows_from_report(context.report))

    def show_rows(self, rows: list[RegisterRow]) -> None:
        """Show rows before the portfolio has loaded (the benefit list)."""
        self.model.set_rows(rows)
        self._update_count()

    def show_first(self, first: CachedRows) -> None:
        """Show the start-up cache's rows before the portfolio has loaded: those in view
        at once, the others once the register is painted."""
        self.model.thresholds = first.tolerances
        self.model.show_first(first.head, first.total, first.rest)
        self._update_count()

    # -- content ------------------------------------------------------------
    def refresh(self, *_args: Any) -> None:
        """Show the context's report again (after an edit, a reload or a sync)."""
        if self.context is not None:
            self._show(rows_from_report(self.context.report))

    def _show(self, rows: list[RegisterRow]) -> None:
        if self.context is not None:
            self.model.thresholds = self.context.report.thresholds
        self._keeping_selection(lambda: self.model.update_rows(rows))

    def set_scope(
        self,
        label: str,
        *,
        owner: str | None = None,
        project_id: int | None = None,
        text: str | None = None,
    ) -> None:
        self.scope_label.setText(f"<b>{label}</b>")
        changes: dict[str, Any] = {
            "owner": owner.casefold() if owner else None,
            "project_id": project_id,
        }
        if text is not None:
            changes["text"] = text.casefold().strip()
        self._filter(**changes)

    def set_search(self, text: str) -> None:
        self._filter(text=text.casefold().strip())

    def _status_changed(self) -> None:
        status = self.status_filter.currentData()
        self._filter(statuses=frozenset({str(status)}) if status else frozenset())

    def _filter(self, **changes: Any) -> None:
        """Apply filter changes, keeping the selected benefit when it still shows; the
        list starts at its top otherwise (a search showed its last rows, the table
        scrolled where the longer list had been)."""
        self._keeping_selection(lambda: self.model.set_filter(**changes))
        if self.current_benefit_id() is None:
            self.table.scrollToTop()

    def _keeping_selection(self, refill: Callable[[], None]) -> None:
        """Refill the model and select the same benefit again. A model reset clears
        the selection for a moment; that moment is not the user choosing nothing, so
        ``benefit_selected`` fires only if the benefit shown at the end differs (it was
        filtered out or deleted). Otherwise a save that refreshes the register would
        ask the detail to leave the very form being saved."""
        current = self.current_benefit_id()
        self._settling = True
        try:
            refill()
            if current is not None:
                self.select_benefit(current)
        finally:
            self._settling = False
        if self.current_benefit_id() != current:
            self.benefit_selected.emit(self.current_benefit_id())
        self._update_count()

    def _update_count(self, *_args: Any) -> None:
        shown, total = self.model.rowCount(), self.model.total()
        counts = f"{number(shown)} of {number(total)}" if shown != total else None
        self.count_label.setText(counts or f"{number(total)} benefits")

    # -- selection ------------------------------------------------------------
    def current_row(self) -> RegisterRow | None:
        index = self.table.currentIndex()
        return index.data(ROW_ROLE) if index.isValid() else None

    def current_benefit_id(self) -> int | None:
        row = self.current_row()
        return row.benefit_id if row else None

    def select_row(self, row: int) -> bool:
        """Select the ``row``-th benefit shown, if there is one."""
        if not 0 <= row < self.model.rowCount():
            return False
        return self.select_benefit(self.model.row_at(row).benefit_id)

    def select_benefit(self, benefit_id: int) -> bool:
        row = self.model.row_of(benefit_id)
        if row is None:
            return False
        index = self.model.index(row, 0)
        self.table.selectionModel().setCurrentIndex(
            index,
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        self.table.scrollTo(index)
        return True

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if self._settling:
            return
        row = current.data(ROW_ROLE) if current.isValid() else None
        self.benefit_selected.emit(row.benefit_id if row else None)

    def _activated(self, index: QModelIndex) -> None:
        row = index.data(ROW_ROLE)
        if row:
            self.benefit_activated.emit(row.benefit_id)
