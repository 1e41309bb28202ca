"""Every figure the contract defines for one benefit at one as-of date.

Screens, the command line and the board pack all read :class:`BenefitResult`, so a
number shown anywhere in the app is computed here and nowhere else.
"""

from __future__ import annotations

from datetime import date
from operator import attrgetter

from benefitdesk.analysis.forecast import forecast_of, last_window
from benefitdesk.analysis.money import (
    planned_to_date_value,
    realised_value,
    share_at_risk,
    signed_value,
)
from benefitdesk.analysis.periods import is_overdue, next_due
from benefitdesk.analysis.plan import PlanCurve, plan_curve
from benefitdesk.analysis.status import (
    BEHIND_PLAN_STATUSES,
    Track,
    held,
    is_defined,
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
    make_point,
    record,
)

#: A forecast realisation below this (above its mirror for a dis-benefit) is a warning.
FORECAST_FLOOR = 0.9
FORECAST_CEILING = 1.1

_by_date = attrgetter("date")


def _pct(ratio: float | None) -> float | None:
    return None if ratio is None else 100.0 * ratio


def indicator_vertices(i: IndicatorInput) -> list[Point]:
    """An indicator's plan: the straight line from its baseline to its target."""
    if i.baseline is None or i.baseline_date is None:
        return []
    vertices = [make_point((i.baseline_date, i.baseline))]
    if i.target is not None and i.target_date is not None:
        vertices.append(make_point((i.target_date, i.target)))
        vertices.sort(key=_by_date)
    return vertices


def evaluate_indicator(i: IndicatorInput, as_of: date, thresholds: Thresholds) -> IndicatorResult:
    """A leading indicator's status; its realisation starts at its baseline date."""
    vertices = indicator_vertices(i)
    position = track(
        baseline=i.baseline,
        baseline_date=i.baseline_date,
        target=i.target,
        target_date=i.target_date,
        start=i.baseline_date,
        dis_benefit=False,
        curve=PlanCurve(vertices, True) if vertices else None,
        measurements=i.measurements,
        as_of=as_of,
        thresholds=thresholds,
    )
    latest = position.latest
    return record(
        IndicatorResult,
        (  # see analysis/types.py
            i.code,  # code
            i.name,  # name
            position.status,  # status
            None if latest is None else latest.value,  # latest_value
            None if latest is None else latest.date,  # latest_date
            _pct(position.realisation),  # realisation_pct
            position.variance_pct,  # variance_pct
        ),
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
    if indicators and any(r.status in BEHIND_PLAN_STATUSES for r in indicators):
        reasons.append(RiskReason.INDICATOR)
    return tuple(reasons)


def _measurable(b: BenefitInput, curve: PlanCurve | None) -> bool:
    """Whether the benefit has a goal to measure a value against: a baseline and a
    different target, or for a maintain KPI its level, dates and band (and a plan)."""
    if b.band is not None:
        return curve is not None and is_maintained(
            b.baseline, b.baseline_date, b.target, b.target_date, b.band
        )
    return is_defined(b.baseline, b.baseline_date, b.target, b.target_date)


def _realisation_of(b: BenefitInput, curve: PlanCurve | None, value: float, day: date) -> float:
    """How ``value`` on ``day`` counts against a measurable benefit's goal: its
    realisation, or for a maintain KPI how far it strays beyond its band around the
    level planned that day (`held`)."""
    if b.band is not None:
        assert curve is not None  # measurable
        return held(value, curve.at(day), b.band)
    assert b.baseline is not None and b.target is not None  # measurable
    return realisation(value, b.baseline, b.target)


def _outlook(
    b: BenefitInput,
    curve: PlanCurve | None,
    position: Track,
    as_of: date,
    window: int,
) -> tuple[float | None, float | None, float | None]:
    """The forecast value, its realisation and the realisation planned by ``as_of``
    (None where the benefit has no goal to measure them against)."""
    if not _measurable(b, curve):
        return None, None, None
    target_date = b.target_date
    assert target_date is not None  # measurable
    forecast = forecast_of(last_window(position.measured, window), as_of, target_date)
    planned = position.planned
    return (
        forecast,
        None if forecast is None else _realisation_of(b, curve, forecast, target_date),
        None if planned is None else _realisation_of(b, curve, planned, as_of),
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
    curve = plan_curve(b)
    position = track(
        baseline=b.baseline,
        baseline_date=b.baseline_date,
        target=b.target,
        target_date=b.target_date,
        start=start,
        dis_benefit=b.dis_benefit,
        curve=curve,
        measurements=b.measurements,
        as_of=as_of,
        thresholds=thresholds,
        band=b.band,
    )
    forecast, forecast_ratio, planned_ratio = _outlook(
        b, curve, position, as_of, thresholds.forecast_window
    )

    measured = position.measured
    latest = measured[-1] if measured else None  # position.latest, without a property call
    dormant = b.lifecycle in DORMANT_LIFECYCLES
    overdue = not dormant and is_overdue(
        None if latest is None else latest.date, start, b.frequency, as_of
    )
    indicators = (
        tuple([evaluate_indicator(i, as_of, thresholds) for i in b.indicators])
        if b.indicators
        else ()
    )
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

    return record(
        BenefitResult,
        (  # see analysis/types.py
            b.code,  # code
            position.status,  # status
            flagged,  # at_risk
            reasons,  # risk_reasons
            overdue,  # overdue
            b.lifecycle in COUNTED_LIFECYCLES,  # counted
            None if latest is None else latest.value,  # latest_value
            None if latest is None else latest.date,  # latest_date
            _pct(position.realisation),  # realisation_pct
            position.planned,  # planned_value
            position.variance,  # variance
            position.variance_pct,  # variance_pct
            forecast,  # forecast_value
            _pct(forecast_ratio),  # forecast_realisation_pct
            # next_due: nothing is due on a closed or cancelled benefit
            None
            if dormant
            else next_due(None if latest is None else latest.date, start, b.frequency),
            committed,  # committed_value
            planned_to_date,  # planned_to_date_value
            realised,  # realised_value
            at_risk_value,  # at_risk_value
            indicators,  # indicators
            b.lifecycle,  # lifecycle
        ),
    )
