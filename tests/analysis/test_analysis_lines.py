"""Every measurement against the plan, the tolerance band and money over time: the same
formulas as the latest figure of the report (docs/contract.md)."""

from __future__ import annotations

import pytest
from analysis_builders import THRESHOLDS, benefit, day, points
from hypothesis import given
from hypothesis import strategies as st

from benefitdesk.analysis.evaluate import evaluate_benefit
from benefitdesk.analysis.lines import measurement_lines, tolerance_edge
from benefitdesk.analysis.money import planned_over_time, realised_over_time
from benefitdesk.analysis.plan import plan_vertices
from benefitdesk.analysis.portfolio import value_over_time
from benefitdesk.analysis.types import Point


def test_each_measurement_against_the_plan_at_its_date() -> None:
    b = benefit(measurements=points((10, 5), (50, 60)))
    first, second = measurement_lines(b)
    assert (first.planned, first.variance_pct, first.realisation_pct) == (10.0, -5.0, 5.0)
    assert (second.planned, second.variance_pct, second.realisation_pct) == (50.0, 10.0, 60.0)


def test_a_dis_benefit_is_favourable_below_plan_and_realisation_is_never_minus_zero() -> None:
    b = benefit(dis_benefit=True, measurements=points((50, 40), (0, 0)))
    behind, start = measurement_lines(b)
    assert behind.variance_pct == 10.0  # less impact than planned
    assert str(start.realisation_pct) == "0.0"


def test_an_undefined_benefit_has_plan_but_no_variance() -> None:
    (line,) = measurement_lines(benefit(target=None, measurements=points((10, 5))))
    assert line.variance_pct is None and line.realisation_pct is None


@given(st.lists(st.integers(0, 200), min_size=1, max_size=8, unique=True), st.data())
def test_the_latest_line_agrees_with_the_report(offsets: list[int], data: st.DataObject) -> None:
    values = data.draw(st.lists(st.floats(-500, 500), min_size=len(offsets), max_size=len(offsets)))
    b = benefit(measurements=tuple(Point(day(k), v) for k, v in zip(offsets, values, strict=True)))
    result = evaluate_benefit(b, day(300), THRESHOLDS)
    latest = measurement_lines(b, sorted(b.measurements))[-1]
    assert latest.variance_pct == result.variance_pct
    assert latest.realisation_pct == pytest.approx(result.realisation_pct)


def test_the_tolerance_band_is_on_the_adverse_side_only() -> None:
    b = benefit()
    plan = plan_vertices(b)
    assert [p.value for p in tolerance_edge(b, plan, 10.0)] == [v.value - 10 for v in plan]
    down = benefit(target=-100.0)
    assert tolerance_edge(down, plan_vertices(down), 10.0)[0].value == 10.0
    assert tolerance_edge(benefit(target=0.0), plan, 10.0) == []


def test_realised_over_time_fed_its_history_as_columns_equals_its_own() -> None:
    b = benefit(measurements=points((60, 70), (20, 10), (90, 95)))
    dates = [day(k) for k in (0, 20, 59, 60, 120)]
    ordered = sorted(b.measurements)
    columns = ([m.date for m in ordered], [m.value for m in ordered])
    assert realised_over_time(b, dates, columns) == realised_over_time(b, dates)
    assert realised_over_time(b, dates, ([], [])) == [0.0] * len(dates)


def test_money_over_time_equals_the_report_at_each_date() -> None:
    b = benefit(measurements=points((20, 10), (60, 70)))
    dates = [day(k) for k in (0, 30, 60, 90, 120)]
    planned, realised = planned_over_time(b, dates), realised_over_time(b, dates)
    for when, p, r in zip(dates, planned, realised, strict=True):
        result = evaluate_benefit(b, when, THRESHOLDS)
        assert (p, r) == (result.planned_to_date_value, result.realised_value)
    assert value_over_time([b, benefit(lifecycle="draft")], dates) == list(
        zip(dates, planned, realised, strict=True)
    )
