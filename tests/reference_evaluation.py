"""The per-benefit evaluation as it was before issue 16 made it fast: the test oracle.

Copied from src/benefitdesk/analysis/ (periods.py, plan.py, status.py, forecast.py,
evaluate.py at commit 181e725) with only the imports joined into one module, so the
report tests can check that today's figures equal these, bit for bit. Do not edit to
follow the implementation: it is what the implementation must keep agreeing with.
"""

from __future__ import annotations

import calendar
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from operator import attrgetter

from benefitdesk.analysis.periods import FREQUENCIES
from benefitdesk.analysis.types import (
    COUNTED_LIFECYCLES,
    DORMANT_LIFECYCLES,
    GRACE_DAYS,
    PERIOD_DAYS,
    BenefitInput,
    BenefitResult,
    IndicatorInput,
    IndicatorResult,
    Point,
    RiskReason,
    Status,
    Thresholds,
)

_MONTHS_PER_PERIOD = {"monthly": 1, "quarterly": 3, "half-yearly": 6, "yearly": 12}
_ONE_DAY = timedelta(days=1)
_by_date = attrgetter("date")


def _check(frequency: str) -> None:
    """Fail loudly on a misspelt frequency rather than silently never being due."""
    if frequency not in PERIOD_DAYS:
        raise ValueError(
            f"unknown reporting frequency {frequency!r}; expected one of {', '.join(FREQUENCIES)}"
        )


def period_end(d: date, frequency: str) -> date:
    """The end of the reporting period containing ``d`` (``d`` itself when it is one).

    A daily period is the day; weekly periods are ISO weeks, ending on Sunday; the
    others end on the last day of the month, quarter, half-year or year.
    """
    _check(frequency)
    if frequency == "daily":
        return d
    if frequency == "weekly":
        return d + timedelta(days=6 - d.weekday())
    months = _MONTHS_PER_PERIOD[frequency]
    last_month = ((d.month - 1) // months + 1) * months
    return date(d.year, last_month, calendar.monthrange(d.year, last_month)[1])


def next_period_end(d: date, frequency: str) -> date:
    """The first period end strictly after ``d``: when the next figure falls due."""
    end = period_end(d, frequency)
    return end if end > d else period_end(d + _ONE_DAY, frequency)


def next_due(latest: date | None, start: date | None, frequency: str | None) -> date | None:
    """When the next figure of a series falls due: the period end after its latest
    figure, or the end of the period its start falls in while it has none."""
    if frequency is None:
        return None
    if latest is not None:
        return next_period_end(latest, frequency)
    return None if start is None else period_end(start, frequency)


def is_overdue(
    latest: date | None, realisation_start: date | None, frequency: str | None, as_of: date
) -> bool:
    """More than one period plus the grace days have passed since the last figure.

    Counted from the realisation start while nothing has been measured yet. Without a
    frequency nothing is ever due, so nothing is overdue.
    """
    if frequency is None:
        return False
    _check(frequency)
    reference = latest if latest is not None else realisation_start
    if reference is None:
        return False
    return (as_of - reference).days > PERIOD_DAYS[frequency] + GRACE_DAYS


def plan_vertices(b: BenefitInput) -> list[Point]:
    """The vertices of the benefit's current plan, in date order.

    (baseline date, B) comes first, then the current plan points. With no plan the
    default ramp is (baseline date, B), (realisation start, B), (target date, T); a
    realisation start after the target date is pulled back to the target date, so a
    late go-live makes the whole improvement due as a step at the target date rather
    than a plan that falls back to B. The sort is stable: among equal dates the
    baseline vertex stays first and plan points keep their order.

    Without a baseline value and date there is no anchor and no plan: ``[]``. Without a
    target the default ramp cannot be drawn and only the baseline vertex is returned.
    """
    if b.baseline is None or b.baseline_date is None:
        return []
    vertices = [Point(b.baseline_date, b.baseline)]
    if b.plan:
        vertices.extend(b.plan)
    elif b.target is not None and b.target_date is not None:
        start = b.baseline_date if b.realisation_start is None else b.realisation_start
        start = min(start, b.target_date)
        vertices.append(Point(start, b.baseline))
        vertices.append(Point(b.target_date, b.target))
    vertices.sort(key=_by_date)
    return vertices


class PlanCurve:
    """A plan polyline prepared for many look-ups (bisect on whole-day ordinals)."""

    __slots__ = ("_ordinals", "_values")

    def __init__(self, vertices: Sequence[Point]) -> None:
        if not vertices:
            raise ValueError("a plan needs at least one vertex")
        ordered = sorted(vertices, key=_by_date)
        self._ordinals = [p.date.toordinal() for p in ordered]
        self._values = [p.value for p in ordered]

    def at(self, t: date) -> float:
        """planned(t)."""
        return self.at_ordinal(t.toordinal())

    def at_ordinal(self, day: int) -> float:
        """planned(t) with t given as ``date.toordinal()``.

        Flat before the first vertex and after the last. Where vertices share a date,
        the line arrives at the first of them and the last applies from that day on.
        """
        ordinals, values = self._ordinals, self._values
        right = bisect_right(ordinals, day)
        if right == 0:
            return values[0]
        if right == len(ordinals):
            return values[-1]
        left = right - 1  # the last vertex on or before the day: exact when on it
        fraction = (day - ordinals[left]) / (ordinals[right] - ordinals[left])
        return values[left] + (values[right] - values[left]) * fraction


#: Relative slack when comparing with a threshold, so a variance that is exactly
#: −10 % on paper but −10.000000000000002 % in floating point is still on track.
_TOLERANCE = 1e-9

#: Statuses that make a benefit (or the benefit of an indicator) at risk.
BEHIND_PLAN_STATUSES = frozenset({Status.AT_RISK, Status.OFF_TRACK})


def is_defined(
    baseline: float | None,
    baseline_date: date | None,
    target: float | None,
    target_date: date | None,
) -> bool:
    """Baseline and target both known and different: only then is progress measurable."""
    return (
        baseline is not None
        and baseline_date is not None
        and target is not None
        and target_date is not None
        and target != baseline
    )


def direction(baseline: float, target: float, dis_benefit: bool = False) -> int:
    """+1 when up is good, −1 when down is good.

    For a dis-benefit the target is the impact accepted, so less than planned is good.
    """
    d = 1 if target > baseline else -1
    return -d if dis_benefit else d


def realisation(value: float, baseline: float, target: float) -> float:
    """The share of the committed improvement achieved: 0 at B, 1 at T, unbounded."""
    return (value - baseline) / (target - baseline)


def at_least(value: float, bound: float) -> bool:
    """``value >= bound`` with slack for floating-point noise at the boundary."""
    return value >= bound - _TOLERANCE * max(1.0, abs(bound))


@dataclass(frozen=True, slots=True)
class Track:
    """The position of a series at an as-of date; ratios are fractions, not percent."""

    status: Status
    measured: tuple[Point, ...]  # measurements on or before as-of, oldest first
    planned: float | None  # planned(as_of)
    realisation: float | None  # of the latest actual
    variance: float | None  # latest actual − planned(latest date)
    variance_pct: float | None

    @property
    def latest(self) -> Point | None:
        """The latest actual: the measurement with the greatest date ≤ as-of."""
        return self.measured[-1] if self.measured else None


def measured_by(measurements: Sequence[Point], as_of: date) -> tuple[Point, ...]:
    """Measurements dated on or before as-of, oldest first."""
    ordered = sorted(measurements, key=attrgetter("date"))
    cut = bisect_right([m.date for m in ordered], as_of)
    return tuple(ordered[:cut])


def track(
    *,
    baseline: float | None,
    baseline_date: date | None,
    target: float | None,
    target_date: date | None,
    start: date | None,
    dis_benefit: bool,
    vertices: Sequence[Point],
    measurements: Sequence[Point],
    as_of: date,
    thresholds: Thresholds,
) -> Track:
    """Apply the status rules, first match wins.

    ``not_started`` and ``no_data`` come first because they need no baseline or target;
    after them a series whose baseline or target is missing (or equal) is ``undefined``
    and gets no realisation or variance.
    """
    measured = measured_by(measurements, as_of)
    curve = PlanCurve(vertices) if vertices else None
    planned = curve.at(as_of) if curve is not None else None
    if not measured:
        rule = Status.NOT_STARTED if start is not None and as_of < start else Status.NO_DATA
        return Track(rule, measured, planned, None, None, None)
    if (
        curve is None
        or baseline is None
        or target is None
        or not is_defined(baseline, baseline_date, target, target_date)
    ):
        return Track(Status.UNDEFINED, measured, planned, None, None, None)
    latest = measured[-1]
    achieved = realisation(latest.value, baseline, target)
    variance = latest.value - curve.at(latest.date)
    favourable = direction(baseline, target, dis_benefit) * variance
    variance_pct = 100.0 * favourable / abs(target - baseline)
    if not dis_benefit and at_least(achieved, 1.0):
        status = Status.REALISED
    elif at_least(variance_pct, -thresholds.amber_pct):
        status = Status.ON_TRACK
    elif at_least(variance_pct, -thresholds.red_pct):
        status = Status.AT_RISK
    else:
        status = Status.OFF_TRACK
    return Track(status, measured, planned, achieved, variance, variance_pct)


#: Fewer actuals than this give no forecast (docs/contract.md, "Forecast").
MIN_FORECAST_POINTS = 3


@dataclass(frozen=True, slots=True)
class Trend:
    """A fitted line, anchored at the data's mean so large ordinals lose no precision."""

    anchor_day: float  # mean of the dates as ordinals
    level: float  # mean of the values: the line's value at anchor_day
    slope: float  # change per day

    def at(self, d: date) -> float:
        """The line's value on ``d``."""
        return self.level + self.slope * (d.toordinal() - self.anchor_day)


def fit_trend(points: Sequence[Point]) -> Trend:
    """Ordinary least squares of value on date (whole days).

    Needs at least one point; when all dates coincide the line is flat at the mean.
    """
    if not points:
        raise ValueError("a trend needs at least one point")
    n = len(points)
    days = [p.date.toordinal() for p in points]
    mean_day = sum(days) / n
    mean_value = sum(p.value for p in points) / n
    sxx = sum((x - mean_day) ** 2 for x in days)
    if sxx == 0:
        return Trend(mean_day, mean_value, 0.0)
    sxy = sum((x - mean_day) * (p.value - mean_value) for x, p in zip(days, points, strict=True))
    return Trend(mean_day, mean_value, sxy / sxx)


def forecast_window(measurements: Sequence[Point], as_of: date, window: int) -> list[Point]:
    """The last ``window`` measurements dated on or before as-of, oldest first."""
    known = sorted((m for m in measurements if m.date <= as_of), key=attrgetter("date"))
    return known[-window:] if window > 0 else []


def forecast_value(
    measurements: Sequence[Point], as_of: date, target_date: date, window: int
) -> float | None:
    """The forecast value at the target date, or ``None`` when there is no forecast.

    Only the last ``window`` measurements on or before as-of count, and at least three
    of them are needed, also on or after the target date, where the forecast is simply
    the latest actual.
    """
    points = forecast_window(measurements, as_of, window)
    if len(points) < MIN_FORECAST_POINTS:
        return None
    if as_of >= target_date:
        return points[-1].value
    return fit_trend(points).at(target_date)


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


def share_at_risk(
    dis_benefit: bool, forecast_ratio: float | None, latest_ratio: float | None
) -> float:
    """The fraction of the financial value at risk, once a benefit is flagged.

    Uses the forecast realisation, else the latest realisation, else all of it. A
    benefit risks its shortfall below 1, a dis-benefit its overshoot above 1. As the
    contract says, the share is not capped: a benefit heading below its baseline
    (realisation < 0) puts more than its committed value at risk.
    """
    ratio = forecast_ratio if forecast_ratio is not None else latest_ratio
    if ratio is None:
        return 1.0
    gap = ratio - 1.0 if dis_benefit else 1.0 - ratio
    return max(0.0, gap)


def _next_due(b: BenefitInput, start: date | None, latest: Point | None) -> date | None:
    """When the next figure falls due; nothing is due on a closed or cancelled benefit."""
    if b.lifecycle in DORMANT_LIFECYCLES:
        return None
    return next_due(None if latest is None else latest.date, start, b.frequency)


def _goal(b: BenefitInput) -> tuple[float, float, date] | None:
    """(B, T, target date) when the benefit is measurable, else ``None``."""
    if b.baseline is None or b.target is None or b.target_date is None:
        return None
    if b.baseline_date is None or b.target == b.baseline:
        return None
    return b.baseline, b.target, b.target_date


def evaluate_benefit(b: BenefitInput, as_of: date, thresholds: Thresholds) -> BenefitResult:
    """The contract's figures for one benefit (docs/contract.md, "One benefit").

    An ``undefined`` benefit (baseline or target missing or equal) has no realisation,
    variance or forecast; in money terms it has realised nothing, planned nothing to
    date, and when flagged its whole value is at risk.
    """
    start = b.realisation_start if b.realisation_start is not None else b.baseline_date
    position = track(
        baseline=b.baseline,
        baseline_date=b.baseline_date,
        target=b.target,
        target_date=b.target_date,
        start=start,
        dis_benefit=b.dis_benefit,
        vertices=plan_vertices(b),
        measurements=b.measurements,
        as_of=as_of,
        thresholds=thresholds,
    )
    forecast: float | None = None
    forecast_ratio: float | None = None
    planned_ratio: float | None = None
    goal = _goal(b)
    if goal is not None:
        baseline, target, target_date = goal
        window = thresholds.forecast_window
        forecast = forecast_value(position.measured, as_of, target_date, window)
        if forecast is not None:
            forecast_ratio = realisation(forecast, baseline, target)
        if position.planned is not None:
            planned_ratio = realisation(position.planned, baseline, target)

    latest = position.latest
    dormant = b.lifecycle in DORMANT_LIFECYCLES
    overdue = not dormant and is_overdue(
        None if latest is None else latest.date, start, b.frequency, as_of
    )
    indicators = tuple(evaluate_indicator(i, as_of, thresholds) for i in b.indicators)
    reasons = (
        ()
        if dormant
        else _risk_reasons(position, overdue, forecast_ratio, b.dis_benefit, indicators)
    )
    flagged = bool(reasons)

    committed = planned_to_date = realised = at_risk_value = None
    if b.financial_value is not None:
        value = b.financial_value
        signed = -value if b.dis_benefit else value
        committed = signed
        # "+ 0.0" turns the −0.0 of a dis-benefit into a plain 0.0 for display.
        realised = signed * max(0.0, position.realisation or 0.0) + 0.0
        planned_to_date = signed * min(1.0, max(0.0, planned_ratio or 0.0)) + 0.0
        at_risk_value = (
            value * share_at_risk(b.dis_benefit, forecast_ratio, position.realisation)
            if flagged
            else 0.0
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
