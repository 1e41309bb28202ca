"""Enter or correct one figure: period end, value, note.

Used to edit a benefit's measurement and to log or edit a leading indicator's; the
date defaults to the next period end that falls due, so logging is: type, Enter. A
figure far outside the usual range is questioned once (ui.detail.unusual).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget

from benefitdesk.present.formats import number
from benefitdesk.ui.detail.unusual import UnusualValueCheck
from benefitdesk.ui.widgets.fields import (
    INFO,
    WARNING,
    DateField,
    Message,
    NumberField,
    TextField,
    fmt_date,
)
from benefitdesk.ui.widgets.form import RecordDialog


@dataclass
class MeasurementFields:
    day: date | None
    value: float | None
    note: str | None = None


def validate_measurement(data: MeasurementFields) -> dict[str, str]:
    problems: dict[str, str] = {}
    if data.day is None:
        problems["day"] = "Which period end is this figure for?"
    if data.value is None:
        problems["value"] = "Type the figure, e.g. 1,250.5"
    return problems


class MeasurementDialog(RecordDialog):
    """``existing`` maps the dates already measured to their values (for a hint, and
    with ``baseline`` and ``target`` for the usual range a figure is checked against)."""

    def __init__(
        self,
        parent: QWidget | None,
        *,
        title: str,
        subject: str,
        unit: str | None,
        data: MeasurementFields,
        existing: dict[date, float] | None = None,
        editing: bool = False,
        baseline: float | None = None,
        target: float | None = None,
    ):
        super().__init__(
            title,
            parent,
            make=lambda v: MeasurementFields(v["day"], v["value"], v["note"]),
            validate=validate_measurement,
            accept_text="Save" if editing else "&Log",
        )
        self.aliases = {"date": "day"}
        self.existing = dict(existing or {})
        self.original_day = data.day if editing else None
        heading = QLabel(f"<b>{subject}</b>", self)
        heading.setTextFormat(Qt.TextFormat.RichText)
        self.form.addRow(heading)
        self.day = self.add_field("day", "Period &end", DateField())
        self.value = self.add_field("value", "&Value", NumberField(), QLabel(unit or "", self))
        self.note = self.add_field(
            "note", "&Note", TextField(placeholder="optional: what explains this figure")
        )
        recent = [v for d, v in sorted(self.existing.items()) if d != self.original_day]
        self.unusual = UnusualValueCheck(
            self.save_button, recent, baseline=baseline, target=target, unit=unit
        )
        self.set_values(vars(data))
        self.value.setFocus(Qt.FocusReason.OtherFocusReason)
        self.value.selectAll()

    def try_accept(self) -> bool:
        if not self.problems() and self.unusual.must_ask(self.value.value()):
            self._check()
            self.value.setFocus(Qt.FocusReason.OtherFocusReason)
            return False
        return super().try_accept()

    def extra_messages(self) -> dict[str, list[Message]]:
        messages: dict[str, list[Message]] = {}
        warning = "" if self.value.error() else self.unusual.warning(self.value.value())
        if warning:
            messages["value"] = [(WARNING, warning)]
        day = self.day.value()
        if day is None or day == self.original_day or day not in self.existing:
            return messages
        old = number(self.existing[day], none="")
        if self.original_day is None:
            messages["day"] = [(INFO, f"Replaces the value {old} logged for {fmt_date(day)}")]
        return messages
