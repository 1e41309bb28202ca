"""The benefit detail: header and key figures over the tabs that edit one benefit.

The panel follows ``context.changed`` and ``context.reloaded``: the header redraws and
each tab reloads (at once if visible, else when next shown). It never holds unsaved
state except the Definition form and the Plan's working copy, and asks before
leaving either.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QLabel, QStackedWidget, QTabWidget, QVBoxLayout, QWidget

from benefitdesk.analysis.checks import Severity, check_definition
from benefitdesk.model import OPEN_ACTION_STATUSES
from benefitdesk.services import inputs
from benefitdesk.services.benefits import next_benefit_code
from benefitdesk.services.changes import Change
from benefitdesk.ui.context import PortfolioContext
from benefitdesk.ui.detail.base import APPLY, CANCEL, DetailTab, Prompter
from benefitdesk.ui.detail.definition import DefinitionTab
from benefitdesk.ui.detail.followup import FollowUpTab
from benefitdesk.ui.detail.header import DetailHeader
from benefitdesk.ui.detail.history import HistoryTab
from benefitdesk.ui.detail.indicators import IndicatorsTab
from benefitdesk.ui.detail.measurements import MeasurementsTab
from benefitdesk.ui.detail.overview import OverviewTab
from benefitdesk.ui.detail.people import PeopleTab
from benefitdesk.ui.detail.plan import PlanTab
from benefitdesk.ui.detail.variance import VarianceTab
from benefitdesk.ui.resources import icon
from benefitdesk.ui.settings import AppSettings

GLOBAL_ENTITIES = ("person", "project", "settings", "portfolio")


#: Each tab's title and icon, by key (``show_tab(key)``).
TABS = {
    "overview": ("Overview", "log-measurement"),
    "definition": ("Definition", "edit"),
    "plan": ("Plan", "linear"),
    "measurements": ("Measurements", "log-measurement"),
    "indicators": ("Indicators", "indicator"),
    "variance": ("Variance && actions", "attention"),
    "people": ("Activities && people", "people"),
    "followup": ("Chases && reviews", "mail"),
    "history": ("History", "history"),
}


class BenefitDetail(QWidget):
    """Shows one benefit; ``show_benefit(id | None)`` is all the window needs to call.

    ``benefit_created(id)`` fires after a new benefit is applied (select it in the
    register); ``benefit_kept(id)`` when the user cancels leaving a benefit with
    unapplied edits (put the register's selection back on it).
    """

    benefit_created = Signal(int)
    benefit_kept = Signal(int)

    def __init__(
        self,
        context: PortfolioContext,
        settings: AppSettings,
        undo_stack: QUndoStack,
        parent: QWidget | None = None,
        *,
        prompter: Prompter | None = None,
    ):
        super().__init__(parent)
        self.context, self.settings, self.undo_stack = context, settings, undo_stack
        self.prompter = prompter or Prompter()
        self.benefit_id: int | None = None
        self.previous_id: int | None = None

        self.header = DetailHeader(context, self)
        self.access_note = QLabel(self)  # what the signed-in role may do here, and why
        self.access_note.setObjectName("access_note")
        self.access_note.setWordWrap(True)
        self.access_note.setStyleSheet(
            "background: #eff6ff; color: #1e3a8a; padding: 4px 8px;"
            " border-bottom: 1px solid #bfdbfe;"
        )
        self.access_note.hide()
        self._build_tabs()

        self.empty = QLabel(self)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        self.empty.setStyleSheet("color: #64748b; font-size: 11pt;")
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.empty)
        self.stack.addWidget(self.tabs)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.header)
        layout.addWidget(self.access_note)
        layout.addWidget(self.stack, 1)

        self.definition.applied.connect(self._applied)
        self.definition.new_cancelled.connect(self._new_cancelled)
        self.definition.show_tab.connect(self.show_tab)
        context.changed.connect(self._on_changed)
        context.reloaded.connect(self._on_reloaded)
        for page in self.pages.values():
            page.set_read_only(context.read_only)
        self._show_empty(self._nothing_selected())

    def _build_tabs(self) -> None:
        """One tab per part of the benefit, in the order a user works through them."""
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("detail_tabs")
        self.tabs.setDocumentMode(True)
        self.tabs.setUsesScrollButtons(True)
        args = (self.context, self.undo_stack, self.prompter)
        self.overview = OverviewTab(*args)
        self.definition = DefinitionTab(*args, today=self.context.as_of)
        self.plan = PlanTab(*args)
        self.measurements = MeasurementsTab(*args)
        self.indicators = IndicatorsTab(*args)
        self.variance = VarianceTab(*args)
        self.people = PeopleTab(*args)
        self.history = HistoryTab(*args)
        self.followup = FollowUpTab(*args)
        self.pages: dict[str, DetailTab] = {
            "overview": self.overview,
            "definition": self.definition,
            "plan": self.plan,
            "measurements": self.measurements,
            "indicators": self.indicators,
            "variance": self.variance,
            "people": self.people,
            "followup": self.followup,
            "history": self.history,
        }
        self.titles = {key: text for key, (text, _icon) in TABS.items()}
        for key, page in self.pages.items():
            text, icon_name = TABS[key]
            self.tabs.addTab(page, icon(icon_name), text)
        self.tabs.setTabToolTip(0, "Chart and summary (Ctrl+PgUp / Ctrl+PgDown switch tabs)")

    # -- public API --------------------------------------------------------------------------
    def current_benefit_id(self) -> int | None:
        return self.benefit_id

    def show_benefit(self, benefit_id: int | None) -> None:
        """Show ``benefit_id`` (None: nothing); asks first about unapplied edits."""
        if benefit_id == self.benefit_id and not self.definition.new:
            return
        if not self.leave():
            if self.benefit_id is not None:
                self.benefit_kept.emit(self.benefit_id)
            return
        self._show(benefit_id)

    def chart_drawn(self) -> bool:
        """The benefit's chart is drawn, when its tab is the one shown (readiness)."""
        if self.benefit_id is None or self.tabs.currentWidget() is not self.overview:
            return True
        return self.overview.chart_drawn()

    def new_benefit(self) -> None:
        """A blank definition for a new benefit with the next free code, e.g. B-021."""
        if self.context.read_only or not self.leave():
            return
        self.previous_id = self.benefit_id
        self.benefit_id = None
        code = next_benefit_code(self.context.store)
        self.stack.setCurrentWidget(self.tabs)
        self.header.show_new(code)
        for key, page in self.pages.items():
            index = self.tabs.indexOf(page)
            self.tabs.setTabText(index, self.titles[key])
            self.tabs.setTabEnabled(index, page is self.definition)
        self.tabs.setTabIcon(self.tabs.indexOf(self.definition), icon("edit"))
        self.tabs.setCurrentWidget(self.definition)
        self.definition.start_new(code, owner=self.settings.me or None)

    def approve(self) -> bool:
        """Run the approval gate on the shown benefit; refusals appear beside the fields."""
        if self.benefit_id is None and not self.definition.new:
            return False
        self.tabs.setCurrentWidget(self.definition)
        if self.definition.stale:
            self.definition.reload()
        return self.definition.approve()

    def show_tab(self, key: str) -> None:
        page = self.pages.get(key)
        if page is not None and self.tabs.isTabEnabled(self.tabs.indexOf(page)):
            self.tabs.setCurrentWidget(page)

    def leave(self) -> bool:
        """True when it is fine to show something else: nothing unapplied, or the user chose."""
        pending = [tab for tab in (self.definition, self.plan) if tab.is_dirty()]
        if not pending:
            return True
        row = self.context.benefit_row(self.benefit_id) if self.benefit_id else None
        what = " and ".join(
            ("The new benefit" if self.definition.new else "The definition")
            if tab is self.definition
            else "the plan"
            for tab in pending
        )
        if row is not None:
            what = f"{row.code}: {what[0].lower()}{what[1:]}"
        answer = self.prompter.unsaved(self, what)
        if answer == CANCEL:
            return False
        if answer == APPLY:
            for tab in pending:
                saved = tab.apply() if tab is self.definition else self._save_plan()
                if not saved:
                    self.tabs.setCurrentWidget(tab)
                    return False
            return True
        if self.definition.new:
            self.definition.new = False
        else:
            self.definition.revert()
        self.plan.discard()
        return True

    # -- showing -----------------------------------------------------------------------------
    def _save_plan(self) -> bool:
        return self.plan.save() if self.plan.act_save.isEnabled() else self.plan.rebaseline()

    def _show(self, benefit_id: int | None) -> None:
        self.benefit_id = benefit_id
        row = self.context.benefit_row(benefit_id) if benefit_id is not None else None
        if row is None:
            self.benefit_id = None
            for page in self.pages.values():
                page.show_benefit(None)
            self._show_empty(self._nothing_selected())
            return
        for i in range(self.tabs.count()):
            self.tabs.setTabEnabled(i, True)
        self.stack.setCurrentWidget(self.tabs)
        self._header(row)
        self._apply_access(row)
        for page in self.pages.values():
            page.show_benefit(benefit_id)

    def _apply_access(self, row: Any) -> None:
        """Open each tab as far as the signed-in role may change this benefit, and say so.

        On a portfolio file, or as a PMO, everything is open and nothing is said.
        """
        records = self.context.record_refusal(row.id)
        definitions = self.context.manage_refusal()
        for page in self.pages.values():
            page.set_access(records, definitions)
        proposing = definitions is not None and records is None
        self.definition.set_proposing(proposing)
        note = records or (
            f"{row.code} is yours: log figures, variance notes, actions and activities here. "
            "Changes to its definition go to the PMO as a proposal."
            if proposing
            else None
        )
        self.access_note.setText(note or "")
        self.access_note.setVisible(bool(note))

    def _nothing_selected(self) -> str:
        """What the panel says with no benefit shown: how to begin, in an empty portfolio."""
        if self.context.report.snapshot.benefits:
            return "Select a benefit in the register, or create one with New Benefit (Ctrl+N)."
        if self.context.read_only:
            return "This portfolio has no benefits yet."
        return (
            "This portfolio has no benefits yet: create the first with New Benefit (Ctrl+N), "
            "or bring in your register with Import (Ctrl+I)."
        )

    def _show_empty(self, message: str) -> None:
        self.header.show_empty("No benefit selected")
        self.empty.setText(message)
        self.stack.setCurrentWidget(self.empty)

    def _header(self, row: Any) -> None:
        self.header.show_row(row, self.context.result_for(row.id))
        self._tab_titles(row)

    def _tab_titles(self, row: Any) -> None:
        """Counts and warnings on the tabs, so what needs attention shows without a click."""
        snap = self.context.report.snapshot
        indicators = len(snap.indicators.get(row.id, []))
        actions = [a for a in snap.actions if a.benefit_id == row.id]
        open_actions = sum(a.status in OPEN_ACTION_STATUSES for a in actions)
        findings = check_definition(inputs.definition_input(snap, row))
        errors = any(f.severity is Severity.ERROR for f in findings)
        texts = dict(self.titles)
        if indicators:
            texts["indicators"] += f" ({indicators})"
        if open_actions:
            texts["variance"] += f" ({open_actions} open)"
        for key, page in self.pages.items():
            index = self.tabs.indexOf(page)
            self.tabs.setTabText(index, texts[key])
        index = self.tabs.indexOf(self.definition)
        self.tabs.setTabIcon(index, icon("error" if errors else "edit"))
        self.tabs.setTabToolTip(
            index, "The definition has errors that block approval" if errors else "Every field"
        )

    # -- following changes ------------------------------------------------------------------------
    def _concerns_me(self, change: Change) -> bool:
        if self.benefit_id is None:
            return False
        if not change.benefit_ids or change.entity.startswith(GLOBAL_ENTITIES):
            return True
        return self.benefit_id in change.benefit_ids

    def _on_changed(self, change: Change) -> None:
        if self.definition.new:
            return
        if self._concerns_me(change):
            self._refresh()

    def _on_reloaded(self) -> None:
        if self.benefit_id is not None:
            self._refresh()
        elif self.stack.currentWidget() is self.empty:
            self._show_empty(self._nothing_selected())  # benefits imported or all deleted

    def _refresh(self) -> None:
        row = self.context.benefit_row(self.benefit_id) if self.benefit_id else None
        if row is None:
            self.benefit_id = None
            for page in self.pages.values():
                page.show_benefit(None)
            self._show_empty("This benefit no longer exists (Undo brings it back).")
            return
        self._header(row)
        self._apply_access(row)
        for page in self.pages.values():
            page.changed()

    def _applied(self, benefit_id: int) -> None:
        created = self.benefit_id != benefit_id
        if created:
            self.definition.new = False
            self._show(benefit_id)
            self.tabs.setCurrentWidget(self.definition)
            self.benefit_created.emit(benefit_id)

    def _new_cancelled(self) -> None:
        self._show(self.previous_id)
