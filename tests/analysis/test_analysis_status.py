"""Status rules 1-6 (plus undefined), variance, and the indicator rules.

The standard benefit: B = 0 on D0, T = 100 on D0 + 100 days, starting on D0, so
planned(D0 + k) = k; amber 10 %, red 25 %.
"""

from __future__ import annotations

import pytest
from analysis_builders import THRESHOLDS, day, indicator, points
from analysis_builders import benefit as make_benefit

from benefitdesk.analysis.evaluate import evaluate_benefit, evaluate_indicator
from benefitdesk.analysis.types import BenefitResult, RiskReason, Status, Thresholds


def evaluate(as_of_day: int, **changes: object) -> BenefitResult:
    return evaluate_benefit(make_benefit(**changes), day(as_of_day), THRESHOLDS)


def test_not_started_before_realisation_start_without_data() -> None:
    r = evaluate(10, realisation_start=day(30))
    assert r.status is Status.NOT_STARTED
    assert r.planned_value == 0.0
    assert r.latest_value is None
    assert r.realisation_pct is None


def test_a_measurement_before_the_start_means_started() -> None:
    # Day 5: 5 measured against planned 0 → +5 % → on track, not "not started".
    r = evaluate(10, realisation_start=day(30), measurements=points((5, 5)))
    assert r.status is Status.ON_TRACK
    assert r.variance_pct == 5.0


def test_no_data_once_started() -> None:
    r = evaluate(40)
    assert r.status is Status.NO_DATA
    assert r.planned_value == 40.0
    assert r.variance is None


def test_measurement_after_as_of_does_not_count() -> None:
    r = evaluate(40, measurements=points((50, 50)))
    assert r.status is Status.NO_DATA
    assert r.latest_date is None


def test_on_track() -> None:
    # Day 50: actual 45 vs planned 50 → variance −5 → −5 % of |100 − 0|.
    r = evaluate(60, measurements=points((20, 30), (50, 45)))
    assert r.status is Status.ON_TRACK
    assert (r.latest_date, r.latest_value) == (day(50), 45.0)
    assert r.realisation_pct == 45.0
    assert r.variance == -5.0
    assert r.variance_pct == -5.0
    assert r.planned_value == 60.0  # planned(as-of), not planned(latest)


def test_at_risk() -> None:
    # 35 vs 50 → −15 %: past amber (−10), within red (−25).
    r = evaluate(50, measurements=points((50, 35)))
    assert r.status is Status.AT_RISK
    assert r.variance_pct == -15.0
    assert r.at_risk
    assert RiskReason.BEHIND_PLAN in r.risk_reasons


def test_off_track() -> None:
    # 20 vs 50 → −30 %.
    r = evaluate(50, measurements=points((50, 20)))
    assert r.status is Status.OFF_TRACK
    assert r.variance_pct == -30.0
    assert r.risk_reasons[0] is RiskReason.BEHIND_PLAN


def test_realised_beats_variance() -> None:
    # Day 60: 100 measured = T → realisation 100 %, variance +40.
    r = evaluate(60, measurements=points((60, 100)))
    assert r.status is Status.REALISED
    assert r.realisation_pct == 100.0
    assert r.variance == 40.0
    assert not r.at_risk


@pytest.mark.parametrize(
    ("actual", "expected"),
    [
        (40.0, Status.ON_TRACK),  # exactly −10 %: on track
        (39.99, Status.AT_RISK),  # −10.01 %
        (25.0, Status.AT_RISK),  # exactly −25 %: at risk
        (24.99, Status.OFF_TRACK),  # −25.01 %
    ],
)
def test_threshold_boundaries(actual: float, expected: Status) -> None:
    assert evaluate(50, measurements=points((50, actual))).status is expected


def test_boundary_is_robust_to_floating_point_noise() -> None:
    # B 1.1, T 1.4, planned 1.25, actual 1.22: −0.03 of 0.3 is −10 % on paper but
    # −10.000000000000014 in floating point; still on track.
    b = make_benefit(
        baseline=1.1,
        target=1.4,
        plan=points((50, 1.25)),
        measurements=points((50, 1.22)),
    )
    r = evaluate_benefit(b, day(50), THRESHOLDS)
    assert r.variance_pct == pytest.approx(-10.0)
    assert r.status is Status.ON_TRACK


def test_custom_thresholds() -> None:
    strict = Thresholds(amber_pct=2.0, red_pct=4.0)
    b = make_benefit(measurements=points((50, 47)))  # −3 %
    assert evaluate_benefit(b, day(50), strict).status is Status.AT_RISK
    assert evaluate_benefit(b, day(50), THRESHOLDS).status is Status.ON_TRACK


def test_decreasing_target_direction() -> None:
    # A cost from 200 down to 100: d = −1. Day 50 planned 150; actual 160 is 10 over
    # plan, i.e. −10 % favourable → on track; 170 → −20 % → at risk.
    changes = {"baseline": 200.0, "target": 100.0}
    on = evaluate(50, measurements=points((50, 160)), **changes)
    assert (on.status, on.variance, on.variance_pct) == (Status.ON_TRACK, 10.0, -10.0)
    assert on.realisation_pct == 40.0  # (160 − 200) / (100 − 200)
    assert evaluate(50, measurements=points((50, 170)), **changes).status is Status.AT_RISK
    assert evaluate(50, measurements=points((50, 100)), **changes).status is Status.REALISED


def test_dis_benefit_direction_is_reversed() -> None:
    # Accepted impact 0 → 100. Day 50 planned 50; 70 means 20 more impact than
    # accepted: favourable variance −20 → −20 % → at risk. 40 is +10 % → on track.
    worse = evaluate(50, dis_benefit=True, measurements=points((50, 70)))
    assert (worse.status, worse.variance, worse.variance_pct) == (Status.AT_RISK, 20.0, -20.0)
    better = evaluate(50, dis_benefit=True, measurements=points((50, 40)))
    assert (better.status, better.variance_pct) == (Status.ON_TRACK, 10.0)


def test_dis_benefit_is_never_realised() -> None:
    # 100 on day 100: realisation 100 %, variance 0 → on track, not realised.
    r = evaluate(100, dis_benefit=True, measurements=points((100, 100)))
    assert r.realisation_pct == 100.0
    assert r.status is Status.ON_TRACK
    # 130 on day 100: −30 % → off track.
    over = evaluate(100, dis_benefit=True, measurements=points((100, 130)))
    assert over.status is Status.OFF_TRACK


@pytest.mark.parametrize(
    "changes",
    [
        {"target": None},
        {"target_date": None},
        {"baseline": None},
        {"baseline_date": None, "realisation_start": None},
        {"target": 0.0},  # T = B
    ],
)
def test_undefined_has_no_figures(changes: dict[str, object]) -> None:
    r = evaluate(50, measurements=points((10, 5), (20, 10), (50, 45)), **changes)
    assert r.status is Status.UNDEFINED
    assert r.latest_value == 45.0
    assert r.realisation_pct is None
    assert r.variance is None
    assert r.variance_pct is None
    assert r.forecast_value is None
    assert r.forecast_realisation_pct is None
    assert not r.at_risk


def test_undefined_yields_to_not_started_and_no_data() -> None:
    assert evaluate(10, target=None, realisation_start=day(30)).status is Status.NOT_STARTED
    assert evaluate(40, target=None).status is Status.NO_DATA


def test_indicator_follows_its_straight_line() -> None:
    # Indicator 0 → 100 over days 0..100, starting on its baseline date.
    i = indicator(measurements=points((50, 20)))
    r = evaluate_indicator(i, day(50), THRESHOLDS)
    assert r.status is Status.OFF_TRACK  # 20 vs 50 → −30 %
    assert r.variance_pct == -30.0
    assert r.realisation_pct == 20.0
    assert evaluate_indicator(indicator(), day(-1), THRESHOLDS).status is Status.NOT_STARTED
    assert evaluate_indicator(indicator(), day(0), THRESHOLDS).status is Status.NO_DATA
    undefined = indicator(target=None, measurements=points((5, 1)))
    assert evaluate_indicator(undefined, day(10), THRESHOLDS).status is Status.UNDEFINED


def test_indicator_behind_flags_its_benefit() -> None:
    # The benefit itself is on track (50 vs 50), but its indicator is at risk (35 vs 50).
    lagging = indicator(measurements=points((50, 35)))
    fine = indicator(code="I-002", measurements=points((50, 55)))
    r = evaluate(50, measurements=points((50, 50)), indicators=(fine, lagging))
    assert r.status is Status.ON_TRACK
    assert r.at_risk
    assert r.risk_reasons == (RiskReason.INDICATOR,)
    assert [i.status for i in r.indicators] == [Status.ON_TRACK, Status.AT_RISK]
    # A realised indicator does not flag it.
    ahead = indicator(measurements=points((50, 100)))
    assert not evaluate(50, measurements=points((50, 50)), indicators=(ahead,)).at_risk
