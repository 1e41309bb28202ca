"""Small builders for analysis tests, so each test states only what it is about.

The standard benefit is easy to compute by hand: B = 0 on D0, T = 100 on D0 + 100 days,
realisation starting on D0, so with the default plan planned(D0 + k days) = k.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from benefitdesk.analysis.types import (
    BenefitInput,
    BenefitResult,
    IndicatorInput,
    Point,
    Status,
    Thresholds,
)

D0 = date(2024, 1, 1)
THRESHOLDS = Thresholds()  # amber 10 %, red 25 %, forecast window 6


def day(k: int) -> date:
    """D0 + k days."""
    return D0 + timedelta(days=k)


def points(*pairs: tuple[int, float]) -> tuple[Point, ...]:
    """Points from (day offset from D0, value) pairs."""
    return tuple(Point(day(k), float(v)) for k, v in pairs)


def benefit(**changes: Any) -> BenefitInput:
    """The standard benefit with ``changes`` applied."""
    base = BenefitInput(
        code="B-001",
        dis_benefit=False,
        baseline=0.0,
        baseline_date=D0,
        target=100.0,
        target_date=day(100),
        realisation_start=D0,
        frequency="monthly",
        financial_value=1000.0,
        lifecycle="tracking",
    )
    return base._replace(**changes)


def indicator(**changes: Any) -> IndicatorInput:
    """A leading indicator planned from 0 on D0 to 100 on D0 + 100 days."""
    base = IndicatorInput(
        code="I-001",
        name="Adoption rate",
        baseline=0.0,
        baseline_date=D0,
        target=100.0,
        target_date=day(100),
        frequency="monthly",
    )
    return base._replace(**changes)


def result(code: str, **changes: Any) -> BenefitResult:
    """A hand-made benefit result (for portfolio tests), on track by default."""
    base = BenefitResult(
        code=code,
        status=Status.ON_TRACK,
        at_risk=False,
        risk_reasons=(),
        overdue=False,
        counted=True,
        latest_value=None,
        latest_date=None,
        realisation_pct=None,
        planned_value=None,
        variance=None,
        variance_pct=None,
        forecast_value=None,
        forecast_realisation_pct=None,
        next_due=None,
        committed_value=None,
        planned_to_date_value=None,
        realised_value=None,
        at_risk_value=None,
        lifecycle="tracking",
    )
    return base._replace(**changes)
