"""The portfolio dashboard: totals, status breakdown, value over time, needs attention.

Totals come ready-made in ``context.report``; the attention list is computed from it
(off the GUI thread on a large portfolio) and value over time is read from the full
measurement history in a background job. The charts need pyqtgraph, imported off the
GUI thread; they are built as soon as it is there, one per turn of the event loop, so
the page shows them at once when first chosen.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QSplitter,
    QStackedLayout,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from benefitdesk.present.attention import AttentionItem
from benefitdesk.present.formats import day
from benefitdesk.services.changes import Change
from benefitdesk.services.dashboard import ValuePoints, attention_items, portfolio_currency
from benefitdesk.services.report import Report, status_counts
from benefitdesk.ui.background import LatestOnly, ValueHistoryRunner
from benefitdesk.ui.context import PortfolioContext
from benefitdesk.ui.dashboard.accuracy import AccuracyPanel
from benefitdesk.ui.dashboard.attention import AttentionList
from benefitdesk.ui.dashboard.cards import CardGrid
from benefitdesk.ui.jobs import serial_pool
from benefitdesk.ui.resources import icon

#: Up to this many benefits the attention list is computed on the GUI thread (well
#: under 100 ms); above it, in a background job.
SYNC_ATTENTION_LIMIT = 1500
CHART_HEIGHT = 230
CHART_MODULE = "benefitdesk.ui.charts.value_chart"


class _Panel(QFrame):
    """A titled white box that holds a chart, or a placeholder until it exists."""

    def __init__(self, title: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("panel")
        self.setStyleSheet(
            "QFrame#panel { background: #ffffff; border: 1px solid #e2e8f0; border-radius: 6px; }"
        )
        self.title = QLabel(title, self)
        self.title.setStyleSheet("font-weight: 600; color: #0f172a; border: none;")
        self.placeholder = QLabel("Computing…", self)
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder.setStyleSheet("color: #64748b; border: none;")
        self.body = QStackedLayout()
        self.body.addWidget(self.placeholder)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.setSpacing(2)
        layout.addWidget(self.title)
        layout.addLayout(self.body, 1)

    def put(self, widget: QWidget) -> None:
        self.body.addWidget(widget)
        self.body.setCurrentWidget(widget)


class DashboardPage(QWidget):
    """The dashboard; ``item_activated(AttentionItem)`` when a "needs attention" row is
    opened (the window opens the benefit where that item is dealt with)."""

    item_activated = Signal(object)
    attention_changed = Signal(int)  # the number of items in the list
    charts_ready = Signal()  # both charts built, or their module could not be imported

    def __init__(
        self,
        context: PortfolioContext,
        parent: QWidget | None = None,
        *,
        history: ValueHistoryRunner | None = None,
    ):
        """``history``: a runner already started (the window starts it as soon as the
        portfolio is loaded, before the dashboard exists)."""
        super().__init__(parent)
        self.context = context
        self.items: list[AttentionItem] = []
        self._items_ready = False
        self._value_failed = False  # value over time could not be computed (it says why)
        self.value_points: ValuePoints | None = None
        self._accuracy_for: Report | None = None  # the report the accuracy tab shows
        self.value_chart: Any = None
        self.status_chart: Any = None

        self.heading = QLabel(self)
        self.heading.setStyleSheet("font-size: 14pt; font-weight: 600; color: #0f172a;")
        self.as_of_label = QLabel(self)
        self.as_of_label.setStyleSheet("color: #475569; font-size: 10pt;")
        self.as_of_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.cards = CardGrid(self)
        self.value_panel = _Panel("Realised vs planned value (month ends)", self)
        self.status_panel = _Panel("Benefits by status", self)
        self.attention = AttentionList(self)
        self.attention.item_activated.connect(self.item_activated)
        self.accuracy = AccuracyPanel(self)
        self._layout()

        self.history = history or ValueHistoryRunner(context, self)
        self.history.setParent(self)
        self.history.ready.connect(self._on_value_points)
        self.history.busy.connect(self._on_value_busy)
        self.history.failed.connect(self._on_value_failed)
        self._attention_job = LatestOnly("Needs attention", self, pool=serial_pool())
        self._chart_import = LatestOnly("Charts", self)
        context.changed.connect(self._on_changed)
        context.reloaded.connect(self._on_reloaded)
        self.refresh()
        if history is None:
            self.history.restart()
        else:
            self.value_points = history.points
        self._chart_import.run(
            lambda _control: import_module(CHART_MODULE),
            lambda _module: self.ensure_charts(),
            self._charts_failed,
        )

    def _layout(self) -> None:
        top = QWidget(self)
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.setSpacing(8)
        header = QHBoxLayout()
        header.addWidget(self.heading, 1)
        header.addWidget(self.as_of_label)
        top_layout.addLayout(header)
        top_layout.addWidget(self.cards)
        charts = QHBoxLayout()
        charts.setSpacing(8)
        charts.addWidget(self.value_panel, 3)
        charts.addWidget(self.status_panel, 2)
        self.value_panel.setMinimumHeight(CHART_HEIGHT)
        self.status_panel.setMinimumHeight(CHART_HEIGHT)
        top_layout.addLayout(charts, 1)
        self.split = QSplitter(Qt.Orientation.Vertical, self)
        self.split.setObjectName("dashboard_split")
        self.split.setChildrenCollapsible(False)
        self.split.addWidget(top)
        self.bottom = QTabWidget(self)
        self.bottom.setObjectName("dashboard_bottom")
        self.bottom.setDocumentMode(True)
        self.bottom.addTab(self.attention, icon("attention"), "Needs attention")
        self.bottom.addTab(self.accuracy, icon("review"), "Forecast accuracy")
        self.bottom.currentChanged.connect(lambda _index: self._refresh_accuracy())
        self.split.addWidget(self.bottom)
        self.split.setStretchFactor(0, 0)
        self.split.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 10)
        layout.addWidget(self.split)

    # -- what main_window calls ----------------------------------------------------------
    def attention_count(self) -> int | None:
        """The number of items in "Needs attention" (rows, not distinct benefits); None
        while the list is being made."""
        return len(self.items) if self._items_ready else None

    def focus_attention(self) -> None:
        self.bottom.setCurrentWidget(self.attention)
        self.attention.focus()

    def figures(self) -> dict[str, Any]:
        """The numbers on the cards, keyed like ``report --json``'s ``portfolio``."""
        return self.cards.figures()

    # -- refreshing --------------------------------------------------------------------
    def refresh(self) -> None:
        """Redraw from ``context.report``: cards and status now, the list now or soon."""
        report = self.context.report
        settings = report.snapshot.settings
        name = getattr(settings, "name", None) or "Portfolio"
        self.heading.setText(f"{name} — dashboard")
        self.as_of_label.setText(f"As of {day(report.as_of)}")
        self.cards.update_from(report)
        self._refresh_accuracy()
        if self.status_chart is not None:
            self.status_chart.set_counts(status_counts(report.totals))
        if len(report.benefits) <= SYNC_ATTENTION_LIMIT:
            self._attention_job.cancel()
            self._set_items(attention_items(report))
        else:
            self._attention_job.run(lambda _control: attention_items(report), self._set_items)

    def _refresh_accuracy(self) -> None:
        """Forecast accuracy for the current report, once its tab is chosen: a pass over
        every benefit (50 ms on 10,000) that nobody waits for until then."""
        report = self.context.report
        if self.bottom.currentWidget() is self.accuracy and self._accuracy_for is not report:
            self._accuracy_for = report
            self.accuracy.update_from(report)

    def charts_built(self) -> bool:
        return self.value_chart is not None and self.status_chart is not None

    def drawn(self) -> bool:
        """The cards, the attention list and both charts with their figures are there."""
        charts = self.value_chart is not None and self.status_chart is not None
        value = self.value_points is not None or self._value_failed
        return charts and value and self._items_ready

    def _set_items(self, items: list[AttentionItem]) -> None:
        self._items_ready = True
        self.items = items
        self.attention.set_items(items)
        self.attention_changed.emit(len(items))

    def _on_changed(self, change: Change) -> None:
        self.refresh()
        self.history.invalidate(change)

    def _on_reloaded(self) -> None:
        self.refresh()
        self.history.restart()

    # -- charts (pyqtgraph) ---------------------------------------------------------------
    def ensure_charts(self) -> None:
        """Create the charts (imports pyqtgraph) and fill them with what is known.

        The status chart follows in the next turn of the event loop, so building the
        two plots never holds the window for their sum.
        """
        if self.value_chart is not None:
            return
        charts = import_module(CHART_MODULE)
        self.value_chart = charts.ValueChart(self.value_panel)
        self.value_panel.put(self.value_chart)
        if self.value_points is not None:
            self.value_chart.set_points(self.value_points, self._currency())
        elif self.history.running:
            self.value_chart.show_message("Computing value over time…")
        QTimer.singleShot(0, self, self._ensure_status_chart)

    def _ensure_status_chart(self) -> None:
        if self.status_chart is None:
            self.status_chart = import_module(CHART_MODULE).StatusChart(self.status_panel)
            self.status_panel.put(self.status_chart)
            self.status_chart.set_counts(status_counts(self.context.report.totals))
            self.charts_ready.emit()

    def _charts_failed(self, _error: BaseException) -> None:
        """The work waiting for the charts goes ahead; the import, made again here,
        shows its error."""
        self.charts_ready.emit()
        self.ensure_charts()

    def _currency(self) -> str:
        report: Report = self.context.report
        return portfolio_currency(report)

    def _on_value_points(self, points: ValuePoints) -> None:
        self.value_points = points
        if self.value_chart is not None:
            self.value_chart.set_points(points, self._currency())

    def _on_value_busy(self, busy: bool) -> None:
        if self.value_chart is not None:
            self.value_chart.set_busy(busy)

    def _on_value_failed(self, message: str) -> None:
        self._value_failed = True
        if self.value_chart is not None:
            self.value_chart.show_message(message)
        else:
            self.value_panel.placeholder.setText(message)
