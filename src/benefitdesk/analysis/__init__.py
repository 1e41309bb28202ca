"""Pure computation: plan, variance, forecast, status, portfolio totals and checks.

Plain values in, plain values out (docs/contract.md): no database and no Qt,
so every rule can be tested with hand-computed numbers.

The names below are imported from their modules on first use (PEP 562): the window
paints its register, which needs only ``analysis.types``, before it pays for the rest.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

from benefitdesk.analysis import types  # light, and what the register needs first

#: Each public name and the module of this package that defines it.
_MODULES = {
    **dict.fromkeys(
        ("RULES", "DefinitionInput", "Finding", "Severity", "approval_errors", "check_definition"),
        "checks",
    ),
    **dict.fromkeys(("evaluate_benefit", "evaluate_indicator", "indicator_vertices"), "evaluate"),
    **dict.fromkeys(("share_at_risk",), "money"),
    **dict.fromkeys(("Trend", "fit_trend", "forecast_value", "forecast_window"), "forecast"),
    **dict.fromkeys(
        (
            "FREQUENCIES",
            "is_overdue",
            "next_due",
            "next_period_end",
            "period_end",
            "period_ends_between",
        ),
        "periods",
    ),
    **dict.fromkeys(
        ("PlanCurve", "linear_profile", "plan_vertices", "planned_value", "s_curve_profile"), "plan"
    ),
    **dict.fromkeys(("portfolio_totals", "value_over_time"), "portfolio"),
    **dict.fromkeys(("direction", "is_defined", "realisation"), "status"),
    **dict.fromkeys(types.__all__, "types"),
}

__all__ = sorted(_MODULES)


def __getattr__(name: str) -> Any:
    module = _MODULES.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(f"{__name__}.{module}"), name)
