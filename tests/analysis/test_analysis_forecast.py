"""The least-squares forecast at the target date."""

from __future__ import annotations

import math

import pytest
from analysis_builders import day, points
from hypothesis import given
from hypothesis import strategies as st

from benefitdesk.analysis.forecast import fit_trend, forecast_value

TARGET = day(100)


def test_two_points_give_no_forecast() -> None:
    assert forecast_value(points((0, 0), (10, 10)), day(10), TARGET, 6) is None


def test_three_points_least_squares() -> None:
    # Days 0, 10, 20 with values 0, 10, 5: mean day 10, mean value 5,
    # Sxx = 100 + 0 + 100 = 200, Sxy = (−10)(−5) + 0 + (10)(0) = 50 → slope 0.25/day.
    # At day 100: 5 + 0.25 × 90 = 27.5.
    assert forecast_value(points((0, 0), (10, 10), (20, 5)), day(20), TARGET, 6) == pytest.approx(
        27.5
    )


def test_only_the_last_window_points_count() -> None:
    # Window 3: days 30, 40, 50 with 10, 20, 30 → slope 1/day → 80 at day 100.
    # All six points would fit a flatter line (slope 0.657, giving ≈ 63.3).
    history = points((0, 0), (10, 0), (20, 0), (30, 10), (40, 20), (50, 30))
    assert forecast_value(history, day(50), TARGET, 3) == pytest.approx(80.0)
    assert forecast_value(history, day(50), TARGET, 6) != pytest.approx(80.0)


def test_measurements_after_as_of_are_ignored() -> None:
    # As of day 20 only the first three exist; day 30's 1000 is in the future.
    history = points((0, 0), (10, 10), (20, 20), (30, 1000))
    assert forecast_value(history, day(20), TARGET, 6) == pytest.approx(100.0)
    assert forecast_value(history, day(15), TARGET, 6) is None  # only two known then


def test_on_or_after_target_date_the_forecast_is_the_latest_actual() -> None:
    history = points((80, 50), (90, 70), (100, 65))
    assert forecast_value(history, day(100), TARGET, 6) == 65.0
    assert forecast_value(history, day(130), TARGET, 6) == 65.0
    # Still three measurements needed.
    assert forecast_value(points((90, 70), (100, 65)), day(130), TARGET, 6) is None


def test_window_below_three_never_forecasts() -> None:
    assert forecast_value(points((0, 0), (10, 10), (20, 20)), day(20), TARGET, 2) is None


def test_trend_of_coinciding_dates_is_flat() -> None:
    trend = fit_trend(points((5, 1), (5, 3)))
    assert trend.slope == 0.0
    assert trend.at(day(50)) == 2.0


@given(
    slope=st.floats(-1000, 1000, allow_nan=False),
    intercept=st.floats(-1e6, 1e6, allow_nan=False),
    offsets=st.lists(st.integers(-2000, 2000), min_size=3, max_size=12, unique=True),
)
def test_points_on_a_line_forecast_that_line(
    slope: float, intercept: float, offsets: list[int]
) -> None:
    history = points(*((k, intercept + slope * k) for k in offsets))
    as_of = day(max(offsets))
    target = day(max(offsets) + 365)
    forecast = forecast_value(history, as_of, target, window=len(offsets))
    expected = intercept + slope * (max(offsets) + 365)
    assert forecast is not None
    assert math.isclose(forecast, expected, rel_tol=1e-9, abs_tol=1e-6)
