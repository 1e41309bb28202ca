"""The planned trajectory of a benefit, and generators for new plans.

The plan is a polyline through dated values; every variance, status and money figure
is measured against it, so it is built in exactly one place.
"""

from __future__ import annotations

import math
from bisect import bisect_right
from collections.abc import Callable, Sequence
from datetime import date, timedelta
from operator import attrgetter
from typing import Any

from benefitdesk.analysis.periods import period_ends_between
from benefitdesk.analysis.types import BenefitInput, Point, make_point

_by_date = attrgetter("date")


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
    vertices = [make_point((b.baseline_date, b.baseline))]
    if b.plan:
        vertices.extend(b.plan)
    elif b.target is not None and b.target_date is not None:
        start = b.baseline_date if b.realisation_start is None else b.realisation_start
        start = min(start, b.target_date)
        vertices.append(make_point((start, b.baseline)))
        vertices.append(make_point((b.target_date, b.target)))
    vertices.sort(key=_by_date)
    return vertices


class PlanCurve:
    """A plan polyline prepared for many look-ups.

    Keeps the vertex dates as day numbers, so a look-up is a bisect and one
    interpolation: a report looks up two days per benefit, the dashboard's value over
    time two dozen. ``ordered``: the vertices are already in date order (as
    :func:`plan_vertices` returns them), so they are not sorted again.
    """

    __slots__ = ("_days", "_values")

    def __init__(self, vertices: Sequence[Point], ordered: bool = False) -> None:
        if not vertices:
            raise ValueError("a plan needs at least one vertex")
        if not ordered:
            vertices = sorted(vertices, key=_by_date)
        # Comprehensions, not zip(*vertices, strict=True) and map, which the compiled
        # build calls with keywords and star-arguments; the vertices looked at as stored,
        # so that an int value stays an int there too (docs/architecture.md).
        stored: Sequence[Any] = vertices
        self._days: list[int] = [day.toordinal() for day, _ in stored]
        self._values: tuple[float, ...] = tuple([value for _, value in stored])

    def at(self, t: date) -> float:
        """planned(t).

        Flat before the first vertex and after the last. Where vertices share a date,
        the line arrives at the first of them and the last applies from that day on.
        """
        return self.at_ordinal(t.toordinal())

    def at_ordinal(self, day: int) -> float:
        """planned(t) with t given as ``date.toordinal()``."""
        days, values = self._days, self._values
        right = bisect_right(days, day)
        if right == 0:
            return values[0]
        if right == len(days):
            return values[-1]
        left = right - 1  # the last vertex on or before the day: exact when on it
        start = days[left]
        fraction = (day - start) / (days[right] - start)
        return values[left] + (values[right] - values[left]) * fraction


def plan_curve(b: BenefitInput) -> PlanCurve | None:
    """The benefit's current plan (:func:`plan_vertices`) prepared for look-ups; None
    without a baseline."""
    vertices = plan_vertices(b)
    return PlanCurve(vertices, True) if vertices else None  # (a keyword costs 0.5 µs)


def planned_value(vertices: Sequence[Point], t: date) -> float:
    """planned(t): linear interpolation over the plan polyline, dates as whole days."""
    return PlanCurve(vertices).at(t)


def _profile(
    shape: Callable[[float], float],
    baseline: float,
    baseline_date: date,
    target: float,
    target_date: date,
    start: date | None,
    frequency: str,
) -> list[Point]:
    """Plan points that follow ``shape`` (0 → 1 over [0, 1]) from start to target date.

    Emits (start, B) when the start is after the baseline date, so the plan stays flat
    until go-live instead of ramping from the baseline vertex; then one point per period
    end strictly between start and target date; then (target date, T).
    """
    if target_date < baseline_date:
        raise ValueError("the target date is before the baseline date")
    start = baseline_date if start is None else max(start, baseline_date)
    start = min(start, target_date)
    points: list[Point] = []
    if start > baseline_date:
        points.append(Point(start, baseline))
    span = (target_date - start).days
    one_day = timedelta(days=1)
    if span > 1:
        for end in period_ends_between(start + one_day, target_date - one_day, frequency):
            progress = shape((end - start).days / span)
            points.append(Point(end, baseline + (target - baseline) * progress))
    points.append(Point(target_date, target))
    return points


def linear_profile(
    baseline: float,
    baseline_date: date,
    target: float,
    target_date: date,
    start: date | None,
    frequency: str,
) -> list[Point]:
    """A straight ramp from B at the realisation start to T at the target date."""
    return _profile(lambda x: x, baseline, baseline_date, target, target_date, start, frequency)


def s_curve_profile(
    baseline: float,
    baseline_date: date,
    target: float,
    target_date: date,
    start: date | None,
    frequency: str,
    *,
    steepness: float = 10.0,
) -> list[Point]:
    """A logistic ramp-up: slow adoption, then fast, then levelling off at T.

    The logistic is rescaled so it is exactly B at the start and exactly T at the
    target date; ``steepness`` sets how sudden the middle is.
    """
    if steepness <= 0:
        raise ValueError("steepness must be positive")
    low = 1.0 / (1.0 + math.exp(steepness / 2))
    high = 1.0 / (1.0 + math.exp(-steepness / 2))

    def ramp(x: float) -> float:
        return (1.0 / (1.0 + math.exp(-steepness * (x - 0.5))) - low) / (high - low)

    return _profile(ramp, baseline, baseline_date, target, target_date, start, frequency)


def rebaselined_plan(
    old: BenefitInput,
    baseline: float,
    baseline_date: date,
    target: float,
    target_date: date,
) -> list[Point]:
    """The plan points after a re-baseline to (baseline, target): the old plan's shape
    kept, its end moved to the new target.

    The old plan's end (its last point, or the default ramp's target vertex) becomes
    (new target date, new target); its other points keep their dates and are rescaled
    from the old range [B, T] to the new one — a point half-way to the old target is
    half-way to the new — and those on or before the new baseline date or on or after
    the new target date are dropped.
    """
    vertices = plan_vertices(old)[1:] if old.target is not None else list(old.plan)
    span = None if old.target is None or old.baseline is None else old.target - old.baseline

    def moved(value: float) -> float:
        if not span or old.baseline is None:  # no range to rescale from: as it was
            return value
        return baseline + (value - old.baseline) * (target - baseline) / span

    points = [
        Point(p.date, moved(p.value)) for p in vertices[:-1] if baseline_date < p.date < target_date
    ]
    return [*points, Point(target_date, target)]
