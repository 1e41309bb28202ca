"""Maintain KPIs (docs/contract.md, "Maintain KPIs"): a level held within ± a band.

Worked example: level 95 (B = T = 95 on D0 … D0 + 100), band 2, amber 10 %, red 25 %.
A figure of 96.5 is inside the band: realisation 100 %, variance 0 %, on track.
98 is 1 beyond the band, half its width: realisation 1 − 1/2 = 50 %, variance −50 %,
off track (below −25 %). 97.1 is 0.1 beyond: −5 %, on track; 97.4 is 0.4 beyond: −20 %,
at risk. A maintain KPI is never "realised": holding a level is never done.
"""

from __future__ import annotations

from analysis_builders import THRESHOLDS, benefit, day, points
from hypothesis import given
from hypothesis import strategies as st

from benefitdesk.analysis.evaluate import evaluate_benefit
from benefitdesk.analysis.status import held
from benefitdesk.analysis.types import Status


def maintain(*figures: tuple[int, float], **changes: object):  # type: ignore[no-untyped-def]
    given = {"baseline": 95.0, "target": 95.0, "band": 2.0, **changes}
    b = benefit(measurements=points(*figures), **given)
    return evaluate_benefit(b, day(60), THRESHOLDS)


def test_worked_example() -> None:
    inside = maintain((30, 96.5))
    assert (inside.status, inside.realisation_pct, inside.variance_pct) == (
        Status.ON_TRACK,
        100.0,
        0.0,
    )
    assert inside.variance == 1.5 and inside.planned_value == 95.0
    beyond = maintain((30, 98.0))
    assert (beyond.status, beyond.realisation_pct, beyond.variance_pct) == (
        Status.OFF_TRACK,
        50.0,
        -50.0,
    )
    assert maintain((30, 97.1)).status is Status.ON_TRACK
    assert maintain((30, 97.4)).status is Status.AT_RISK
    assert maintain((30, 92.6)).status is Status.AT_RISK  # below the level counts the same


def test_money_of_a_maintain_kpi() -> None:
    """V = 1,000 protected: all of it realised while held; half once half a band out."""
    held_ = maintain((30, 95.0))
    assert (held_.realised_value, held_.planned_to_date_value, held_.committed_value) == (
        1000.0,
        1000.0,
        1000.0,
    )
    assert maintain((30, 98.0)).realised_value == 500.0


def test_forecast_drifting_out_of_the_band_needs_attention() -> None:
    drifting = maintain((0, 95.0), (30, 95.75), (60, 96.5))  # +0.025 a day: 97.5 on day 100
    assert drifting.status is Status.ON_TRACK
    assert drifting.forecast_realisation_pct is not None
    assert round(drifting.forecast_realisation_pct, 9) == 75.0
    assert drifting.at_risk and drifting.at_risk_value == 250.0


def test_without_a_band_it_is_undefined() -> None:
    assert maintain((30, 95.0), band=0.0).status is Status.UNDEFINED
    assert maintain((30, 95.0), target=96.0).status is Status.UNDEFINED
    plain = evaluate_benefit(
        benefit(baseline=95.0, target=95.0, measurements=points((30, 95.0))), day(60), THRESHOLDS
    )
    assert plain.status is Status.UNDEFINED  # target = baseline without the maintain kind


@given(
    level=st.floats(-1e6, 1e6),
    band=st.floats(1e-3, 1e3),
    offset=st.floats(-1e4, 1e4),
)
def test_held_is_symmetric_at_most_one_and_one_exactly_inside_the_band(
    level: float, band: float, offset: float
) -> None:
    up, down = held(level + offset, level, band), held(level - offset, level, band)
    assert abs(up - down) <= 1e-6 * max(1.0, abs(up))
    assert up <= 1.0
    assert (up == 1.0) == (abs((level + offset) - level) <= band)


@given(value=st.floats(80.0, 110.0))
def test_status_follows_the_variance_and_is_never_realised(value: float) -> None:
    result = maintain((30, value))
    assert result.status is not Status.REALISED
    pct = result.variance_pct
    assert pct is not None and pct <= 0.0
    expected = (
        Status.ON_TRACK
        if pct >= -10 - 1e-9
        else Status.AT_RISK
        if pct >= -25 - 1e-9
        else Status.OFF_TRACK
    )
    assert result.status is expected
