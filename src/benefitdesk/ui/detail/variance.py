"""The Variance & actions tab: why the figures differ, and what is being done.

Variance notes (period, cause, explanation) on the left; corrective actions (owner,
due date, status, outcome) on the right, overdue ones in red. Close marks an action
done and records its outcome.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import QSplitter, QVBoxLayout

from benefitdesk.analysis.periods import period_end
from benefitdesk.analysis.types import Status
from benefitdesk.model import OPEN_ACTION_STATUSES, ActionStatus, VarianceCause
from benefitdesk.present.formats import month
from benefitdesk.services import records
from benefitdesk.services.records import ActionFields, NoteFields
from benefitdesk.ui.detail.base import DetailTab
from benefitdesk.ui.detail.commands import add_command, delete_command, edit_command
from benefitdesk.ui.detail.record_dialogs import ActionDialog, NoteDialog
from benefitdesk.ui.resources import icon
from benefitdesk.ui.style import STATUS_COLOURS
from benefitdesk.ui.widgets.fields import fmt_date
from benefitdesk.ui.widgets.reason import ReasonDialog
from benefitdesk.ui.widgets.table import RecordModel, RecordTable

OVERDUE = STATUS_COLOURS[Status.OFF_TRACK]
DONE_GREY = "#64748b"


@dataclass(frozen=True, slots=True)
class NoteRow:
    id: int
    period: date
    cause: VarianceCause
    explanation: str
    row_version: int | None = None

    def fields(self) -> NoteFields:
        return NoteFields(self.period, self.cause, self.explanation)


@dataclass(frozen=True, slots=True)
class ActionRow:
    id: int
    title: str
    owner: str | None
    due_date: date | None
    status: ActionStatus
    outcome: str | None
    overdue: bool
    row_version: int | None = None

    def fields(self) -> ActionFields:
        return ActionFields(self.title, self.owner, self.due_date, self.status, self.outcome)


class NoteModel(RecordModel):
    COL_PERIOD, COL_CAUSE, COL_EXPLANATION = range(3)
    HEADERS = ("Period", "Cause", "Explanation")

    def display(self, row: NoteRow, col: int) -> str:
        if col == self.COL_PERIOD:
            return month(row.period)
        if col == self.COL_CAUSE:
            return str(row.cause.value).capitalize()
        return " ".join(row.explanation.split())

    def sort_key(self, row: NoteRow, col: int) -> Any:
        return row.period.toordinal() if col == self.COL_PERIOD else super().sort_key(row, col)

    def tooltip(self, row: NoteRow, col: int) -> str | None:
        return row.explanation if col == self.COL_EXPLANATION else None


class ActionModel(RecordModel):
    COL_TITLE, COL_OWNER, COL_DUE, COL_STATUS, COL_OUTCOME = range(5)
    HEADERS = ("Action", "Owner", "Due", "Status", "Outcome")

    def display(self, row: ActionRow, col: int) -> str:
        match col:
            case self.COL_TITLE:
                return row.title
            case self.COL_OWNER:
                return row.owner or ""
            case self.COL_DUE:
                return fmt_date(row.due_date)
            case self.COL_STATUS:
                return str(row.status.value).capitalize()
            case self.COL_OUTCOME:
                return " ".join((row.outcome or "").split())
        return ""

    def sort_key(self, row: ActionRow, col: int) -> Any:
        if col == self.COL_DUE:
            return row.due_date.toordinal() if row.due_date else 10**7
        if col == self.COL_STATUS:
            return list(ActionStatus).index(row.status)
        return super().sort_key(row, col)

    def foreground(self, row: ActionRow, col: int) -> Any:
        if row.overdue and col in (self.COL_DUE, self.COL_TITLE, self.COL_STATUS):
            return QColor(OVERDUE)
        if row.status not in OPEN_ACTION_STATUSES:
            return QColor(DONE_GREY)
        return None

    def decoration(self, row: ActionRow, col: int) -> Any:
        return icon("attention") if row.overdue and col == self.COL_DUE else None

    def data(self, index: Any, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.FontRole and index.isValid():
            row = self._rows[index.row()]
            if row.overdue and index.column() == self.COL_DUE:
                font = QFont()
                font.setBold(True)
                return font
        return super().data(index, role)

    def tooltip(self, row: ActionRow, col: int) -> str | None:
        if row.overdue:
            return f"Overdue: due {fmt_date(row.due_date)} and still {row.status.value}"
        if col == self.COL_OUTCOME and row.outcome:
            return row.outcome
        return None


class VarianceTab(DetailTab):
    EDITS = "records"

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.note_model = NoteModel(self)
        self.notes = RecordTable(
            "Variance notes",
            self.note_model,
            self,
            empty="No variance notes. When a figure is off plan, explain why here.",
            add=("Add…", self.add_note),
            edit=self.edit_note,
            delete=self.delete_note,
            widths=(70, 105, 200),
            stretch=NoteModel.COL_EXPLANATION,
            newest_first=True,
        )
        self.action_model = ActionModel(self)
        self.action_table = RecordTable(
            "Corrective actions",
            self.action_model,
            self,
            empty="No corrective actions. Record what will bring the benefit back on plan.",
            add=("Add…", self.add_action),
            edit=self.edit_action,
            delete=self.delete_action,
            widths=(200, 110, 105, 85, 160),
            stretch=ActionModel.COL_TITLE,
        )
        self.act_close = self.action_table.action(
            "Close…", self.close_current, "approve", "Ctrl+D", needs_row=False, editing=False
        )
        self.act_close.setToolTip("Mark the action done and record its outcome (Ctrl+D)")
        self.action_table.view.selectionModel().currentRowChanged.connect(self._update_close)
        split = QSplitter(Qt.Orientation.Horizontal, self)
        split.addWidget(self.notes)
        split.addWidget(self.action_table)
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.addWidget(split)

    def refresh(self) -> None:
        snapshot = self.context.report.snapshot
        notes: list[NoteRow] = []
        actions: list[ActionRow] = []
        if self.row() is not None:
            notes = [
                NoteRow(n.id, n.period, n.cause, n.explanation, n.row_version)
                for n in snapshot.notes
                if n.benefit_id == self.benefit_id
            ]
            as_of = self.context.as_of
            actions = [
                ActionRow(
                    a.id,
                    a.title,
                    snapshot.person_name(a.owner_id),
                    a.due_date,
                    a.status,
                    a.outcome,
                    a.status in OPEN_ACTION_STATUSES
                    and a.due_date is not None
                    and a.due_date < as_of,
                    a.row_version,
                )
                for a in snapshot.actions
                if a.benefit_id == self.benefit_id
            ]
        self.notes.set_rows(notes)
        self.action_table.set_rows(actions)
        self._update_close()

    def set_read_only(self, read_only: bool) -> None:
        super().set_read_only(read_only)
        self.notes.set_read_only(read_only)
        self.action_table.set_read_only(read_only)
        self._update_close()

    def _update_close(self, *_args: Any) -> None:
        action = self.action_table.current_row()
        self.act_close.setEnabled(
            not self.read_only and action is not None and action.status in OPEN_ACTION_STATUSES
        )

    # -- variance notes -------------------------------------------------------------------
    def _default_period(self) -> date:
        row = self.row()
        result = self.context.result_for(self.benefit_id) if self.benefit_id else None
        if result is not None and result.latest_date is not None:
            return result.latest_date
        frequency = row.frequency.value if row is not None and row.frequency else "monthly"
        return period_end(self.context.as_of, frequency)

    def add_note(self) -> bool:
        row = self.row()
        if row is None or self.read_only:
            return False
        dialog = NoteDialog(self, period=self._default_period(), cause=VarianceCause.ADOPTION)

        def submit(data: NoteFields) -> None:
            self.push(
                add_command(
                    self.context,
                    f"Add variance note {row.code}",
                    lambda: records.add_note(self.context.store, benefit_id=row.id, data=data),
                )
            )

        dialog.submit = submit
        return self.prompter.run(dialog)

    def edit_note(self, note: NoteRow) -> bool:
        dialog = NoteDialog(self, note.fields())
        before = note.fields()

        def submit(data: NoteFields) -> None:
            store = self.context.store
            self.push(
                edit_command(
                    self.context,
                    "Edit variance note",
                    lambda **v: records.update_note(store, note_id=note.id, data=data, **v),
                    lambda **v: records.update_note(store, note_id=note.id, data=before, **v),
                    row_version=note.row_version,
                )
            )

        dialog.submit = submit
        return self.prompter.run(dialog)

    def delete_note(self, note: NoteRow) -> bool:
        text = f"Delete the variance note for {month(note.period)}? You can undo this."
        if not self.prompter.confirm(self, "Delete variance note", text):
            return False
        return self.run(
            delete_command(self.context, "Delete variance note", "variance_note", note.id)
        )

    # -- corrective actions -------------------------------------------------------------------
    def add_action(self) -> bool:
        row = self.row()
        if row is None or self.read_only:
            return False
        owner = self.context.report.snapshot.person_name(row.owner_id)
        dialog = ActionDialog(self, self.people(), owner=owner)

        def submit(data: ActionFields) -> None:
            self.push(
                add_command(
                    self.context,
                    f"Add action {row.code}",
                    lambda: records.add_action(self.context.store, benefit_id=row.id, data=data),
                )
            )

        dialog.submit = submit
        return self.prompter.run(dialog)

    def edit_action(self, action: ActionRow) -> bool:
        dialog = ActionDialog(self, self.people(), action.fields())
        before = action.fields()

        def submit(data: ActionFields) -> None:
            store = self.context.store
            self.push(
                edit_command(
                    self.context,
                    f"Edit action {action.title[:30]}",
                    lambda **v: records.update_action(store, action_id=action.id, data=data, **v),
                    lambda **v: records.update_action(store, action_id=action.id, data=before, **v),
                    row_version=action.row_version,
                )
            )

        dialog.submit = submit
        return self.prompter.run(dialog)

    def close_current(self) -> bool:
        action = self.action_table.current_row()
        if action is None or self.read_only or action.status not in OPEN_ACTION_STATUSES:
            return False
        dialog = ReasonDialog(
            self,
            title="Close action",
            intro=f"Mark “{action.title}” as done.",
            label="&Outcome",
            accept_text="&Close action",
            placeholder="What did it achieve? (optional)",
            text=action.outcome or "",
        )
        before = action.fields()

        def submit(outcome: str | None) -> None:
            store = self.context.store
            self.push(
                edit_command(
                    self.context,
                    f"Close action {action.title[:30]}",
                    lambda **v: records.close_action(
                        store, action_id=action.id, outcome=outcome, **v
                    ),
                    lambda **v: records.update_action(store, action_id=action.id, data=before, **v),
                    row_version=action.row_version,
                )
            )

        dialog.submit = submit
        return self.prompter.run(dialog)

    def delete_action(self, action: ActionRow) -> bool:
        text = f"Delete the action “{action.title}”? You can undo this."
        if not self.prompter.confirm(self, "Delete action", text):
            return False
        return self.run(
            delete_command(self.context, "Delete action", "corrective_action", action.id)
        )
