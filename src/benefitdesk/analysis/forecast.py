"""Where the recent trend lands by the target date.

A least-squares line through the last few actuals is crude but explainable to a board,
and it turns a slow slide into an early warning before the shortfall is measured.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from functools import lru_cache
from operator import attrgetter
from typing import NamedTuple

from benefitdesk.analysis.types import Point, record

#: Fewer actuals than this give no forecast (docs/contract.md, "Forecast").
MIN_FORECAST_POINTS = 3


class Trend(NamedTuple):
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
    dates, values = zip(*points, strict=True)  # the points' dates and values, in C
    mean_day, offsets, sxx = _days_part(dates)
    # Lists, not generators, for speed; the sums add in the same order either way.
    mean_value = sum(values) / len(values)
    if sxx == 0:
        return record(Trend, (mean_day, mean_value, 0.0))
    sxy = sum([dx * (y - mean_value) for dx, y in zip(offsets, values, strict=True)])
    return record(Trend, (mean_day, mean_value, sxy / sxx))


@lru_cache(maxsize=4096)
def _days_part(dates: tuple[date, ...]) -> tuple[float, tuple[float, ...], float]:
    """The mean day, each day's offset from it and the sum of their squares: the part of
    the fit that depends on the dates alone. Figures are dated at period ends, so the
    same few windows of dates recur across a portfolio's benefits (and its dates)."""
    days = [day.toordinal() for day in dates]
    mean_day = sum(days) / len(days)
    offsets = tuple([x - mean_day for x in days])
    return mean_day, offsets, sum([dx**2 for dx in offsets])


def last_window(known: Sequence[Point], window: int) -> Sequence[Point]:
    """The last ``window`` of measurements already in date order and cut at as-of."""
    return known[-window:] if window > 0 else known[:0]


def forecast_window(measurements: Sequence[Point], as_of: date, window: int) -> list[Point]:
    """The last ``window`` measurements dated on or before as-of, oldest first."""
    known = sorted((m for m in measurements if m.date <= as_of), key=attrgetter("date"))
    return list(last_window(known, window))


def forecast_value(
    measurements: Sequence[Point], as_of: date, target_date: date, window: int
) -> float | None:
    """The forecast value at the target date, or ``None`` when there is no forecast."""
    return forecast_of(forecast_window(measurements, as_of, window), as_of, target_date)


def forecast_of(points: Sequence[Point], as_of: date, target_date: date) -> float | None:
    """The forecast from the window's measurements, oldest first.

    At least three are needed, also on or after the target date, where the forecast is
    simply the latest actual. (evaluate.py passes the window of the measurements it has
    already put in order and cut at as-of.)
    """
    if len(points) < MIN_FORECAST_POINTS:
        return None
    if as_of >= target_date:
        return points[-1].value
    return fit_trend(points).at(target_date)
