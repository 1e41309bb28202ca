"""Pure computation: plan, variance, forecast, status, portfolio totals and checks.

Plain values in, plain values out (docs/contract.md): no database and no Qt,
so every rule can be tested with hand-computed numbers.
"""

from benefitdesk.analysis.checks import (
    RULES,
    DefinitionInput,
    Finding,
    Severity,
    approval_errors,
    check_definition,
)
from benefitdesk.analysis.evaluate import evaluate_benefit, evaluate_indicator, indicator_vertices
from benefitdesk.analysis.forecast import Trend, fit_trend, forecast_value, forecast_window
from benefitdesk.analysis.money import share_at_risk
from benefitdesk.analysis.periods import (
    FREQUENCIES,
    is_overdue,
    next_due,
    next_period_end,
    period_end,
    period_ends_between,
)
from benefitdesk.analysis.plan import (
    PlanCurve,
    linear_profile,
    plan_vertices,
    planned_value,
    s_curve_profile,
)
from benefitdesk.analysis.portfolio import portfolio_totals, value_over_time
from benefitdesk.analysis.status import direction, is_defined, realisation
from benefitdesk.analysis.types import (
    COUNTED_LIFECYCLES,
    DORMANT_LIFECYCLES,
    GRACE_DAYS,
    PERIOD_DAYS,
    ActionInput,
    BenefitInput,
    BenefitResult,
    IndicatorInput,
    IndicatorResult,
    Point,
    PortfolioTotals,
    ProjectInput,
    RiskReason,
    Status,
    Thresholds,
    VarianceNoteInput,
)

__all__ = [
    "COUNTED_LIFECYCLES",
    "DORMANT_LIFECYCLES",
    "FREQUENCIES",
    "GRACE_DAYS",
    "PERIOD_DAYS",
    "RULES",
    "ActionInput",
    "BenefitInput",
    "BenefitResult",
    "DefinitionInput",
    "Finding",
    "IndicatorInput",
    "IndicatorResult",
    "PlanCurve",
    "Point",
    "PortfolioTotals",
    "ProjectInput",
    "RiskReason",
    "Severity",
    "Status",
    "Thresholds",
    "Trend",
    "VarianceNoteInput",
    "approval_errors",
    "check_definition",
    "direction",
    "evaluate_benefit",
    "evaluate_indicator",
    "fit_trend",
    "forecast_value",
    "forecast_window",
    "indicator_vertices",
    "is_defined",
    "is_overdue",
    "linear_profile",
    "next_due",
    "next_period_end",
    "period_end",
    "period_ends_between",
    "plan_vertices",
    "planned_value",
    "portfolio_totals",
    "realisation",
    "s_curve_profile",
    "share_at_risk",
    "value_over_time",
]
