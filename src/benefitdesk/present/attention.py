"""The items of the "needs attention" list, and their names.

The list is built by ``services.dashboard.attention_items`` from a report; this module
holds what an item is and how it is named, so the dashboard, the command line and the
board pack name them alike.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import IntEnum, StrEnum


class AttentionKind(StrEnum):
    OVERDUE_MEASUREMENT = "overdue_measurement"
    AT_RISK = "at_risk"  # the flag for any reason but an overdue figure
    OVERDUE_ACTION = "overdue_action"
    DEFINITION_ERROR = "definition_error"


KIND_LABELS = {
    AttentionKind.OVERDUE_MEASUREMENT: "Figure overdue",
    AttentionKind.AT_RISK: "Behind plan",
    AttentionKind.OVERDUE_ACTION: "Action overdue",
    AttentionKind.DEFINITION_ERROR: "Definition error",
}


class Urgency(IntEnum):
    """Sort order of the list: lower comes first."""

    HIGH = 0  # off track, or tracked against a definition that cannot be measured
    MEDIUM = 1  # at risk, a figure or an action overdue


@dataclass(frozen=True, slots=True)
class AttentionItem:
    """One line of the "needs attention" list.

    ``label`` names the item (``Figure overdue``, ``Off track``, ``Forecast short of
    target``, …); ``when`` is the date that makes the item late (the missed figure's or
    action's due date) or, for a benefit behind, the date of the figure that shows it;
    ``when_label`` says which ("due", "measured", "defined").
    """

    kind: AttentionKind
    urgency: Urgency
    benefit_id: int
    code: str
    title: str
    owner: str
    reason: str
    when: date | None
    when_label: str
    ref: int = 0  # the action's id for an overdue action, else 0
    label: str = ""

    @property
    def key(self) -> tuple[str, int, int]:
        """Identifies the item across refreshes (to keep the selection)."""
        return (self.kind.value, self.benefit_id, self.ref)

    @property
    def name(self) -> str:
        return self.label or KIND_LABELS[self.kind]
