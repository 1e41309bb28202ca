"""Opening a portfolio file: what is done where, and in which order.

What a user waits for is the register. Before the first paint the window builds only
its frame and the register, filled from the start-up cache (the rows of the last
session, when the file has not changed since) or, on a first open, from a quick read
of the benefit list whose figures follow. Once the register is painted, the portfolio
loads in the background (store, report, the register's rows); the register takes its
figures, and a second job imports the modules the rest of the workspace needs (never
beside another import: see WORKSPACE_MODULES). The workspace is then completed a step
per turn of the event loop, so the window never stalls for long; the attention list and
the value over time (or the last session's, ui/register/cache.py) follow, on the same
worker (ui/jobs.py: serial_pool), so no two of them share the interpreter with the
window at once. The window is ``interactive`` (MainWindow) once the selected benefit's
chart and the dashboard are drawn; only then do sync, reminders and a server's notices
start.
"""

from __future__ import annotations

import gc
from collections.abc import Callable
from contextlib import suppress
from datetime import date
from importlib import import_module
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, SignalInstance
from PySide6.QtWidgets import QWidget

from benefitdesk import PORTFOLIO_SUFFIXES
from benefitdesk.places import APP_NAME
from benefitdesk.ui import milestones

if TYPE_CHECKING:  # imported on use: the window paints its register before they load
    from benefitdesk.services.dashboard import ValuePoints
    from benefitdesk.services.report import Report
    from benefitdesk.store import Store
    from benefitdesk.ui.dashboard import DashboardPage
    from benefitdesk.ui.register.cache import CachedRows
    from benefitdesk.ui.register.model import RegisterModel
    from benefitdesk.ui.register.model_rows import RegisterRow

#: What the workspace needs beyond the register, imported off the GUI thread once the
#: portfolio has loaded (pyqtgraph and numpy among them: half a second, more when busy).
#: Never while another thread imports: two threads importing one graph of modules with
#: cycles in it (SQLAlchemy's) left modules half made ("partially initialized").
WORKSPACE_MODULES = (
    "benefitdesk.ui.detail",
    "benefitdesk.ui.dashboard",
    "benefitdesk.ui.charts.benefit_chart",
    "benefitdesk.ui.charts.value_chart",
)
#: What the services started once the workspace is drawn need (sync and its watching,
#: calendar reminders, a server's notices), and what a first use of the review tab or a
#: calendar write would otherwise import on the spot.
SERVICE_MODULES = (
    "benefitdesk.ui.sync",
    "benefitdesk.ui.monthly.reminders",
    "benefitdesk.ui.team.watch",
    "benefitdesk.services.review",
    "benefitdesk.services.reminders",
)
#: Start loading this long after the window shows even if the register never paints
#: (a window opened minimised).
PAINT_WAIT_MS = 400

Loaded = tuple["Store", "Report", list["RegisterRow"]]
Step = Callable[[], None]


def is_spreadsheet(path: Path) -> bool:
    """A file File › Open offers to start a new portfolio from (exchange.limits is
    imported only for a file that is not a portfolio's)."""
    suffix = path.suffix.lower()
    if suffix in PORTFOLIO_SUFFIXES:
        return False
    from benefitdesk.exchange.limits import TEXT_SUFFIXES, WORKBOOK_SUFFIXES

    return suffix in WORKBOOK_SUFFIXES | TEXT_SUFFIXES


def cache_folder() -> Path:
    """The start-up cache's folder: the system's folder for caches (``~/.cache`` on
    Linux, ``%LOCALAPPDATA%\\cache`` on Windows, ``~/Library/Caches`` on macOS), which a
    roaming profile does not carry. Qt knows it: platformdirs would cost the first paint
    its import (a millisecond)."""
    from PySide6.QtCore import QStandardPaths

    caches = QStandardPaths.StandardLocation.GenericCacheLocation
    return Path(QStandardPaths.writableLocation(caches)) / APP_NAME


def load_portfolio(path: Path, as_of: date, create: bool) -> Loaded:
    """Open, back up and evaluate a portfolio; the register's rows too (a worker's job,
    which also imports what the GUI thread needs to adopt the result)."""
    import_module("benefitdesk.ui.context")
    import_module("benefitdesk.ui.background")
    from benefitdesk.services.backups import backup_on_open
    from benefitdesk.services.report import build_report
    from benefitdesk.store import Store
    from benefitdesk.ui.register.model_rows import rows_from_report

    store = Store(path, create=create, hold_lock=True, program="the BenefitDesk window")
    try:
        backup_on_open(store)
        report = build_report(store, as_of)
        rows = rows_from_report(report)
    except BaseException:
        store.close()
        raise
    # The report is a few million long-lived objects made while the collector was
    # paused (ui.jobs): frozen here, the first collection after the job (on the GUI
    # thread) no longer walks them all (half a second measured).
    gc.freeze()
    return store, report, rows


def import_workspace(_control: object = None, modules: tuple[str, ...] = WORKSPACE_MODULES) -> None:
    for name in modules:
        import_module(name)
    # Modules live as long as the process: frozen, the collector's passes skip them
    # (made while it was paused, they were all in its youngest generation: 60 ms).
    gc.freeze()


def prepare_services(start: Callable[[], None]) -> None:
    """Import what the services need (SERVICE_MODULES) on the serial pool, then call
    ``start`` on the GUI thread."""
    from benefitdesk.ui.jobs import Job, serial_pool

    job = Job(None, lambda _c: import_workspace(modules=SERVICE_MODULES), "Preparing")
    job.quiet().on_success(lambda _none: start()).run(serial_pool())


def first_rows(path: Path, as_of: date) -> CachedRows | None:
    """The register as it was last time, else the benefit list without figures (None:
    nothing to show before the portfolio has loaded)."""
    from benefitdesk.ui.register.cache import CachedRows, load_rows

    cached = load_rows(cache_folder(), path, as_of)
    if cached is not None:
        return cached
    from benefitdesk.store.benefit_list import benefit_list
    from benefitdesk.ui.register.model_rows import rows_without_figures

    benefits = benefit_list(path)
    rows = rows_without_figures(benefits) if benefits else None
    return CachedRows(rows, len(rows), list) if rows else None


def save_startup_cache(
    path: Path | None,
    as_of: date,
    register: RegisterModel,
    points: ValuePoints | None,
) -> None:
    """Remember the register and, when current, the value over time for the next start
    (after the store has closed, so the file's state is final)."""
    from benefitdesk.ui.register.cache import save_cached, save_rows

    if path is None:
        return
    with suppress(OSError, ValueError):  # a cache is an optimisation only
        save_rows(cache_folder(), path, as_of, register.rows(), register.thresholds)
        if points is not None:
            kept = [(day.toordinal(), planned, realised) for day, planned, realised in points]
            save_cached(cache_folder(), "value", path, as_of, kept)


def cached_value_points(path: Path | None, as_of: date) -> ValuePoints | None:
    """The value over time kept by the last session, if the file has not changed since."""
    from benefitdesk.ui.register.cache import load_cached

    kept = None if path is None else load_cached(cache_folder(), "value", path, as_of)
    if not isinstance(kept, list):
        return None
    return [(date.fromordinal(day), planned, realised) for day, planned, realised in kept]


def run_steps(context: QWidget, steps: list[Step], failed: Step) -> None:
    """One step per turn of the event loop, so painting and input go between; should
    one raise (a bug, its traceback shown), the others are dropped and ``failed`` runs."""
    if steps:
        try:
            steps[0]()
        except BaseException:
            failed()
            raise
        if len(steps) > 1:
            QTimer.singleShot(0, context, lambda: run_steps(context, steps[1:], failed))


class BackgroundOpen:
    """One portfolio file opening in the background (the module's doc says in which
    order). ``adopt`` makes the loaded portfolio the window's and returns the steps that
    complete its workspace: the first runs at once, the others once the workspace's
    modules are imported. ``cancel`` drops the opening; a load that ends after it is
    closed unused."""

    def __init__(
        self,
        window: QWidget,
        path: Path,
        as_of: date,
        create: bool,
        *,
        adopt: Callable[[Store, Report, list[RegisterRow]], list[Step]],
        failed: Callable[[BaseException, str], None],
    ):
        self.window, self.path, self.as_of, self.create = window, path, as_of, create
        self.adopt, self.failed = adopt, failed
        self.cancelled = self.started = False

    def start(self, painted: SignalInstance | None = None) -> None:
        """Load once ``painted`` fires (the register shown from the cache) or a moment
        later; at once when there is nothing to paint first."""
        # Lambdas, not bound methods: PySide holds a plain object's method weakly.
        if painted is not None:
            painted.connect(lambda: self._load())
        wait = PAINT_WAIT_MS if painted is not None else 0
        QTimer.singleShot(wait, self.window, lambda: self._load())

    def cancel(self) -> None:
        self.cancelled = True
        self.release()

    def release(self) -> None:
        """Let the serial pool's jobs run again: the views are built (or dropped)."""
        from benefitdesk.ui.jobs import release_serial

        release_serial(self)

    def release_once_built(self, dashboard: DashboardPage | None) -> None:
        """``release`` once the dashboard's charts are built (or could not be): the
        attention list and the value over time, kept back since the workspace's modules
        were imported, then run."""
        if dashboard is None or dashboard.charts_built():
            self.release()
        else:
            once = Qt.ConnectionType.SingleShotConnection
            dashboard.charts_ready.connect(lambda: self.release(), once)

    def _load(self) -> None:
        if self.cancelled or self.started:
            return
        self.started = True
        from benefitdesk.ui.jobs import Job, serial_pool

        path, as_of, create = self.path, self.as_of, self.create
        job = Job(self.window, lambda _c: load_portfolio(path, as_of, create), "Opening")
        job.quiet().on_success(self._loaded).on_failure(self._failed).run(serial_pool())

    def _loaded(self, value: Loaded) -> None:
        if self.cancelled:  # another portfolio was asked for meanwhile
            value[0].close()
            return
        from benefitdesk.ui.jobs import Job, hold_serial, serial_pool

        steps: list[Step] = []

        def prepared(_none: None) -> None:
            if self.cancelled:  # dropped while its modules were imported: no views
                return
            milestones.mark("workspace")
            hold_serial(self)  # until the views are built (``release``)
            run_steps(self.window, steps[1:], failed=self.release)

        # On the serial pool, before the attention list and the value over time that
        # the last steps start.
        job = Job(None, import_workspace, "Preparing").quiet().on_success(prepared)
        job.run(serial_pool())
        steps.extend(self.adopt(*value))
        steps[0]()  # the register's figures, now
        milestones.mark("figures")

    def _failed(self, error: BaseException, trace: str) -> None:
        if not self.cancelled:
            self.failed(error, trace)
