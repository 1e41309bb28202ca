"""The audit history as a table: who changed what, when, old → new.

Read from the audit log every service writes; the benefit's History tab and the
import history's "what it changed" both show it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from PySide6.QtGui import QColor

from benefitdesk.present.formats import day, moment
from benefitdesk.services.history import HistoryEntry
from benefitdesk.ui.widgets.table import RecordModel

ENTITY_NAMES = {
    "benefit": "Benefit",
    "measurement": "Measurement",
    "indicator": "Indicator",
    "indicator_measurement": "Indicator figure",
    "plan_version": "Plan version",
    "plan_point": "Plan point",
    "variance_note": "Variance note",
    "corrective_action": "Action",
    "activity": "Activity",
    "stakeholder": "Stakeholder",
    "chase_record": "Chase",
    "benefit_review": "Review",
}
#: The columns worth quoting when a deleted row is described.
SUMMARY_KEYS = ("code", "name", "title", "date", "period", "value", "role", "reason", "explanation")
ACTION_COLOURS = {"insert": "#15803d", "delete": "#b91c1c"}


@dataclass(frozen=True, slots=True)
class HistoryRow:
    id: int
    at: datetime
    user: str
    action: str
    what: str
    field: str
    old: str
    new: str


def _when(at: datetime) -> datetime:
    """Stored times are UTC; show them in local time."""
    return (at if at.tzinfo else at.replace(tzinfo=UTC)).astimezone()


def _subject(entry: HistoryEntry) -> str:
    name = ENTITY_NAMES.get(entry.entity, entry.entity.replace("_", " ").capitalize())
    label = entry.label or ""
    if "@" in label:  # "3 @ 2026-03-31": a dated row; the date is what people know
        try:
            label = day(datetime.fromisoformat(label.split("@", 1)[1].strip()))
        except ValueError:
            label = label.split("@", 1)[1].strip()
    return f"{name} {label}".strip()


def _summary(text: str | None) -> str:
    """A deleted row's JSON reduced to the values that identify it."""
    try:
        values = json.loads(text or "{}")
    except ValueError:
        return text or ""
    parts = [f"{k} {values[k]}" for k in SUMMARY_KEYS if values.get(k) not in (None, "")]
    return ", ".join(parts)[:200]


def history_rows(
    entries: list[HistoryEntry], people: dict[str, str], projects: dict[str, str]
) -> list[HistoryRow]:
    """People and projects (ids as text → name, code) name the ids audit entries hold."""
    rows = []
    for e in entries:
        old, new = e.old or "", e.new or ""
        names = projects if e.field == "project_id" else people
        if e.field in ("owner_id", "person_id", "project_id"):
            old, new = names.get(old, old), names.get(new, new)
        field = (e.field or "").removesuffix("_id").replace("_", " ")
        if e.action == "insert":
            field, old, new = "added", "", ""
        elif e.action == "delete":
            field, old, new = "deleted", _summary(e.old), ""
        rows.append(
            HistoryRow(
                e.id, _when(e.at), e.who, e.action, _subject(e), field.capitalize(), old, new
            )
        )
    return rows


class HistoryModel(RecordModel):
    COL_WHEN, COL_WHO, COL_WHAT, COL_FIELD, COL_CHANGE = range(5)
    HEADERS = ("When", "Who", "What", "Field", "Old → new")

    def display(self, row: HistoryRow, col: int) -> str:
        match col:
            case self.COL_WHEN:
                return moment(row.at)
            case self.COL_WHO:
                return row.user
            case self.COL_WHAT:
                return row.what
            case self.COL_FIELD:
                return row.field
            case self.COL_CHANGE:
                if row.action == "update":
                    return f"{row.old or '—'} → {row.new or '—'}"
                return row.old
        return ""

    def sort_key(self, row: HistoryRow, col: int) -> Any:
        if col == self.COL_WHEN:
            return f"{row.at.isoformat()}|{row.id:012d}"
        return super().sort_key(row, col)

    def foreground(self, row: HistoryRow, col: int) -> Any:
        colour = ACTION_COLOURS.get(row.action)
        return QColor(colour) if colour and col == self.COL_FIELD else None

    def tooltip(self, row: HistoryRow, col: int) -> str | None:
        if col in (self.COL_CHANGE, self.COL_WHAT):
            return self.display(row, col)
        return None
