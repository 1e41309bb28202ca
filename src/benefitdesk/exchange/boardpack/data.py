"""What the board pack shows, as plain values the service has already computed.

The exchange layer sits below the services, so the writer cannot ask for a report; the
service hands it this bundle instead. Every figure in it comes from the analysis
contract (the same ``BenefitResult`` and ``PortfolioTotals`` that ``report --json``
prints), so the workbook and the command line agree by construction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from benefitdesk.analysis.types import BenefitResult, IndicatorResult, Point, PortfolioTotals


@dataclass(frozen=True, slots=True)
class MeasurementLine:
    """One row of a benefit's measurement table: the actual against the plan then."""

    date: date
    value: float
    planned: float | None
    variance_pct: float | None  # favourable variance, percent of the committed change
    realisation_pct: float | None


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
class BenefitView:
    """Everything one benefit's row and sheet show.

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


@dataclass(frozen=True, slots=True)
class TrendPoint:
    """Portfolio planned-to-date and realised value at one date (realised up to as-of)."""

    date: date
    planned: float
    realised: float | None


@dataclass(frozen=True)
class BoardPackData:
    name: str
    currency: str
    as_of: date
    amber_pct: float
    red_pct: float
    totals: PortfolioTotals
    benefits: list[BenefitView]  # in code order
    trend: list[TrendPoint]
    notes: list[NoteLine]  # counted benefits, dated on or before as-of: the totals' notes
    actions: list[ActionLine]  # counted benefits: the actions the totals count
    indicators: list[IndicatorLine]
    findings: list[FindingLine]
