"""The contract's money rule (docs/contract.md, "Money"): what a benefit is worth,
has realised and has planned to date, at one date or at many.

The report, the dashboard's value over time and the board pack's trend all count money
here, so a benefit's realised value on the chart equals the one in its row.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from datetime import date
from functools import lru_cache

from benefitdesk.analysis.plan import plan_curve
from benefitdesk.analysis.status import is_defined, realisation
from benefitdesk.analysis.types import BenefitInput


def signed_value(b: BenefitInput) -> float | None:
    """s·V: the financial value, negative for a dis-benefit; None without one."""
    if b.financial_value is None:
        return None
    return -b.financial_value if b.dis_benefit else b.financial_value


def realised_value(signed: float, ratio: float | None) -> float:
    """s·V·max(0, realisation(latest)); no figure yet has realised nothing.

    (``+ 0.0`` turns the −0.0 of a dis-benefit into a plain 0.0 for display.)
    """
    return signed * max(0.0, ratio or 0.0) + 0.0


def planned_to_date_value(signed: float, ratio: float | None) -> float:
    """s·V·clamp(realisation(planned(as-of)), 0, 1)."""
    return signed * min(1.0, max(0.0, ratio or 0.0)) + 0.0


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


def _goal(b: BenefitInput) -> tuple[float, float, float] | None:
    """(s·V, B, T) of a benefit with a financial value and a measurable definition."""
    signed = signed_value(b)
    if signed is None or b.baseline is None or b.target is None:
        return None
    if not is_defined(b.baseline, b.baseline_date, b.target, b.target_date):
        return None
    return signed, b.baseline, b.target


@lru_cache(maxsize=8)
def _day_numbers(dates: tuple[date, ...]) -> tuple[int, ...]:
    """The dates as day numbers, made once for the thousands of benefits swept over
    the same dates."""
    return tuple(map(date.toordinal, dates))


def planned_over_time(b: BenefitInput, dates: Sequence[date]) -> list[float]:
    """Planned-to-date value at each date (0 where the benefit has no measurable value)."""
    goal = _goal(b)
    curve = None if goal is None else plan_curve(b)
    if goal is None or curve is None:
        return [0.0] * len(dates)
    signed, baseline, target = goal
    at = curve.at_ordinal
    return [
        planned_to_date_value(signed, realisation(at(day), baseline, target))
        for day in _day_numbers(tuple(dates))
    ]


#: A benefit's measurements as two columns, oldest first: their dates and their values.
History = tuple[Sequence[date], Sequence[float]]


def realised_over_time(
    b: BenefitInput, dates: Sequence[date], history: History | None = None
) -> list[float]:
    """Realised value at each date, from the latest measurement on or before it.

    ``history`` (the dates and values of its measurements, oldest first) stands in for
    the benefit's own when given: the dashboard streams a benefit's history instead of
    holding it in the input.
    """
    goal = _goal(b)
    if goal is None:
        return [0.0] * len(dates)
    signed, baseline, target = goal
    if history is None:
        ordered = sorted(b.measurements)
        history = [m[0] for m in ordered], [m[1] for m in ordered]
    days, values = history
    result = []
    for day in dates:
        cut = bisect_right(days, day)
        ratio = realisation(values[cut - 1], baseline, target) if cut else None
        result.append(realised_value(signed, ratio))
    return result
