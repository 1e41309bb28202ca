"""The items of the "needs attention" list, and their names.

The list is chosen by ``services.dashboard.attention_items`` from a report (which
benefits and actions, and how urgent: the rules); this module holds what an item is,
its words and its order, so the dashboard, the chase list and the board pack name
them alike.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import IntEnum, StrEnum

from benefitdesk.analysis.types import BenefitResult, RiskReason
from benefitdesk.present.formats import day
from benefitdesk.present.vocabulary import BEHIND, REASON_LABELS, STATUS_LABELS, need_attention


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


#: The kinds a benefit flagged "needs attention" contributes (one or both of them).
FLAG_KINDS = frozenset({AttentionKind.OVERDUE_MEASUREMENT, AttentionKind.AT_RISK})


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


def item_order(item: AttentionItem) -> tuple[int, int, int, str, str]:
    """The list's order: most urgent first, then the oldest date, undated last."""
    return (
        item.urgency,
        item.when is None,
        item.when.toordinal() if item.when else 0,
        item.code,
        item.kind,  # a StrEnum orders as its text (``.value`` costs a property call)
    )


def behind_label(result: BenefitResult) -> str:
    """The name of a benefit's "behind" item: its status when that is at risk or off
    track, else its first reason (forecast short of target, leading indicator behind)."""
    if result.status in BEHIND:
        return STATUS_LABELS[result.status]
    first = next(r for r in result.risk_reasons if r is not RiskReason.OVERDUE)
    return REASON_LABELS[first].capitalize()


def overdue_reason(frequency: str, latest: date | None) -> str:
    """``monthly figure not logged; last figure 5 Jun 2026`` (or ``no figure yet``)."""
    last = f"last figure {day(latest)}" if latest else "no figure yet"
    return f"{frequency} figure not logged; {last}".strip()


def action_reason(title: str, status: str) -> str:
    """``Retrain the night shift (in progress)``."""
    return f"{title} ({status})"


def _plural(count: int, noun: str) -> str:
    return f"{count:,} {noun}{'' if count == 1 else 's'}"


def attention_summary(items: list[AttentionItem]) -> str:
    """``4,141 items on 3,874 benefits: 3,769 benefits need attention, 105 more have an
    overdue action or a definition error.``

    The dashboard's card counts the benefits flagged "needs attention"; the list also
    carries overdue actions and definition errors, on benefits that may not be flagged,
    so the summary says how its count relates to the card's.
    """
    if not items:
        return "Nothing needs attention."
    benefits = {i.benefit_id for i in items}
    flagged = len({i.benefit_id for i in items if i.kind in FLAG_KINDS})
    others = len(benefits) - flagged
    text = f"{_plural(len(items), 'item')} on {_plural(len(benefits), 'benefit')}"
    if not others:
        return f"{text}: {need_attention(flagged)}."
    if not flagged:
        which = "it has" if others == 1 else "each has"
        return f"{text}; none needs attention, but {which} an overdue action or a definition error."
    verb = "has" if others == 1 else "have"
    return (
        f"{text}: {need_attention(flagged)}, {others:,} more {verb} an overdue action "
        "or a definition error."
    )
