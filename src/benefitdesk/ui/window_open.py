"""Opening and closing a portfolio in the main window (a mixin of MainWindow).

What a user waits for is the register. Before the first paint the window builds only
its frame and the register, filled from the start-up cache (the rows of the last
session, when the file has not changed since) or, on a first open, from a quick read
of the benefit list whose figures follow. Once the register is painted, the portfolio
loads in the background (store, report, the register's rows); the register takes its
figures, the value history starts, and a second job imports the modules the rest of the
workspace needs (never beside another import: see WORKSPACE_MODULES). The workspace is
then completed a step per turn of the event loop, so the window never stalls for long.
The window is ``interactive`` (MainWindow) once the selected benefit's chart and the
dashboard are drawn; only then do sync, reminders and a server's notices start.
"""

from __future__ import annotations

import gc
from collections.abc import Callable
from contextlib import suppress
from datetime import date
from importlib import import_module
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QLabel, QSplitter, QStackedWidget

from benefitdesk.exchange.limits import TEXT_SUFFIXES, WORKBOOK_SUFFIXES
from benefitdesk.store.errors import PortfolioError
from benefitdesk.ui import milestones
from benefitdesk.ui.errors import show_error
from benefitdesk.ui.jobs import Job
from benefitdesk.ui.navigator import Navigator
from benefitdesk.ui.register.panel import RegisterPanel

if TYPE_CHECKING:  # imported on use: the window shows before SQLAlchemy is loaded
    from benefitdesk.services.report import Report
    from benefitdesk.store import Store
    from benefitdesk.ui.context import PortfolioContext
    from benefitdesk.ui.register.model import RegisterRow

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
#: Files File › Open offers to start a new portfolio from.
SPREADSHEET_SUFFIXES = WORKBOOK_SUFFIXES | TEXT_SUFFIXES
#: Start loading this long after the window shows even if the register never paints
#: (a window opened minimised).
PAINT_WAIT_MS = 400


def cache_folder() -> Path:
    from benefitdesk.ui.app import data_folder

    return data_folder() / "cache"


def load_portfolio(path: Path, as_of: date, create: bool) -> tuple[Store, Report, list[Any]]:
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


class OpeningMixin:
    """Needs the window's settings, undo stack and status bar, and the other mixins'
    start and stop methods (sync, reminders, a server's notices)."""

    settings: Any
    context: PortfolioContext | None
    register: RegisterPanel
    as_of: date | None

    # -- opening ------------------------------------------------------------------------
    def open_portfolio(
        self, path: Path | str, *, create: bool = False, background: bool = False
    ) -> bool:
        """Open ``path`` (read-only when another BenefitDesk has it open, or it cannot be
        written where it is: the store says why), or a server portfolio's URL.

        In the background, the window shows the register at once (see the module's
        doc) and the caller gets True once loading has started.
        """
        if isinstance(path, str) and "://" in path:  # a server URL (store.engine: too heavy here)
            return self.open_server(path)
        path = Path(path).resolve()
        as_of = self.as_of or date.today()
        if not create and path.suffix.lower() in SPREADSHEET_SUFFIXES:
            self.offer_new_from_spreadsheet(path)
            return False
        if not background:
            try:
                store, report, rows = load_portfolio(path, as_of, create)
            except (PortfolioError, OSError) as exc:
                self._open_failed(path, exc)
                return False
            self._adopt(path, store, report, rows)
            return True
        self.close_portfolio()
        token = self._opening = object()
        shown = self._show_opening(path, as_of)

        def loaded(value: tuple[Store, Report, list[Any]]) -> None:
            if token is not self._opening:  # another portfolio was asked for meanwhile
                value[0].close()
                return
            if not shown:
                self._build_shell()
            steps = self._adopt_steps(path, *value)
            steps[0]()  # the register's figures, now
            milestones.mark("figures")

            def prepared(_none: None) -> None:
                milestones.mark("workspace")
                # The services wait for the workspace to be drawn: their imports and
                # first work would compete with it for the interpreter.
                single = Qt.ConnectionType.SingleShotConnection
                self.interactive.connect(self._prepare_services, single)
                self._run_steps(steps[1:])

            Job(None, import_workspace, "Preparing").quiet().on_success(prepared).run()

        started: list[bool] = []

        def start() -> None:
            if token is self._opening and not started:
                started.append(True)
                job = Job(self, lambda _c: load_portfolio(path, as_of, create), "Opening")
                job.quiet().on_success(loaded)
                job.on_failure(lambda exc, trace: self._load_failed(token, path, exc, trace)).run()

        if shown:
            self.register.painted.connect(start)
        QTimer.singleShot(0 if not shown else PAINT_WAIT_MS, start)
        return True

    def _load_failed(self, token: object, path: Path, exc: BaseException, trace: str) -> None:
        if token is self._opening:
            self._opening = None
            self._open_failed(path, exc, trace)

    def _open_failed(self, path: Path, error: BaseException, trace: str = "") -> None:
        self.settings.remove_recent(path)
        self._show_empty()
        show_error(self, "Cannot open portfolio", error, trace)

    def _show_opening(self, path: Path, as_of: date) -> bool:
        """The shell with the register as it was last time, or the benefit list; False
        when there is nothing to show yet (the dashboard was the page, or no rows)."""
        self.setWindowTitle(f"{path.name} — BenefitDesk")
        self.status_file.setText(f"Opening {path}…")
        rows = self._first_rows(path, as_of)
        if rows is None or self.settings.value("view/page", "all") == "dashboard":
            self._show_empty(f"Opening {path.name}…")
            return False
        self._build_shell()
        self.register.set_scope(f"{path.stem} — loading…")
        self.register.show_rows(rows)
        self.register.table.setFocus()
        return True

    def _first_rows(self, path: Path, as_of: date) -> list[RegisterRow] | None:
        from benefitdesk.ui.register.cache import load_rows

        rows = load_rows(cache_folder(), path, as_of)
        if rows is None:
            from benefitdesk.store.benefit_list import benefit_list
            from benefitdesk.ui.register.model_rows import rows_without_figures

            benefits = benefit_list(path)
            rows = rows_without_figures(benefits) if benefits else None
        return rows

    def _run_steps(self, steps: list[Callable[[], None]]) -> None:
        """One step per turn of the event loop, so painting and input go between."""
        if steps:
            steps[0]()
            if len(steps) > 1:
                QTimer.singleShot(0, self, lambda: self._run_steps(steps[1:]))

    # -- the shell: navigator, register, room for the detail and the dashboard ---------
    def _build_shell(self) -> None:
        self.navigator = Navigator(self)
        self.navigator.page_chosen.connect(self.navigate)
        self.register = RegisterPanel(None, self)
        self.detail_slot = QLabel("Loading the benefit…", self)
        self.detail_slot.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.detail_slot.setStyleSheet("color: #64748b;")
        self.register_split = QSplitter(Qt.Orientation.Vertical, self)
        self.register_split.setObjectName("register_split")
        self.register_split.addWidget(self.register)
        self.register_split.addWidget(self.detail_slot)
        # Neither pane can be dragged away: a collapsed detail had no way back.
        self.register_split.setChildrenCollapsible(False)
        self.register_split.setStretchFactor(0, 2)
        self.register_split.setStretchFactor(1, 3)
        self.pages = QStackedWidget(self)
        self.pages.addWidget(self.register_split)
        self.main_split = QSplitter(Qt.Orientation.Horizontal, self)
        self.main_split.setObjectName("main_split")
        self.main_split.addWidget(self.navigator)
        self.main_split.addWidget(self.pages)
        self.main_split.setStretchFactor(1, 1)
        self.main_split.setCollapsible(1, False)
        self.setCentralWidget(self.main_split)
        self._lay_out_splitters()

    # -- completing the workspace once loaded -------------------------------------------
    def _adopt(
        self, path: Path | None, store: Store, report: Report, rows: list[Any] | None = None
    ) -> None:
        """Make a loaded portfolio the window's at once (``path`` None: a server
        portfolio, ui/team/window.py)."""
        self.close_portfolio()
        self._build_shell()
        import_workspace()
        for step in self._adopt_steps(path, store, report, rows):
            step()
        if self.context is not None:
            self._start_services(self.context)

    def _adopt_steps(
        self, path: Path | None, store: Store, report: Report, rows: list[RegisterRow] | None
    ) -> list[Callable[[], None]]:
        """Make a loaded portfolio the window's (on the GUI thread), in steps; ``rows``:
        the register's, when made off the GUI thread."""
        from benefitdesk.ui.context import PortfolioContext

        self._opening = None
        self.context = PortfolioContext(store, report=report, parent=self)
        context = self.context
        if path is not None:
            self.settings.add_recent(path)

        history: list[Any] = []  # ui.background.ValueHistoryRunner, for the dashboard

        def register() -> None:
            from benefitdesk.ui.background import ValueHistoryRunner

            self.register.bind(context, rows)
            self._fill_navigator()
            self._fill_people()
            history.append(ValueHistoryRunner(context, context))
            history[0].restart()  # the slowest of the dashboard's figures: start it now

        def then(step: Callable[[PortfolioContext], None]) -> Callable[[], None]:
            return lambda: step(context) if self.context is context else None

        def dashboard(context: PortfolioContext) -> None:
            self._build_dashboard(context, history[0])

        steps = [register, then(self._build_detail), then(self._show_page), then(dashboard)]
        return [*steps, then(self._opened)]

    def _build_detail(self, context: PortfolioContext) -> None:
        from benefitdesk.ui.detail import BenefitDetail

        self.detail = BenefitDetail(context, self.settings, self.undo_stack, self)
        self.register.benefit_selected.connect(self.detail.show_benefit)
        self.register.benefit_selected.connect(self._selection_changed)
        self.register.benefit_activated.connect(lambda _id: self.detail.setFocus())
        self.detail.benefit_kept.connect(self.register.select_benefit)
        self.detail.benefit_created.connect(self.show_benefit)
        sizes = self.register_split.sizes()
        self.register_split.replaceWidget(1, self.detail)
        self.detail.show()
        self.register_split.setSizes(sizes)  # as laid out (or dragged) for the slot
        self.detail_slot.deleteLater()
        context.changed.connect(self._on_changed)
        context.reloaded.connect(self._on_reloaded)

    def _show_page(self, _context: PortfolioContext) -> None:
        """The page of last time, and a benefit in the detail (its chart is made now)."""
        page = str(self.settings.value("view/page", "all"))
        self.navigate("all" if page in ("dashboard", "attention") else page)
        # The user may have moved in the register while it loaded (no detail to tell).
        current = self.register.current_benefit_id()
        if current is not None and self.detail.current_benefit_id() != current:
            self.detail.show_benefit(current)

    def _build_dashboard(self, context: PortfolioContext, history: Any) -> None:
        from benefitdesk.ui.dashboard import DashboardPage

        self.dashboard = DashboardPage(context, self, history=history)
        self.dashboard.item_activated.connect(self.open_attention_item)
        self.dashboard.attention_changed.connect(self.navigator.set_attention)
        self.pages.insertWidget(0, self.dashboard)
        page = str(self.settings.value("view/page", "all"))
        if page in ("dashboard", "attention"):
            self.navigate(page)

    def _prepare_services(self) -> None:
        """Import what the services need off the GUI thread, then start them."""
        context = self.context

        def start(_none: None) -> None:
            if context is not None and self.context is context:
                self._start_services(context)

        job = Job(None, lambda _c: import_workspace(modules=SERVICE_MODULES), "Preparing")
        job.quiet().on_success(start).run()

    def _start_services(self, context: PortfolioContext) -> None:
        self._start_sync(context)
        self._start_monthly(context)
        if context.store.server:
            self._start_watch(context)

    def _opened(self, context: PortfolioContext) -> None:
        from PySide6.QtWidgets import QMessageBox

        self._update_title()  # enables the actions: every part of the workspace is there
        self._set_saved("Opened")
        self._watch_readiness()
        store = context.store
        if store.read_only:
            QMessageBox.information(
                self,
                "Opened read-only",
                f"{store.name} opened read-only: {store.read_only_reason}.\n\n"
                "You can read it, report on it and export it; changes are not possible here.",
            )

    # -- closing ------------------------------------------------------------------------
    def _save_register_cache(self, path: Path | None, as_of: date) -> None:
        """Remember the register for the next start (after the store has closed, so
        the file's state is final)."""
        from benefitdesk.ui.register.cache import save_rows

        if path is not None:
            with suppress(OSError, ValueError):  # a cache is an optimisation only
                save_rows(cache_folder(), path, as_of, self.register.model.rows())

    def close_portfolio(self, *, quitting: bool = False) -> None:
        """Close the open portfolio; ``quitting``: the window is going, its views with it
        (taking the workspace apart widget by widget was most of a quit's time)."""
        self._opening = None  # a load still running is dropped when it ends
        if self.context is None:
            return
        self._save_layout()
        self._stop_watch()
        if self.sync is not None:
            self.sync.shutdown()
            self.sync = None
        self._stop_monthly()
        self.undo_stack.clear()
        path, as_of = self.context.store.path, self.context.as_of
        self.context.store.close()
        self._save_register_cache(path, as_of)
        self.context.deleteLater()
        self.context = None
        if not quitting:
            self._show_empty()
            self._update_title()

    def _show_empty(self, text: str = "Open or create a portfolio (File menu).") -> None:
        """A message in place of the workspace (which goes, with its views)."""
        self.register = self.detail = self.dashboard = None
        self.empty = QLabel(text, self)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setCentralWidget(self.empty)
