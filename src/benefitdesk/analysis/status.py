"""Where one measured series stands against its plan: the status rules 1-6.

Benefits and their leading indicators follow the same rules, so both go through
:func:`track`; only what is done with the result differs.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from datetime import date
from functools import lru_cache
from operator import attrgetter
from typing import NamedTuple

from benefitdesk.analysis.plan import PlanCurve
from benefitdesk.analysis.types import Point, Status, Thresholds, record

#: Relative slack when comparing with a threshold, so a variance that is exactly
#: −10 % on paper but −10.000000000000002 % in floating point is still on track.
_TOLERANCE = 1e-9

_by_date = attrgetter("date")

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


def variance_pct(
    value: float, planned: float, baseline: float, target: float, dis_benefit: bool = False
) -> float:
    """Favourable variance of ``value`` against ``planned``, in percent of the committed
    improvement |T − B|: negative means behind plan."""
    favourable = direction(baseline, target, dis_benefit) * (value - planned)
    return 100.0 * favourable / abs(target - baseline)


def held(value: float, level: float, band: float) -> float:
    """A maintain KPI's realisation: 1 while the value is within ± band of the level,
    then one band's width less for each band's width beyond it (0 at twice the band,
    negative further out). Never above 1: holding a level is never "more than done"."""
    return 1.0 - max(0.0, abs(value - level) - band) / band


def is_maintained(
    baseline: float | None,
    baseline_date: date | None,
    target: float | None,
    target_date: date | None,
    band: float | None,
) -> bool:
    """A maintain KPI is measurable with its level, dates and a band: B = T, band > 0."""
    return (
        baseline is not None
        and baseline_date is not None
        and target_date is not None
        and target == baseline
        and band is not None
        and band > 0
    )


def at_least(value: float, bound: float) -> bool:
    """``value >= bound`` with slack for floating-point noise at the boundary."""
    return value >= _least(bound)


@lru_cache(maxsize=64)
def _least(bound: float) -> float:
    """The least value that counts as at least ``bound`` (a report asks it of the same
    two thresholds for every benefit)."""
    return bound - _TOLERANCE * max(1.0, abs(bound))


class Track(NamedTuple):
    """The position of a series at an as-of date; ratios are fractions, not percent.

    (A tuple: one is made for every benefit and indicator of a report.)
    """

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
    ordered = sorted(measurements, key=_by_date)
    if ordered and ordered[-1].date > as_of:
        del ordered[bisect_right(ordered, as_of, key=_by_date) :]
    return tuple(ordered)


def track(
    *,
    baseline: float | None,
    baseline_date: date | None,
    target: float | None,
    target_date: date | None,
    start: date | None,
    dis_benefit: bool,
    curve: PlanCurve | None,
    measurements: Sequence[Point],
    as_of: date,
    thresholds: Thresholds,
    band: float | None = None,
) -> Track:
    """Apply the status rules, first match wins.

    ``not_started`` and ``no_data`` come first because they need no baseline or target;
    after them a series whose baseline or target is missing (or equal) is ``undefined``
    and gets no realisation or variance. A maintain KPI (``band`` given) is measured by
    how far its latest figure strays beyond the band around its level (`held`).
    ``curve`` is the plan (None without one).
    """
    measured = measured_by(measurements, as_of)
    planned = curve.at(as_of) if curve is not None else None
    if not measured:
        rule = Status.NOT_STARTED if start is not None and as_of < start else Status.NO_DATA
        return record(Track, (rule, measured, planned, None, None, None))
    latest = measured[-1]
    if band is not None:
        if curve is None or not is_maintained(baseline, baseline_date, target, target_date, band):
            return record(Track, (Status.UNDEFINED, measured, planned, None, None, None))
        level = curve.at(latest.date)
        achieved = held(latest.value, level, band)
        behind = 100.0 * (achieved - 1.0)
        status = _by_variance(behind, thresholds)
        return record(Track, (status, measured, planned, achieved, latest.value - level, behind))
    if (
        curve is None
        or baseline is None
        or target is None
        or not is_defined(baseline, baseline_date, target, target_date)
    ):
        return record(Track, (Status.UNDEFINED, measured, planned, None, None, None))
    achieved = realisation(latest.value, baseline, target)
    planned_then = curve.at(latest.date)
    variance = latest.value - planned_then
    behind = variance_pct(latest.value, planned_then, baseline, target, dis_benefit)
    if not dis_benefit and at_least(achieved, 1.0):
        status = Status.REALISED
    else:
        status = _by_variance(behind, thresholds)
    return record(Track, (status, measured, planned, achieved, variance, behind))


def _by_variance(variance_pct: float, thresholds: Thresholds) -> Status:
    """Rules 5-7: on track, at risk or off track by the variance %."""
    if variance_pct >= _least(-thresholds.amber_pct):
        return Status.ON_TRACK
    if variance_pct >= _least(-thresholds.red_pct):
        return Status.AT_RISK
    return Status.OFF_TRACK
