"""Each measurement against the plan at its date, and the tolerance band along the plan.

The detail's Measurements tab, the board pack's measurement tables and the benefit
chart show a figure for every measurement, not only the latest: they are computed
here by the contract's formulas (docs/contract.md: realisation, variance %), so a
measurement reads the same in every view.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from benefitdesk.analysis.plan import PlanCurve, plan_vertices
from benefitdesk.analysis.status import direction, is_defined, realisation, variance_pct
from benefitdesk.analysis.types import BenefitInput, Point


@dataclass(frozen=True, slots=True)
class MeasurementLine:
    """One measurement against the plan at its date; ``None`` where not defined."""

    date: date
    value: float
    planned: float | None  # planned(date)
    variance_pct: float | None  # favourable variance, percent of the committed change
    realisation_pct: float | None


def realisation_pct(value: float, baseline: float, target: float) -> float:
    """Realisation in percent (70.0 is 70 %); never −0.0, which would print as "−0%"."""
    return 100.0 * realisation(value, baseline, target) + 0.0


def measurement_lines(
    b: BenefitInput, measurements: Iterable[Point] | None = None
) -> list[MeasurementLine]:
    """``measurements`` (the benefit's own by default), in the order given, each with
    planned(date), its variance % and its realisation %."""
    vertices = plan_vertices(b)
    curve = PlanCurve(vertices) if vertices else None
    defined = curve is not None and is_defined(b.baseline, b.baseline_date, b.target, b.target_date)
    lines = []
    for m in b.measurements if measurements is None else measurements:
        planned = curve.at(m.date) if curve is not None else None
        variance = realised = None
        if defined and planned is not None and b.baseline is not None and b.target is not None:
            variance = variance_pct(m.value, planned, b.baseline, b.target, b.dis_benefit)
            realised = realisation_pct(m.value, b.baseline, b.target)
        lines.append(MeasurementLine(m.date, m.value, planned, variance, realised))
    return lines


def tolerance_edge(b: BenefitInput, plan: Sequence[Point], amber_pct: float) -> list[Point]:
    """``plan`` shifted to the adverse side by amber % of |T − B|: the edge of the zone
    where a figure still counts as on track.

    The status rule only bounds the adverse side (on track while variance % ≥ −amber;
    ahead of plan is never a problem), so the band has one edge. Empty when the
    benefit's baseline or target is missing.
    """
    if not plan or b.baseline is None or b.target is None:
        return []
    if not is_defined(b.baseline, b.baseline_date, b.target, b.target_date):
        return []
    d = direction(b.baseline, b.target, b.dis_benefit)
    offset = d * amber_pct / 100.0 * abs(b.target - b.baseline)
    return [Point(p.date, p.value - offset) for p in plan]
