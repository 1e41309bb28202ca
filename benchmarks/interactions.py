"""One run of bench_responsiveness.py: the window driven as a user would, timed.

Everything goes through the real widgets: key presses and clicks with QTest, delivered
through the event loop where a user's would be. A latency runs from the event to the
state the user waits for (the header and the chart of the benefit reached, the table
repainted); a stall is the longest gap between the ticks of a 10 ms timer.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from common import large_portfolio
from PySide6.QtCore import QPoint, QSettings, Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from benefitdesk.ui.app import skip_pyside_feature_scan
from benefitdesk.ui.main_window import MainWindow
from benefitdesk.ui.settings import AppSettings

HELD_HZ = 30  # the key auto-repeat rate of a desktop, about


class StallMeter:
    """Longest gap between the ticks of a 10 ms timer while the loop runs."""

    def __init__(self, app: QApplication) -> None:
        self.app, self.worst, self.last = app, 0.0, time.perf_counter()
        self.timer = QTimer()
        self.timer.setInterval(10)
        self.timer.timeout.connect(self.tick)

    def tick(self) -> None:
        now = time.perf_counter()
        self.worst = max(self.worst, now - self.last - 0.010)
        self.last = now

    def start(self) -> None:
        self.worst, self.last = 0.0, time.perf_counter()
        self.timer.start()

    def stop(self) -> float:
        """The longest stall since ``start``, in milliseconds."""
        self.timer.stop()
        return self.worst * 1000

    def run_until(self, done: Callable[[], bool], timeout: float = 120.0) -> float:
        """Pump the event loop until ``done()``; the longest stall meanwhile, in ms."""
        self.start()
        pump_until(self.app, done, timeout)
        return self.stop()


def pump_until(app: QApplication, done: Callable[[], bool], timeout: float = 30.0) -> float:
    """Process events until ``done()``; the seconds it took."""
    started = time.perf_counter()
    while not done():
        if time.perf_counter() - started > timeout:
            raise TimeoutError("the window did not get there")
        app.processEvents()
        time.sleep(0.001)
    return time.perf_counter() - started


def shown(window: MainWindow, benefit_id: int | None) -> bool:
    """The detail shows ``benefit_id``: its header, and its chart drawn."""
    detail = window.detail
    return detail is not None and detail.benefit_id == benefit_id and detail.chart_drawn()


#: Between two presses or clicks made one at a time: a person reads what came up.
PAUSE = 0.15


def select_with_keys(app: QApplication, window: MainWindow, presses: int) -> list[float]:
    """Press Down ``presses`` times, one at a time: the latency of each, in ms."""
    table, latencies = window.register.table, []  # type: ignore[union-attr]
    for _ in range(presses):
        pump_until(app, _after(PAUSE))
        started = time.perf_counter()
        QTest.keyClick(table, Qt.Key.Key_Down)
        target = window.register.current_benefit_id()  # type: ignore[union-attr]
        pump_until(app, lambda t=target: shown(window, t))
        app.processEvents()  # painted
        latencies.append((time.perf_counter() - started) * 1000)
    return latencies


def select_with_mouse(app: QApplication, window: MainWindow, clicks: int) -> list[float]:
    table, latencies = window.register.table, []  # type: ignore[union-attr]
    for n in range(clicks):
        pump_until(app, _after(PAUSE))
        row = table.rowAt(10) + 1 + n % 6
        point = table.visualRect(table.model().index(row, 1)).center()
        started = time.perf_counter()
        QTest.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=point)
        target = window.register.current_benefit_id()  # type: ignore[union-attr]
        pump_until(app, lambda t=target: shown(window, t))
        app.processEvents()
        latencies.append((time.perf_counter() - started) * 1000)
    return latencies


def hold_down(app: QApplication, window: MainWindow, meter: StallMeter) -> dict[str, float]:
    """Down held for two seconds: stalls, stale charts, then the settling time."""
    table, detail = window.register.table, window.detail  # type: ignore[union-attr]
    assert detail is not None and detail.overview.chart is not None
    chart, stale, presses = detail.overview.chart, [0], [0]

    def press() -> None:
        QTest.keyClick(table, Qt.Key.Key_Down)
        presses[0] += 1
        if chart.drawn_benefit not in (None, detail.benefit_id):
            stale[0] += 1

    repeat = QTimer()
    repeat.setInterval(1000 // HELD_HZ)
    repeat.timeout.connect(press)
    meter.start()
    repeat.start()
    pump_until(app, lambda: presses[0] >= 2 * HELD_HZ)
    repeat.stop()
    released = time.perf_counter()
    target = window.register.current_benefit_id()  # type: ignore[union-attr]
    pump_until(app, lambda: shown(window, target))
    app.processEvents()
    settle = (time.perf_counter() - released) * 1000
    return {"held_stall": meter.stop(), "held_stale": stale[0], "held_settle": settle}


def timed(app: QApplication, action: Callable[[], None]) -> float:
    """An action and the repaint after it, in ms."""
    started = time.perf_counter()
    action()
    app.processEvents()
    return (time.perf_counter() - started) * 1000


def sort_every_column(app: QApplication, window: MainWindow) -> list[float]:
    header = window.register.table.horizontalHeader()  # type: ignore[union-attr]
    latencies = []
    for column in [*range(1, header.count()), 0]:
        x = header.sectionViewportPosition(column) + header.sectionSize(column) // 2
        point = QPoint(x, header.height() // 2)
        for _ in range(2):  # ascending, then descending
            click = lambda p=point: QTest.mouseClick(  # noqa: E731
                header.viewport(), Qt.MouseButton.LeftButton, pos=p
            )
            latencies.append(timed(app, click))
    return latencies


def type_searches(app: QApplication, window: MainWindow) -> list[float]:
    box, latencies = window.toolbar.search, []
    box.setFocus()
    for text in ("b-00", "revenue", "chen"):
        for char in text:
            latencies.append(timed(app, lambda c=char: QTest.keyClicks(box, c)))
        for _ in text:
            latencies.append(timed(app, lambda: QTest.keyClick(box, Qt.Key.Key_Backspace)))
    return latencies


def scroll(app: QApplication, window: MainWindow, meter: StallMeter) -> float:
    """Page Down held for a second (auto-repeat: 30 a second), then the scroll bar
    dragged to the end and back (60 moves a second)."""
    table = window.register.table  # type: ignore[union-attr]
    table.setFocus()
    bar, steps = table.verticalScrollBar(), [0]

    def step() -> None:
        steps[0] += 1
        if steps[0] <= HELD_HZ:
            if steps[0] % 2:
                QTest.keyClick(table, Qt.Key.Key_PageDown)
        else:  # 60 drag positions from the top to the bottom and back
            k = steps[0] - HELD_HZ
            bar.setValue(bar.maximum() * (k if k <= 30 else 60 - k) // 30)

    repeat = QTimer()
    repeat.setInterval(16)
    repeat.timeout.connect(step)
    meter.start()
    repeat.start()
    pump_until(app, lambda: steps[0] >= HELD_HZ + 60)
    repeat.stop()
    return meter.stop()


def export_board_pack(app: QApplication, home: Path, meter: StallMeter) -> float:
    """A second window on 1,000 benefits exports the board pack with its appendix."""
    from PySide6.QtWidgets import QMessageBox

    from benefitdesk.services.board_pack import BoardPackOptions
    from benefitdesk.ui.boardpack.export import run_board_pack
    from benefitdesk.ui.jobs import Job

    window = MainWindow(AppSettings(QSettings(str(home / "b.ini"), QSettings.Format.IniFormat)))
    window.show()
    ready: list[bool] = []
    window.interactive.connect(lambda: ready.append(True))
    window.open_portfolio(large_portfolio(benefits=1_000, measurements=36_000))
    # The window's own building (its chart, its dashboard) done: the stalls measured
    # next are the export's, not a window still being made.
    pump_until(app, lambda: bool(ready), timeout=60)
    QMessageBox.exec = lambda self: 0  # type: ignore[method-assign]  # no dialog at the end
    context = window.context
    assert context is not None
    options = BoardPackOptions(context.as_of, appendix=True)
    job = run_board_pack(window, context, home / "pack.xlsx", options, max_sheets=None)
    ended: list[float] = []

    def done() -> bool:  # and half a second after: the collector resumes with the job's end
        if job not in Job.active and not ended:
            ended.append(time.perf_counter())
        return bool(ended) and time.perf_counter() - ended[0] > 0.5

    stall = meter.run_until(done, timeout=300)
    window.close()
    return stall


def memory() -> dict[str, float]:
    fields = {}
    for line in Path("/proc/self/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            fields[key] = int(value.split()[0]) / 1024
    return {"rss_mb": fields["VmRSS"], "peak_mb": fields["VmHWM"]}


def measure() -> dict[str, Any]:
    sys.setswitchinterval(0.001)  # as ui.app.run_app does
    app = QApplication([])
    skip_pyside_feature_scan()
    home = Path(os.environ.get("XDG_CONFIG_HOME") or tempfile.mkdtemp())  # the run's own
    settings = AppSettings(QSettings(str(home / "s.ini"), QSettings.Format.IniFormat))
    window = MainWindow(settings)
    window.show()
    meter = StallMeter(app)
    ready: list[bool] = []
    window.interactive.connect(lambda: ready.append(True))
    window.open_portfolio(large_portfolio(), background=True)
    out: dict[str, Any] = {"open_stall": meter.run_until(lambda: bool(ready))}
    out["idle_stall"] = meter.run_until(_after(1.0))
    keys = select_with_keys(app, window, 20)
    out["key_select"], out["key_select_max"] = statistics.median(keys), max(keys)
    out["mouse_select"] = statistics.median(select_with_mouse(app, window, 12))
    out.update(hold_down(app, window, meter))
    out["sort_max"] = max(sort_every_column(app, window))
    out["search_max"] = max(type_searches(app, window))
    out["scroll_stall"] = scroll(app, window, meter)
    out.update(memory())
    out["export_stall"] = export_board_pack(app, home, meter)
    return out


def _after(seconds: float) -> Callable[[], bool]:
    until = time.perf_counter() + seconds
    return lambda: time.perf_counter() >= until
