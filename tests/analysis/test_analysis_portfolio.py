"""Portfolio totals and value over time."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from analysis_builders import THRESHOLDS, day, points, result
from analysis_builders import benefit as make_benefit

from benefitdesk.analysis.evaluate import evaluate_benefit
from benefitdesk.analysis.portfolio import portfolio_totals, value_over_time
from benefitdesk.analysis.types import (
    ActionInput,
    ProjectInput,
    Status,
    VarianceNoteInput,
)

AS_OF = date(2024, 6, 30)


def money(
    committed: float | None, planned: float | None, realised: float | None, at_risk: float | None
) -> dict[str, float | None]:
    return {
        "committed_value": committed,
        "planned_to_date_value": planned,
        "realised_value": realised,
        "at_risk_value": at_risk,
    }


RESULTS = [
    result("B-1", **money(1000, 500, 450, 0)),
    result(
        "B-2",
        status=Status.AT_RISK,
        at_risk=True,
        overdue=True,
        lifecycle="approved",
        **money(2000, 1000, 400, 1200),
    ),
    result("B-3", status=Status.OFF_TRACK, lifecycle="closed", **money(500, 500, 100, 0)),
    result("B-4", status=Status.REALISED, lifecycle="realised"),  # no financial value
    result("B-5", status=Status.OFF_TRACK, at_risk=True, **money(-300, -150, -200, 100)),
    result(
        "B-6", counted=False, lifecycle="draft", at_risk=True, overdue=True, **money(700, 0, 0, 700)
    ),
    result("B-7", counted=False, lifecycle="cancelled", **money(400, 0, 0, 0)),
    result("B-8", counted=False, lifecycle="draft"),
]


def project(
    code: str,
    budget: float | None,
    cost: float | None,
    rag: str | None,
    planned: date | None,
    actual: date | None,
    status: str = "live",
) -> ProjectInput:
    return ProjectInput(code, budget, cost, rag, planned, actual, status)


PROJECTS = [
    project("P-1", 10000, 8000, "green", date(2024, 3, 1), date(2024, 2, 20)),  # on time
    project("P-2", 5000, None, "Amber", date(2024, 3, 1), date(2024, 4, 1)),  # late
    project("P-3", None, 1000, None, date(2024, 9, 1), None),  # pending
    project("P-4", 2000, 2500, "red", date(2024, 5, 1), None),  # overdue
    project("P-5", 1000, 0, "red", date(2024, 1, 1), None, status="cancelled"),  # no bucket
    project("P-6", 0, None, "green", None, None),  # pending: no date to miss
    project("P-7", None, None, "green", date(2024, 5, 1), date(2024, 5, 1)),  # on time, just
    project("P-8", None, None, "purple", AS_OF, None),  # pending: due today; unknown RAG
]

ACTIONS = [
    ActionInput("B-2", "open", date(2024, 6, 1)),  # open, overdue
    ActionInput("B-2", "in progress", date(2024, 7, 15)),  # open
    ActionInput("B-1", "in_progress", None),  # open, no due date
    ActionInput("B-1", "done", date(2024, 1, 1)),
    ActionInput("B-6", "open", date(2024, 1, 1)),  # draft benefit: not counted
    ActionInput("B-3", "dropped", date(2024, 1, 1)),
    ActionInput("B-5", "open", AS_OF),  # due today: not yet overdue
]

NOTES = [
    VarianceNoteInput("B-2", date(2024, 4, 30), "adoption"),
    VarianceNoteInput("B-2", date(2024, 5, 31), "implementation delay"),  # B-2's latest
    VarianceNoteInput("B-1", date(2024, 5, 31), "adoption"),
    VarianceNoteInput("B-6", date(2024, 5, 31), "scope change"),  # draft: ignored
    VarianceNoteInput("B-2", date(2024, 7, 31), "data quality"),  # after as-of: ignored
]


def test_portfolio_totals_worked_example() -> None:
    t = portfolio_totals(RESULTS, PROJECTS, ACTIONS, NOTES, AS_OF)
    assert t.as_of == AS_OF
    assert t.investment == 18000.0  # 10000 + 5000 + 0 + 2000 + 1000 + 0
    assert t.actual_cost == 11500.0  # 8000 + 0 + 1000 + 2500 + 0 + 0
    # Counted: B-1..B-5. Committed 1000 + 2000 + 500 − 300 (B-4 has no value).
    assert t.committed_value == 3200.0
    assert t.planned_to_date_value == 1850.0  # 500 + 1000 + 500 − 150
    assert t.realised_value == 750.0  # 450 + 400 + 100 − 200
    assert t.at_risk_value == 1300.0  # 1200 + 100; B-6 is a draft
    assert t.at_risk_count == 2
    assert t.benefit_count == 5
    assert t.overdue_measurements == 1  # B-2; the draft B-6 does not count
    assert t.status_counts == {
        "not_started": 0,
        "no_data": 0,
        "realised": 1,
        "on_track": 1,
        "at_risk": 1,
        "off_track": 2,
        "undefined": 0,
    }
    assert (t.open_actions, t.overdue_actions) == (4, 1)
    assert t.projects_by_rag == {"red": 2, "amber": 1, "green": 3, "none": 2}
    assert t.go_live == {"on_time": 2, "late": 1, "pending": 3, "overdue": 1}
    assert t.variance_by_cause == {"adoption": 2, "implementation delay": 1}
    assert t.at_risk_value_by_cause == {"implementation delay": 1200.0, "unexplained": 100.0}
    assert t.excluded_counts == {"draft": 2, "cancelled": 1}
    assert t.excluded_committed_value == {"draft": 700.0, "cancelled": 400.0}


def test_empty_portfolio() -> None:
    t = portfolio_totals([], [], [], [], AS_OF)
    assert (t.investment, t.committed_value, t.at_risk_count, t.benefit_count) == (0, 0, 0, 0)
    assert set(t.status_counts) == {s.value for s in Status}
    assert set(t.status_counts.values()) == {0}
    assert t.excluded_counts == {"draft": 0, "cancelled": 0}


def test_totals_from_evaluated_benefits() -> None:
    # As of day 50 (planned 50): on track (45), at risk (35, flagged 650 at risk),
    # a draft (excluded), and one without financial value.
    benefits = [
        make_benefit(code="B-1", measurements=points((50, 45))),
        make_benefit(code="B-2", measurements=points((50, 35))),
        make_benefit(code="B-3", lifecycle="draft", measurements=points((50, 10))),
        make_benefit(code="B-4", financial_value=None, measurements=points((50, 50))),
    ]
    results = [evaluate_benefit(b, day(50), THRESHOLDS) for b in benefits]
    t = portfolio_totals(results, [], [], [], day(50))
    assert t.committed_value == 2000.0
    assert t.planned_to_date_value == pytest.approx(1000.0)
    assert t.realised_value == pytest.approx(800.0)  # 450 + 350
    assert t.at_risk_value == pytest.approx(650.0)
    assert t.at_risk_count == 1
    assert t.status_counts["on_track"] == 2
    assert t.excluded_counts["draft"] == 1
    assert t.excluded_committed_value["draft"] == 1000.0


def test_value_over_time_matches_evaluation() -> None:
    benefits = [
        make_benefit(code="B-1", measurements=points((31, 20), (60, 55))),
        make_benefit(code="B-2", dis_benefit=True, measurements=points((31, 40))),
        make_benefit(code="B-3", lifecycle="draft", measurements=points((31, 90))),
        make_benefit(code="B-4", target=None, measurements=points((31, 90))),
        make_benefit(code="B-5", financial_value=None),
        make_benefit(code="B-6", plan=points((20, 0), (80, 100)), financial_value=500.0),
        make_benefit(code="B-7", plan=points((50, 150), (100, 100)), lifecycle="closed"),
    ]
    dates = [day(k) for k in (-10, 0, 30, 31, 45, 60, 90, 120)]
    series = value_over_time(benefits, dates, THRESHOLDS)
    assert [d for d, _, _ in series] == dates
    for d, planned, realised in series:
        results = [evaluate_benefit(b, d, THRESHOLDS) for b in benefits]
        counted = [r for r in results if r.counted]
        assert planned == pytest.approx(sum(r.planned_to_date_value or 0 for r in counted))
        assert realised == pytest.approx(sum(r.realised_value or 0 for r in counted))
    # Day 60 by hand: B-1 planned 600, realised 550; B-2 planned −600, realised −400;
    # B-6 planned 500 × 40/60; B-7's plan overshoots T (140 on day 60) but counts
    # at most its 1000; B-3 draft, B-4 undefined, B-5 no value: nothing.
    _, planned60, realised60 = series[5]
    assert planned60 == pytest.approx(500 * 40 / 60 + 1000)
    assert realised60 == pytest.approx(150.0)


def test_value_over_time_handles_a_large_portfolio() -> None:
    # 1,000 benefits × 24 month ends: must run comfortably inside the test's time.
    benefits = [
        make_benefit(
            code=f"B-{n}",
            measurements=points(*((k, k * (0.5 + n % 7 / 10)) for k in range(0, 100, 5))),
        )
        for n in range(1000)
    ]
    dates = [date(2024, 1, 31) + timedelta(days=30 * k) for k in range(24)]
    series = value_over_time(benefits, dates)
    assert len(series) == 24
    assert series[-1][1] == pytest.approx(1_000_000.0)  # all plans complete by then
