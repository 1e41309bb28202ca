"""What a benefit chart draws, as plain dated points (no Qt, no pyqtgraph).

Keeping the series apart from the widget lets tests check every line of a chart
without a display. The band's rule (which side, how wide) is the contract's, in
``analysis.lines.tolerance_edge``; where each line starts and ends is the chart's own.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from benefitdesk.analysis.evaluate import indicator_vertices
from benefitdesk.analysis.lines import tolerance_edge
from benefitdesk.analysis.plan import PlanCurve, plan_vertices
from benefitdesk.analysis.types import BenefitResult, Point, Status, Thresholds
from benefitdesk.present import formats
from benefitdesk.present.formats import quantity
from benefitdesk.services import inputs
from benefitdesk.store import Store
from benefitdesk.store.queries import Snapshot, benefit_histories

EPOCH_ORDINAL = date(1970, 1, 1).toordinal()
DAY_SECONDS = 86_400
#: Room after the last date so the target diamond and the today line are not on the edge.
RIGHT_MARGIN = timedelta(days=20)


def to_seconds(day: date) -> float:
    """A date as UTC epoch seconds at midnight (what ``DateAxisItem(utcOffset=0)`` reads)."""
    return float((day.toordinal() - EPOCH_ORDINAL) * DAY_SECONDS)


def from_seconds(seconds: float) -> date:
    """The day containing ``seconds`` (rounded to the nearest midnight)."""
    return date.fromordinal(EPOCH_ORDINAL + round(seconds / DAY_SECONDS))


def xs(points: list[Point]) -> list[float]:
    return [to_seconds(p.date) for p in points]


def ys(points: list[Point]) -> list[float]:
    return [p.value for p in points]


@dataclass(frozen=True)
class IndicatorSeries:
    code: str
    name: str
    unit: str | None
    status: Status | None
    plan: list[Point]
    actuals: list[Point]


@dataclass(frozen=True)
class ChartData:
    """Every series of one benefit chart; an empty list means "not drawn"."""

    code: str
    title: str
    unit: str | None
    measure: str | None
    dis_benefit: bool
    as_of: date
    start: date
    end: date
    baseline: list[Point]  # flat from the baseline date to the end
    plan: list[Point]  # current plan, held flat to the end
    plan_version: int | None
    original_plan: list[Point]  # version 1, only when re-baselined
    target: Point | None
    band: list[Point]  # the adverse edge of the amber tolerance, along the plan
    amber_pct: float
    actuals: list[Point]
    forecast: list[Point]  # last actual → (target date, forecast value)
    status: Status | None
    indicators: list[IndicatorSeries] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        """Nothing to draw: no baseline, no target and no measurement."""
        return not (self.baseline or self.target or self.actuals)


def _flat_to(points: list[Point], end: date) -> list[Point]:
    """``points`` held flat at the last value up to ``end`` (planned(t) is flat after)."""
    if points and points[-1].date < end:
        return [*points, Point(end, points[-1].value)]
    return points


def chart_data(
    snapshot: Snapshot,
    benefit: Any,
    result: BenefitResult | None,
    as_of: date,
    thresholds: Thresholds,
) -> ChartData:
    """The series of one benefit's chart from a snapshot holding its full history."""
    b = inputs.benefit_input(snapshot, benefit)
    version, _ = inputs.current_plan(snapshot, benefit.id)
    plan = plan_vertices(b)
    original: list[Point] = []
    if version is not None and version > 1:
        first = inputs.points(inputs.original_plan(snapshot, benefit.id))
        original = plan_vertices(b._replace(plan=first))
    actuals = sorted((m for m in b.measurements if m.date <= as_of), key=lambda m: m.date)
    rows = {r.code: r for r in snapshot.indicators.get(benefit.id, [])}
    statuses = {r.code: r.status for r in result.indicators} if result else {}
    indicators = [
        IndicatorSeries(
            code=i.code,
            name=i.name,
            unit=rows[i.code].unit if i.code in rows else None,
            status=statuses.get(i.code),
            plan=indicator_vertices(i),
            actuals=sorted((m for m in i.measurements if m.date <= as_of), key=lambda m: m.date),
        )
        for i in b.indicators
    ]

    dates = [as_of, *(p.date for p in plan), *(p.date for p in original)]
    dates += [p.date for p in actuals]
    for i in indicators:
        dates += [p.date for p in i.plan] + [p.date for p in i.actuals]
    if b.target_date:
        dates.append(b.target_date)
    start, end = min(dates), max(dates) + RIGHT_MARGIN

    target = Point(b.target_date, b.target) if b.target is not None and b.target_date else None
    forecast: list[Point] = []
    value = result.forecast_value if result else None
    if value is not None and actuals and b.target_date and b.target_date > actuals[-1].date:
        forecast = [actuals[-1], Point(b.target_date, value)]
    baseline: list[Point] = []
    if b.baseline is not None and b.baseline_date is not None:
        baseline = [Point(b.baseline_date, b.baseline), Point(end, b.baseline)]
    plan = _flat_to(plan, end) if len(plan) > 1 else []
    original = _flat_to(original, end) if len(original) > 1 else []
    return ChartData(
        code=benefit.code,
        title=benefit.title,
        unit=benefit.unit,
        measure=benefit.measure,
        dis_benefit=b.dis_benefit,
        as_of=as_of,
        start=start,
        end=end,
        baseline=baseline,
        plan=plan,
        plan_version=version,
        original_plan=original,
        target=target,
        band=tolerance_edge(b, plan, thresholds.amber_pct),
        amber_pct=thresholds.amber_pct,
        actuals=actuals,
        forecast=forecast,
        status=result.status if result else None,
        indicators=indicators,
    )


def load_chart_data(
    store: Store, snapshot: Snapshot, benefit_id: int, result: BenefitResult | None, as_of: date
) -> ChartData | None:
    """One benefit's series: its definition, plans and indicators from ``snapshot`` (the
    report's, in memory), its full history and its indicators' read now (two queries:
    a few milliseconds, where reading a one-benefit snapshot took tens)."""
    benefit = next((b for b in snapshot.benefits if b.id == benefit_id), None)
    if benefit is None:
        return None
    indicators = {i.id for i in snapshot.indicators.get(benefit_id, [])}
    history, indicator_series = benefit_histories(store, benefit_id, indicators, as_of)
    full = dataclasses.replace(
        snapshot,
        measurements={benefit_id: history},
        indicator_measurements=indicator_series,
    )
    return chart_data(full, benefit, result, as_of, inputs.thresholds(snapshot))


# -- hover ----------------------------------------------------------------------------


def snap_day(data: ChartData, day: date, tolerance_days: float) -> date:
    """The nearest dated point within ``tolerance_days``, else ``day`` itself."""
    candidates = [p.date for p in data.actuals]
    for i in data.indicators:
        candidates += [p.date for p in i.actuals]
    if data.target:
        candidates.append(data.target.date)
    best = min(candidates, key=lambda d: abs((d - day).days), default=None)
    if best is not None and abs((best - day).days) <= tolerance_days:
        return best
    return day


def _on(points: list[Point], day: date) -> float | None:
    return next((p.value for p in points if p.date == day), None)


def _along(points: list[Point], day: date) -> float | None:
    """The polyline's value on ``day`` when the day is within its span."""
    if len(points) < 2 or not points[0].date <= day <= points[-1].date:
        return None
    return PlanCurve(points).at(day)


def hover_lines(data: ChartData, day: date) -> list[str]:
    """The hover label: the date, then each series' value on that date."""
    forecast = None
    if data.forecast and day > data.forecast[0].date:
        forecast = _along(data.forecast, day)
    values: list[tuple[str, float | None]] = [
        ("Actual", _on(data.actuals, day)),
        (f"Plan v{data.plan_version}" if data.original_plan else "Plan", _along(data.plan, day)),
        ("Original plan", _along(data.original_plan, day)),
        ("Forecast", forecast),
        ("Target", data.target.value if data.target and data.target.date == day else None),
    ]
    lines = [formats.day(day)]
    lines += [f"{name}: {quantity(v, data.unit)}" for name, v in values if v is not None]
    for i in data.indicators:
        v = _on(i.actuals, day)
        if v is not None:
            lines.append(f"{i.name}: {quantity(v, i.unit)}")
    return lines
