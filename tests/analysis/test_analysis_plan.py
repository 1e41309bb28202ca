"""The plan polyline, planned(t), and the linear and S-curve plan generators."""

from __future__ import annotations

from datetime import date

import pytest
from analysis_builders import D0, day, points
from analysis_builders import benefit as make_benefit
from hypothesis import given
from hypothesis import strategies as st

from benefitdesk.analysis.plan import (
    linear_profile,
    plan_vertices,
    planned_value,
    s_curve_profile,
)
from benefitdesk.analysis.types import Point


def planned(b_changes: dict[str, object], k: int) -> float:
    b = make_benefit(**b_changes)
    return planned_value(plan_vertices(b), day(k))


def test_default_plan_ramps_from_realisation_start() -> None:
    # Start on D0+20, T=100 on D0+100: flat at 0 until day 20, then 100/80 per day.
    changes = {"realisation_start": day(20)}
    assert plan_vertices(make_benefit(**changes)) == list(points((0, 0), (20, 0), (100, 100)))
    assert planned(changes, 10) == 0.0
    assert planned(changes, 20) == 0.0
    assert planned(changes, 60) == 50.0  # 40 of 80 days → half of 100
    assert planned(changes, 100) == 100.0


def test_held_flat_before_and_after_the_polyline() -> None:
    assert planned({}, -30) == 0.0  # before the baseline date: B
    assert planned({}, 250) == 100.0  # after the target date: T


def test_current_plan_is_used_not_the_original() -> None:
    # Re-baselined: the original plan reached 100 on D0+100, the current one holds 60.
    changes = {
        "original_plan": points((100, 100)),
        "plan": points((50, 30), (100, 60)),
    }
    assert plan_vertices(make_benefit(**changes)) == list(points((0, 0), (50, 30), (100, 60)))
    assert planned(changes, 25) == 15.0  # halfway from (0, 0) to (50, 30)
    assert planned(changes, 75) == 45.0  # halfway from (50, 30) to (100, 60)
    assert planned(changes, 200) == 60.0


def test_plan_points_are_sorted_by_date() -> None:
    changes = {"plan": points((100, 60), (50, 30))}
    assert planned(changes, 75) == 45.0


def test_plan_points_sharing_a_date_make_a_step() -> None:
    # (0,0) → (10,10) | (10,30) → (20,40): the line reaches 10 on day 10, where 30 applies.
    changes = {"plan": points((10, 10), (10, 30), (20, 40))}
    assert planned(changes, 5) == 5.0  # towards the first point of the shared date
    assert planned(changes, 10) == 30.0  # the last point of the shared date applies
    assert planned(changes, 15) == 35.0  # halfway from 30 to 40


def test_baseline_vertex_comes_first_among_equal_dates() -> None:
    # A plan point on the baseline date overrides B from that day on.
    changes = {"plan": points((0, 7), (10, 17))}
    assert plan_vertices(make_benefit(**changes))[0] == Point(D0, 0.0)
    assert planned(changes, 0) == 7.0
    assert planned(changes, -1) == 0.0
    assert planned(changes, 5) == 12.0


def test_realisation_start_after_target_date_is_a_step_at_target_date() -> None:
    changes = {"realisation_start": day(150)}
    assert planned(changes, 99) == 0.0
    assert planned(changes, 100) == 100.0
    assert planned(changes, 200) == 100.0


def test_no_plan_without_a_baseline_and_only_baseline_without_a_target() -> None:
    assert plan_vertices(make_benefit(baseline=None)) == []
    assert plan_vertices(make_benefit(target_date=None)) == [Point(D0, 0.0)]
    with pytest.raises(ValueError, match="at least one vertex"):
        planned_value([], D0)


def test_linear_profile_monthly_from_go_live() -> None:
    # 0 on 2024-01-01 → 120 on 2024-12-31, go-live 2024-03-15 (day 74 of the year):
    # 291 days of ramp. Mar 31 is 16 days in, Jun 30 is 107 days in.
    plan = linear_profile(
        0.0, date(2024, 1, 1), 120.0, date(2024, 12, 31), date(2024, 3, 15), "monthly"
    )
    assert [p.date for p in plan] == [
        date(2024, 3, 15),
        *[date(2024, m, d) for m, d in [(3, 31), (4, 30), (5, 31), (6, 30), (7, 31)]],
        *[date(2024, m, d) for m, d in [(8, 31), (9, 30), (10, 31), (11, 30), (12, 31)]],
    ]
    assert plan[0].value == 0.0
    assert plan[1].value == pytest.approx(120 * 16 / 291)
    assert plan[4].value == pytest.approx(120 * 107 / 291)
    assert plan[-1].value == 120.0


def test_linear_profile_starting_at_baseline_needs_no_start_point() -> None:
    plan = linear_profile(10.0, date(2024, 1, 1), 4.0, date(2024, 3, 31), None, "monthly")
    # 0 → 90 days: Jan 31 is day 30, Feb 29 is day 59; the value falls from 10 to 4.
    assert plan == [
        Point(date(2024, 1, 31), pytest.approx(10 - 6 * 30 / 90)),
        Point(date(2024, 2, 29), pytest.approx(10 - 6 * 59 / 90)),
        Point(date(2024, 3, 31), 4.0),
    ]


def test_profile_refuses_a_target_date_before_the_baseline_date() -> None:
    with pytest.raises(ValueError, match="before the baseline date"):
        linear_profile(0, date(2024, 6, 1), 1, date(2024, 1, 1), None, "monthly")


def test_s_curve_is_exact_at_the_ends_and_symmetric() -> None:
    # Sunday 2023-12-31 to Sunday 2024-04-07: 98 days, so day 49 (2024-02-18) is a Sunday.
    start, target_date = date(2023, 12, 31), date(2024, 4, 7)
    plan = s_curve_profile(0.0, start, 100.0, target_date, start, "weekly")
    assert len(plan) == 14  # 13 Sundays strictly between, then the target date
    assert plan[-1] == Point(target_date, 100.0)
    by_date = {p.date: p.value for p in plan}
    assert by_date[date(2024, 2, 18)] == pytest.approx(50.0)
    # Symmetric about the middle: value(x) + value(1 − x) = T + B.
    assert by_date[date(2024, 1, 7)] + by_date[date(2024, 3, 31)] == pytest.approx(100.0)
    values = [p.value for p in plan]
    assert values == sorted(values)
    # Slow start: after one week the S-curve lags the straight line (7/98 ≈ 7.1).
    assert 0 < by_date[date(2024, 1, 7)] < 100 * 7 / 98


def test_s_curve_keeps_plan_flat_until_go_live() -> None:
    plan = s_curve_profile(
        5.0, date(2024, 1, 1), 9.0, date(2024, 12, 31), date(2024, 6, 15), "quarterly"
    )
    assert [p.date for p in plan] == [
        date(2024, 6, 15),
        date(2024, 6, 30),
        date(2024, 9, 30),
        date(2024, 12, 31),
    ]
    assert plan[0].value == 5.0
    assert plan[-1].value == 9.0
    assert 5.0 < plan[1].value < plan[2].value < 9.0


vertex_lists = st.lists(
    st.tuples(st.integers(0, 400), st.floats(-1e6, 1e6, allow_nan=False)), min_size=1, max_size=8
)


@given(raw=vertex_lists, t=st.integers(-50, 450))
def test_planned_lies_between_its_neighbouring_vertices(
    raw: list[tuple[int, float]], t: int
) -> None:
    vertices = sorted(points(*raw), key=lambda p: p.date)  # stable, like plan_vertices
    value = planned_value(vertices, day(t))
    before = [v for v in vertices if v.date <= day(t)]
    after = [v for v in vertices if v.date > day(t)]
    if not before:
        assert value == vertices[0].value  # flat before the polyline
    elif not after:
        assert value == vertices[-1].value  # flat after the polyline
    elif before[-1].date == day(t):
        assert value == before[-1].value  # on a vertex: the last one of that date
    else:
        low, high = sorted((before[-1].value, after[0].value))
        slack = 1e-9 * max(1.0, abs(low), abs(high))
        assert low - slack <= value <= high + slack
