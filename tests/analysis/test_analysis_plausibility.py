"""The question before saving a figure far outside the usual range (not the contract)."""

from __future__ import annotations

import pytest

from benefitdesk.analysis.plausibility import UsualRange, far_outside, usual_range


def test_the_usual_range_spans_recent_figures_baseline_and_target() -> None:
    assert usual_range([170.5, 173.1], baseline=150, target=200) == UsualRange(150, 200)
    assert usual_range([12.0, 11.0]) == UsualRange(11.0, 12.0)
    assert usual_range([]) is None


@pytest.mark.parametrize(
    ("value", "recent", "baseline", "target", "far"),
    [
        (1705, [165.0, 170.5, 173.1], 150, 200, True),  # the decimal point slipped
        (17.31, [165.0, 170.5, 173.1], 150, 200, True),
        (180, [165.0, 170.5, 173.1], 150, 200, False),
        (210, [165.0, 170.5, 173.1], 150, 200, False),  # past the target: plausible
        (1705, [173.1], None, None, True),
        (250, [173.1], None, None, False),  # within half of its size
        (15, [10.0, 11.0, 12.0], None, None, False),
        (120, [10.0, 11.0, 12.0], None, None, True),
        (-40, [10.0, 12.0], 0, 20, True),
        (3, [], 7.5, 6, False),  # a first figure: the baseline to target range
        (60, [], 7.5, 6, True),
        (999, [], None, None, False),  # nothing to compare with: no question
    ],
)
def test_far_outside(
    value: float, recent: list[float], baseline: float | None, target: float | None, far: bool
) -> None:
    assert far_outside(value, usual_range(recent, baseline, target)) is far
