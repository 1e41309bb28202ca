"""The words for BenefitDesk's two judgements, used alike in every view.

A benefit has a **status** (on track, *at risk*, off track, …: where its latest figure
stands against plan) and may carry the **needs attention** flag, raised by any of four
reasons (behind plan, figure overdue, forecast short of target, leading indicator
behind). An on-track benefit whose figure is overdue needs attention but is not *at
risk*; the two are never called by the same name. The contract's at-risk money is the
"value at risk". JSON keys keep the contract's names (``at_risk``, ``at_risk_count``).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING

from benefitdesk.present.formats import day, month, pct
from benefitdesk.verdicts import RiskReason, Status

if TYPE_CHECKING:
    from benefitdesk.analysis.types import BenefitResult

STATUS_LABELS: dict[Status, str] = {
    Status.NOT_STARTED: "Not started",
    Status.NO_DATA: "No data",
    Status.REALISED: "Realised",
    Status.ON_TRACK: "On track",
    Status.AT_RISK: "At risk",
    Status.OFF_TRACK: "Off track",
    Status.UNDEFINED: "Undefined",
}
STATUS_MEANINGS: dict[Status, str] = {
    Status.NOT_STARTED: "Realisation has not started yet and no figure has been logged.",
    Status.NO_DATA: "Realisation has started but no figure has been logged yet.",
    Status.REALISED: "The latest figure has reached the target (never for a dis-benefit).",
    Status.ON_TRACK: "The latest figure is ahead of plan, or behind it by no more than the "
    "amber tolerance.",
    Status.AT_RISK: "The latest figure is behind plan by more than the amber tolerance, "
    "but no more than the red one.",
    Status.OFF_TRACK: "The latest figure is behind plan by more than the red tolerance.",
    Status.UNDEFINED: "The baseline or target is missing (or the target equals the "
    "baseline), so the benefit cannot be measured against a plan.",
}

NEEDS_ATTENTION = "Needs attention"
REASON_LABELS: dict[RiskReason, str] = {
    RiskReason.BEHIND_PLAN: "behind plan",
    RiskReason.OVERDUE: "figure overdue",
    RiskReason.FORECAST: "forecast short of target",
    RiskReason.INDICATOR: "leading indicator behind",
}
REASON_MEANINGS: dict[RiskReason, str] = {
    RiskReason.BEHIND_PLAN: "The status is At risk or Off track.",
    RiskReason.OVERDUE: "No figure for more than one reporting period plus 7 days of grace.",
    RiskReason.FORECAST: "The trend of the latest figures reaches less than 90% of the "
    "target by the target date (a dis-benefit: more than 110% of the planned impact).",
    RiskReason.INDICATOR: "A leading indicator of the benefit is At risk or Off track.",
}
VALUE_AT_RISK = "Value at risk"
VALUE_AT_RISK_MEANING = (
    "For a benefit that needs attention, the part of its financial value the forecast "
    "(or, without one, the latest figure) says will not be realised."
)


def status_label(status: Status, lifecycle: str = "") -> str:
    """``On track``; a benefit outside the counted lifecycles says which: ``On track
    (draft)``."""
    label = STATUS_LABELS[status]
    return f"{label} ({lifecycle})" if lifecycle in ("draft", "cancelled", "closed") else label


def reasons_text(reasons: Iterable[RiskReason]) -> str:
    """The flag's reasons in short words: ``behind plan, figure overdue``."""
    return ", ".join(REASON_LABELS[r] for r in reasons)


def need_attention(count: int) -> str:
    """``1 benefit needs attention``, ``6 benefits need attention``."""
    return "1 benefit needs attention" if count == 1 else f"{count:,} benefits need attention"


def reason_phrases(
    result: BenefitResult, target_date: date | None = None, *, skip: Iterable[RiskReason] = ()
) -> list[str]:
    """Each reason with the figure behind it: ``behind plan (−17.7%)``, ``figure overdue
    (due 31 May 2026)``, ``forecast short of target (85% by Dec 2026)``, ``leading
    indicator behind (Adoption rate)``."""
    phrases = []
    for reason in result.risk_reasons:
        if reason in skip:
            continue
        label = REASON_LABELS[reason]
        if reason is RiskReason.BEHIND_PLAN and result.variance_pct is not None:
            label += f" ({pct(result.variance_pct, signed=True)})"
        elif reason is RiskReason.OVERDUE and result.next_due is not None:
            label += f" (due {day(result.next_due)})"
        elif reason is RiskReason.FORECAST and result.forecast_realisation_pct is not None:
            by = f" by {month(target_date)}" if target_date else ""
            label += f" ({pct(result.forecast_realisation_pct, digits=0)}{by})"
        elif reason is RiskReason.INDICATOR:
            behind = [i.name for i in result.indicators if i.status in BEHIND]
            label += f" ({', '.join(behind)})" if behind else ""
        phrases.append(label)
    return phrases


BEHIND = frozenset({Status.AT_RISK, Status.OFF_TRACK})


def glossary() -> list[tuple[str, str]]:
    """(term, meaning) for Help › Glossary: the statuses, the flag and its reasons."""
    terms = [(f"Status: {STATUS_LABELS[s]}", STATUS_MEANINGS[s]) for s in Status]
    terms.append(
        (
            NEEDS_ATTENTION,
            "A flag, apart from the status: raised by any of the reasons below. Closed "
            "and cancelled benefits never need attention.",
        )
    )
    terms += [(f"{NEEDS_ATTENTION}: {REASON_LABELS[r]}", REASON_MEANINGS[r]) for r in RiskReason]
    terms.append((VALUE_AT_RISK, VALUE_AT_RISK_MEANING))
    return terms
