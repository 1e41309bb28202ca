"""Event-loop stalls while background work runs (target: none over 100 ms).

Opens the main window on a 1,000-benefit portfolio (offscreen), then runs the board
pack export (with its appendix: a sheet per benefit) as a background job, as File ›
Export Board Pack does, while a 10 ms timer
records the longest gap between its ticks. The same timer measured with nothing
running is the baseline.

    .venv/bin/python benchmarks/bench_responsiveness.py
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from common import large_portfolio
from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication

from benefitdesk.ui.jobs import Job
from benefitdesk.ui.main_window import MainWindow
from benefitdesk.ui.settings import AppSettings


class StallMeter:
    """Longest gap between ticks of a 10 ms timer, while ``running()`` is true."""

    def __init__(self, app: QApplication) -> None:
        self.app, self.worst, self.last = app, 0.0, time.perf_counter()
        self.timer = QTimer()
        self.timer.setInterval(10)
        self.timer.timeout.connect(self.tick)

    def tick(self) -> None:
        now = time.perf_counter()
        self.worst = max(self.worst, now - self.last - 0.010)
        self.last = now

    def measure(self, running: object, seconds: float | None = None) -> float:
        self.worst, self.last = 0.0, time.perf_counter()
        self.timer.start()
        started = time.perf_counter()
        while (running() if callable(running) else True) and (
            seconds is None or time.perf_counter() - started < seconds
        ):
            self.app.processEvents()
            time.sleep(0.001)
        self.timer.stop()
        return self.worst


def main() -> None:
    sys.setswitchinterval(0.001)  # as ui.app.run_app does
    path = large_portfolio(benefits=1_000, measurements=36_000)
    app = QApplication([])
    with tempfile.TemporaryDirectory() as home:
        settings = AppSettings(QSettings(str(Path(home) / "s.ini"), QSettings.Format.IniFormat))
        window = MainWindow(settings)
        window.resize(1366, 768)
        window.show()
        window.open_portfolio(path)
        meter = StallMeter(app)
        idle = meter.measure(None, seconds=2.0)  # settles start-up jobs too
        idle = meter.measure(None, seconds=2.0)
        from PySide6.QtWidgets import QMessageBox

        from benefitdesk.ui.exports import run_board_pack

        QMessageBox.exec = lambda self: 0  # type: ignore[method-assign]  # no dialog at the end
        from benefitdesk.services.board_pack import BoardPackOptions

        options = BoardPackOptions(window.context.as_of, appendix=True)  # type: ignore[union-attr]
        out = Path(home) / "pack.xlsx"
        job = run_board_pack(window, window.context, out, options, max_sheets=None)  # type: ignore[arg-type]
        started = time.perf_counter()
        export = meter.measure(lambda: job in Job.active)
        seconds = time.perf_counter() - started
        window.close()
    print(f"idle: longest stall {idle * 1000:.0f} ms")
    verdict = "OK" if export <= 0.100 else "STALLS"
    print(
        f"board pack export ({seconds:.1f} s in the background): longest stall "
        f"{export * 1000:.0f} ms (target ≤ 100 ms: {verdict})"
    )


if __name__ == "__main__":
    main()
