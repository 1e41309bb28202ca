"""The Activities & people tab: what has to happen for the benefit, and who is involved.

Realisation activities and milestones (training, adoption milestones, process changes)
on the left, overdue ones in red; stakeholders with their RACI roles on the right.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QSplitter, QVBoxLayout

from benefitdesk.model import OPEN_ACTION_STATUSES, ActionStatus, ActivityKind, Raci
from benefitdesk.services import records
from benefitdesk.services.records import ActivityFields, StakeholderFields
from benefitdesk.ui.detail.base import DetailTab
from benefitdesk.ui.detail.commands import add_command, delete_command, edit_command
from benefitdesk.ui.detail.record_dialogs import RACI_HELP, ActivityDialog, StakeholderDialog
from benefitdesk.ui.detail.variance import DONE_GREY, OVERDUE
from benefitdesk.ui.resources import icon
from benefitdesk.ui.widgets.fields import fmt_date
from benefitdesk.ui.widgets.table import RecordModel, RecordTable


@dataclass(frozen=True, slots=True)
class ActivityRow:
    id: int
    title: str
    kind: ActivityKind
    owner: str | None
    due_date: date | None
    done_date: date | None
    status: ActionStatus
    overdue: bool
    row_version: int | None = None

    def fields(self) -> ActivityFields:
        return ActivityFields(
            self.title, self.kind, self.owner, self.due_date, self.done_date, self.status
        )


@dataclass(frozen=True, slots=True)
class StakeholderRow:
    id: int
    person: str
    role: Raci
    email: str | None
    title: str | None
    row_version: int | None = None

    def fields(self) -> StakeholderFields:
        return StakeholderFields(self.person, self.role)


class ActivityModel(RecordModel):
    COL_TITLE, COL_KIND, COL_OWNER, COL_DUE, COL_DONE, COL_STATUS = range(6)
    HEADERS = ("Activity", "Kind", "Owner", "Due", "Done", "Status")

    def display(self, row: ActivityRow, col: int) -> str:
        match col:
            case self.COL_TITLE:
                return row.title
            case self.COL_KIND:
                return str(row.kind.value).capitalize()
            case self.COL_OWNER:
                return row.owner or ""
            case self.COL_DUE:
                return fmt_date(row.due_date)
            case self.COL_DONE:
                return fmt_date(row.done_date)
            case self.COL_STATUS:
                return str(row.status.value).capitalize()
        return ""

    def sort_key(self, row: ActivityRow, col: int) -> Any:
        if col == self.COL_DUE:
            return row.due_date.toordinal() if row.due_date else 10**7
        if col == self.COL_DONE:
            return row.done_date.toordinal() if row.done_date else 10**7
        if col == self.COL_STATUS:
            return list(ActionStatus).index(row.status)
        return super().sort_key(row, col)

    def foreground(self, row: ActivityRow, col: int) -> Any:
        if row.overdue and col in (self.COL_TITLE, self.COL_DUE, self.COL_STATUS):
            return QColor(OVERDUE)
        if row.status not in OPEN_ACTION_STATUSES:
            return QColor(DONE_GREY)
        return None

    def decoration(self, row: ActivityRow, col: int) -> Any:
        return icon("attention") if row.overdue and col == self.COL_DUE else None

    def tooltip(self, row: ActivityRow, col: int) -> str | None:
        if row.overdue:
            return f"Overdue: due {fmt_date(row.due_date)} and still {row.status.value}"
        return row.title if col == self.COL_TITLE else None


class StakeholderModel(RecordModel):
    COL_PERSON, COL_ROLE, COL_TITLE = range(3)
    HEADERS = ("Person", "RACI role", "Role / title")

    def display(self, row: StakeholderRow, col: int) -> str:
        if col == self.COL_PERSON:
            return row.person
        if col == self.COL_ROLE:
            return str(row.role.value).capitalize()
        return row.title or ""

    def sort_key(self, row: StakeholderRow, col: int) -> Any:
        if col == self.COL_ROLE:
            return list(Raci).index(row.role)
        return super().sort_key(row, col)

    def tooltip(self, row: StakeholderRow, col: int) -> str | None:
        if col == self.COL_ROLE:
            return f"{row.person} {RACI_HELP[row.role]}"
        if col == self.COL_PERSON and row.email:
            return row.email
        return None


class PeopleTab(DetailTab):
    EDITS = "records"  # the activities; the stakeholders are part of the definition

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.activity_model = ActivityModel(self)
        self.activities = RecordTable(
            "Realisation activities",
            self.activity_model,
            self,
            empty="No activities. Plan the training, adoption milestones and process "
            "changes the benefit depends on.",
            add=("Add…", self.add_activity),
            edit=self.edit_activity,
            delete=self.delete_activity,
            widths=(200, 100, 105, 100, 90, 80),
            stretch=ActivityModel.COL_TITLE,
        )
        self.stakeholder_model = StakeholderModel(self)
        self.stakeholders = RecordTable(
            "Stakeholders",
            self.stakeholder_model,
            self,
            empty="No stakeholders. Who is responsible, accountable, consulted, informed?",
            add=("Add…", self.add_stakeholder),
            edit=self.edit_stakeholder,
            delete=self.delete_stakeholder,
            widths=(130, 90, 120),
        )
        split = QSplitter(Qt.Orientation.Horizontal, self)
        split.addWidget(self.activities)
        split.addWidget(self.stakeholders)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.addWidget(split)

    def refresh(self) -> None:
        snapshot = self.context.report.snapshot
        activities: list[ActivityRow] = []
        stakeholders: list[StakeholderRow] = []
        if self.row() is not None:
            as_of = self.context.as_of
            activities = [
                ActivityRow(
                    a.id,
                    a.title,
                    a.kind,
                    snapshot.person_name(a.owner_id),
                    a.due_date,
                    a.done_date,
                    a.status,
                    a.status in OPEN_ACTION_STATUSES
                    and a.due_date is not None
                    and a.due_date < as_of,
                    a.row_version,
                )
                for a in snapshot.activities
                if a.benefit_id == self.benefit_id
            ]
            for s in snapshot.stakeholders:
                if s.benefit_id != self.benefit_id:
                    continue
                person = snapshot.people.get(s.person_id)
                stakeholders.append(
                    StakeholderRow(
                        s.id,
                        person.name if person else "?",
                        s.role,
                        person.email if person else None,
                        person.role if person else None,
                        s.row_version,
                    )
                )
        self.activities.set_rows(activities)
        self.stakeholders.set_rows(stakeholders)

    def set_read_only(self, read_only: bool) -> None:
        super().set_read_only(read_only)
        self.activities.set_read_only(read_only)
        self.stakeholders.set_read_only(read_only)

    def set_access(self, records: str | None, definitions: str | None) -> None:
        super().set_access(records, definitions)
        self.stakeholders.set_read_only(definitions is not None)

    # -- activities ---------------------------------------------------------------------------
    def add_activity(self) -> bool:
        row = self.row()
        if row is None or self.read_only:
            return False
        dialog = ActivityDialog(self, self.people(), today=self.context.as_of)

        def submit(data: ActivityFields) -> None:
            self.push(
                add_command(
                    self.context,
                    f"Add activity {row.code}",
                    lambda: records.add_activity(self.context.store, benefit_id=row.id, data=data),
                )
            )

        dialog.submit = submit
        return self.prompter.run(dialog)

    def edit_activity(self, activity: ActivityRow) -> bool:
        dialog = ActivityDialog(self, self.people(), activity.fields(), today=self.context.as_of)
        before = activity.fields()

        def submit(data: ActivityFields) -> None:
            store = self.context.store
            self.push(
                edit_command(
                    self.context,
                    f"Edit activity {activity.title[:30]}",
                    lambda **v: records.update_activity(
                        store, activity_id=activity.id, data=data, **v
                    ),
                    lambda **v: records.update_activity(
                        store, activity_id=activity.id, data=before, **v
                    ),
                    row_version=activity.row_version,
                )
            )

        dialog.submit = submit
        return self.prompter.run(dialog)

    def delete_activity(self, activity: ActivityRow) -> bool:
        text = f"Delete the activity “{activity.title}”? You can undo this."
        if not self.prompter.confirm(self, "Delete activity", text):
            return False
        return self.run(delete_command(self.context, "Delete activity", "activity", activity.id))

    # -- stakeholders ---------------------------------------------------------------------
    def add_stakeholder(self) -> bool:
        row = self.row()
        if row is None or self.stakeholders.read_only:
            return False
        dialog = StakeholderDialog(self, self.people())

        def submit(data: StakeholderFields) -> None:
            self.push(
                add_command(
                    self.context,
                    f"Add stakeholder {data.person}",
                    lambda: records.add_stakeholder(
                        self.context.store, benefit_id=row.id, data=data
                    ),
                )
            )

        dialog.submit = submit
        return self.prompter.run(dialog)

    def edit_stakeholder(self, stakeholder: StakeholderRow) -> bool:
        dialog = StakeholderDialog(self, self.people(), stakeholder.fields())
        before = stakeholder.fields()

        def submit(data: StakeholderFields) -> None:
            store = self.context.store
            self.push(
                edit_command(
                    self.context,
                    f"Edit stakeholder {stakeholder.person}",
                    lambda **v: records.update_stakeholder(
                        store, stakeholder_id=stakeholder.id, data=data, **v
                    ),
                    lambda **v: records.update_stakeholder(
                        store, stakeholder_id=stakeholder.id, data=before, **v
                    ),
                    row_version=stakeholder.row_version,
                )
            )

        dialog.submit = submit
        return self.prompter.run(dialog)

    def delete_stakeholder(self, stakeholder: StakeholderRow) -> bool:
        text = (
            f"Remove {stakeholder.person} ({stakeholder.role.value}) from this benefit? "
            "You can undo this."
        )
        if not self.prompter.confirm(self, "Remove stakeholder", text, "Remove"):
            return False
        return self.run(
            delete_command(self.context, "Remove stakeholder", "stakeholder", stakeholder.id)
        )
