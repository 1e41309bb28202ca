"""The at-risk flag, overdue, next due date, and the money figures of one benefit.

The standard benefit: B = 0 on D0, T = 100 on D0 + 100 days, starting on D0, so
planned(D0 + k) = k; monthly; financial value V = 1000.
"""

from __future__ import annotations

from datetime import date

import pytest
from analysis_builders import THRESHOLDS, day, points
from analysis_builders import benefit as make_benefit

from benefitdesk.analysis.evaluate import evaluate_benefit
from benefitdesk.analysis.types import BenefitResult, RiskReason, Status


def evaluate(as_of_day: int, **changes: object) -> BenefitResult:
    return evaluate_benefit(make_benefit(**changes), day(as_of_day), THRESHOLDS)


def money(r: BenefitResult) -> tuple[float | None, ...]:
    return (r.committed_value, r.planned_to_date_value, r.realised_value, r.at_risk_value)


def test_behind_plan_without_forecast_uses_latest_realisation() -> None:
    # 35 on day 50 (planned 50): at risk. One measurement → no forecast.
    # committed 1000; planned-to-date 1000 × 0.5; realised 1000 × 0.35;
    # at risk 1000 × (1 − 0.35) = 650.
    r = evaluate(50, measurements=points((50, 35)))
    assert r.forecast_value is None
    assert money(r) == pytest.approx((1000.0, 500.0, 350.0, 650.0))


def test_low_forecast_flags_and_prices_the_shortfall() -> None:
    # 8, 16, 24 on days 10, 20, 30: 0.8 a day → 80 on day 100 → forecast realisation 80 %.
    # Day 30: 24 vs planned 30 → −6 % → on track, yet flagged by the forecast.
    # At risk: 1000 × (1 − 0.8) = 200; realised 240; planned-to-date 300.
    r = evaluate(30, measurements=points((10, 8), (20, 16), (30, 24)))
    assert r.status is Status.ON_TRACK
    assert r.forecast_value == pytest.approx(80.0)
    assert r.forecast_realisation_pct == pytest.approx(80.0)
    assert r.risk_reasons == (RiskReason.FORECAST,)
    assert money(r) == pytest.approx((1000.0, 300.0, 240.0, 200.0))


def test_forecast_of_exactly_ninety_percent_is_not_a_warning() -> None:
    r = evaluate(30, measurements=points((10, 9), (20, 18), (30, 27)))
    assert r.forecast_realisation_pct == 90.0
    assert not r.at_risk
    assert r.at_risk_value == 0.0


def test_realised_benefit_is_not_flagged_by_a_falling_forecast() -> None:
    # 300, 200, 100: latest 100 = T → realised; the trend (−10 a day) forecasts −600.
    r = evaluate(30, measurements=points((10, 300), (20, 200), (30, 100)))
    assert r.status is Status.REALISED
    assert r.forecast_value == pytest.approx(-600.0)
    assert not r.at_risk


def test_overdue_without_measurements_puts_everything_at_risk() -> None:
    # Monthly: 31 + 7 = 38 days allowed from the start (D0); day 39 is overdue.
    assert not evaluate(38).overdue
    r = evaluate(39)
    assert r.status is Status.NO_DATA
    assert r.overdue
    assert r.risk_reasons == (RiskReason.OVERDUE,)
    # Neither forecast nor latest actual: V at risk. Nothing realised; 39 % planned.
    assert money(r) == pytest.approx((1000.0, 390.0, 0.0, 1000.0))


def test_overdue_after_the_latest_measurement() -> None:
    # 10 on day 10 (on plan); day 48 is 38 days later: not yet; day 49: overdue.
    assert not evaluate(48, measurements=points((10, 10))).overdue
    r = evaluate(49, measurements=points((10, 10)))
    assert (r.status, r.overdue) == (Status.ON_TRACK, True)
    assert r.risk_reasons == (RiskReason.OVERDUE,)
    assert r.at_risk_value == pytest.approx(900.0)  # 1000 × (1 − 0.1)


@pytest.mark.parametrize(
    ("frequency", "allowed"),
    [("weekly", 14), ("monthly", 38), ("quarterly", 99), ("half-yearly", 190), ("yearly", 373)],
)
def test_overdue_per_frequency(frequency: str, allowed: int) -> None:
    changes = {"frequency": frequency, "measurements": points((5, 5))}
    assert not evaluate(5 + allowed, **changes).overdue
    assert evaluate(5 + allowed + 1, **changes).overdue


def test_no_frequency_is_never_overdue_and_never_due() -> None:
    r = evaluate(900, frequency=None)
    assert not r.overdue
    assert r.next_due is None


def test_next_due() -> None:
    # Latest on day 30 (2024-01-31) → next monthly period end 2024-02-29.
    assert evaluate(40, measurements=points((30, 30))).next_due == date(2024, 2, 29)
    # Nothing yet: the first period end on or after the start.
    assert evaluate(0, realisation_start=date(2024, 3, 15)).next_due == date(2024, 3, 31)
    assert evaluate(0, frequency="weekly").next_due == date(2024, 1, 7)  # D0 is a Monday
    assert evaluate(40, lifecycle="closed").next_due is None


@pytest.mark.parametrize(("lifecycle", "counted"), [("closed", True), ("cancelled", False)])
def test_closed_and_cancelled_are_never_at_risk_or_overdue(lifecycle: str, counted: bool) -> None:
    # Off track (20 vs 50 on day 50) and silent for 150 days, with indicators behind.
    r = evaluate(200, lifecycle=lifecycle, measurements=points((50, 20)))
    assert r.status is Status.OFF_TRACK
    assert (r.at_risk, r.overdue, r.risk_reasons) == (False, False, ())
    assert r.at_risk_value == 0.0
    assert r.counted is counted
    assert r.lifecycle == lifecycle


def test_draft_is_evaluated_but_not_counted() -> None:
    r = evaluate(50, lifecycle="draft", measurements=points((50, 20)))
    assert r.at_risk
    assert not r.counted


def test_no_financial_value_means_no_money() -> None:
    r = evaluate(50, financial_value=None, measurements=points((50, 20)))
    assert r.at_risk
    assert money(r) == (None, None, None, None)


def test_no_measurements_and_not_flagged() -> None:
    r = evaluate(10, realisation_start=day(20))
    assert money(r) == (1000.0, 0.0, 0.0, 0.0)


def test_planned_to_date_is_clamped_and_realised_is_not_capped() -> None:
    # A plan overshooting T (150 on day 50) counts 100 % of V to date; 120 measured
    # is 120 % realised and counts in full.
    r = evaluate(50, plan=points((50, 150), (100, 100)), measurements=points((50, 120)))
    assert r.planned_to_date_value == 1000.0
    assert r.realised_value == pytest.approx(1200.0)
    # A value below B realises nothing (not a negative amount).
    assert evaluate(50, measurements=points((50, -20))).realised_value == 0.0


def test_at_risk_value_is_not_capped_when_heading_below_baseline() -> None:
    # 0, −10, −20: moving away from T; forecast −90 → realisation −0.9; shortfall
    # 1 − (−0.9) = 1.9 → V·1.9 = 1900 (the contract's formula has no cap).
    r = evaluate(30, measurements=points((10, 0), (20, -10), (30, -20)))
    assert r.forecast_realisation_pct == pytest.approx(-90.0)
    assert r.at_risk_value == pytest.approx(1900.0)


def test_dis_benefit_money_is_negative_and_risks_the_overshoot() -> None:
    # Accepted impact 0 → 100 costing V = 1000. Day 50: 70 (20 over plan: at risk).
    # committed −1000; planned-to-date −500; realised −700; overshoot max(0, 0.7 − 1) = 0.
    r = evaluate(50, dis_benefit=True, measurements=points((50, 70)))
    assert r.status is Status.AT_RISK
    assert money(r) == pytest.approx((-1000.0, -500.0, -700.0, 0.0))


def test_dis_benefit_forecast_overshoot() -> None:
    # 12, 24, 36 on days 10..30 → 1.2 a day → 120 at day 100 → 1.2 > 1.1: flagged.
    # Day 30: 36 vs 30 is 6 % more impact than planned → on track.
    # At risk: 1000 × (1.2 − 1) = 200.
    r = evaluate(30, dis_benefit=True, measurements=points((10, 12), (20, 24), (30, 36)))
    assert r.status is Status.ON_TRACK
    assert r.risk_reasons == (RiskReason.FORECAST,)
    assert r.at_risk_value == pytest.approx(200.0)
    # 1.1 exactly is not over the line.
    calm = evaluate(30, dis_benefit=True, measurements=points((10, 11), (20, 22), (30, 33)))
    assert calm.forecast_realisation_pct == pytest.approx(110.0)
    assert not calm.at_risk


def test_dis_benefit_with_neither_forecast_nor_actual_risks_everything() -> None:
    r = evaluate(39, dis_benefit=True)  # overdue, no data
    assert r.at_risk_value == 1000.0
    assert r.realised_value == 0.0


def test_undefined_benefit_money() -> None:
    # No target: nothing realised or planned can be claimed; committed still shows.
    r = evaluate(50, target=None, measurements=points((50, 70)))
    assert money(r) == (1000.0, 0.0, 0.0, 0.0)
    # Flagged (overdue): the whole value is at risk.
    assert evaluate(200, target=None, measurements=points((50, 70))).at_risk_value == 1000.0
