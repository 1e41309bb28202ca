"""The main window: navigator, register with the benefit detail, dashboard, menus.

Opening and closing a portfolio, and the order in which the workspace is built, are in
``window_open`` (its docstring says why the register comes first).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QSize, QTimer, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QDialog, QFileDialog, QLabel, QMainWindow, QMessageBox, QWidget

from benefitdesk.present.attention import AttentionItem, AttentionKind
from benefitdesk.present.formats import day
from benefitdesk.services.errors import ServiceError
from benefitdesk.store.errors import PortfolioError
from benefitdesk.ui import milestones
from benefitdesk.ui.errors import show_error
from benefitdesk.ui.resources import app_icon
from benefitdesk.ui.settings import AppSettings
from benefitdesk.ui.team.window import ServerMixin
from benefitdesk.ui.window_backups import BackupActionsMixin
from benefitdesk.ui.window_exchange import ExchangeActionsMixin
from benefitdesk.ui.window_layout import LayoutMixin
from benefitdesk.ui.window_menus import MenusMixin
from benefitdesk.ui.window_monthly import MonthlyActionsMixin
from benefitdesk.ui.window_open import OpeningMixin

if TYPE_CHECKING:
    from benefitdesk.services.changes import Change
    from benefitdesk.ui.context import PortfolioContext
    from benefitdesk.ui.dashboard import DashboardPage
    from benefitdesk.ui.detail import BenefitDetail
    from benefitdesk.ui.register.panel import RegisterPanel

#: The detail tab where each kind of "needs attention" item is dealt with.
ATTENTION_TABS = {
    AttentionKind.OVERDUE_MEASUREMENT: "measurements",
    AttentionKind.AT_RISK: "overview",
    AttentionKind.OVERDUE_ACTION: "variance",
    AttentionKind.DEFINITION_ERROR: "definition",
}


class MainWindow(
    OpeningMixin,
    MenusMixin,
    LayoutMixin,
    ExchangeActionsMixin,
    MonthlyActionsMixin,
    BackupActionsMixin,
    ServerMixin,
    QMainWindow,
):
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
        from PySide6.QtGui import QUndoStack

        self.settings = settings
        self.context: PortfolioContext | None = None
        self.register: RegisterPanel | None = None  # the views, while a portfolio is open
        self.detail: BenefitDetail | None = None
        self.dashboard: DashboardPage | None = None
        self._opening: object | None = None  # the portfolio being loaded
        self.sync: Any | None = None  # ui.sync.SyncController of the open portfolio
        self.undo_stack = QUndoStack(self)
        self.setWindowIcon(app_icon())
        self.setMinimumSize(QSize(960, 600))
        self._fit_to_screen()
        self._build_actions()
        self._build_server_actions()
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

    def choose_and_open(self) -> None:
        start = str(self.settings.last_portfolio.parent) if self.settings.last_portfolio else ""
        name, _ = QFileDialog.getOpenFileName(
            self,
            "Open portfolio",
            start,
            "BenefitDesk portfolios (*.sqlite *.benefitdesk *.db);;"
            "Spreadsheets, to start a portfolio from (*.xlsx *.xlsm *.xls *.ods *.csv *.tsv);;"
            "All files (*)",
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

    # -- workspace ----------------------------------------------------------------------
    def _fill_navigator(self) -> None:
        assert self.context is not None
        projects = self.context.report.snapshot.projects.values()
        self.navigator.fill(projects, self.dashboard.attention_count() if self.dashboard else 0)

    def navigate(self, key: str, *, select_first: bool = True) -> None:
        """Show a page: dashboard, attention, mine, all, project:<id>."""
        if self.context is None or self.detail is None or self.register is None:
            return  # still opening: the workspace is not complete
        if key in ("dashboard", "attention") and self.dashboard is None:
            return
        if key.startswith("project:") and int(key.split(":", 1)[1]) not in (
            self.context.report.snapshot.projects
        ):
            key = "all"
        self.settings.set_value("view/page", key)
        self.navigator.select(key)
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
        idle = self.detail.current_benefit_id() is None and not self.detail.definition.new
        if select_first and idle and self.register.current_benefit_id() is None:
            self.register.select_row(0)  # a living benefit beside the register, not a blank

    def show_benefit(self, benefit_id: int) -> None:
        """Bring one benefit up in the register and its detail (from any view)."""
        self.navigate("all", select_first=False)
        self.search.clear()
        self.register.select_benefit(benefit_id)
        self.detail.show_benefit(benefit_id)

    def open_attention_item(self, item: AttentionItem) -> None:
        """Open the benefit where the item is dealt with: an overdue figure in the
        measurement entry, an overdue action among the actions, a definition error in
        the definition, a benefit behind plan on its chart."""
        self.show_benefit(item.benefit_id)
        if self.detail.current_benefit_id() != item.benefit_id:
            return  # the user kept unapplied edits elsewhere
        self.detail.show_tab(ATTENTION_TABS[item.kind])
        if item.kind is AttentionKind.OVERDUE_MEASUREMENT:
            self.log_measurement()

    # -- "me" ---------------------------------------------------------------------
    def _fill_people(self) -> None:
        assert self.context is not None
        names = sorted(p.name for p in self.context.report.snapshot.people.values())
        self.me.blockSignals(True)
        self.me.clear()
        self.me.addItem("")
        self.me.addItems(names)
        me = self._person_logged_in() if self.context.store.server else ""
        me = me or self.settings.me or self._person_logged_in()
        if me and me in names:
            self.me.setCurrentText(me)
            self.settings.me = me
        self.context.store.person = self.me.currentText() or None
        self.me.blockSignals(False)

    def _person_logged_in(self) -> str:
        """The person signed in to the server, or whose login name is this OS user (first
        run: who "me" is)."""
        assert self.context is not None
        snapshot = self.context.report.snapshot
        signed_in = snapshot.person_name(self.context.access.person_id)
        user = self.context.store.user
        people = snapshot.people.values()
        return signed_in or next((p.name for p in people if p.user_name == user), "")

    def _me_changed(self, name: str) -> None:
        """Who the user is: their benefits, and the name every change is audited under
        (beside the OS login)."""
        self.settings.me = name
        if self.context is not None:
            self.context.store.person = name or None
        if self.context is not None and self.navigator.current_key() == "mine":
            self.navigate("mine")

    # -- edits ----------------------------------------------------------------------
    def log_measurement(self) -> None:
        if self.context is None or self.context.read_only:
            return
        if self.context.record_refusal(self.register.current_benefit_id()):
            return
        from benefitdesk.ui.detail.log_measurement import LogMeasurementDialog

        dialog = LogMeasurementDialog(self.context, self.register.current_benefit_id(), self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        code, day, value, note = dialog.values()
        from benefitdesk.ui.commands import log_measurement_command

        self.run_command(log_measurement_command(self.context, code, day, value, note))

    def new_benefit(self) -> None:
        if self.context is None or self.context.manage_refusal():
            return
        self.navigate("all", select_first=False)
        self.detail.new_benefit()

    def approve_benefit(self) -> None:
        if self.context is not None and not self.context.manage_refusal():
            self.detail.approve()

    def delete_benefit(self) -> None:
        row = self.register.current_row() if self.context is not None else None
        if row is None or self.context is None or self.context.manage_refusal():
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
        except (ServiceError, PortfolioError) as exc:
            show_error(self, command.text(), exc)
            return False
        return True

    def _on_changed(self, change: Change) -> None:
        self._set_saved("Updated by others" if change.entity == "remote" else "Saved")
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
        self._apply_access()

    def _set_saved(self, text: str) -> None:
        from datetime import datetime

        self.status_saved.setText(f"{text} {datetime.now():%H:%M:%S}")

    def _search_changed(self, text: str) -> None:
        """Filter the register (the cached one too, while the portfolio opens)."""
        if self.register is None:
            return
        if self.context is not None and self.pages.currentWidget() is not self.register_split:
            self.navigate("all")
            self.search.setFocus()
        self.register.set_search(text)

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    # -- window ---------------------------------------------------------------------
    def _watch_readiness(self) -> None:
        """Look every 20 ms until the workspace is drawn, then say so, once: the
        selected benefit's chart (when its tab shows) and the dashboard's figures and
        charts, so switching to it shows them at once."""
        context = self.context

        def check() -> None:
            if self.context is not context or self.detail is None or self.dashboard is None:
                return
            on_register = self.pages.currentWidget() is self.register_split
            chart = not on_register or self.detail.chart_drawn()
            dashboard = self.dashboard.drawn()
            if chart:
                milestones.mark("chart")
            if dashboard:
                milestones.mark("dashboard")
            if chart and dashboard:
                milestones.mark("interactive")
                self.interactive.emit()
            else:
                QTimer.singleShot(20, self, check)

        check()

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
        for action in self.portfolio_actions:
            action.setEnabled(self.context is not None)
        for action in self.edit_actions:
            action.setEnabled(self.context is not None and not self.context.read_only)
        self._apply_access()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        self._save_layout()
        self.hide()  # gone at once: what follows (closing the portfolio) is not waited on
        self.close_portfolio(quitting=True)
        self.settings.sync()
        super().closeEvent(event)
