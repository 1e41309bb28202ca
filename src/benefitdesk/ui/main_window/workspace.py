"""The views of an open portfolio: the navigator beside the pages, which are the
register over the benefit's detail, and the dashboard.

Built in steps (``opening.py`` says why): the shell with the register first, a label
holding the detail's place; the detail and the dashboard once the portfolio has loaded
(their modules are imported off the GUI thread meanwhile, hence the imports on use).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QSize, Qt, QTimer
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QLabel, QSplitter, QStackedWidget, QWidget

from benefitdesk.ui import milestones
from benefitdesk.ui.main_window.layout import lay_out_splitters, save_splitters
from benefitdesk.ui.main_window.navigator import Navigator
from benefitdesk.ui.register.model_rows import RegisterRow
from benefitdesk.ui.register.panel import RegisterPanel
from benefitdesk.ui.settings import AppSettings

if TYPE_CHECKING:  # imported once the portfolio has loaded (WORKSPACE_MODULES)
    from benefitdesk.present.attention import AttentionItem
    from benefitdesk.ui.background import ValueHistoryRunner
    from benefitdesk.ui.context import PortfolioContext
    from benefitdesk.ui.dashboard import DashboardPage
    from benefitdesk.ui.detail import BenefitDetail

DASHBOARD_PAGES = ("dashboard", "attention")


class Workspace(QSplitter):
    """The navigator and the pages; ``detail`` and ``dashboard`` are None until built."""

    def __init__(self, settings: AppSettings, parent: QWidget):
        super().__init__(Qt.Orientation.Horizontal, parent)
        self.setObjectName("main_split")
        self.settings = settings
        self.context: PortfolioContext | None = None
        self.detail: BenefitDetail | None = None
        self.dashboard: DashboardPage | None = None
        self.navigator = Navigator(self)
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
        self.addWidget(self.navigator)
        self.addWidget(self.pages)
        self.setStretchFactor(1, 1)
        self.setCollapsible(1, False)

    # -- layout ---------------------------------------------------------------------------
    def lay_out(self, window: QSize) -> None:
        lay_out_splitters(self.settings, window, self, self.register_split)

    def save_layout(self) -> None:
        save_splitters(self.settings, self, self.register_split)

    # -- building, once the portfolio has loaded -------------------------------------------
    def bind(self, context: PortfolioContext, rows: list[RegisterRow] | None) -> None:
        """The register takes the portfolio (``rows``: made off the GUI thread)."""
        self.context = context
        self.register.bind(context, rows)

    def add_detail(self, context: PortfolioContext, undo_stack: QUndoStack) -> BenefitDetail:
        """The benefit's detail in the place the label kept, as laid out (or dragged)."""
        from benefitdesk.ui.detail import BenefitDetail

        detail = self.detail = BenefitDetail(context, self.settings, undo_stack, self)
        self.register.benefit_selected.connect(detail.show_benefit)
        self.register.benefit_activated.connect(lambda _id: detail.setFocus())
        detail.benefit_kept.connect(self.register.select_benefit)
        sizes = self.register_split.sizes()
        self.register_split.replaceWidget(1, detail)
        detail.show()
        self.register_split.setSizes(sizes)
        self.detail_slot.deleteLater()
        return detail

    def add_dashboard(
        self, context: PortfolioContext, history: ValueHistoryRunner
    ) -> DashboardPage:
        from benefitdesk.ui.dashboard import DashboardPage

        dashboard = self.dashboard = DashboardPage(context, self, history=history)
        dashboard.attention_changed.connect(self.navigator.set_attention)
        self.navigator.set_attention(dashboard.attention_count())  # counted as it was made
        self.pages.insertWidget(0, dashboard)
        return dashboard

    def complete(self) -> bool:
        return self.context is not None and self.detail is not None

    def when_drawn(self, ready: Callable[[], None]) -> None:
        """Look every 20 ms until the workspace is drawn, then call ``ready``, once: the
        selected benefit's chart (when its tab shows) and the dashboard's figures and
        charts, so switching to it shows them at once."""
        detail, dashboard = self.detail, self.dashboard
        if detail is None or dashboard is None:
            return
        chart = not self.on_register() or detail.chart_drawn()
        drawn = dashboard.drawn()
        if chart:
            milestones.mark("chart")
        if drawn:
            milestones.mark("dashboard")
        if chart and drawn:
            milestones.mark("interactive")
            ready()
        else:
            QTimer.singleShot(20, self, lambda: self.when_drawn(ready))

    # -- navigating -------------------------------------------------------------------------
    def fill_navigator(self, projects: Iterable[Any]) -> None:
        attention = self.dashboard.attention_count() if self.dashboard else None
        self.navigator.fill(projects, attention)

    def on_register(self) -> bool:
        return self.pages.currentWidget() is self.register_split

    def saved_page(self) -> str:
        return str(self.settings.value("view/page", "all"))

    def navigate(
        self, key: str, me: str, *, select_first: bool = True, remember: bool = True
    ) -> None:
        """Show a page: dashboard, attention, mine (``me``'s benefits), all, project:<id>;
        ``remember``: as the page to open on next time."""
        context, detail = self.context, self.detail
        if context is None or detail is None:
            return  # still opening: the workspace is not complete
        if key in DASHBOARD_PAGES and self.dashboard is None:
            return
        projects = context.report.snapshot.projects
        if key.startswith("project:") and int(key.split(":", 1)[1]) not in projects:
            key = "all"
        if remember:
            self.settings.set_value("view/page", key)
        self.navigator.select(key)
        if self.dashboard is not None and key in DASHBOARD_PAGES:
            self.pages.setCurrentWidget(self.dashboard)
            if key == "attention":
                self.dashboard.focus_attention()
            return
        self.pages.setCurrentWidget(self.register_split)
        if key == "mine":
            self.register.set_scope(f"My benefits — {me or 'choose Me'}", owner=me or "\0")
        elif key.startswith("project:"):
            project = projects[int(key.split(":", 1)[1])]
            self.register.set_scope(f"{project.code} {project.name}", project_id=project.id)
        else:
            self.register.set_scope("All benefits")
        self.register.table.setFocus()
        idle = detail.current_benefit_id() is None and not detail.definition.new
        if select_first and idle and self.register.current_benefit_id() is None:
            self.register.select_row(0)  # a living benefit beside the register, not a blank

    def select_benefit(self, benefit_id: int) -> None:
        self.register.select_benefit(benefit_id)
        if self.detail is not None:
            self.detail.show_benefit(benefit_id)

    def show_tab_for(self, item: AttentionItem) -> bool:
        """The detail's tab where ``item`` is dealt with; False when the detail shows
        another benefit (the user kept unapplied edits)."""
        from benefitdesk.present.attention import AttentionKind  # the dashboard's: loaded

        if self.detail is None or self.detail.current_benefit_id() != item.benefit_id:
            return False
        tabs = {  # the detail tab where each kind of item is dealt with
            AttentionKind.OVERDUE_MEASUREMENT: "measurements",
            AttentionKind.AT_RISK: "overview",
            AttentionKind.OVERDUE_ACTION: "variance",
            AttentionKind.DEFINITION_ERROR: "definition",
        }
        self.detail.show_tab(tabs[item.kind])
        return True
