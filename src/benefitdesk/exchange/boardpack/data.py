"""What the board pack shows, as plain values the service has already computed.

The exchange layer sits below the services, so the writer cannot ask for a report; the
service hands it this bundle instead. Every figure in it comes from the analysis
contract (the same ``BenefitResult`` and ``PortfolioTotals`` that ``report --json``
prints), so the workbook and the command line agree by construction.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from benefitdesk.analysis.lines import MeasurementLine
from benefitdesk.analysis.types import BenefitResult, IndicatorResult, Point, PortfolioTotals


@dataclass(frozen=True, slots=True)
class NoteLine:
    benefit_code: str
    benefit_title: str
    period: date
    cause: str
    explanation: str


@dataclass(frozen=True, slots=True)
class ActionLine:
    benefit_code: str
    benefit_title: str
    title: str
    owner: str | None
    due_date: date | None
    status: str  # open | in progress | done | dropped
    outcome: str | None
    overdue: bool  # still open and due before the as-of date

    @property
    def underway(self) -> bool:
        return self.status in ("open", "in progress")


@dataclass(frozen=True, slots=True)
class IndicatorLine:
    benefit_code: str
    name: str
    unit: str | None
    baseline: float | None
    target: float | None
    target_date: date | None
    result: IndicatorResult


@dataclass(frozen=True, slots=True)
class FindingLine:
    code: str
    title: str
    lifecycle: str
    severity: str  # error | warning
    rule: str
    message: str


@dataclass(frozen=True, slots=True)
class Pace:
    """How fast a benefit moves, per month, in the favourable sense (positive: better).

    ``actual`` is the slope of the contract's forecast line (the last N measurements);
    ``planned`` the plan's average slope over the same dates.
    """

    actual: float | None
    planned: float | None
    measurements: int  # how many the slope is fitted on


@dataclass(frozen=True, slots=True)
class BenefitView:
    """Everything one benefit's exception block, register row and sheet show.

    ``benefit`` is the stored row (code, title, measure, unit, baseline, target, ...);
    ``plan`` the current plan's vertices and ``original_plan`` the first version's when
    the benefit was re-baselined (else empty); ``forecast_line`` runs from the start of
    the forecast window to the target date.
    """

    benefit: Any
    result: BenefitResult
    owner: str | None
    project_code: str | None
    project_name: str | None
    realisation_start: date | None
    measurements: tuple[MeasurementLine, ...]
    plan: tuple[Point, ...]
    original_plan: tuple[Point, ...]
    forecast_line: tuple[Point, ...]
    notes: tuple[NoteLine, ...]
    actions: tuple[ActionLine, ...]
    indicators: tuple[IndicatorLine, ...]
    pace: Pace = Pace(None, None, 0)

    @property
    def code(self) -> str:
        return self.result.code


@dataclass(frozen=True, slots=True)
class TrendPoint:
    """Portfolio planned-to-date and realised value at one date (realised up to as-of)."""

    date: date
    planned: float
    realised: float | None


@dataclass(frozen=True, slots=True)
class Rebaseline:
    """A plan version saved between the previous pack and this one."""

    benefit_code: str
    benefit_title: str
    decided_on: date
    version: int
    reason: str | None
    original_target: Point | None  # where the first plan ended
    current_target: Point | None  # where the plan now ends


@dataclass(frozen=True, slots=True)
class ClosureProposal:
    """A benefit the board may close (the rule is in ``docs/board-pack.md``)."""

    benefit_code: str
    benefit_title: str
    owner: str | None
    lifecycle: str
    reason: str  # target_reached | tracking_ended
    on: date | None  # the measurement that reached the target, or the tracking end
    realised_value: float | None


@dataclass(frozen=True, slots=True)
class Movement:
    """The figures of the previous pack's date, recomputed from today's data."""

    since: date
    previous: PortfolioTotals
    new_exceptions: tuple[str, ...]  # flagged now, not then (codes)
    resolved_exceptions: tuple[str, ...]  # flagged then, not now


@dataclass(frozen=True)
class Appendix:
    """The register, the definition findings and one sheet per benefit."""

    benefits: list[BenefitView]  # in code order
    findings: list[FindingLine]


@dataclass(frozen=True)
class BoardPackData:
    name: str
    currency: str
    as_of: date
    amber_pct: float
    red_pct: float
    totals: PortfolioTotals
    scope: tuple[str, ...]  # what the pack covers, in words ("Projects P-100, P-200")
    movement: Movement | None
    exceptions: list[BenefitView]  # flagged benefits, most value at risk first
    overdue_actions: list[ActionLine]  # most overdue first
    rebaselines: list[Rebaseline]
    closures: list[ClosureProposal]
    trend: list[TrendPoint]
    appendix: Appendix | None
    paper: str = "a4"  # a4 | letter
    excluded: dict[str, int] = field(default_factory=dict)  # left out by the scope: why → n
