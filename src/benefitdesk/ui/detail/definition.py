"""The Definition tab: edit every field, see the definition checks, pass the gate.

Edits stay in the form until Apply (Ctrl+Enter), which saves them as ONE undoable
command; Revert restores the saved definition. The definition checks run on what is
typed, so the findings beside the fields change as the user fixes them. Approve runs
the approval gate in the service; its refusal's reasons appear beside the fields.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from benefitdesk.analysis.checks import Finding, Severity, check_definition
from benefitdesk.model import Frequency, Lifecycle
from benefitdesk.present.formats import currency_prefix
from benefitdesk.services import inputs
from benefitdesk.services.benefits import (
    APPROVED_STATES,
    BenefitFields,
    load_benefit_fields,
    validate,
)
from benefitdesk.services.conflicts import changed_by_text
from benefitdesk.services.errors import ApprovalRefused, ServiceError, StaleEdit
from benefitdesk.ui.commands import push_command, save_benefit_command
from benefitdesk.ui.detail.base import DetailTab
from benefitdesk.ui.detail.commands import create_benefit_command
from benefitdesk.ui.detail.definition_form import DefinitionForm, normalised
from benefitdesk.ui.resources import icon
from benefitdesk.ui.widgets.fields import ERROR, INFO, WARNING, Message


class DefinitionTab(DetailTab):
    EDITS = "definitions"
    applied = Signal(int)  # the benefit id, after a successful Apply or Approve
    new_cancelled = Signal()  # Revert on a new, never-saved benefit
    show_tab = Signal(str)  # e.g. "indicators", from a finding's link

    def __init__(self, *args: Any, today: date | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.today = today or date.today()
        self.form = DefinitionForm()
        self.loaded: BenefitFields | None = None  # the saved definition (None: new)
        self.base_version: int | None = None  # the version the form's edits started from
        self.proposing = False  # an owner's own benefit on a server: Apply proposes
        self.info = ""  # a word of news for the summary line (e.g. "Proposed: ...")
        self.new = False
        self.saving = False  # our own save is being applied: the views refresh meanwhile
        self.tried = False  # an Apply was attempted: show every problem
        self.touched: set[str] = set()
        self.refused: dict[str, str] = {}
        self.refusal = ""

        self.summary_icon = QLabel(self)
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.summary.linkActivated.connect(self.show_tab)
        self.dirty_label = QLabel("● Unapplied changes", self)
        self.dirty_label.setStyleSheet("color: #b45309;")
        self.approve_button = QPushButton(icon("approve"), "A&pprove", self)
        self.approve_button.setToolTip(
            "Approve the definition: the approval gate refuses it while a check finds an error"
        )
        self.revert_button = QPushButton(icon("revert"), "&Revert", self)
        self.revert_button.setToolTip("Throw away the changes not applied yet")
        self.apply_button = QPushButton(icon("check"), "&Apply", self)
        self.apply_button.setToolTip("Save the changes as one undoable step (Ctrl+Enter)")
        self.apply_button.setDefault(True)
        self.approve_button.clicked.connect(self.approve)
        self.revert_button.clicked.connect(self.revert)
        self.apply_button.clicked.connect(self.apply)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(
                QKeySequence(keys), self, self.apply, Qt.ShortcutContext.WidgetWithChildrenShortcut
            )

        bar = QHBoxLayout()
        bar.setContentsMargins(8, 4, 8, 4)
        bar.setSpacing(6)
        bar.addWidget(self.summary_icon)
        bar.addWidget(self.summary, 1)
        bar.addWidget(self.dirty_label)
        bar.addWidget(self.approve_button)
        bar.addWidget(self.revert_button)
        bar.addWidget(self.apply_button)
        line = QFrame(self)
        line.setFrameShape(QFrame.Shape.HLine)
        line.setFrameShadow(QFrame.Shadow.Sunken)

        content = QWidget()
        column = QVBoxLayout(content)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        general = self.form.fieldset.general
        general.setContentsMargins(8, 4, 8, 0)
        general.link_activated.connect(self.show_tab)
        column.addWidget(general)
        column.addWidget(self.form)
        self.scroll_area = QScrollArea(self)
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll_area.setWidget(content)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addLayout(bar)
        layout.addWidget(line)
        layout.addWidget(self.scroll_area, 1)
        self.form.edited.connect(self._edited)
        self._update()

    # -- loading --------------------------------------------------------------------------
    def show_benefit(self, benefit_id: int | None) -> None:
        self.new = False
        self.loaded = None
        self._reset_state()
        super().show_benefit(benefit_id)
        if benefit_id is None:
            self._update()

    def refresh(self) -> None:
        self._fill_choices()
        if self.new or self.benefit_id is None:
            self._update()
            return
        fresh = load_benefit_fields(self.context.store, benefit_id=self.benefit_id)
        if fresh is None:
            self.loaded = None
            self._update()
            return
        keep_edits = self.loaded is not None and self.is_dirty()
        if keep_edits and self.loaded is not None and fresh.row_version != self.base_version:
            who = changed_by_text(self.context.store, "benefit", self.benefit_id)
            self.refusal = f"{fresh.code} was {who} while you were editing: Revert to see it"
        self.loaded = fresh
        if not keep_edits:
            self.form.set_fields(fresh)
            self.base_version = fresh.row_version
        self._update()

    def start_new(self, code: str, owner: str | None = None) -> None:
        """A blank definition for a new benefit, with sensible defaults."""
        self.benefit_id = None
        self.new = True
        self.loaded = None
        self._reset_state()
        self._fill_choices()
        self.stale = False
        self.form.set_fields(
            BenefitFields(
                code=code,
                title="",
                owner=owner or None,
                frequency=Frequency.MONTHLY,
                defined_on=self.today,
            )
        )
        self._update()
        self.form.focus_field("title")

    def _reset_state(self) -> None:
        self.tried, self.touched, self.refused, self.refusal = False, set(), {}, ""

    def _fill_choices(self) -> None:
        snapshot = self.context.report.snapshot
        projects = sorted((p.code, p.name) for p in snapshot.projects.values())
        self.form.set_projects(projects)
        self.form.set_people(self.people())
        currency = snapshot.settings.currency if snapshot.settings is not None else "GBP"
        self.form.set_currency(currency_prefix(currency).strip())

    # -- state ----------------------------------------------------------------------------
    def is_dirty(self) -> bool:
        """Edits not applied yet. Not while its own save runs: the refreshes that save
        sets off must never be taken for the user leaving the form."""
        if self.saving:
            return False
        if self.new:
            return True
        if self.loaded is None:
            return False
        current = self.form.fields()
        return current is None or normalised(current) != normalised(self.loaded)

    def set_read_only(self, read_only: bool) -> None:
        super().set_read_only(read_only)
        self.form.set_read_only(read_only and not self.proposing)
        self._update()

    def set_proposing(self, proposing: bool) -> None:
        """The benefit's owner may not change its definition but may propose changes."""
        self.proposing = proposing
        self.form.set_read_only(self.read_only and not proposing)
        self.apply_button.setText("&Propose Change…" if proposing else "&Apply")
        self.apply_button.setToolTip(
            "Send the changes to the PMO, with your reason, for approval"
            if proposing
            else "Save the changes as one undoable step (Ctrl+Enter)"
        )
        self._update()

    def _edited(self, key: str) -> None:
        self.info = ""
        self.touched.add(key)
        self.refused.pop(key, None)
        self.refused.pop(key.removesuffix("_date"), None)  # the pair's shared line
        self.refusal = ""
        self._update()

    # -- messages -------------------------------------------------------------------------
    def findings(self, data: BenefitFields) -> list[Finding]:
        """The definition checks on what the form holds now."""
        snapshot = self.context.report.snapshot
        project = next((p for p in snapshot.projects.values() if p.code == data.project_code), None)
        indicators = len(snapshot.indicators.get(self.benefit_id, [])) if self.benefit_id else 0
        return check_definition(
            inputs.make_definition_input(
                data,
                owner=data.owner,
                project_manager=snapshot.person_name(project.manager_id) if project else None,
                project_approval_date=project.approval_date if project else None,
                indicator_count=indicators,
                automated=data.code.strip() in snapshot.automated_codes,
            )
        )

    def problems(self, data: BenefitFields | None) -> dict[str, str]:
        """What stops the form being saved (not approved): parse and validation errors."""
        problems = dict(self.form.fieldset.parse_errors())
        if data is None:
            return problems
        problems.update({k: v for k, v in validate(data).items() if k not in problems})
        clash = self.context.benefit_by_code(data.code.strip())
        if clash is not None and clash.id != self.benefit_id:
            problems["code"] = f"Code in use by {clash.code} {clash.title}"
        return problems

    def _messages(self, data: BenefitFields | None) -> tuple[dict[str, list[Message]], int, int]:
        shown: dict[str, list[Message]] = {}
        for key, text in self.problems(data).items():
            if self.tried or key in self.touched or not self.new:
                shown.setdefault(key, []).append((ERROR, text))
        for key, text in self.refused.items():
            shown.setdefault(key, []).append((ERROR, text))
        errors = warnings = 0
        if data is not None:
            for finding in self.findings(data):
                level = ERROR if finding.severity is Severity.ERROR else WARNING
                errors += level == ERROR
                warnings += level == WARNING
                message = (level, finding.message)
                if message not in shown.get(finding.field, []):
                    shown.setdefault(finding.field, []).append(message)
            if self.form.owner.is_new():
                shown.setdefault("owner", []).append(
                    (INFO, f"{data.owner} will be added to the people list")
                )
        return shown, errors, warnings

    def _update(self) -> None:
        active = self.new or self.loaded is not None
        data = self.form.fields() if active else None
        shown, errors, warnings = self._messages(data) if active else ({}, 0, 0)
        if "indicators" in shown and not self.new:
            shown["indicators"] = [
                (level, f"{text} — <a href='indicators'>add one</a>")
                for level, text in shown["indicators"]
            ]
        self.form.fieldset.show(shown)
        if data is not None:
            self._start_hint(data)
        dirty = active and self.is_dirty()
        editable = active and (not self.read_only or self.proposing)
        self.apply_button.setEnabled(editable and dirty)
        self.revert_button.setEnabled(editable and dirty)
        status = data.status if data is not None else None
        saved = self.loaded.status if self.loaded is not None else status
        self.approve_button.setVisible(saved not in APPROVED_STATES and saved is not None)
        self.approve_button.setEnabled(
            editable
            and not self.proposing
            and saved in (Lifecycle.DRAFT,)
            and not self.problems(data)
        )
        self.dirty_label.setVisible(dirty and not self.new)
        self.form.setEnabled(active)
        self._summarise(errors, warnings, active)

    def _start_hint(self, data: BenefitFields) -> None:
        """Say in the empty realisation start what it defaults to."""
        snapshot = self.context.report.snapshot
        project = next((p for p in snapshot.projects.values() if p.code == data.project_code), None)
        if project is not None and project.actual_go_live:
            self.form.set_start_hint(project.actual_go_live, "go-live")
        elif project is not None and project.planned_go_live:
            self.form.set_start_hint(project.planned_go_live, "planned go-live")
        elif data.baseline_date:
            self.form.set_start_hint(data.baseline_date, "baseline date")
        else:
            self.form.set_start_hint(None, "")

    def _summarise(self, errors: int, warnings: int, active: bool) -> None:
        if not active:
            self.summary_icon.clear()
            self.summary.setText("")
            return
        if self.refusal:
            name, text = "error", f"<b>{self.refusal}</b>"
        elif self.info:
            name, text = "info", self.info
        elif self.new:
            name, text = "info", "New benefit: fill in the definition, then Apply (Ctrl+Enter)."
        elif errors:
            plural = "s" if errors != 1 else ""
            text = f"{errors} problem{plural} must be fixed before approval"
            text += f" · {warnings} warning{'s' if warnings != 1 else ''}" if warnings else ""
            name = "error"
        elif warnings:
            name = "warning"
            text = f"Ready for approval · {warnings} warning{'s' if warnings != 1 else ''}"
        else:
            name, text = "approve", "The definition passes every check"
        self.summary_icon.setPixmap(icon(name).pixmap(16, 16))
        self.summary.setText(text)

    # -- actions --------------------------------------------------------------------------
    def apply(self) -> bool:
        """Save the form as one undoable command (or, proposing, send it); True when done."""
        return self.propose() if self.proposing else self._save(None)

    def propose(self) -> bool:
        """Send the form's changes to the PMO with a reason; the form returns to the saved
        definition (the proposal is listed in Portfolio › Definition Proposals…)."""
        data = self.form.fields()
        if self.benefit_id is None or self.loaded is None or data is None:
            return False
        problems = self.problems(data)
        if problems:
            self.tried = True
            self._update()
            return False
        from benefitdesk.services.proposals import propose
        from benefitdesk.ui.widgets.reason import ReasonDialog

        dialog = ReasonDialog(
            self,
            title="Propose a definition change",
            intro=f"The PMO approves or rejects changes to {data.code}'s definition.",
            label="&Why",
            accept_text="&Send to the PMO",
            required="Say why the definition should change",
        )

        def submit(reason: str | None) -> None:
            change = propose(
                self.context.store,
                benefit_id=self.benefit_id or 0,
                data=replace(data, row_version=self.base_version),
                reason=reason or "",
            )
            self.context.apply(change)

        dialog.submit = submit
        if not self.prompter.run(dialog):
            return False
        self.revert()
        self.info = "Sent to the PMO, who will approve or reject the proposed change"
        self._update()
        return True

    def approve(self) -> bool:
        """Approve (saving any edits too); the gate's reasons appear beside the fields."""
        return self._save(Lifecycle.APPROVED)

    def revert(self) -> None:
        if self.new:
            self.new = False
            self.new_cancelled.emit()
            return
        self._reset_state()
        if self.loaded is not None:
            self.form.set_fields(self.loaded)
            self.base_version = self.loaded.row_version
        self._update()

    def _save(self, status: Lifecycle | None) -> bool:
        if self.read_only or (self.loaded is None and not self.new):
            return False
        self.tried = True
        self.refusal = ""
        data = self.form.fields()
        problems = self.problems(data)
        if data is None or problems:
            self._update()
            self.form.focus_field(next(iter(problems), "code"))
            return False
        if status is not None:
            data = replace(data, status=status)
        data = replace(data, row_version=self.base_version)
        if not self.new and self.loaded is not None and data == self.loaded:
            return True
        if self.new:
            command = create_benefit_command(self.context, data)
        else:
            assert self.benefit_id is not None and self.loaded is not None
            command = save_benefit_command(self.context, data, self.loaded, self.benefit_id)
        self.saving = True
        try:
            push_command(self.undo_stack, command)
        except ServiceError as refused:
            self.refused = {} if isinstance(refused, StaleEdit) else dict(refused.problems)
            verb = "approved" if isinstance(refused, ApprovalRefused) else "saved"
            count = len(self.refused)
            self.refusal = (
                f"{data.code} cannot be {verb}: fix the {count} problem{'s' if count != 1 else ''}"
                " marked below"
                if self.refused
                else str(refused)
            )
            self._update()
            if self.refused:
                self.form.focus_field(next(iter(self.refused)))
            return False
        finally:
            self.saving = False
        saved = self.context.benefit_by_code(data.code.strip())
        assert saved is not None
        self.new = False
        self.benefit_id = saved.id
        self.loaded = None
        self._reset_state()
        self.stale = False
        self.refresh()
        self.applied.emit(saved.id)
        return True
