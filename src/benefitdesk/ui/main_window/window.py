"""The main window: it owns the open portfolio and composes what works on it.

Its actions are made by ``build_actions`` and laid out in menus and a toolbar
(``menus.py``); the views are the ``Workspace``; the exchange, sync, monthly-cycle and
team commands are small objects that reach the window through ``host.Host``. How a
portfolio opens, and in which order its workspace is built, is ``opening.py``'s story.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QCloseEvent, QUndoStack
from PySide6.QtWidgets import QLabel, QMainWindow, QProgressBar, QWidget

from benefitdesk.present.formats import day
from benefitdesk.ui.main_window.actions import build_actions
from benefitdesk.ui.main_window.benefits import BenefitCommands
from benefitdesk.ui.main_window.exchange import ExchangeCommands
from benefitdesk.ui.main_window.files import FileCommands
from benefitdesk.ui.main_window.helpmenu import HelpCommands
from benefitdesk.ui.main_window.layout import fit_to_screen, restore_geometry, save_geometry
from benefitdesk.ui.main_window.me import MeChooser
from benefitdesk.ui.main_window.menus import build_menus, build_toolbar
from benefitdesk.ui.main_window.monthly import MonthlyCommands
from benefitdesk.ui.main_window.opening import (
    BackgroundOpen,
    Step,
    cached_value_points,
    first_rows,
    import_workspace,
    is_spreadsheet,
    load_portfolio,
    prepare_services,
    save_startup_cache,
)
from benefitdesk.ui.main_window.roles import apply_access
from benefitdesk.ui.main_window.server import ServerCommands
from benefitdesk.ui.main_window.syncing import SyncCommands
from benefitdesk.ui.main_window.workspace import DASHBOARD_PAGES, Workspace
from benefitdesk.ui.resources import app_icon
from benefitdesk.ui.settings import AppSettings

if TYPE_CHECKING:  # imported on use: the window paints its register before they load
    from benefitdesk.present.attention import AttentionItem
    from benefitdesk.services.changes import Change
    from benefitdesk.services.report import Report
    from benefitdesk.store import Store
    from benefitdesk.ui.background import ValueHistoryRunner
    from benefitdesk.ui.context import PortfolioContext
    from benefitdesk.ui.dashboard import DashboardPage
    from benefitdesk.ui.detail import BenefitDetail
    from benefitdesk.ui.register.model_rows import RegisterRow
    from benefitdesk.ui.register.panel import RegisterPanel


class MainWindow(QMainWindow):
    """Owns the open portfolio; every view gets the context injected.

    ``interactive`` fires once the open portfolio's workspace is complete: the selected
    benefit's chart and the dashboard drawn.
    """

    interactive = Signal()

    def __init__(
        self, settings: AppSettings, parent: QWidget | None = None, *, as_of: date | None = None
    ):
        super().__init__(parent)
        self.as_of = as_of  # None: today (tests pin a date)
        self.settings = settings
        self.context: PortfolioContext | None = None
        self.workspace: Workspace | None = None  # the views, while a portfolio is open
        self._opening: BackgroundOpen | None = None  # the portfolio being loaded
        self.undo_stack = QUndoStack(self)
        self.setWindowIcon(app_icon())
        self.setMinimumSize(QSize(960, 600))
        fit_to_screen(self)
        self.act = build_actions(self, self.undo_stack)
        self.menus = build_menus(self.menuBar(), self.act)
        self.toolbar = build_toolbar(self, self.act)
        bar = self.statusBar()
        self.status_file = QLabel(self)
        bar.addWidget(self.status_file, 1)
        self.server = ServerCommands(self, self, bar)
        self.syncing = SyncCommands(self, self, bar)
        self.status_saved = QLabel(self)
        bar.addPermanentWidget(self.status_saved)
        # Moving while a portfolio opens in the background (seconds on a large one),
        # until its workspace is drawn.
        self.status_busy = QProgressBar(self)
        self.status_busy.setRange(0, 0)
        self.status_busy.setMaximumSize(QSize(120, 14))
        self.status_busy.setToolTip("Opening the portfolio…")
        self.status_busy.hide()
        bar.addPermanentWidget(self.status_busy)
        self.interactive.connect(self.status_busy.hide)
        self.exchange = ExchangeCommands(self, self)
        self.monthly = MonthlyCommands(self, self)
        self.benefits = BenefitCommands(self, self)
        self.files = FileCommands(self, self, self.menus.recent)
        self.help = HelpCommands(self, self, self.menuBar())
        self.me_chooser = MeChooser(self, self.toolbar.me)
        self._connect_actions()
        self.show_empty()
        self._update_title()
        restore_geometry(self, settings)

    def _connect_actions(self) -> None:
        """The window's own actions; the command objects connect theirs."""
        act = self.act
        act.close_portfolio.triggered.connect(self.close_portfolio)
        act.restore_backup.triggered.connect(self._restore_backup)
        act.quit.triggered.connect(self.close)
        act.find.triggered.connect(self.focus_search)
        act.dashboard.triggered.connect(lambda: self.navigate("dashboard"))
        act.register.triggered.connect(lambda: self.navigate("all"))
        act.my_benefits.triggered.connect(lambda: self.navigate("mine"))
        act.refresh.triggered.connect(self.reload)
        self.toolbar.search.textChanged.connect(self._search_changed)

    # -- the views ---------------------------------------------------------------------------
    @property
    def register(self) -> RegisterPanel | None:
        return self.workspace.register if self.workspace is not None else None

    @property
    def detail(self) -> BenefitDetail | None:
        return self.workspace.detail if self.workspace is not None else None

    @property
    def dashboard(self) -> DashboardPage | None:
        return self.workspace.dashboard if self.workspace is not None else None

    def page(self) -> str | None:
        return self.workspace.navigator.current_key() if self.workspace is not None else None

    def current_benefit_id(self) -> int | None:
        return self.workspace.register.current_benefit_id() if self.workspace else None

    def say(self, text: str, timeout_ms: int) -> None:
        self.statusBar().showMessage(text, timeout_ms)

    # -- opening --------------------------------------------------------------------------------
    def open_portfolio(
        self, path: Path | str, *, create: bool = False, background: bool = False
    ) -> bool:
        """Open ``path`` (read-only when another BenefitDesk has it open, or it cannot be
        written where it is: the store says why), or a server portfolio's URL.

        In the background, the window shows the register at once (``opening.py``) and
        the caller gets True once loading has started.
        """
        if isinstance(path, str) and "://" in path:  # a server URL (store.engine: too heavy here)
            return self.server.open_server(path)
        path = Path(path).resolve()
        as_of = self.as_of or date.today()
        if not create and is_spreadsheet(path):
            self.exchange.offer_new_from_spreadsheet(path)
            return False
        if not background:
            from benefitdesk.store.errors import PortfolioError

            try:
                store, report, rows = load_portfolio(path, as_of, create)
            except (PortfolioError, OSError) as exc:
                self._open_failed(path, exc)
                return False
            self.adopt(path, store, report, rows)
            return True
        self.close_portfolio()
        shown = self._show_opening(path, as_of)

        def adopt(store: Store, report: Report, rows: list[RegisterRow]) -> list[Step]:
            workspace = self.workspace or self._build_shell()
            steps = self._adopt_steps(path, workspace, store, report, rows)

            def services() -> None:
                # The services wait for the workspace to be drawn: their imports and
                # first work would compete with it for the interpreter.
                single = Qt.ConnectionType.SingleShotConnection
                self.interactive.connect(self._prepare_services, single)

            return [steps[0], services, *steps[1:]]

        def failed(error: BaseException, trace: str) -> None:
            self._opening = None
            self._open_failed(path, error, trace)

        opening = self._opening = BackgroundOpen(
            self, path, as_of, create, adopt=adopt, failed=failed
        )
        self.status_busy.show()
        opening.start(self.workspace.register.painted if shown and self.workspace else None)
        return True

    def _open_failed(self, path: Path, error: BaseException, trace: str = "") -> None:
        self.status_busy.hide()
        self.settings.remove_recent(path)
        self.show_empty()
        from benefitdesk.ui.errors import show_error

        show_error(self, "Cannot open portfolio", error, trace)

    def _show_opening(self, path: Path, as_of: date) -> bool:
        """The shell with the register as it was last time, or the benefit list; False
        when there is nothing to show yet (the dashboard was the page, or no rows)."""
        self.setWindowTitle(f"{path.name} — BenefitDesk")
        self.status_file.setText(f"Opening {path}…")
        first = first_rows(path, as_of)
        if first is None or self.settings.value("view/page", "all") == "dashboard":
            self.show_empty(f"Opening {path.name}…")
            return False
        register = self._build_shell().register
        register.set_scope(f"{path.stem} — loading…")
        register.show_first(first)
        register.table.setFocus()
        return True

    def _build_shell(self) -> Workspace:
        """The navigator and the register, with room for the detail and the dashboard."""
        workspace = self.workspace = Workspace(self.settings, self)
        workspace.navigator.page_chosen.connect(self.navigate)
        self.setCentralWidget(workspace)
        workspace.lay_out(self.size())
        return workspace

    def adopt(
        self,
        path: Path | None,
        store: Store,
        report: Report,
        rows: list[RegisterRow] | None = None,
    ) -> None:
        """Make a loaded portfolio the window's at once (``path`` None: a server's)."""
        self.close_portfolio()
        workspace = self._build_shell()
        import_workspace()
        for step in self._adopt_steps(path, workspace, store, report, rows):
            step()
        if self.context is not None:
            self._start_services(self.context)

    def _adopt_steps(
        self,
        path: Path | None,
        workspace: Workspace,
        store: Store,
        report: Report,
        rows: list[RegisterRow] | None,
    ) -> list[Step]:
        """Make a loaded portfolio the window's (on the GUI thread), in steps; ``rows``:
        the register's, when made off the GUI thread."""
        from benefitdesk.ui.context import PortfolioContext

        context = self.context = PortfolioContext(store, report=report, parent=self)
        if path is not None:
            self.settings.add_recent(path)
        history: list[ValueHistoryRunner] = []  # the dashboard's value over time

        def register() -> None:
            from benefitdesk.ui.background import ValueHistoryRunner

            workspace.bind(context, rows)
            self._fill_navigator()
            self.me_chooser.fill(context)
            history.append(ValueHistoryRunner(context, context))

        def value_history() -> None:
            # Kept from the last session (read now, after the load: the file is as the
            # key says), else computed now that the window's steps are done: beside
            # them, its job took half the interpreter from each (turns of 100-150 ms).
            history[0].restart(cached_value_points(path, context.as_of))

        def then(step: Callable[[], object]) -> Step:
            def run() -> None:
                if self.context is context:
                    step()

            return run

        return [
            register,
            then(lambda: self._add_detail(workspace, context)),
            then(self._show_page),
            then(lambda: self._add_dashboard(workspace, context, history[0])),
            then(value_history),
            then(lambda: self._opened(context)),
        ]

    def _add_detail(self, workspace: Workspace, context: PortfolioContext) -> None:
        detail = workspace.add_detail(context, self.undo_stack)
        workspace.register.benefit_selected.connect(self._selection_changed)
        detail.benefit_created.connect(self.show_benefit)
        context.changed.connect(self._on_changed)
        context.reloaded.connect(self._on_reloaded)

    def _show_page(self) -> None:
        """The page of last time, and a benefit in the detail (its chart is made now)."""
        if self.workspace is None or self.workspace.detail is None:
            return
        page = self.workspace.saved_page()
        # Until the dashboard is built (the next step), the register shows in its place;
        # the dashboard stays the page to come back to.
        self.navigate("all" if page in DASHBOARD_PAGES else page, remember=False)
        # The user may have moved in the register while it loaded (no detail to tell).
        current = self.workspace.register.current_benefit_id()
        if current is not None and self.workspace.detail.current_benefit_id() != current:
            self.workspace.detail.show_benefit(current)

    def _add_dashboard(
        self, workspace: Workspace, context: PortfolioContext, history: ValueHistoryRunner
    ) -> None:
        dashboard = workspace.add_dashboard(context, history)
        dashboard.item_activated.connect(self.open_attention_item)
        if workspace.saved_page() in DASHBOARD_PAGES:
            self.navigate(workspace.saved_page())

    def _opened(self, context: PortfolioContext) -> None:
        self._update_title()  # enables the actions: every part of the workspace is there
        self._set_saved("Opened")
        if self._opening is not None:  # its hold on the serial pool ends with the charts
            self._opening.release_once_built(self.dashboard)
        if self.workspace is not None:
            self.workspace.when_drawn(self.interactive.emit)
        store = context.store
        if store.read_only:
            from PySide6.QtWidgets import QMessageBox

            QMessageBox.information(
                self,
                "Opened read-only",
                f"{store.name} opened read-only: {store.read_only_reason}.\n\n"
                "You can read it, report on it and export it; changes are not possible here.",
            )

    # -- the portfolio's services ---------------------------------------------------------------
    def _prepare_services(self) -> None:
        """Import what the services need off the GUI thread, then start them."""
        context = self.context

        def start() -> None:
            if context is not None and self.context is context:
                self._start_services(context)

        prepare_services(start)

    def _start_services(self, context: PortfolioContext) -> None:
        self.syncing.start(context)
        self.monthly.start(context)
        self.server.start(context)

    def _restore_backup(self) -> None:
        from benefitdesk.ui.main_window.backups import restore_backup

        restore_backup(self, self)

    # -- closing --------------------------------------------------------------------------------
    def close_portfolio(self, *, quitting: bool = False) -> None:
        """Close the open portfolio; ``quitting``: the window is going, its views with it
        (taking the workspace apart widget by widget was most of a quit's time)."""
        if self._opening is not None:
            self._opening.cancel()  # a load still running is dropped when it ends
            self._opening = None
        self.status_busy.hide()
        if self.context is None:
            return
        self._save_layout()
        self.server.stop()
        self.syncing.stop()
        self.monthly.stop()
        self.undo_stack.clear()
        path, as_of = self.context.store.path, self.context.as_of
        self.context.store.close()
        if self.workspace is not None:
            dashboard = self.workspace.dashboard
            points = dashboard.history.current_points() if dashboard is not None else None
            save_startup_cache(path, as_of, self.workspace.register.model, points)
        self.context.deleteLater()
        self.context = None
        if not quitting:
            self.show_empty()
            self._update_title()

    def show_empty(self, text: str = "Open or create a portfolio (File menu).") -> None:
        """A message in place of the workspace (which goes, with its views)."""
        self.workspace = None
        empty = QLabel(text, self)
        empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setCentralWidget(empty)

    def _save_layout(self) -> None:
        save_geometry(self, self.settings)
        if self.context is not None and self.workspace is not None:
            self.workspace.save_layout()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        self._save_layout()
        self.hide()  # gone at once: what follows (closing the portfolio) is not waited on
        self.close_portfolio(quitting=True)
        self.settings.sync()
        super().closeEvent(event)

    # -- navigating -----------------------------------------------------------------------------
    def navigate(self, key: str, *, select_first: bool = True, remember: bool = True) -> None:
        """Show a page: dashboard, attention, mine, all, project:<id> (``remember``: the
        page to open on next time)."""
        if self.workspace is None or not self.workspace.complete():
            return  # still opening: the workspace is not complete
        me = self.settings.me
        if key == "mine" and not me:
            self.toolbar.me.setFocus()
            self.say("Choose who you are (Me:) to see your benefits", 5000)
        self.workspace.navigate(key, me, select_first=select_first, remember=remember)

    def show_benefit(self, benefit_id: int) -> None:
        """Bring one benefit up in the register and its detail (from any view)."""
        if self.workspace is None:
            return
        self.navigate("all", select_first=False)
        self.toolbar.search.clear()
        self.workspace.select_benefit(benefit_id)

    def open_attention_item(self, item: AttentionItem) -> None:
        """Open the benefit where the item is dealt with: an overdue figure in the
        measurement entry, an overdue action among the actions, a definition error in
        the definition, a benefit behind plan on its chart."""
        from benefitdesk.present.attention import AttentionKind

        self.show_benefit(item.benefit_id)
        shown = self.workspace is not None and self.workspace.show_tab_for(item)
        if shown and item.kind is AttentionKind.OVERDUE_MEASUREMENT:
            self.benefits.log_measurement()

    def _fill_navigator(self) -> None:
        if self.context is not None and self.workspace is not None:
            self.workspace.fill_navigator(self.context.report.snapshot.projects.values())

    def _search_changed(self, text: str) -> None:
        """Filter the register (the cached one too, while the portfolio opens)."""
        workspace = self.workspace
        if workspace is None:
            return
        if self.context is not None and not workspace.on_register():
            self.navigate("all")
            self.toolbar.search.setFocus()
        workspace.register.set_search(text)

    def focus_search(self) -> None:
        self.toolbar.search.setFocus()
        self.toolbar.search.selectAll()

    # -- changes ------------------------------------------------------------------------------
    def reload(self) -> None:
        if self.context is not None:
            self.context.reload()

    def _on_changed(self, change: Change) -> None:
        self._set_saved("Updated by others" if change.entity == "remote" else "Saved")
        if change.structural or change.entity in ("project", "person"):
            self._on_reloaded()

    def _on_reloaded(self) -> None:
        self._fill_navigator()
        if self.context is not None:
            self.me_chooser.fill(self.context)

    def _selection_changed(self, benefit_id: int | None) -> None:
        editable = self.context is not None and not self.context.read_only
        self.act.approve.setEnabled(editable and benefit_id is not None)
        self.act.delete_benefit.setEnabled(editable and benefit_id is not None)
        apply_access(self.act, self.context, self.current_benefit_id())

    def _set_saved(self, text: str) -> None:
        self.status_saved.setText(f"{text} {datetime.now():%H:%M:%S}")

    # -- the window -----------------------------------------------------------------------------
    def _update_title(self) -> None:
        if self.context is None:
            self.setWindowTitle("BenefitDesk")
            self.status_file.setText("No portfolio open")
        else:
            settings = self.context.report.snapshot.settings
            store = self.context.store
            name = settings.name if settings else store.path.stem if store.path else "Portfolio"
            suffix = " [read-only]" if self.context.read_only else ""
            self.setWindowTitle(f"{name} — {store.name}{suffix} — BenefitDesk")
            self.status_file.setText(f"{store.display}  ·  as of {day(self.context.as_of)}")
        for action in self.act.on_portfolio():
            action.setEnabled(self.context is not None)
        for action in self.act.editing():
            action.setEnabled(self.context is not None and not self.context.read_only)
        apply_access(self.act, self.context, self.current_benefit_id())
