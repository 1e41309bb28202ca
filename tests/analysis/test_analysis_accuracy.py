"""Forecast accuracy of finished benefits, checked against hand-computed figures."""

from __future__ import annotations

import pytest

from benefitdesk.analysis.accuracy import (
    Outcome,
    accuracy_by,
    overall_accuracy,
    target_error,
)


def outcome(code: str, realisation: float | None, **kw: object) -> Outcome:
    values: dict[str, object] = {
        "code": code,
        "category": "revenue",
        "owner": "Alice Chen",
        "dis_benefit": False,
        "realisation": realisation,
    }
    values.update(kw)
    return Outcome(**values)  # type: ignore[arg-type]


def test_target_error_is_favourable_share_of_the_promise() -> None:
    assert target_error(0.8, dis_benefit=False) == pytest.approx(-0.2)
    assert target_error(1.1, dis_benefit=False) == pytest.approx(0.1)
    # a dis-benefit that did 30 % more harm than accepted: the case was optimistic
    assert target_error(1.3, dis_benefit=True) == pytest.approx(-0.3)
    assert target_error(0.5, dis_benefit=True) == pytest.approx(0.5)


def test_groups_bias_and_typical_error() -> None:
    outcomes = [
        outcome("B-1", 0.8),  # −20 %
        outcome("B-2", 1.1),  # +10 %
        outcome("B-3", 0.5, category="cost saving", owner="Ben Clarke"),  # −50 %
        outcome("B-4", None, category="cost saving", owner="Ben Clarke"),  # no figure
        outcome("B-5", 1.2, category="Customer", owner="alice extra", dis_benefit=True),  # −20 %
    ]
    by_category = accuracy_by(outcomes, lambda o: o.category)
    assert [a.group for a in by_category] == ["cost saving", "Customer", "revenue"]
    revenue = by_category[2]
    assert (revenue.benefits, revenue.measured, revenue.met) == (2, 2, 1)
    assert revenue.mean_error_pct == pytest.approx(-5.0)
    assert revenue.mean_abs_error_pct == pytest.approx(15.0)
    cost = by_category[0]
    assert (cost.benefits, cost.measured, cost.met) == (2, 1, 0)
    assert cost.mean_error_pct == pytest.approx(-50.0)
    customer = by_category[1]
    assert customer.mean_error_pct == pytest.approx(-20.0) and customer.met == 0

    by_owner = accuracy_by(outcomes, lambda o: o.owner)
    assert [(a.group, a.benefits) for a in by_owner] == [
        ("Alice Chen", 2),
        ("alice extra", 1),
        ("Ben Clarke", 2),
    ]
    overall = overall_accuracy(outcomes)
    assert (overall.benefits, overall.measured, overall.met) == (5, 4, 1)
    assert overall.mean_error_pct == pytest.approx((-20 + 10 - 50 - 20) / 4)
    assert overall.mean_abs_error_pct == pytest.approx((20 + 10 + 50 + 20) / 4)


def test_no_figure_no_accuracy() -> None:
    only = overall_accuracy([outcome("B-1", None)])
    assert (only.benefits, only.measured, only.met) == (1, 0, 0)
    assert only.mean_error_pct is None and only.mean_abs_error_pct is None
    assert accuracy_by([], lambda o: o.owner) == []
    exact = overall_accuracy([outcome("B-1", 1.0)])
    assert exact.met == 1 and exact.mean_error_pct == 0.0
