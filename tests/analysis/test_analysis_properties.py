"""Properties of the contract that must hold for any benefit, checked with Hypothesis."""

from __future__ import annotations

import math

import pytest
from analysis_builders import THRESHOLDS, day, points
from analysis_builders import benefit as make_benefit
from hypothesis import assume, given
from hypothesis import strategies as st

from benefitdesk.analysis.evaluate import evaluate_benefit
from benefitdesk.analysis.periods import FREQUENCIES
from benefitdesk.analysis.portfolio import portfolio_totals, value_over_time
from benefitdesk.analysis.status import realisation
from benefitdesk.analysis.types import BenefitInput, Status, Thresholds

values = st.floats(-1000, 1000, allow_nan=False)
LIFECYCLES = ("draft", "approved", "tracking", "realised", "closed", "cancelled")


@st.composite
def benefits(draw: st.DrawFn) -> BenefitInput:
    """A benefit with the default plan: B until its start day, then straight to T on day 100."""
    baseline = draw(values)
    target = draw(values.filter(lambda t: abs(t - baseline) > 1e-3))
    measured = draw(st.dictionaries(st.integers(-20, 200), st.floats(-3000, 3000), max_size=8))
    return make_benefit(
        baseline=baseline,
        target=target,
        realisation_start=day(draw(st.integers(0, 60))),
        dis_benefit=draw(st.booleans()),
        financial_value=draw(st.one_of(st.none(), st.floats(0, 1e6))),
        frequency=draw(st.sampled_from((*FREQUENCIES, None))),
        lifecycle=draw(st.sampled_from(LIFECYCLES)),
        measurements=points(*measured.items()),
    )


def by_hand_planned(b: BenefitInput, k: int) -> float:
    """The default plan, computed independently of plan.py."""
    assert b.baseline is not None and b.target is not None and b.realisation_start
    start = (b.realisation_start - day(0)).days
    if k <= start:
        return b.baseline
    if k >= 100:
        return b.target
    return b.baseline + (b.target - b.baseline) * (k - start) / (100 - start)


@given(baseline=values, target=values)
def test_realisation_is_zero_at_baseline_and_one_at_target(baseline: float, target: float) -> None:
    assume(target != baseline)
    assert realisation(baseline, baseline, target) == 0.0
    assert realisation(target, baseline, target) == 1.0


thresholds = st.tuples(st.floats(0, 50), st.floats(0, 50)).map(
    lambda pair: Thresholds(amber_pct=min(pair), red_pct=max(pair))
)


@given(b=benefits(), as_of=st.integers(-30, 250), limits=thresholds)
def test_status_agrees_with_variance_and_thresholds(
    b: BenefitInput, as_of: int, limits: Thresholds
) -> None:
    r = evaluate_benefit(b, day(as_of), limits)
    known = sorted((m for m in b.measurements if m.date <= day(as_of)), key=lambda m: m.date)
    if not known:
        assert r.status in (Status.NOT_STARTED, Status.NO_DATA)
        assert (r.status is Status.NOT_STARTED) == (day(as_of) < b.realisation_start)
        return
    assert b.baseline is not None and b.target is not None
    latest = known[-1]
    span = b.target - b.baseline
    d = (1 if span > 0 else -1) * (-1 if b.dis_benefit else 1)
    expected_pct = 100 * d * (latest.value - by_hand_planned(b, (latest.date - day(0)).days))
    expected_pct /= abs(span)
    assert r.variance_pct is not None
    assert math.isclose(r.variance_pct, expected_pct, rel_tol=1e-9, abs_tol=1e-6)
    ratio = (latest.value - b.baseline) / span
    # Keep clear of the boundaries, where the engine allows for rounding noise.
    assume(abs(ratio - 1) > 1e-6)
    assume(abs(expected_pct + limits.amber_pct) > 1e-6)
    assume(abs(expected_pct + limits.red_pct) > 1e-6)
    if not b.dis_benefit and ratio > 1:
        expected = Status.REALISED
    elif expected_pct > -limits.amber_pct:
        expected = Status.ON_TRACK
    elif expected_pct > -limits.red_pct:
        expected = Status.AT_RISK
    else:
        expected = Status.OFF_TRACK
    assert r.status is expected


@given(b=benefits(), as_of=st.integers(-30, 400))
def test_at_risk_value_follows_the_contract(b: BenefitInput, as_of: int) -> None:
    r = evaluate_benefit(b, day(as_of), THRESHOLDS)
    if b.financial_value is None:
        assert r.at_risk_value is None
        return
    assert r.at_risk_value is not None
    assert r.at_risk_value >= 0.0
    if r.at_risk:
        ratio = (
            r.forecast_realisation_pct
            if r.forecast_realisation_pct is not None
            else (r.realisation_pct)
        )
        if ratio is None:
            expected = b.financial_value
        else:
            gap = ratio / 100 - 1 if b.dis_benefit else 1 - ratio / 100
            expected = b.financial_value * max(0.0, gap)
        assert r.at_risk_value == pytest.approx(expected)
    if not r.at_risk:
        assert r.at_risk_value == 0.0
    if b.lifecycle in ("closed", "cancelled"):
        assert not r.at_risk and not r.overdue


@given(b=benefits(), as_of=st.integers(-30, 400))
def test_money_signs_follow_the_kind(b: BenefitInput, as_of: int) -> None:
    r = evaluate_benefit(b, day(as_of), THRESHOLDS)
    assume(b.financial_value)
    sign = -1 if b.dis_benefit else 1
    assert r.committed_value == sign * b.financial_value
    assert r.realised_value is not None and sign * r.realised_value >= 0
    assert r.planned_to_date_value is not None
    assert 0 <= sign * r.planned_to_date_value <= b.financial_value


@given(
    portfolio=st.lists(benefits(), max_size=6), offsets=st.lists(st.integers(-30, 250), max_size=5)
)
def test_value_over_time_equals_the_sum_of_evaluations(
    portfolio: list[BenefitInput], offsets: list[int]
) -> None:
    dates = [day(k) for k in offsets]
    for d, planned, realised in value_over_time(portfolio, dates):
        counted = [r for r in (evaluate_benefit(b, d, THRESHOLDS) for b in portfolio) if r.counted]
        expected_planned = sum(r.planned_to_date_value or 0.0 for r in counted)
        expected_realised = sum(r.realised_value or 0.0 for r in counted)
        assert math.isclose(planned, expected_planned, rel_tol=1e-9, abs_tol=1e-3)
        assert math.isclose(realised, expected_realised, rel_tol=1e-9, abs_tol=1e-3)


@given(portfolio=st.lists(benefits(), max_size=8), as_of=st.integers(-30, 250))
def test_at_risk_value_by_cause_adds_up(portfolio: list[BenefitInput], as_of: int) -> None:
    results = [evaluate_benefit(b, day(as_of), THRESHOLDS) for b in portfolio]
    totals = portfolio_totals(results, [], [], [], day(as_of))
    assert math.isclose(
        sum(totals.at_risk_value_by_cause.values()), totals.at_risk_value, abs_tol=1e-6
    )
    assert sum(totals.status_counts.values()) == totals.benefit_count
    assert totals.benefit_count + sum(totals.excluded_counts.values()) == len(portfolio)
