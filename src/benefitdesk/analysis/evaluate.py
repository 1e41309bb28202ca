"""Every figure the contract defines for one benefit at one as-of date.

Screens, the command line and the board pack all read :class:`BenefitResult`, so a
number shown anywhere in the app is computed here and nowhere else.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from benefitdesk.analysis.forecast import forecast_of, last_window
from benefitdesk.analysis.money import (
    planned_to_date_value,
    realised_value,
    share_at_risk,
    signed_value,
)
from benefitdesk.analysis.periods import is_overdue, next_due
from benefitdesk.analysis.plan import PlanCurve, plan_vertices
from benefitdesk.analysis.status import (
    BEHIND_PLAN_STATUSES,
    Track,
    held,
    is_maintained,
    realisation,
    track,
)
from benefitdesk.analysis.types import (
    COUNTED_LIFECYCLES,
    DORMANT_LIFECYCLES,
    BenefitInput,
    BenefitResult,
    IndicatorInput,
    IndicatorResult,
    Point,
    RiskReason,
    Status,
    Thresholds,
)

#: A forecast realisation below this (above its mirror for a dis-benefit) is a warning.
FORECAST_FLOOR = 0.9
FORECAST_CEILING = 1.1


def _pct(ratio: float | None) -> float | None:
    return None if ratio is None else 100.0 * ratio


def indicator_vertices(i: IndicatorInput) -> list[Point]:
    """An indicator's plan: the straight line from its baseline to its target."""
    if i.baseline is None or i.baseline_date is None:
        return []
    vertices = [Point(i.baseline_date, i.baseline)]
    if i.target is not None and i.target_date is not None:
        vertices.append(Point(i.target_date, i.target))
        vertices.sort(key=lambda p: p.date)
    return vertices


def evaluate_indicator(i: IndicatorInput, as_of: date, thresholds: Thresholds) -> IndicatorResult:
    """A leading indicator's status; its realisation starts at its baseline date."""
    position = track(
        baseline=i.baseline,
        baseline_date=i.baseline_date,
        target=i.target,
        target_date=i.target_date,
        start=i.baseline_date,
        dis_benefit=False,
        vertices=indicator_vertices(i),
        measurements=i.measurements,
        as_of=as_of,
        thresholds=thresholds,
    )
    latest = position.latest
    return IndicatorResult(
        code=i.code,
        name=i.name,
        status=position.status,
        latest_value=None if latest is None else latest.value,
        latest_date=None if latest is None else latest.date,
        realisation_pct=_pct(position.realisation),
        variance_pct=position.variance_pct,
    )


def _risk_reasons(
    position: Track,
    overdue: bool,
    forecast_ratio: float | None,
    dis_benefit: bool,
    indicators: tuple[IndicatorResult, ...],
) -> tuple[RiskReason, ...]:
    """Each condition that puts the benefit at risk, in the contract's order."""
    reasons: list[RiskReason] = []
    if position.status in BEHIND_PLAN_STATUSES:
        reasons.append(RiskReason.BEHIND_PLAN)
    if overdue:
        reasons.append(RiskReason.OVERDUE)
    if forecast_ratio is not None and position.status is not Status.REALISED:
        short = (
            forecast_ratio > FORECAST_CEILING if dis_benefit else forecast_ratio < FORECAST_FLOOR
        )
        if short:
            reasons.append(RiskReason.FORECAST)
    if any(r.status in BEHIND_PLAN_STATUSES for r in indicators):
        reasons.append(RiskReason.INDICATOR)
    return tuple(reasons)


def _next_due(b: BenefitInput, start: date | None, latest: Point | None) -> date | None:
    """When the next figure falls due; nothing is due on a closed or cancelled benefit."""
    if b.lifecycle in DORMANT_LIFECYCLES:
        return None
    return next_due(None if latest is None else latest.date, start, b.frequency)


Ratio = Callable[[float, date], float]  # (a value, its day) → its realisation


def _ratio(b: BenefitInput, vertices: list[Point]) -> tuple[Ratio, date] | None:
    """How a value on a day counts against the goal, and the target date; ``None``
    when the benefit is not measurable. A maintain KPI's value counts by how far it
    strays beyond its band around the planned level that day (`held`)."""
    if b.band is not None:
        if not vertices or not is_maintained(
            b.baseline, b.baseline_date, b.target, b.target_date, b.band
        ):
            return None
        curve, band = PlanCurve(vertices), b.band
        assert b.target_date is not None
        return (lambda value, day: held(value, curve.at(day), band)), b.target_date
    if b.baseline is None or b.target is None or b.target_date is None:
        return None
    if b.baseline_date is None or b.target == b.baseline:
        return None
    baseline, target = b.baseline, b.target
    return (lambda value, _day: realisation(value, baseline, target)), b.target_date


def _outlook(
    b: BenefitInput,
    vertices: list[Point],
    position: Track,
    as_of: date,
    window: int,
) -> tuple[float | None, float | None, float | None]:
    """The forecast value, its realisation and the realisation planned by ``as_of``
    (None where the benefit has no goal to measure them against)."""
    goal = _ratio(b, vertices)
    if goal is None:
        return None, None, None
    ratio, target_date = goal
    forecast = forecast_of(last_window(position.measured, window), as_of, target_date)
    return (
        forecast,
        None if forecast is None else ratio(forecast, target_date),
        None if position.planned is None else ratio(position.planned, as_of),
    )


def _money(
    b: BenefitInput,
    committed: float | None,
    latest_ratio: float | None,
    planned_ratio: float | None,
    forecast_ratio: float | None,
    flagged: bool,
) -> tuple[float | None, float | None, float | None]:
    """Planned-to-date, realised and at-risk value (None without a financial value)."""
    if committed is None or b.financial_value is None:
        return None, None, None
    at_risk = (
        b.financial_value * share_at_risk(b.dis_benefit, forecast_ratio, latest_ratio)
        if flagged
        else 0.0
    )
    return (
        planned_to_date_value(committed, planned_ratio),
        realised_value(committed, latest_ratio),
        at_risk,
    )


def evaluate_benefit(b: BenefitInput, as_of: date, thresholds: Thresholds) -> BenefitResult:
    """The contract's figures for one benefit (docs/contract.md, "One benefit").

    An ``undefined`` benefit (baseline or target missing or equal) has no realisation,
    variance or forecast; in money terms it has realised nothing, planned nothing to
    date, and when flagged its whole value is at risk.
    """
    start = b.realisation_start if b.realisation_start is not None else b.baseline_date
    vertices = plan_vertices(b)
    position = track(
        baseline=b.baseline,
        baseline_date=b.baseline_date,
        target=b.target,
        target_date=b.target_date,
        start=start,
        dis_benefit=b.dis_benefit,
        vertices=vertices,
        measurements=b.measurements,
        as_of=as_of,
        thresholds=thresholds,
        band=b.band,
    )
    forecast, forecast_ratio, planned_ratio = _outlook(
        b, vertices, position, as_of, thresholds.forecast_window
    )

    latest = position.latest
    dormant = b.lifecycle in DORMANT_LIFECYCLES
    overdue = not dormant and is_overdue(
        None if latest is None else latest.date, start, b.frequency, as_of
    )
    indicators = tuple([evaluate_indicator(i, as_of, thresholds) for i in b.indicators])
    reasons = (
        ()
        if dormant
        else _risk_reasons(position, overdue, forecast_ratio, b.dis_benefit, indicators)
    )
    flagged = bool(reasons)

    committed = signed_value(b)
    planned_to_date, realised, at_risk_value = _money(
        b, committed, position.realisation, planned_ratio, forecast_ratio, flagged
    )

    return BenefitResult(
        code=b.code,
        status=position.status,
        at_risk=flagged,
        risk_reasons=reasons,
        overdue=overdue,
        counted=b.lifecycle in COUNTED_LIFECYCLES,
        latest_value=None if latest is None else latest.value,
        latest_date=None if latest is None else latest.date,
        realisation_pct=_pct(position.realisation),
        planned_value=position.planned,
        variance=position.variance,
        variance_pct=position.variance_pct,
        forecast_value=forecast,
        forecast_realisation_pct=_pct(forecast_ratio),
        next_due=_next_due(b, start, latest),
        committed_value=committed,
        planned_to_date_value=planned_to_date,
        realised_value=realised,
        at_risk_value=at_risk_value,
        indicators=indicators,
        lifecycle=b.lifecycle,
    )
