"""The reporting-period calendar and the overdue rule."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from benefitdesk.analysis.periods import (
    FREQUENCIES,
    is_overdue,
    next_due,
    next_period_end,
    period_end,
    period_ends_between,
)


@pytest.mark.parametrize(
    ("d", "frequency", "expected"),
    [
        (date(2024, 1, 3), "weekly", date(2024, 1, 7)),  # Wednesday → that ISO week's Sunday
        (date(2024, 1, 7), "weekly", date(2024, 1, 7)),  # a Sunday is its own period end
        (date(2024, 1, 8), "weekly", date(2024, 1, 14)),  # Monday starts a new week
        (date(2024, 12, 30), "weekly", date(2025, 1, 5)),  # ISO week 1 of 2025
        (date(2024, 2, 10), "monthly", date(2024, 2, 29)),  # leap year
        (date(2023, 2, 10), "monthly", date(2023, 2, 28)),
        (date(2024, 5, 1), "quarterly", date(2024, 6, 30)),
        (date(2024, 10, 1), "quarterly", date(2024, 12, 31)),
        (date(2024, 3, 31), "quarterly", date(2024, 3, 31)),
        (date(2024, 6, 30), "half-yearly", date(2024, 6, 30)),
        (date(2024, 7, 1), "half-yearly", date(2024, 12, 31)),
        (date(2024, 1, 1), "yearly", date(2024, 12, 31)),
    ],
)
def test_period_end(d: date, frequency: str, expected: date) -> None:
    assert period_end(d, frequency) == expected


@pytest.mark.parametrize(
    ("d", "frequency", "expected"),
    [
        (date(2024, 1, 15), "monthly", date(2024, 1, 31)),
        (date(2024, 1, 31), "monthly", date(2024, 2, 29)),  # strictly after a period end
        (date(2024, 1, 7), "weekly", date(2024, 1, 14)),
        (date(2024, 12, 31), "quarterly", date(2025, 3, 31)),
        (date(2024, 6, 30), "half-yearly", date(2024, 12, 31)),
        (date(2024, 12, 31), "yearly", date(2025, 12, 31)),
    ],
)
def test_next_period_end(d: date, frequency: str, expected: date) -> None:
    assert next_period_end(d, frequency) == expected


def test_period_ends_between_is_inclusive() -> None:
    assert period_ends_between(date(2024, 1, 15), date(2024, 4, 30), "monthly") == [
        date(2024, 1, 31),
        date(2024, 2, 29),
        date(2024, 3, 31),
        date(2024, 4, 30),
    ]
    assert period_ends_between(date(2024, 1, 31), date(2024, 1, 31), "monthly") == [
        date(2024, 1, 31)
    ]
    assert period_ends_between(date(2024, 2, 1), date(2024, 2, 28), "monthly") == []


def test_unknown_frequency_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown reporting frequency"):
        period_end(date(2024, 1, 1), "fortnightly")
    with pytest.raises(ValueError, match="unknown reporting frequency"):
        is_overdue(date(2024, 1, 1), None, "fortnightly", date(2024, 6, 1))


days = st.dates(min_value=date(1990, 1, 1), max_value=date(2100, 12, 31))


@given(d=days, frequency=st.sampled_from(FREQUENCIES))
def test_period_end_is_a_fixed_point_on_or_after_d(d: date, frequency: str) -> None:
    end = period_end(d, frequency)
    assert end >= d
    assert period_end(end, frequency) == end
    assert (end - d).days <= 183 or frequency == "yearly"


@given(d=days, frequency=st.sampled_from(FREQUENCIES))
def test_no_period_end_is_skipped(d: date, frequency: str) -> None:
    following = next_period_end(d, frequency)
    assert following > d
    # The first and last day after d up to the next end belong to that same period
    # (period_end never decreases, so every day between does too).
    assert period_end(d + timedelta(days=1), frequency) == following
    if following - timedelta(days=1) > d:
        assert period_end(following - timedelta(days=1), frequency) == following


# Overdue: more than one period (7, 31, 92, 183, 366 days) plus 7 days of grace.
@pytest.mark.parametrize(
    ("frequency", "allowed"),
    [
        *(("daily", 8), ("weekly", 14), ("monthly", 38), ("quarterly", 99)),
        *(("half-yearly", 190), ("yearly", 373)),
    ],
)
def test_overdue_boundary(frequency: str, allowed: int) -> None:
    latest = date(2024, 1, 31)
    on_boundary = latest + timedelta(days=allowed)
    assert not is_overdue(latest, None, frequency, on_boundary)
    assert is_overdue(latest, None, frequency, on_boundary + timedelta(days=1))
    # With no measurement the clock runs from the realisation start.
    assert not is_overdue(None, latest, frequency, on_boundary)
    assert is_overdue(None, latest, frequency, on_boundary + timedelta(days=1))


def test_never_overdue_without_frequency_or_reference() -> None:
    long_after = date(2030, 1, 1)
    assert not is_overdue(date(2024, 1, 31), date(2024, 1, 1), None, long_after)
    assert not is_overdue(None, None, "monthly", long_after)
    # The latest measurement wins over the realisation start.
    assert not is_overdue(date(2029, 12, 31), date(2020, 1, 1), "monthly", long_after)


def test_next_due_after_the_latest_figure_else_from_the_start() -> None:
    assert next_due(date(2026, 7, 31), date(2025, 1, 1), "monthly") == date(2026, 8, 31)
    assert next_due(None, date(2026, 2, 10), "quarterly") == date(2026, 3, 31)
    assert next_due(None, None, "monthly") is None
    assert next_due(date(2026, 7, 31), None, None) is None


def test_a_daily_period_is_the_day() -> None:
    day = date(2026, 3, 4)
    assert period_end(day, "daily") == day
    assert next_period_end(day, "daily") == date(2026, 3, 5)
    assert period_ends_between(day, date(2026, 3, 6), "daily") == [
        day,
        date(2026, 3, 5),
        date(2026, 3, 6),
    ]
