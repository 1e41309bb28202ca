"""The dashboard's two charts: value over time, and benefits by status."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

import pyqtgraph as pg
from PySide6.QtCore import QPointF, Qt
from PySide6.QtWidgets import QLabel, QStackedLayout, QWidget

from benefitdesk.analysis.types import Status
from benefitdesk.present.formats import day, money, money_tick
from benefitdesk.present.vocabulary import STATUS_LABELS
from benefitdesk.services.dashboard import ValuePoints
from benefitdesk.ui.charts import common as c
from benefitdesk.ui.charts.series import from_seconds, to_seconds
from benefitdesk.ui.style import STATUS_COLOURS


def _message_label(parent: QWidget) -> QLabel:
    label = QLabel(parent)
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    label.setStyleSheet("color: #64748b;")
    label.setWordWrap(True)
    return label


class ValueChart(QWidget):
    """Planned-to-date and realised value at each month end, in the portfolio currency."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.currency = "GBP"
        self.points: ValuePoints = []
        self.message = _message_label(self)
        self.graphics = pg.GraphicsLayoutWidget(self)
        self.graphics.ci.setContentsMargins(2, 2, 8, 2)
        self.plot = c.time_plot(self._money_tick)
        self.plot.getAxis("left").setWidth(56)
        # Value grows over time, so the top-left corner is empty: the legend goes there.
        self.legend = pg.LegendItem(
            colCount=2,
            labelTextSize="9pt",
            frame=False,
            offset=(6, 2),
            brush=c.colour("#ffffff", 200),
        )
        self.legend.setParentItem(self.plot.getViewBox())
        self.planned = self.plot.plot(pen=c.pen(c.PLANNED_VALUE, 2, Qt.PenStyle.DashLine))
        self.realised = self.plot.plot(
            pen=c.pen(c.REALISED_VALUE, 2.2),
            fillLevel=0,
            fillBrush=c.colour(c.REALISED_VALUE, 40),
            symbol="o",
            symbolSize=4,
            symbolBrush=c.colour(c.REALISED_VALUE),
            symbolPen=None,
        )
        # A line sample for "Realised": the fill would draw as a triangle in the legend.
        self._realised_sample = pg.PlotDataItem(pen=c.pen(c.REALISED_VALUE, 2.2))
        self.legend.addItem(self.planned, "Planned to date")
        self.legend.addItem(self._realised_sample, "Realised")
        self.crosshair = pg.InfiniteLine(angle=90, pen=c.pen(c.BASELINE, 1, Qt.PenStyle.DashLine))
        self.hover = pg.TextItem(
            color=c.INK, fill=c.colour("#ffffff", 235), border=pg.mkPen("#cbd5e1")
        )
        self.hover.setZValue(100)
        for item in (self.crosshair, self.hover):
            item.setVisible(False)
            self.plot.addItem(item, ignoreBounds=True)
        self.status = pg.TextItem(color="#64748b", anchor=(1, 0))
        self.plot.addItem(self.status, ignoreBounds=True)
        self.graphics.addItem(self.plot, row=0, col=0)  # last: see BenefitChart._build_main
        self.graphics.scene().sigMouseMoved.connect(self._mouse_moved)
        self.stack = QStackedLayout(self)
        self.stack.addWidget(self.message)
        self.stack.addWidget(self.graphics)
        self.show_message("Computing value over time…")

    def _money_tick(self, value: float) -> str:
        return money_tick(value, self.currency)

    def show_message(self, text: str) -> None:
        self.message.setText(text)
        self.stack.setCurrentWidget(self.message)

    def set_busy(self, busy: bool) -> None:
        """While a refresh runs, keep the last chart and say it is updating."""
        if self.stack.currentWidget() is self.message:
            return
        self.status.setText("updating…" if busy else "")
        (_x0, x1), (_y0, y1) = self.plot.getViewBox().viewRange()
        self.status.setPos(x1, y1)

    def set_points(self, points: ValuePoints, currency: str) -> None:
        self.points, self.currency = list(points), currency
        self.status.setText("")
        if not points:
            self.show_message("No value to chart: no benefit has a financial value.")
            return
        x = [to_seconds(d) for d, _, _ in points]
        self.planned.setData(x, [p for _, p, _ in points])
        self.realised.setData(x, [r for _, _, r in points])
        self.plot.getAxis("left").picture = None  # currency may have changed
        self.plot.setXRange(x[0], x[-1], padding=0.02)
        self.plot.enableAutoRange(axis="y")
        self.stack.setCurrentWidget(self.graphics)

    # -- hover ----------------------------------------------------------------------
    def _mouse_moved(self, pos: QPointF) -> None:
        if not self.points or not self.plot.sceneBoundingRect().contains(pos):
            self.crosshair.setVisible(False)
            self.hover.setVisible(False)
            return
        self.hover_at(from_seconds(self.plot.getViewBox().mapSceneToView(pos).x()))

    def hover_at(self, near: date) -> str:
        """Show the values of the month end nearest ``near``; returns the label text."""
        when, planned, realised = min(self.points, key=lambda p: abs((p[0] - near).days))
        x = to_seconds(when)
        text = (
            f"{day(when)}\nPlanned to date: {money(planned, self.currency, compact=True)}"
            f"\nRealised: {money(realised, self.currency, compact=True)}"
        )
        self.hover.setText(text)
        (x0, x1), (_y0, y1) = self.plot.getViewBox().viewRange()
        self.hover.setAnchor((1, 0) if x > (x0 + x1) / 2 else (0, 0))
        self.hover.setPos(x, y1)
        self.crosshair.setPos(x)
        self.crosshair.setVisible(True)
        self.hover.setVisible(True)
        return text


class StatusChart(QWidget):
    """How many counted benefits are in each status: one horizontal bar per status."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.counts: dict[Status, int] = {}
        self.graphics = pg.GraphicsLayoutWidget(self)
        self.graphics.ci.setContentsMargins(2, 2, 8, 2)
        self.plot = pg.PlotItem()
        self.plot.hideButtons()
        self.plot.setMenuEnabled(False)
        self.plot.setMouseEnabled(x=False, y=False)
        self.plot.getViewBox().invertY(True)
        left, bottom = self.plot.getAxis("left"), self.plot.getAxis("bottom")
        for axis in (left, bottom):
            c.style_axis(axis)
        left.setStyle(tickLength=0)
        bottom.setStyle(tickLength=-4)
        self.plot.showGrid(x=True, y=False, alpha=0.12)
        self.bars = pg.BarGraphItem(x0=[], y=[], height=0.62, width=[], brushes=[])
        self.plot.addItem(self.bars)
        # One count label per status, made here: added to the plot on screen, each would
        # be tied to the window's view and then moved (see BenefitChart._build_main).
        self._label_pool = [
            pg.TextItem("", color=c.INK, anchor=(0, 0.5)) for _status in STATUS_COLOURS
        ]
        for label in self._label_pool:
            self.plot.addItem(label, ignoreBounds=True)
        self.labels: list[pg.TextItem] = []  # those showing a count
        self.graphics.addItem(self.plot, row=0, col=0)  # last: see BenefitChart._build_main
        layout = QStackedLayout(self)
        layout.addWidget(self.graphics)

    def set_counts(self, counts: Mapping[str, int]) -> None:
        """Show each status of ``STATUS_COLOURS``; ``undefined`` only when some benefit has it."""
        statuses = [
            s for s in STATUS_COLOURS if s is not Status.UNDEFINED or counts.get(s.value, 0)
        ]
        self.counts = {s: int(counts.get(s.value, 0)) for s in statuses}
        values = [self.counts[s] for s in statuses]
        rows = list(range(len(statuses)))
        self.bars.setOpts(
            x0=[0] * len(rows),
            y=rows,
            width=values,
            height=0.62,
            brushes=[c.colour(STATUS_COLOURS[s]) for s in statuses],
            pens=[pg.mkPen(None)] * len(rows),
        )
        self.plot.getAxis("left").setTicks(
            [[(r, STATUS_LABELS[s]) for r, s in zip(rows, statuses, strict=True)]]
        )
        self.labels = self._label_pool[: len(rows)]
        for label in self._label_pool:
            label.setVisible(False)
        for label, row, value in zip(self.labels, rows, values, strict=True):
            label.setText(str(value))
            label.setPos(value, row)
            label.setVisible(True)
        top = max(values, default=0)
        self.plot.setXRange(0, max(1, top) * 1.15, padding=0)
        self.plot.setYRange(-0.6, len(rows) - 0.4, padding=0)
