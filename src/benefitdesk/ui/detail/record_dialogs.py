"""Dialogs for the records around a benefit: notes, actions, activities, people, indicators.

Each is a :class:`RecordDialog` over one of the field sets in
``services.records``, validated by the same function the service applies.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtWidgets import QWidget

from benefitdesk.model import ActionStatus, ActivityKind, Frequency, Raci, VarianceCause
from benefitdesk.services import records
from benefitdesk.services.records import (
    ActionFields,
    ActivityFields,
    IndicatorFields,
    NoteFields,
    StakeholderFields,
)
from benefitdesk.ui.widgets.fields import (
    INFO,
    ChoiceField,
    DateField,
    MemoField,
    Message,
    NumberField,
    PersonField,
    TextField,
)
from benefitdesk.ui.widgets.form import RecordDialog

RACI_HELP = {
    Raci.RESPONSIBLE: "does the work to realise the benefit",
    Raci.ACCOUNTABLE: "answers for the benefit (usually its owner)",
    Raci.CONSULTED: "is asked before decisions",
    Raci.INFORMED: "is kept up to date",
}


def _label(member: Any) -> str:
    return str(member.value).capitalize()


class NoteDialog(RecordDialog):
    def __init__(self, parent: QWidget | None, data: NoteFields | None = None, **kw: Any):
        super().__init__(
            "Variance note" if data else "New variance note",
            parent,
            make=lambda v: NoteFields(
                v["period"], v["cause"] or VarianceCause.OTHER, v["explanation"] or ""
            ),
            validate=records.validate_note,
            accept_text="Save" if data else "&Add",
            intro="Explain why the figures differ from the plan in this period.",
        )
        self.period = self.add_field("period", "&Period end", DateField())
        self.cause = self.add_field("cause", "&Cause", ChoiceField(VarianceCause))
        self.explanation = self.add_field(
            "explanation",
            "&Explanation",
            MemoField(placeholder="What happened, and what it means for the target", lines=4),
        )
        self.set_values(vars(data) if data else dict(kw))


class ActionDialog(RecordDialog):
    def __init__(
        self,
        parent: QWidget | None,
        people: list[str],
        data: ActionFields | None = None,
        **kw: Any,
    ):
        super().__init__(
            "Corrective action" if data else "New corrective action",
            parent,
            make=lambda v: ActionFields(
                v["title"] or "", v["owner"], v["due_date"], v["status"], v["outcome"]
            ),
            validate=records.validate_action,
            accept_text="Save" if data else "&Add",
        )
        self.title = self.add_field("title", "&Action", TextField(placeholder="What will be done"))
        self.owner = self.add_field("owner", "&Owner", PersonField(placeholder="Who does it"))
        self.owner.set_people(people)
        self.due = self.add_field("due_date", "&Due", DateField())
        self.status = self.add_field("status", "&Status", ChoiceField(ActionStatus))
        self.outcome = self.add_field(
            "outcome", "O&utcome", MemoField(placeholder="What it achieved", lines=2)
        )
        self.set_values(vars(data) if data else {"status": ActionStatus.OPEN, **kw})

    def extra_messages(self) -> dict[str, list[Message]]:
        if self.owner.is_new():
            return {"owner": [(INFO, f"{self.owner.value()} will be added to the people list")]}
        return {}


class ActivityDialog(RecordDialog):
    def __init__(
        self,
        parent: QWidget | None,
        people: list[str],
        data: ActivityFields | None = None,
        *,
        today: date | None = None,
    ):
        super().__init__(
            "Realisation activity" if data else "New realisation activity",
            parent,
            make=lambda v: ActivityFields(
                v["title"] or "", v["kind"], v["owner"], v["due_date"], v["done_date"], v["status"]
            ),
            validate=records.validate_activity,
            accept_text="Save" if data else "&Add",
        )
        self.today = today or date.today()
        self.title = self.add_field(
            "title", "&Activity", TextField(placeholder="e.g. Train all sales reps")
        )
        self.kind = self.add_field("kind", "&Kind", ChoiceField(ActivityKind))
        self.owner = self.add_field("owner", "&Owner", PersonField())
        self.owner.set_people(people)
        self.due = self.add_field("due_date", "&Due", DateField())
        self.status = self.add_field("status", "&Status", ChoiceField(ActionStatus))
        self.done_date = self.add_field("done_date", "Do&ne on", DateField())
        self.status.edited.connect(self._status_changed)
        self.set_values(vars(data) if data else {"status": ActionStatus.OPEN})

    def _status_changed(self) -> None:
        if self.status.value() is ActionStatus.DONE and self.done_date.value() is None:
            self.done_date.set_value(self.today)

    def extra_messages(self) -> dict[str, list[Message]]:
        if self.owner.is_new():
            return {"owner": [(INFO, f"{self.owner.value()} will be added to the people list")]}
        return {}


class StakeholderDialog(RecordDialog):
    def __init__(
        self, parent: QWidget | None, people: list[str], data: StakeholderFields | None = None
    ):
        super().__init__(
            "Stakeholder" if data else "New stakeholder",
            parent,
            make=lambda v: StakeholderFields(v["person"] or "", v["role"]),
            validate=records.validate_stakeholder,
            accept_text="Save" if data else "&Add",
        )
        self.person = self.add_field("person", "&Person", PersonField())
        self.person.set_people(people)
        choices = [(f"{_label(r)} — {RACI_HELP[r]}", r) for r in Raci]
        self.role = self.add_field("role", "&Role", ChoiceField(choices))
        self.set_values(vars(data) if data else {"role": Raci.INFORMED})

    def extra_messages(self) -> dict[str, list[Message]]:
        if self.person.is_new():
            return {"person": [(INFO, f"{self.person.value()} will be added to the people list")]}
        return {}


class IndicatorDialog(RecordDialog):
    """A leading indicator: its own baseline, target, frequency and data source."""

    def __init__(self, parent: QWidget | None, data: IndicatorFields):
        super().__init__(
            "Leading indicator" if data.name else "New leading indicator",
            parent,
            make=lambda v: IndicatorFields(
                v["code"] or "",
                v["name"] or "",
                v["unit"],
                v["baseline"],
                v["baseline_date"],
                v["target"],
                v["target_date"],
                v["frequency"],
                v["data_source"],
            ),
            validate=records.validate_indicator,
            accept_text="Save" if data.name else "&Add",
            intro="An early signal that the benefit will (or will not) be achieved, "
            "e.g. adoption rate or pipeline created.",
        )
        self.code = self.add_field("code", "&Code", TextField(limit=100))
        self.name = self.add_field(
            "name", "&Name", TextField(placeholder="e.g. Weekly active users", limit=200)
        )
        self.unit = self.add_field("unit", "&Unit", TextField(placeholder="e.g. % of reps"))
        self.baseline = self.add_field("baseline", "&Baseline", NumberField())
        self.baseline_date = self.add_field("baseline_date", "Baseline &date", DateField())
        self.target = self.add_field("target", "&Target", NumberField())
        self.target_date = self.add_field("target_date", "Target d&ate", DateField())
        self.frequency = self.add_field(
            "frequency", "&Frequency", ChoiceField(Frequency, blank="— not set —")
        )
        self.source = self.add_field(
            "data_source", "Data &source", TextField(placeholder="Where the figure comes from")
        )
        self.set_values(vars(data))
        self.name.setFocus()
