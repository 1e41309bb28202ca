"""The reporting-period calendar.

Measurements are dated at period ends, so synced dates are snapped to one, collection
templates list them, and a new measurement defaults to the next one. The overdue rule
lives here too because it is counted in reporting periods.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache

from benefitdesk.analysis.types import GRACE_DAYS, PERIOD_DAYS
from benefitdesk.enums import Frequency

#: The reporting frequencies, shortest first.
FREQUENCIES: tuple[str, ...] = tuple(f.value for f in Frequency)

_MONTHS_PER_PERIOD: dict[str, int] = {
    Frequency.MONTHLY: 1,
    Frequency.QUARTERLY: 3,
    Frequency.HALF_YEARLY: 6,
    Frequency.YEARLY: 12,
}
_ONE_DAY = timedelta(days=1)


def _check(frequency: str) -> None:
    """Fail loudly on a misspelt frequency rather than silently never being due."""
    if frequency not in PERIOD_DAYS:
        raise ValueError(
            f"unknown reporting frequency {frequency!r}; expected one of {', '.join(FREQUENCIES)}"
        )


@lru_cache(maxsize=8192)
def period_end(d: date, frequency: str) -> date:
    """The end of the reporting period containing ``d`` (``d`` itself when it is one).

    A daily period is the day; weekly periods are ISO weeks, ending on Sunday; the
    others end on the last day of the month, quarter, half-year or year. (Cached: a
    report asks it of the same few hundred period ends for each of 10,000 benefits.)
    """
    _check(frequency)
    if frequency == Frequency.DAILY:
        return d
    if frequency == Frequency.WEEKLY:
        return d + timedelta(days=6 - d.weekday())
    months = _MONTHS_PER_PERIOD[frequency]
    last_month = ((d.month - 1) // months + 1) * months
    if last_month == 12:
        return date(d.year, 12, 31)
    return date(d.year, last_month + 1, 1) - _ONE_DAY  # the day before the next month


@lru_cache(maxsize=8192)
def next_period_end(d: date, frequency: str) -> date:
    """The first period end strictly after ``d``: when the next figure falls due.
    (Cached: figures are dated at the same few period ends across a portfolio.)"""
    end = period_end(d, frequency)
    return end if end > d else period_end(d + _ONE_DAY, frequency)


def period_ends_between(start: date, end: date, frequency: str) -> list[date]:
    """Every period end from ``start`` to ``end``, both inclusive, in order."""
    ends: list[date] = []
    current = period_end(start, frequency)
    while current <= end:
        ends.append(current)
        current = next_period_end(current, frequency)
    return ends


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
