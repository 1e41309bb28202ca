"""The main window: navigator, register with the benefit detail, dashboard, menus."""

from __future__ import annotations

from contextlib import suppress
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QStackedWidget,
    QToolBar,
    QTreeView,
    QWidget,
)

from benefitdesk.services.changes import Change
from benefitdesk.services.errors import ServiceError
from benefitdesk.store.errors import PortfolioError
from benefitdesk.store.lock import PortfolioLock
from benefitdesk.ui.errors import show_error
from benefitdesk.ui.jobs import Job
from benefitdesk.ui.resources import app_icon, icon
from benefitdesk.ui.settings import AppSettings

if TYPE_CHECKING:  # imported on use: the window shows before SQLAlchemy is loaded
    from benefitdesk.services.report import Report
    from benefitdesk.store import Store
    from benefitdesk.ui.context import PortfolioContext

NAV_ROLE = Qt.ItemDataRole.UserRole + 1


def cache_folder() -> Path:
    from benefitdesk.ui.app import data_folder

    return data_folder() / "cache"


class MainWindow(QMainWindow):
    """Owns the open portfolio; every view gets the context injected."""

    def __init__(
        self, settings: AppSettings, parent: QWidget | None = None, *, as_of: date | None = None
    ):
        super().__init__(parent)
        self.as_of = as_of  # None: today (tests pin a date)
        from PySide6.QtGui import QUndoStack

        self.settings = settings
        self.context: PortfolioContext | None = None
        self.lock: PortfolioLock | None = None
        self.sync: Any | None = None  # ui.sync.SyncController of the open portfolio
        self.undo_stack = QUndoStack(self)
        self.setWindowIcon(app_icon())
        self.setMinimumSize(QSize(1000, 640))
        self.resize(1366, 820)
        self._build_actions()
        self._build_menus()
        self._build_toolbar()
        self._show_empty()
        self.status_file = QLabel(self)
        self.status_saved = QLabel(self)
        self.statusBar().addWidget(self.status_file, 1)
        self.status_sync = QLabel(self)
        self.statusBar().addPermanentWidget(self.status_sync)
        self.statusBar().addPermanentWidget(self.status_saved)
        self._update_title()
        self._restore_geometry()

    # -- actions and menus ----------------------------------------------------
    def _action(
        self,
        text: str,
        slot: Any,
        shortcut: Any = None,
        icon_name: str | None = None,
        tip: str | None = None,
    ) -> QAction:
        action = QAction(text, self)
        if icon_name:
            action.setIcon(icon(icon_name))
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        if tip:
            action.setStatusTip(tip)
            action.setToolTip(tip)
        action.triggered.connect(slot)
        return action

    def _build_actions(self) -> None:
        keys = QKeySequence.StandardKey
        self.act_new = self._action("&New Portfolio…", self.new_portfolio, "Ctrl+Shift+N")
        self.act_open = self._action("&Open…", self.choose_and_open, keys.Open, "open")
        self.act_close = self._action("&Close", self.close_portfolio, keys.Close)
        self.act_quit = self._action("&Quit", self.close, keys.Quit)
        self.act_undo = self.undo_stack.createUndoAction(self, "&Undo")
        self.act_undo.setShortcut(QKeySequence(keys.Undo))
        self.act_undo.setIcon(icon("undo"))
        self.act_redo = self.undo_stack.createRedoAction(self, "&Redo")
        self.act_redo.setShortcut(QKeySequence(keys.Redo))
        self.act_redo.setIcon(icon("redo"))
        self.act_find = self._action("&Find", self.focus_search, keys.Find, "search")
        self.act_dashboard = self._action(
            "&Dashboard", lambda: self.navigate("dashboard"), "Ctrl+1", "dashboard"
        )
        self.act_register = self._action(
            "&Register", lambda: self.navigate("all"), "Ctrl+2", "benefits"
        )
        self.act_mine = self._action(
            "&My Benefits", lambda: self.navigate("mine"), "Ctrl+3", "my-benefits"
        )
        self.act_log = self._action(
            "&Log Measurement…",
            self.log_measurement,
            "Ctrl+M",
            "log-measurement",
            "Record this period's figure for the selected benefit",
        )
        self.act_new_benefit = self._action(
            "&New Benefit…",
            self.new_benefit,
            "Ctrl+Shift+B",
            "new-benefit",
            "Define a new benefit: baseline, target, owner, data source, frequency",
        )
        self.act_approve = self._action(
            "&Approve",
            self.approve_benefit,
            "Ctrl+Shift+A",
            "approve",
            "Approve the selected benefit (refused while its definition has errors)",
        )
        self.act_delete_benefit = self._action(
            "&Delete Benefit…",
            self.delete_benefit,
            None,
            "delete",
            "Delete the selected benefit and everything recorded about it (undoable)",
        )
        self.act_board_pack = self._action(
            "Export &Board Pack…",
            self.export_board_pack,
            "Ctrl+Shift+E",
            "board-pack",
            "The board's Excel workbook as of the report date",
        )
        self.act_import = self._action(
            "&Import…",
            self.import_workbook,
            "Ctrl+I",
            "import",
            "Import a register or measurement log from Excel or CSV (checked before writing)",
        )
        self.act_export = self._action(
            "Export &Workbook…",
            self.export_workbook,
            None,
            "export",
            "The canonical workbook, for finance or another BenefitDesk",
        )
        self.act_template = self._action(
            "Collection &Template…",
            self.collection_template,
            None,
            "template",
            "A workbook for owners to fill in their figures offline",
        )
        self.act_history = self._action(
            "Import &History…",
            self.import_history,
            "Ctrl+Shift+H",
            "history",
            "Every import and sync, what it changed, and undo",
        )
        self.act_sync = self._action(
            "&Sync Now",
            self.sync_now,
            "F6",
            "sync",
            "Pull the latest figures from the import profiles' sources",
        )
        self.act_profiles = self._action(
            "Import &Profiles…",
            self.show_profiles,
            None,
            "profile",
            "Saved rules that read figures from exports and databases",
        )
        self.act_watch = self._action(
            "Sync New Exports &Automatically",
            self.toggle_watching,
            None,
            None,
            "Watch the profiles' files and folders; a new export syncs by itself",
        )
        self.act_watch.setCheckable(True)
        self.act_refresh = self._action("Re&fresh", self.reload, keys.Refresh)
        self.act_about = self._action("&About BenefitDesk", self.about, None, "about")
        self.edit_actions = [
            self.act_import,
            self.act_sync,
            self.act_profiles,
            self.act_watch,
            self.act_new_benefit,
            self.act_approve,
            self.act_delete_benefit,
            self.act_log,
        ]
        self.portfolio_actions = [
            self.act_export,
            self.act_template,
            self.act_history,
            self.act_board_pack,
            self.act_close,
            self.act_log,
            self.act_refresh,
            self.act_find,
            self.act_dashboard,
            self.act_register,
            self.act_mine,
        ]

    def _build_menus(self) -> None:
        bar = self.menuBar()
        self.file_menu = bar.addMenu("&File")
        self.file_menu.addActions([self.act_new, self.act_open])
        self.recent_menu = self.file_menu.addMenu("Open &Recent")
        self.recent_menu.aboutToShow.connect(self._fill_recent)
        self.file_menu.addAction(self.act_close)
        self.file_menu.addSeparator()
        self.exchange_anchor = self.file_menu.addSeparator()
        for action in (self.act_import, self.act_export, self.act_template, self.act_board_pack):
            self.file_menu.insertAction(self.exchange_anchor, action)
        self.file_menu.addAction(self.act_quit)
        self.edit_menu = bar.addMenu("&Edit")
        self.edit_menu.addActions([self.act_undo, self.act_redo])
        self.edit_menu.addSeparator()
        self.edit_menu.addAction(self.act_find)
        self.view_menu = bar.addMenu("&View")
        self.view_menu.addActions([self.act_dashboard, self.act_register, self.act_mine])
        self.view_menu.addSeparator()
        self.view_menu.addAction(self.act_refresh)
        self.benefit_menu = bar.addMenu("&Benefit")
        self.benefit_menu.addActions([self.act_new_benefit, self.act_log, self.act_approve])
        self.benefit_menu.addSeparator()
        self.benefit_menu.addAction(self.act_delete_benefit)
        self.portfolio_menu = bar.addMenu("&Portfolio")
        self.portfolio_menu.addActions([self.act_sync, self.act_profiles, self.act_watch])
        self.portfolio_menu.addSeparator()
        self.portfolio_menu.addAction(self.act_history)
        self.help_menu = bar.addMenu("&Help")
        self.help_menu.addAction(self.act_about)

    def _build_toolbar(self) -> None:
        self.toolbar = QToolBar("Main", self)
        self.toolbar.setObjectName("main_toolbar")
        self.toolbar.setMovable(False)
        self.toolbar.setIconSize(QSize(20, 20))
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.addToolBar(self.toolbar)
        self.toolbar.addAction(self.act_new_benefit)
        self.toolbar.addAction(self.act_log)
        self.toolbar.addAction(self.act_import)
        self.toolbar.addAction(self.act_sync)
        self.toolbar_anchor = self.toolbar.addSeparator()
        self.toolbar.addAction(self.act_board_pack)
        spacer = QWidget(self)
        spacer.setSizePolicy(
            spacer.sizePolicy().horizontalPolicy().Expanding,
            spacer.sizePolicy().verticalPolicy().Preferred,
        )
        self.toolbar.addWidget(spacer)
        self.search = QLineEdit(self)
        self.search.setObjectName("search")
        self.search.setPlaceholderText("Search benefits  (Ctrl+F)")
        self.search.setClearButtonEnabled(True)
        self.search.addAction(icon("search"), QLineEdit.ActionPosition.LeadingPosition)
        self.search.setFixedWidth(240)
        self.search.textChanged.connect(self._search_changed)
        self.toolbar.addWidget(self.search)
        self.toolbar.addWidget(QLabel("  Me: ", self))
        self.me = QComboBox(self)
        self.me.setObjectName("me")
        self.me.setMinimumWidth(160)
        self.me.setToolTip("Who you are: 'My benefits' shows the benefits you own")
        self.me.currentTextChanged.connect(self._me_changed)
        self.toolbar.addWidget(self.me)

    # -- opening and closing --------------------------------------------------
    def open_portfolio(self, path: Path, *, create: bool = False, background: bool = False) -> bool:
        """Open ``path`` (read-only when another BenefitDesk has it open).

        In the background, the window first shows the register as it was last time
        (when nothing changed since) while the portfolio loads; the caller gets True
        once loading has started.
        """
        path = Path(path).resolve()
        lock = PortfolioLock(path)
        read_only = not lock.acquire()
        as_of = self.as_of or date.today()

        def load(_control: object = None) -> tuple[Store, Report]:
            from benefitdesk.services.report import build_report
            from benefitdesk.store import Store

            store = Store(path, create=create, read_only=read_only and path.exists())
            try:
                return store, build_report(store, as_of)
            except BaseException:
                store.close()
                raise

        if not background:
            try:
                store, report = load()
            except PortfolioError as exc:
                self._open_failed(path, lock, exc)
                return False
            self._adopt(path, lock, store, report)
            return True
        self.close_portfolio()
        self._show_loading(path, as_of)
        Job(self, load, f"Opening {path.name}").quiet().on_success(
            lambda result: self._adopt(path, lock, *result)
        ).on_failure(lambda exc, trace: self._open_failed(path, lock, exc, trace)).run()
        return True

    def _open_failed(
        self, path: Path, lock: PortfolioLock, error: BaseException, trace: str = ""
    ) -> None:
        lock.release()
        self.settings.remove_recent(path)
        self._show_empty()
        show_error(self, "Cannot open portfolio", error, trace)

    def _show_loading(self, path: Path, as_of: date) -> None:
        """While loading: the cached register if it is current, else a message."""
        from benefitdesk.ui.register.cache import load_rows
        from benefitdesk.ui.register.panel import RegisterPanel

        rows = load_rows(cache_folder(), path, as_of)
        if rows is None or self.settings.value("view/page", "all") == "dashboard":
            self._show_empty(f"Opening {path.name}…")
        else:
            preview = RegisterPanel(None, self)
            preview.set_scope(f"{path.stem} — loading…")
            preview.show_rows(rows)
            self.setCentralWidget(preview)
        self.setWindowTitle(f"{path.name} — BenefitDesk")

    def _adopt(self, path: Path, lock: PortfolioLock, store: Store, report: Report) -> None:
        """Make a loaded portfolio the window's (on the GUI thread)."""
        from benefitdesk.ui.context import PortfolioContext

        self.close_portfolio()
        self.lock = lock
        self.context = PortfolioContext(store, report=report, parent=self)
        self.settings.add_recent(path)
        self._build_workspace(self.context)
        self._start_sync(self.context)
        if store.read_only:
            QMessageBox.information(
                self,
                "Opened read-only",
                f"{path.name} is open in another BenefitDesk window, so it opened read-only here.",
            )

    def _start_sync(self, context: PortfolioContext) -> None:
        from benefitdesk.ui.sync import SyncController

        self.sync = SyncController(context, self)
        self.sync.status_changed.connect(lambda text: self.statusBar().showMessage(text, 10_000))
        self.sync.finished.connect(lambda _result: self._show_last_sync())
        self.sync.watching_changed.connect(self._watching_changed)
        if not context.read_only:
            self.sync.set_watching(bool(self.settings.value("sync/watch", False)))
        self._show_last_sync()

    def _show_last_sync(self) -> None:
        if self.sync is not None:
            self.status_sync.setText(self.sync.last_sync_text())

    def _watching_changed(self, on: bool) -> None:
        self.act_watch.setChecked(on)
        self.settings.set_value("sync/watch", on)

    def sync_now(self) -> None:
        if self.sync is not None and self.context is not None and not self.context.read_only:
            self.sync.sync_all()

    def show_profiles(self) -> None:
        if self.sync is not None and self.context is not None:
            from benefitdesk.ui.sync import open_profiles_dialog

            open_profiles_dialog(self.context, self, self.sync)

    def toggle_watching(self, on: bool) -> None:
        if self.sync is not None:
            self.sync.set_watching(on)

    def _save_register_cache(self) -> None:
        """Remember the register for the next start (after the store has closed, so
        the file's state is final)."""
        from benefitdesk.ui.register.cache import save_rows

        if self.context is not None and self.context.store.path is not None:
            with suppress(OSError, ValueError):  # a cache is an optimisation only
                rows = self.register.model.rows()
                save_rows(cache_folder(), self.context.store.path, self.context.as_of, rows)

    def close_portfolio(self) -> None:
        if self.context is None:
            return
        self._save_layout()
        if self.sync is not None:
            self.sync.shutdown()
            self.sync = None
        self.undo_stack.clear()
        self.context.store.close()
        self._save_register_cache()
        self.context.deleteLater()
        self.context = None
        if self.lock is not None:
            self.lock.release()
            self.lock = None
        self._show_empty()
        self._update_title()

    def _show_empty(self, text: str = "Open or create a portfolio (File menu).") -> None:
        self.empty = QLabel(text, self)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setCentralWidget(self.empty)

    def choose_and_open(self) -> None:
        start = str(self.settings.last_portfolio.parent) if self.settings.last_portfolio else ""
        name, _ = QFileDialog.getOpenFileName(
            self,
            "Open portfolio",
            start,
            "BenefitDesk portfolios (*.sqlite *.benefitdesk *.db);;All files (*)",
        )
        if name:
            self.open_portfolio(Path(name), background=True)

    def new_portfolio(self) -> None:
        name, _ = QFileDialog.getSaveFileName(
            self, "New portfolio", "", "BenefitDesk portfolios (*.sqlite *.benefitdesk)"
        )
        if not name:
            return
        path = Path(name if name.endswith((".sqlite", ".benefitdesk", ".db")) else f"{name}.sqlite")
        if path.exists():
            show_error(self, "New portfolio", PortfolioError(f"{path.name} already exists"))
            return
        self.open_portfolio(path, create=True)

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        for path in self.settings.recent():
            action = self.recent_menu.addAction(path.name)
            action.setToolTip(str(path))
            action.triggered.connect(
                lambda _=False, p=path: self.open_portfolio(p, background=True)
            )
        if self.recent_menu.isEmpty():
            self.recent_menu.addAction("No recent portfolios").setEnabled(False)

    # -- workspace --------------------------------------------------------------
    def _build_workspace(self, context: PortfolioContext) -> None:
        from benefitdesk.ui.dashboard import DashboardPage
        from benefitdesk.ui.detail import BenefitDetail
        from benefitdesk.ui.register.panel import RegisterPanel

        self.navigator = QTreeView(self)
        self.navigator.setObjectName("navigator")
        self.navigator.setHeaderHidden(True)
        self.navigator.setEditTriggers(QTreeView.EditTrigger.NoEditTriggers)
        self.nav_model = QStandardItemModel(self)
        self.navigator.setModel(self.nav_model)
        self.navigator.selectionModel().currentChanged.connect(self._nav_changed)

        self.register = RegisterPanel(context, self)
        self.detail = BenefitDetail(context, self.settings, self.undo_stack, self)
        self.register.benefit_selected.connect(self.detail.show_benefit)
        self.register.benefit_selected.connect(self._selection_changed)
        self.register.benefit_activated.connect(lambda _id: self.detail.setFocus())
        self.detail.benefit_kept.connect(self.register.select_benefit)
        self.detail.benefit_created.connect(self.show_benefit)
        self.dashboard = DashboardPage(context, self)
        self.dashboard.benefit_activated.connect(self.show_benefit)
        self.dashboard.attention_changed.connect(self._attention_changed)

        self.register_split = QSplitter(Qt.Orientation.Vertical, self)
        self.register_split.setObjectName("register_split")
        self.register_split.addWidget(self.register)
        self.register_split.addWidget(self.detail)
        self.register_split.setStretchFactor(0, 2)
        self.register_split.setStretchFactor(1, 3)
        self.pages = QStackedWidget(self)
        self.pages.addWidget(self.dashboard)
        self.pages.addWidget(self.register_split)

        self.main_split = QSplitter(Qt.Orientation.Horizontal, self)
        self.main_split.setObjectName("main_split")
        self.main_split.addWidget(self.navigator)
        self.main_split.addWidget(self.pages)
        self.main_split.setStretchFactor(1, 1)
        self.main_split.setSizes([240, 1126])
        self.setCentralWidget(self.main_split)

        for key, splitter in (
            ("main_split", self.main_split),
            ("register_split", self.register_split),
        ):
            state = self.settings.state(key)
            if state is not None:
                splitter.restoreState(state)
        context.changed.connect(self._on_changed)
        context.reloaded.connect(self._on_reloaded)
        self._fill_people()
        self._fill_navigator()
        self._update_title()
        self._set_saved("Opened")
        from benefitdesk.ui.charts.preload import preload_charts

        preload_charts()
        self.navigate(str(self.settings.value("view/page", "all")))

    def _fill_navigator(self) -> None:
        assert self.context is not None
        current = self.navigator.currentIndex().data(NAV_ROLE)
        self.nav_model.clear()
        root = self.nav_model.invisibleRootItem()

        def item(text: str, key: str, icon_name: str) -> QStandardItem:
            entry = QStandardItem(icon(icon_name), text)
            entry.setData(key, NAV_ROLE)
            return entry

        attention = self.dashboard.attention_count()
        root.appendRow(item("Dashboard", "dashboard", "dashboard"))
        root.appendRow(item(f"Needs attention ({attention})", "attention", "attention"))
        root.appendRow(item("My benefits", "mine", "my-benefits"))
        root.appendRow(item("All benefits", "all", "benefits"))
        projects = item("Projects", "all", "project")
        for project in sorted(self.context.report.snapshot.projects.values(), key=lambda p: p.code):
            projects.appendRow(
                item(f"{project.code}  {project.name}", f"project:{project.id}", "project")
            )
        root.appendRow(projects)
        self.navigator.expandAll()
        if current:
            self._select_nav(current)

    def _attention_changed(self, count: int) -> None:
        matches = self.nav_model.match(
            self.nav_model.index(0, 0), NAV_ROLE, "attention", 1, Qt.MatchFlag.MatchExactly
        )
        if matches:
            self.nav_model.setData(matches[0], f"Needs attention ({count})")

    def _select_nav(self, key: str) -> None:
        matches = self.nav_model.match(
            self.nav_model.index(0, 0),
            NAV_ROLE,
            key,
            1,
            Qt.MatchFlag.MatchRecursive | Qt.MatchFlag.MatchExactly,
        )
        if matches:
            self.navigator.blockSignals(True)
            self.navigator.setCurrentIndex(matches[0])
            self.navigator.blockSignals(False)

    def _nav_changed(self, current: Any, _previous: Any) -> None:
        key = current.data(NAV_ROLE) if current.isValid() else None
        if key:
            self.navigate(key)

    def navigate(self, key: str) -> None:
        """Show a page: dashboard, attention, mine, all, project:<id>."""
        if self.context is None:
            return
        if key.startswith("project:") and int(key.split(":", 1)[1]) not in (
            self.context.report.snapshot.projects
        ):
            key = "all"
        self.settings.set_value("view/page", key)
        self._select_nav(key)
        if key in ("dashboard", "attention"):
            self.pages.setCurrentWidget(self.dashboard)
            if key == "attention" and hasattr(self.dashboard, "focus_attention"):
                self.dashboard.focus_attention()
            return
        self.pages.setCurrentWidget(self.register_split)
        if key == "mine":
            me = self.settings.me
            if not me:
                self.me.setFocus()
                self.statusBar().showMessage("Choose who you are (Me:) to see your benefits", 5000)
            self.register.set_scope(f"My benefits — {me or 'choose Me'}", owner=me or "\0")
        elif key.startswith("project:"):
            project_id = int(key.split(":", 1)[1])
            project = self.context.report.snapshot.projects.get(project_id)
            label = f"{project.code} {project.name}" if project else "Project"
            self.register.set_scope(label, project_id=project_id)
        else:
            self.register.set_scope("All benefits")
        self.register.table.setFocus()

    def show_benefit(self, benefit_id: int) -> None:
        """Bring one benefit up in the register and its detail (from any view)."""
        self.navigate("all")
        self.search.clear()
        self.register.select_benefit(benefit_id)
        self.detail.show_benefit(benefit_id)

    # -- "me" ---------------------------------------------------------------------
    def _fill_people(self) -> None:
        assert self.context is not None
        names = sorted(p.name for p in self.context.report.snapshot.people.values())
        self.me.blockSignals(True)
        self.me.clear()
        self.me.addItem("")
        self.me.addItems(names)
        me = self.settings.me or self._person_logged_in()
        if me and me in names:
            self.me.setCurrentText(me)
            self.settings.me = me
        self.me.blockSignals(False)

    def _person_logged_in(self) -> str:
        """The person whose login name is this OS user (first run: who "me" is)."""
        assert self.context is not None
        user = self.context.store.user
        people = self.context.report.snapshot.people.values()
        return next((p.name for p in people if getattr(p, "user_name", None) == user), "")

    def _me_changed(self, name: str) -> None:
        self.settings.me = name
        if self.context is not None and self.navigator.currentIndex().data(NAV_ROLE) == "mine":
            self.navigate("mine")

    # -- edits ----------------------------------------------------------------------
    def log_measurement(self) -> None:
        if self.context is None or self.context.read_only:
            return
        from benefitdesk.ui.dialogs.log_measurement import LogMeasurementDialog

        dialog = LogMeasurementDialog(self.context, self.register.current_benefit_id(), self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        code, day, value, note = dialog.values()
        from benefitdesk.ui.commands import log_measurement_command

        self.run_command(log_measurement_command(self.context, code, day, value, note))

    def import_workbook(self) -> None:
        if self.context is not None and not self.context.read_only:
            from benefitdesk.ui.importing import open_import_dialog

            open_import_dialog(self.context, self.settings, self)

    def import_history(self) -> None:
        if self.context is not None:
            from benefitdesk.ui.importing import open_import_history

            open_import_history(self.context, self)

    def export_workbook(self) -> None:
        if self.context is not None:
            from benefitdesk.ui.workbooks import export_workbook

            export_workbook(self, self.context, self.settings)

    def collection_template(self) -> None:
        if self.context is not None:
            from benefitdesk.ui.workbooks import collection_template

            collection_template(self, self.context, self.settings)

    def export_board_pack(self) -> None:
        if self.context is not None:
            from benefitdesk.ui.exports import export_board_pack

            export_board_pack(self, self.context, self.settings)

    def new_benefit(self) -> None:
        if self.context is None or self.context.read_only:
            return
        self.navigate("all")
        self.detail.new_benefit()

    def approve_benefit(self) -> None:
        if self.context is not None and not self.context.read_only:
            self.detail.approve()

    def delete_benefit(self) -> None:
        row = self.register.current_row() if self.context is not None else None
        if row is None or self.context is None or self.context.read_only:
            return
        answer = QMessageBox.question(
            self,
            "Delete benefit",
            f"Delete {row.code} {row.title} with its plan, measurements, indicators, notes "
            "and actions?\n\nYou can undo this (Ctrl+Z).",
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        from benefitdesk.ui.detail.commands import delete_benefit_command

        self.run_command(delete_benefit_command(self.context, row.benefit_id, row.code))

    def run_command(self, command: Any) -> bool:
        """Push an undoable service command; a refused edit shows why, saves nothing."""
        from benefitdesk.ui.commands import push_command

        try:
            push_command(self.undo_stack, command)
        except ServiceError as exc:
            show_error(self, command.text(), exc)
            return False
        return True

    def _on_changed(self, change: Change) -> None:
        self._set_saved("Saved")
        if change.structural or change.entity in ("project", "person"):
            self._fill_navigator()
            self._fill_people()

    def _on_reloaded(self) -> None:
        self._fill_navigator()
        self._fill_people()

    def reload(self) -> None:
        if self.context is not None:
            self.context.reload()

    def _selection_changed(self, benefit_id: int | None) -> None:
        editable = self.context is not None and not self.context.read_only
        self.act_approve.setEnabled(editable and benefit_id is not None)
        self.act_delete_benefit.setEnabled(editable and benefit_id is not None)

    def _set_saved(self, text: str) -> None:
        from datetime import datetime

        self.status_saved.setText(f"{text} {datetime.now():%H:%M:%S}")

    def _search_changed(self, text: str) -> None:
        if self.context is None:
            return
        if self.pages.currentWidget() is not self.register_split:
            self.navigate("all")
            self.search.setFocus()
        self.register.set_search(text)

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    # -- window ---------------------------------------------------------------------
    def _update_title(self) -> None:
        if self.context is None:
            self.setWindowTitle("BenefitDesk")
            self.status_file.setText("No portfolio open")
        else:
            settings = self.context.report.snapshot.settings
            path = self.context.store.path
            name = settings.name if settings else path.stem if path else "Portfolio"
            suffix = " [read-only]" if self.context.read_only else ""
            self.setWindowTitle(f"{name} — {path.name if path else ''}{suffix} — BenefitDesk")
            self.status_file.setText(f"{path}  ·  as of {self.context.as_of:%d %b %Y}")
        for action in self.portfolio_actions:
            action.setEnabled(self.context is not None)
        for action in self.edit_actions:
            action.setEnabled(self.context is not None and not self.context.read_only)

    def about(self) -> None:
        from benefitdesk.ui.dialogs.about import show_about

        show_about(self, self.context.store.path if self.context else None)

    def _restore_geometry(self) -> None:
        geometry = self.settings.state("geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)

    def _save_layout(self) -> None:
        self.settings.save_state("geometry", self.saveGeometry())
        if self.context is not None:
            self.settings.save_state("main_split", self.main_split.saveState())
            self.settings.save_state("register_split", self.register_split.saveState())

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        self._save_layout()
        self.close_portfolio()
        self.settings.sync()
        super().closeEvent(event)
