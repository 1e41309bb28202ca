"""Benefit › Review…: the post-implementation benefits review of a benefit or its project.

The dialog proposes a decision for each benefit (close as realised once the target is
reached, else continue tracking), takes the lessons learnt, writes the review workbook
for the meeting, and records the decisions: an undoable edit that moves each benefit's
lifecycle through the audited service (``services.review.record_review``).
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices, QUndoStack
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QRadioButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from benefitdesk.exchange.review_workbook import Proposal
from benefitdesk.model import ReviewDecision
from benefitdesk.present.formats import day
from benefitdesk.present.formats import pct as percent
from benefitdesk.present.vocabulary import STATUS_LABELS
from benefitdesk.services import inputs
from benefitdesk.services.changes import Change
from benefitdesk.services.errors import ServiceError
from benefitdesk.services.review import (
    REVIEWABLE,
    Recorded,
    record_review,
    suggested_decision,
    validate_decision,
    withdraw_review,
)
from benefitdesk.ui.commands import ServiceCommand, push_command
from benefitdesk.ui.context import PortfolioContext
from benefitdesk.ui.errors import show_error
from benefitdesk.ui.jobs import Job, JobControl
from benefitdesk.ui.resources import icon
from benefitdesk.ui.settings import AppSettings
from benefitdesk.ui.widgets.fields import ChoiceField, DateField
from benefitdesk.ui.widgets.layouts import clear_layout
from benefitdesk.ui.widgets.saving import choose_workbook

DECISIONS = [(d.value.capitalize(), d) for d in ReviewDecision]


def six_months_on(day: date) -> date:
    """The month end six months after ``day``: a sensible date to look again."""
    month = day.month + 6
    year, month = day.year + (month - 1) // 12, (month - 1) % 12 + 1
    return date(year, month, calendar.monthrange(year, month)[1])


@dataclass
class _Row:
    """One benefit's line of the dialog."""

    benefit_id: int
    code: str
    realisation_pct: float | None
    decision: ChoiceField
    until: DateField
    note: QLineEdit

    def proposal(self) -> Proposal:
        decision: ReviewDecision = self.decision.value()
        until = self.until.value() if decision is ReviewDecision.CONTINUE else None
        return Proposal(decision.value, until, self.note.text().strip())


class ReviewDialog(QDialog):
    def __init__(
        self,
        context: PortfolioContext,
        settings: AppSettings,
        undo_stack: QUndoStack,
        benefit_id: int,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.context, self.settings, self.undo_stack = context, settings, undo_stack
        benefit = context.benefit_row(benefit_id)
        if benefit is None:
            raise ServiceError("That benefit no longer exists")
        self.benefit = benefit
        self.setWindowTitle(f"Benefits review — {self.benefit.code}")
        self.setWindowIcon(icon("history"))
        self.resize(980, 620)
        self.rows: list[_Row] = []
        self.job: Job | None = None

        intro = QLabel(
            "Look back over the benefit: planned against realised, every re-baseline and "
            "its reason, the variance causes and the actions taken. Write the review "
            "workbook for the meeting; record the decision once it is taken.",
            self,
        )
        intro.setWordWrap(True)
        self.only = QRadioButton(f"This benefit: {self.benefit.code} {self.benefit.title}", self)
        self.only.setChecked(True)
        self.project = QRadioButton(self)
        scope = QButtonGroup(self)
        scope.addButton(self.only)
        scope.addButton(self.project)
        project = context.report.snapshot.project_of(self.benefit)
        siblings = self._project_benefits()
        self.project.setText(
            f"Every benefit of {project.code} {project.name} ({len(siblings)})"
            if project
            else "Every benefit of its project (it has none)"
        )
        self.project.setEnabled(project is not None and len(siblings) > 1)
        self.only.toggled.connect(lambda _on: self._fill())

        self.grid_host = QWidget(self)
        self.grid = QGridLayout(self.grid_host)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.grid_host)
        self.lessons = QPlainTextEdit(self)
        self.lessons.setPlaceholderText(
            "What should the next business case estimate differently? (baselines, "
            "adoption, timing, data)"
        )
        self.lessons.setMaximumHeight(110)
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        buttons.rejected.connect(self.reject)
        self.write_button = buttons.addButton(
            "&Write Review Workbook…", QDialogButtonBox.ButtonRole.ActionRole
        )
        self.write_button.clicked.connect(self.choose_and_write)
        self.record_button = buttons.addButton(
            "&Record Decision", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.record_button.setEnabled(not context.read_only)
        self.record_button.setAutoDefault(False)  # Enter in a field must not decide
        self.record_button.clicked.connect(self.record)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.only)
        layout.addWidget(self.project)
        layout.addWidget(QLabel("<b>Recommendation</b>", self))
        layout.addWidget(scroll, 1)
        layout.addWidget(QLabel("<b>Lessons for future business cases</b>", self))
        layout.addWidget(self.lessons)
        layout.addWidget(self.status)
        layout.addWidget(buttons)
        self._fill()

    # -- scope ------------------------------------------------------------------------------
    def _project_benefits(self) -> list[Any]:
        snap = self.context.report.snapshot
        if self.benefit.project_id is None:
            return [self.benefit]
        return [
            b
            for b in snap.benefits
            if b.project_id == self.benefit.project_id
            and (inputs.value_of(b.status) in REVIEWABLE or b.id == self.benefit.id)
        ]

    def scope(self) -> list[Any]:
        return [self.benefit] if self.only.isChecked() else self._project_benefits()

    def _fill(self) -> None:
        clear_layout(self.grid)
        self.rows = []
        for col, text in enumerate(("Benefit", "Decision", "Continue until", "Why")):
            self.grid.addWidget(QLabel(f"<i>{text}</i>", self.grid_host), 0, col)
        for n, benefit in enumerate(self.scope(), start=1):
            self.rows.append(self._row(n, benefit))
        self.grid.setColumnStretch(3, 1)
        self.grid.setRowStretch(len(self.rows) + 1, 1)

    def _row(self, n: int, benefit: Any) -> _Row:
        result = self.context.result_for(benefit.id)
        pct = result.realisation_pct if result else None
        status = STATUS_LABELS[result.status].lower() if result else ""
        realised = f"{percent(pct, digits=0)} realised" if pct is not None else "no figure"
        label = QLabel(
            f"<b>{benefit.code}</b> {benefit.title}<br><span style='color:#475569'>"
            f"{realised}, {status} · target {day(benefit.target_date)} · "
            f"{inputs.value_of(benefit.status)}</span>",
            self.grid_host,
        )
        decision = ChoiceField(DECISIONS, self.grid_host)
        decision.set_value(suggested_decision(result))
        until = DateField(self.grid_host)
        start = max(benefit.target_date or self.context.as_of, self.context.as_of)
        until.set_value(six_months_on(start))
        note = QLineEdit(self.grid_host)
        note.setPlaceholderText("Why this decision")
        decision.edited.connect(
            lambda: until.setEnabled(decision.value() is ReviewDecision.CONTINUE)
        )
        until.setEnabled(decision.value() is ReviewDecision.CONTINUE)
        for col, widget in enumerate((label, decision, until, note)):
            self.grid.addWidget(widget, n, col)
        return _Row(benefit.id, benefit.code, pct, decision, until, note)

    def proposals(self) -> dict[str, Proposal]:
        return {r.code: r.proposal() for r in self.rows}

    def _reviewer(self) -> str:
        return self.settings.me or self.context.store.user or ""

    # -- the workbook ---------------------------------------------------------------------------
    def choose_and_write(self) -> Job | None:
        code = self.benefit.code
        if not self.only.isChecked():
            project = self.context.report.snapshot.project_of(self.benefit)
            code = project.code if project else ""
        stem = f"Benefits review {code} {self.context.as_of:%Y-%m-%d}"
        title = "Write review workbook"
        out = choose_workbook(self, self.settings, self.context, title, stem)
        return None if out is None else self.write(out)

    def write(self, out: Path) -> Job:
        from benefitdesk.services.review import write_review

        store, as_of = self.context.store, self.context.as_of
        ids = [r.benefit_id for r in self.rows]
        proposals, lessons, reviewer = (
            self.proposals(),
            self.lessons.toPlainText(),
            self._reviewer(),
        )

        def work(_control: JobControl) -> Path:
            return write_review(
                store,
                out,
                ids,
                as_of=as_of,
                proposals=proposals,
                lessons=lessons,
                reviewer=reviewer,
            )

        self.job = Job(self, work, "Review workbook").on_success(self._written).run()
        return self.job

    def _written(self, path: Path) -> None:
        self.status.setText(f"The review workbook is in {path}.")
        answer = QMessageBox.question(
            self,
            "Review workbook",
            f"The review workbook is in\n{path}\n\nOpen it now?",
        )
        if answer == QMessageBox.StandardButton.Yes:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))

    # -- the decision ------------------------------------------------------------------------------
    def record(self) -> bool:
        """Record every benefit's decision as one undoable edit; stays open if refused."""
        for row in self.rows:
            proposal = row.proposal()
            problems = validate_decision(
                ReviewDecision(proposal.decision), proposal.continue_until, self.context.as_of
            )
            if problems:
                show_error(
                    self, "Record decision", ServiceError(f"{row.code}: {problems.popitem()[1]}")
                )
                return False
        try:
            push_command(self.undo_stack, self.command())
        except ServiceError as refused:
            show_error(self, "Record decision", refused)
            return False
        self.accept()
        return True

    def command(self) -> ServiceCommand:
        store, on = self.context.store, self.context.as_of
        lessons = self.lessons.toPlainText()
        wanted = [(r.benefit_id, r.proposal(), r.realisation_pct) for r in self.rows]
        done: list[Recorded] = []

        def do() -> Change:
            done.clear()
            try:
                for benefit_id, proposal, pct in wanted:
                    done.append(
                        record_review(
                            store,
                            benefit_id,
                            ReviewDecision(proposal.decision),
                            on=on,
                            continue_until=proposal.continue_until,
                            lessons=lessons,
                            note=proposal.note,
                            realisation_pct=pct,
                        )
                    )
            except ServiceError:
                undo()  # all or nothing: put back what was already recorded
                raise
            return _joined([r.change for r in done])

        def undo() -> Change:
            changes = [withdraw_review(store, r) for r in reversed(done)]
            return _joined(changes)

        codes = ", ".join(r.code for r in self.rows)
        return ServiceCommand(self.context, f"Review {codes}", do, undo)


def _joined(changes: list[Change]) -> Change:
    ids = tuple(i for c in changes for i in c.ids)
    benefits = frozenset(b for c in changes for b in c.benefit_ids)
    return Change("benefit", ids, benefits, structural=True)


def open_review_dialog(
    context: PortfolioContext,
    settings: AppSettings,
    undo_stack: QUndoStack,
    benefit_id: int,
    parent: QWidget,
) -> ReviewDialog:
    dialog = ReviewDialog(context, settings, undo_stack, benefit_id, parent)
    dialog.exec()
    return dialog
