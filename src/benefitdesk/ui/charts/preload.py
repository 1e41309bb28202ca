"""Import the chart modules (and pyqtgraph, numpy) on a worker thread, once.

Imported on the GUI thread, pyqtgraph freezes the window for half a second or more
(seconds on a busy machine), right when the user first selects a benefit. The main
window imports the chart modules with the rest of its workspace (ui/main_window/opening.py);
a view built before that (a test's, a lone dashboard) waits for ``ready`` instead of
importing them itself.
"""

from __future__ import annotations

from importlib import import_module

from PySide6.QtCore import QObject, Signal

from benefitdesk.ui.jobs import Job

MODULES = ("benefitdesk.ui.charts.benefit_chart", "benefitdesk.ui.charts.value_chart")


class _Loader(QObject):
    ready = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.done = all(name in _imported() for name in MODULES)
        self.job: Job | None = None

    def start(self) -> None:
        if self.done or self.job is not None:
            return

        def work(_control: object) -> None:
            for name in MODULES:
                import_module(name)

        def finished(*_args: object) -> None:
            self.done = True
            self.job = None
            self.ready.emit()

        self.job = Job(None, work, "Loading charts").quiet().on_success(finished)
        self.job.on_failure(lambda *_a: finished()).run()  # the view's own import shows it


def _imported() -> set[str]:
    import sys

    return set(sys.modules)


_loader: _Loader | None = None


def chart_loader() -> _Loader:
    global _loader
    if _loader is None:
        _loader = _Loader()
    return _loader
