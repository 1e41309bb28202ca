"""One benefit's trajectory: plan, tolerance, actuals and forecast, indicators below.

The series come from ``charts.series`` (plain dated points); this module only draws
them. The main plot's items are made once and refilled when another benefit is shown,
so switching benefits in the register does not rebuild the scene.
"""

from __future__ import annotations

import time
from datetime import date
from typing import Any

import pyqtgraph as pg
from PySide6.QtCore import QEvent, QObject, QPointF, Qt, QTimer
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QLabel, QSizePolicy, QStackedLayout, QWidget

from benefitdesk.present.formats import day, pct
from benefitdesk.present.vocabulary import STATUS_LABELS
from benefitdesk.services.changes import Change
from benefitdesk.ui.background import LatestOnly
from benefitdesk.ui.charts import common as c
from benefitdesk.ui.charts.series import (
    ChartData,
    IndicatorSeries,
    from_seconds,
    hover_lines,
    load_chart_data,
    snap_day,
    to_seconds,
    xs,
    ys,
)
from benefitdesk.ui.context import PortfolioContext
from benefitdesk.ui.jobs import JobControl
from benefitdesk.ui.style import STATUS_COLOURS

DASH = Qt.PenStyle.DashLine
DOT = Qt.PenStyle.DotLine
#: Selections closer than this are a burst (a key held: auto-repeat comes every 30 to
#: 50 ms); a burst's chart is read once the selections pause for SETTLE_MS.
BURST_MS = 60
SETTLE_MS = 40
#: How close (in pixels) the pointer must be to a dated point to snap to it.
SNAP_PIXELS = 10
INDICATOR_MIN_HEIGHT = 84
#: Below this height (the detail panel) the title goes (the panel's header names the
#: benefit), the main plot shares the indicators' date axis and indicators shrink.
COMPACT_HEIGHT = 440
COMPACT_INDICATOR_HEIGHT = 46
#: The benefit's own plot keeps at least this share of the height the plots share, so
#: two indicators never squeeze it to a sliver (it once got 50 px at 1280×720).
MAIN_SHARE = {0: 1.0, 1: 0.6}
MAIN_SHARE_MANY = 0.5


class _IndicatorPlot:
    """A small plot for one leading indicator, its X axis linked to the main plot."""

    def __init__(self, main: pg.PlotItem) -> None:
        self.plot = c.time_plot()
        self.plot.setXLink(main)
        self.plan = self.plot.plot(pen=c.pen(c.PLAN, 1.5, DASH))
        self.actuals = self.plot.plot(
            pen=c.pen(c.ACTUAL, 1.5), symbol="o", symbolSize=5, symbolPen=None
        )
        self.crosshair = pg.InfiniteLine(angle=90, pen=c.pen(c.BASELINE, 1, DASH))
        self.crosshair.setVisible(False)
        self.plot.addItem(self.crosshair, ignoreBounds=True)

    def show(self, series: IndicatorSeries, last: bool, compact: bool) -> None:
        status = STATUS_LABELS.get(series.status, "") if series.status else ""
        hue = STATUS_COLOURS.get(series.status, c.ACTUAL) if series.status else c.ACTUAL
        unit = f" ({series.unit})" if series.unit else ""
        self.plot.setTitle(
            f"<span style='color:#334155'>{series.name}{unit}</span>"
            f"&nbsp;&nbsp;<span style='color:{hue}'>● {status}</span>",
            size="8.5pt" if compact else "9pt",
            justify="left",
        )
        self.plan.setData(xs(series.plan), ys(series.plan))
        self.actuals.setData(xs(series.actuals), ys(series.actuals))
        self.actuals.setSymbolBrush(c.colour(hue))
        self.plot.showAxis("bottom", last)

    def blank(self) -> None:
        self.plot.setTitle(" ", size="8.5pt")
        self.plan.setData([], [])
        self.actuals.setData([], [])


class BenefitChart(QWidget):
    """``show_benefit(id)`` draws a benefit; it redraws itself when the benefit changes."""

    def __init__(self, context: PortfolioContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.benefit_id: int | None = None
        self.drawn_benefit: int | None = None  # whose history the chart shows now
        self.data: ChartData | None = None
        self.message = QLabel(self)
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #64748b;")
        self.graphics = pg.GraphicsLayoutWidget(self)
        self.graphics.setBackground("w")
        self.graphics.ci.setContentsMargins(4, 4, 8, 4)
        self.graphics.ci.setSpacing(2)
        self.stack = QStackedLayout(self)
        self.stack.addWidget(self.message)
        self.stack.addWidget(self.graphics)
        self._build_main()
        self.indicator_plots: list[_IndicatorPlot] = []
        self._loader = LatestOnly("Benefit chart", self)
        self._last_shown = 0.0  # perf_counter() of the last selection
        self._settle = QTimer(self)
        self._settle.setSingleShot(True)
        self._settle.timeout.connect(self.refresh)
        self._legend_names: list[str] = []
        self._spare_plots: list[_IndicatorPlot] = []  # removed, kept for reuse
        self._compact_shown = self.compact
        self.graphics.scene().sigMouseMoved.connect(self._mouse_moved)
        self.graphics.viewport().installEventFilter(self)
        context.changed.connect(self._on_changed)
        context.reloaded.connect(self.refresh)
        self._show_message("Select a benefit to see its chart.")

    # -- building --------------------------------------------------------------------
    def _build_main(self) -> None:
        self.legend = pg.LegendItem(colCount=8, labelTextSize="9pt", frame=False)
        self.graphics.addItem(self.legend, row=0, col=0)
        self.legend.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.graphics.ci.layout.setAlignment(self.legend, Qt.AlignmentFlag.AlignLeft)
        self.main = c.time_plot()
        plot = self.main
        self.baseline = plot.plot(pen=c.pen(c.BASELINE, 1.5))
        self.band = plot.plot(pen=c.pen(c.AMBER, 1, DOT))
        self.plan = plot.plot(pen=c.pen(c.PLAN, 2))
        self.band_fill = pg.FillBetweenItem(self.plan, self.band, brush=c.colour(c.AMBER, 60))
        plot.addItem(self.band_fill)
        self.band_fill.setZValue(-10)
        self.original = plot.plot(pen=c.pen(c.ORIGINAL_PLAN, 2, DASH))
        self.forecast = plot.plot(pen=c.pen(c.FORECAST, 2, DASH))
        self.actuals = plot.plot(
            pen=c.pen(c.ACTUAL, 2),
            symbol="o",
            symbolSize=6,
            symbolBrush=c.colour(c.ACTUAL),
            symbolPen=None,
        )
        self.target = pg.ScatterPlotItem(
            symbol="d", size=13, brush=c.colour(c.TARGET), pen=pg.mkPen("w", width=1)
        )
        plot.addItem(self.target)
        self.target_line = pg.InfiniteLine(angle=0, pen=c.pen(c.TARGET, 1, DOT))
        plot.addItem(self.target_line, ignoreBounds=True)
        self.today = pg.InfiniteLine(
            angle=90,
            pen=c.pen(c.TODAY, 1.2, Qt.PenStyle.DashDotLine),
            label="",
            labelOpts={"position": 0.96, "color": c.TODAY, "anchors": [(1, 0), (1, 0)]},
        )
        plot.addItem(self.today, ignoreBounds=True)
        self.crosshair = pg.InfiniteLine(angle=90, pen=c.pen(c.BASELINE, 1, DASH))
        plot.addItem(self.crosshair, ignoreBounds=True)
        self.hover = pg.TextItem(
            color=c.INK, fill=c.colour("#ffffff", 235), border=pg.mkPen("#cbd5e1")
        )
        self.hover.setZValue(100)
        plot.addItem(self.hover, ignoreBounds=True)
        self._hide_hover()
        # The band's legend sample: a filled square that toggles the fill when clicked.
        self.band_sample = pg.BarGraphItem(x=[0], height=[1], width=1, brush=c.colour(c.AMBER, 90))
        # Into the window last: an item added to a plot already on screen is tied to the
        # window's view first and then moved to the plot's, and PySide now and then
        # fails to undo that first tie (a "Failed to disconnect" warning).
        self.graphics.addItem(self.main, row=1, col=0)
        self.graphics.ci.layout.setRowStretchFactor(1, 3)

    def _fill_legend(self, data: ChartData) -> None:
        """Name the series this benefit has; rebuilt only when that set changes."""
        entries: list[tuple[Any, str]] = [(self.baseline, "Baseline")]
        if data.original_plan:
            entries.append((self.original, "Original plan"))
        if data.plan:
            version = f" (v{data.plan_version})" if data.original_plan else ""
            entries.append((self.plan, f"Plan{version}"))
        if data.band:
            entries.append((self.band_sample, f"Tolerance ({pct(data.amber_pct, digits=None)})"))
        if data.target:
            entries.append((self.target, "Target"))
        if data.actuals:
            entries.append((self.actuals, "Actual"))
        if data.forecast:
            entries.append((self.forecast, "Forecast"))
        names = [name for _item, name in entries]
        if names == self._legend_names:
            return
        self._legend_names = names
        self.legend.clear()
        for item, name in entries:
            self.legend.addItem(item, name)
        for sample, _label in self.legend.items:
            if sample.item is self.band_sample:
                sample.sigClicked.connect(
                    lambda _item: self.band_fill.setVisible(not self.band_fill.isVisible())
                )

    # -- showing -------------------------------------------------------------------------
    def show_benefit(self, benefit_id: int | None) -> None:
        """Draw ``benefit_id``: at once no lines of the one before, then its own.

        A selection that follows another within ``BURST_MS`` (a key held down) is read
        once the selections pause for ``SETTLE_MS``: drawing every benefit passed by
        kept the window from keeping up with the keys.
        """
        now = time.perf_counter()
        burst = (now - self._last_shown) * 1000 < BURST_MS
        self._last_shown = now
        if benefit_id != self.benefit_id:
            self.drawn_benefit = None
            self._blank()
        self.benefit_id = benefit_id
        if burst and benefit_id is not None:
            self._settle.start(SETTLE_MS)
        else:
            self._settle.stop()
            self.refresh()

    def _blank(self) -> None:
        """Axes without lines while the next benefit's history is read (a few
        hundredths of a second): never one benefit's chart under another's header."""
        self.data = None  # nor its values under the pointer
        for curve in (self.baseline, self.plan, self.band, self.original, self.forecast):
            curve.setData([], [])
        self.actuals.setData([], [])
        self.target.setData([], [])
        self.target_line.setVisible(False)
        self.band_fill.setVisible(False)
        if not self.compact:
            self.main.setTitle(" ", size="10pt")
        for holder in self.indicator_plots:
            holder.blank()
        self._hide_hover()

    @property
    def loading(self) -> bool:
        """A benefit's history is being read (or about to be); the chart shows it when
        done."""
        return self._loader.running or self._settle.isActive()

    def refresh(self) -> None:
        """Re-read the shown benefit's history (in the background) and redraw.

        Reading one benefit's history takes a few hundredths of a second on a
        10,000-benefit portfolio, more on a busy machine: too long for the GUI thread
        while the user arrows through the register. One read runs at a time and only
        the latest benefit's is drawn (``LatestOnly``).
        """
        if self.benefit_id is None:
            self._loader.cancel()
            self.data = None
            self._show_message("Select a benefit to see its chart.")
            return
        store, benefit_id, as_of = self.context.store, self.benefit_id, self.context.as_of
        snapshot, result = self.context.report.snapshot, self.context.result_for(benefit_id)

        def read(control: JobControl) -> ChartData | None:
            control.check()  # passed by already: not worth reading
            return load_chart_data(store, snapshot, benefit_id, result, as_of)

        def failed(error: BaseException) -> None:
            self.drawn_benefit = self.benefit_id  # what there is to show is the error
            self._show_message(f"The chart could not be read: {error}")

        self._loader.run(read, self._loaded, failed)

    def _loaded(self, data: ChartData | None) -> None:
        self.drawn_benefit = self.benefit_id
        self.data = data
        if self.data is None:
            self._show_message("This benefit no longer exists.")
        elif self.data.empty:
            self._show_message(
                "Nothing to chart yet: this benefit has no baseline, target or measurement."
            )
        else:
            self._draw(self.data)

    def _on_changed(self, change: Change) -> None:
        if self.benefit_id is None:
            return
        if (
            self.benefit_id in change.benefit_ids
            or not change.benefit_ids
            or change.entity.startswith(("project", "settings"))
        ):
            self.refresh()

    def _show_message(self, text: str) -> None:
        self.message.setText(text)
        self.stack.setCurrentWidget(self.message)
        self._hide_hover()

    def _draw(self, data: ChartData) -> None:
        self.stack.setCurrentWidget(self.graphics)
        self._hide_hover()
        self.baseline.setData(xs(data.baseline), ys(data.baseline))
        self.plan.setData(xs(data.plan), ys(data.plan))
        self.band.setData(xs(data.band), ys(data.band))
        self.band_fill.setVisible(bool(data.band))
        self.original.setData(xs(data.original_plan), ys(data.original_plan))
        self.actuals.setData(xs(data.actuals), ys(data.actuals))
        self.forecast.setData(xs(data.forecast), ys(data.forecast))
        if data.target:
            self.target.setData([to_seconds(data.target.date)], [data.target.value])
            self.target_line.setPos(data.target.value)
        else:
            self.target.setData([], [])
        self.target_line.setVisible(data.target is not None)
        self.today.setPos(to_seconds(data.as_of))
        today = "Today" if data.as_of == date.today() else f"As of {day(data.as_of)}"
        self.today.label.setFormat(today)
        self._fill_legend(data)
        self._draw_indicators(data)
        self._arrange()
        self.main.setXRange(to_seconds(data.start), to_seconds(data.end), padding=0.01)
        self.main.enableAutoRange(axis="y")

    def _draw_indicators(self, data: ChartData) -> None:
        while len(self.indicator_plots) > len(data.indicators):
            gone = self.indicator_plots.pop()
            self.graphics.removeItem(gone.plot)
            self._spare_plots.append(gone)
        layout = self.graphics.ci.layout
        while len(self.indicator_plots) < len(data.indicators):
            holder = self._spare_plots.pop() if self._spare_plots else _IndicatorPlot(self.main)
            row = 2 + len(self.indicator_plots)
            self.graphics.addItem(holder.plot, row=row, col=0)
            layout.setRowStretchFactor(row, 1)
            self.indicator_plots.append(holder)

    @property
    def compact(self) -> bool:
        return self.height() < COMPACT_HEIGHT

    def _arrange(self) -> None:
        """Fit the chart to its height: a full title and axes, or the compact form."""
        data, compact = self.data, self.compact
        if data is None or data.empty:
            return
        if compact:
            self.main.setTitle(None)
        else:
            unit = f" ({data.unit})" if data.unit else ""
            measure = data.measure or data.title
            kind = "  · dis-benefit: lower impact is better" if data.dis_benefit else ""
            self.main.setTitle(
                f"<span style='color:#1f2937'><b>{data.code}</b> {measure}{unit}</span>"
                f"<span style='color:#64748b'>{kind}</span>",
                size="10pt",
                justify="left",
            )
        last = len(data.indicators) - 1
        for n, (holder, series) in enumerate(
            zip(self.indicator_plots, data.indicators, strict=True)
        ):
            holder.show(series, n == last, compact)
        self.main.showAxis("bottom", not (compact and data.indicators))
        self._share_height()

    def _share_height(self) -> None:
        """Give the main plot its share of the height and the indicators the rest, by
        fixing each plot's height (stretch factors yield to minimum sizes)."""
        count = len(self.indicator_plots)
        if not count:
            self.main.setMinimumHeight(0)
            self.main.setMaximumHeight(1e6)
            return
        floor = COMPACT_INDICATOR_HEIGHT if self.compact else INDICATOR_MIN_HEIGHT
        axis = self.indicator_plots[-1].plot.getAxis("bottom").height()  # under the last
        plots_height = self.graphics.height() - self.legend.boundingRect().height() - 12
        main = max(plots_height * MAIN_SHARE.get(count, MAIN_SHARE_MANY), 100)
        each = max((plots_height - main - axis) / count, floor)
        self.main.setMinimumHeight(main)
        self.main.setMaximumHeight(main)
        for n, holder in enumerate(self.indicator_plots, 1):
            height = each + (axis if n == count else 0)
            holder.plot.setMinimumHeight(height)
            holder.plot.setMaximumHeight(height)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        was = self._compact_shown
        super().resizeEvent(event)
        if self.compact != was:
            self._compact_shown = self.compact
            self._arrange()
        else:
            self._share_height()

    # -- hover -----------------------------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.Leave:
            self._hide_hover()
        return super().eventFilter(watched, event)

    def _plots(self) -> list[pg.PlotItem]:
        return [self.main, *(h.plot for h in self.indicator_plots)]

    def _mouse_moved(self, pos: QPointF) -> None:
        if self.data is None or self.stack.currentWidget() is not self.graphics:
            return
        for plot in self._plots():
            if plot.sceneBoundingRect().contains(pos) and plot.isVisible():
                x = plot.getViewBox().mapSceneToView(pos).x()
                self.hover_at(from_seconds(x))
                return
        self._hide_hover()

    def _days_per_pixel(self) -> float:
        view = self.main.getViewBox()
        (x0, x1), width = view.viewRange()[0], max(1.0, view.width())
        return float((x1 - x0) / width / 86_400)

    def hover_at(self, day: date) -> list[str]:
        """Show the crosshair and label at ``day`` (snapped to a nearby point)."""
        if self.data is None or self.data.empty:
            return []
        day = snap_day(self.data, day, SNAP_PIXELS * self._days_per_pixel())
        lines = hover_lines(self.data, day)
        x = to_seconds(day)
        for line in [self.crosshair, *(h.crosshair for h in self.indicator_plots)]:
            line.setPos(x)
            line.setVisible(True)
        head, *rest = lines
        self.hover.setHtml(f"<div style='font-size:9pt'><b>{head}</b><br>{'<br>'.join(rest)}</div>")
        (x0, x1), (_y0, y1) = self.main.getViewBox().viewRange()
        self.hover.setAnchor((1, 0) if x > (x0 + x1) / 2 else (0, 0))
        self.hover.setPos(x, y1)
        self.hover.setVisible(True)
        return lines

    def hover_text(self) -> str:
        """The label's text as shown (empty when hidden)."""
        return self.hover.textItem.toPlainText() if self.hover.isVisible() else ""

    def _hide_hover(self) -> None:
        self.hover.setVisible(False)
        self.crosshair.setVisible(False)
        for holder in getattr(self, "indicator_plots", []):
            holder.crosshair.setVisible(False)
